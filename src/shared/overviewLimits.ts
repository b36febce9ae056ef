/**
 * Limits of the deliverables/overview request and the one check of a peaks request from a webview
 * (the waveform editor's and the overview's parsers both use it), in a file of their own so the
 * webviews' bundles can use them without pulling in the LSP protocol module.
 */
import { isIntegerIn } from './guards';

export const MAX_OVERVIEW_COLUMNS = 16384;
/** Request ids are counters of one page's life. */
export const MAX_REQUEST_ID = 2 ** 31 - 1;
/** Far beyond any file (2^48 frames is 185 years at 48 kHz), still exact in a double. */
export const MAX_FRAME = 2 ** 48;

export function isRequestId(value: unknown): value is number {
  return isIntegerIn(value, 0, MAX_REQUEST_ID);
}

/** The frames and columns of a peaks request. */
export interface PeaksRange {
  startFrame: number;
  endFrame: number;
  columns: number;
}

export interface PeaksRangeRule {
  /**
   * Whole frames only. The waveform editor asks for whole frames; the overview's lanes map timeline
   * pixels onto files of another rate too (lanePlacement.laneColumns), so its columns may start
   * between two frames.
   */
  wholeFrames: boolean;
  /** The last frame a range may start at (the file's length when the caller knows it). */
  lastStartFrame?: number;
}

/** What is wrong with a range: frames that are not frame positions, an empty or misplaced range, bad columns. */
export type PeaksRangeProblem = 'frames' | 'range' | 'columns';

/**
 * Checks the frames and columns of a peaks request: both frames finite and in [0, MAX_FRAME]
 * (whole when the rule says so), start < end, start ≤ lastStartFrame (the last column may reach
 * past the end of the file: the server leaves that part empty), columns whole in
 * 1..MAX_OVERVIEW_COLUMNS. Returns only those three fields, never anything else of `raw`.
 */
export function checkPeaksRange(raw: Record<string, unknown>, rule: PeaksRangeRule):
  | { ok: true; range: PeaksRange }
  | { ok: false; problem: PeaksRangeProblem } {
  const { startFrame, endFrame, columns } = raw;
  if (!isFramePosition(startFrame, rule.wholeFrames) || !isFramePosition(endFrame, rule.wholeFrames)) return { ok: false, problem: 'frames' };
  if (endFrame <= startFrame || startFrame > (rule.lastStartFrame ?? MAX_FRAME)) return { ok: false, problem: 'range' };
  if (!isIntegerIn(columns, 1, MAX_OVERVIEW_COLUMNS)) return { ok: false, problem: 'columns' };
  return { ok: true, range: { startFrame, endFrame, columns } };
}

function isFramePosition(value: unknown, whole: boolean): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_FRAME && (!whole || Number.isInteger(value));
}

/** The min/max of a peaks answer as both webviews get it: per channel, one value per column; null where there is no audio. */
export interface PeakChannels {
  min: Array<Array<number | null>>;
  max: Array<Array<number | null>>;
}

/**
 * The min/max of a peaks answer as both webviews draw it: one array per channel on each side, the
 * same channels on both, so a drawing loop over `min` finds its `max`.
 */
export function isPeakChannels(min: unknown, max: unknown): boolean {
  return Array.isArray(min) && Array.isArray(max) && min.length === max.length
    && min.every((m, ch) => Array.isArray(m) && Array.isArray(max[ch]));
}
