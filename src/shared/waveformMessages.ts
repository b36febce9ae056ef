/**
 * The messages between the waveform editor (host, src/providers/waveformEditor.ts) and its webview
 * (src/webview/waveform/). Discriminated unions on `type`; what comes from the webview is checked
 * by parseWaveformRequest before the host looks at it. The webview never names a file: the editor
 * knows its document, so no message carries a path.
 */
import { isFiniteNumber, isIntegerIn, isRecord } from './guards';
import { checkPeaksRange, isPeakChannels, isRequestId, MAX_FRAME, MAX_OVERVIEW_COLUMNS, type PeakChannels, type PeaksRange, type PeaksRangeProblem } from './overviewLimits';
import { isPcmReply, MAX_PCM_SAMPLES, type PcmReplyMessage } from './audioData';

/* ---- webview → host ---- */

export type WaveformRequest =
  /**
   * The page is up and listening: the host answers with `init` and `info`. A fresh page (no saved
   * view) gives its lanes' size, and the host then also sends the whole file's peaks at that width
   * as the answer to OPENING_REQUEST_ID, so the first draw needs no request of its own.
   */
  | { type: 'ready'; lanes?: LaneSize }
  /** Min/max columns of [startFrame, endFrame) of the editor's own file. */
  | { type: 'peaks'; requestId: number; startFrame: number; endFrame: number; columns: number }
  /** The answer to `requestId` is on the canvas (the host times the first one). */
  | { type: 'drawn'; requestId: number }
  /** Decoded samples of [startFrame, startFrame + frames) of the editor's own file, for playback (deliverables/pcm). */
  | { type: 'pcm'; requestId: number; startFrame: number; frames: number };

/** The lanes' CSS width and the screen's devicePixelRatio (see openingRequest in waveformView.ts). */
export interface LaneSize {
  cssWidth: number;
  dpr: number;
}

/** The request id of the peaks the host sends unasked after a `ready` with lanes; the page counts from 1. */
export const OPENING_REQUEST_ID = 0;
/** Wider than any screen: 16384 device pixels (MAX_OVERVIEW_COLUMNS caps the columns anyway). */
const MAX_LANE_CSS_WIDTH = 16384;
const MAX_DPR = 16;

/**
 * The typed message, or why it is refused (for the log). Unknown types, extra-large or
 * non-integer numbers and inverted ranges are refused; unknown extra fields are ignored and
 * not copied, so nothing the page adds reaches the host's logic.
 */
export function parseWaveformRequest(raw: unknown): { ok: true; message: WaveformRequest } | { ok: false; reason: string } {
  if (!isRecord(raw)) return { ok: false, reason: 'not an object' };
  switch (raw.type) {
    case 'ready': {
      if (raw.lanes === undefined) return { ok: true, message: { type: 'ready' } };
      const lanes = raw.lanes;
      if (!isRecord(lanes) || !isIntegerIn(lanes.cssWidth, 1, MAX_LANE_CSS_WIDTH) || !isFiniteNumber(lanes.dpr) || lanes.dpr <= 0 || lanes.dpr > MAX_DPR) {
        return { ok: false, reason: `ready: lanes are not a width in 1..${MAX_LANE_CSS_WIDTH} and a devicePixelRatio in (0, ${MAX_DPR}]` };
      }
      return { ok: true, message: { type: 'ready', lanes: { cssWidth: lanes.cssWidth, dpr: lanes.dpr } } };
    }
    case 'peaks': {
      const { requestId } = raw;
      if (!isRequestId(requestId)) return { ok: false, reason: 'peaks: requestId is not a counter' };
      const checked = checkPeaksRange(raw, { wholeFrames: true });
      if (!checked.ok) return { ok: false, reason: PEAKS_REASONS[checked.problem] };
      return { ok: true, message: { type: 'peaks', requestId, ...checked.range } };
    }
    case 'drawn':
      if (!isRequestId(raw.requestId)) return { ok: false, reason: 'drawn: requestId is not a counter' };
      return { ok: true, message: { type: 'drawn', requestId: raw.requestId } };
    case 'pcm': {
      // The server checks the range against the file (inside it, a few seconds at most).
      const { requestId, startFrame, frames } = raw;
      if (!isRequestId(requestId)) return { ok: false, reason: 'pcm: requestId is not a counter' };
      if (!isIntegerIn(startFrame, 0, MAX_FRAME)) return { ok: false, reason: 'pcm: startFrame is not a whole non-negative number' };
      if (!isIntegerIn(frames, 1, MAX_PCM_SAMPLES)) return { ok: false, reason: `pcm: frames not in 1..${MAX_PCM_SAMPLES}` };
      return { ok: true, message: { type: 'pcm', requestId, startFrame, frames } };
    }
    default:
      return { ok: false, reason: `unknown message type ${describeType(raw.type)}` };
  }
}

const PEAKS_REASONS: Record<PeaksRangeProblem, string> = {
  frames: 'peaks: frames are not whole non-negative numbers',
  range: 'peaks: empty or inverted range',
  columns: `peaks: columns not in 1..${MAX_OVERVIEW_COLUMNS}`,
};

/** A type field as a log can show it: short, whatever the page sent. */
function describeType(type: unknown): string {
  if (typeof type !== 'string') return `(${type === null ? 'null' : typeof type})`;
  return JSON.stringify(type.length > 40 ? `${type.slice(0, 40)}…` : type);
}

/* ---- host → webview ---- */

export type Severity = 'error' | 'warning' | 'info';

/** A fact of the side panel, worded by the host (src/shared/view/waveformInfo.ts builds them). */
export interface PanelRow {
  label: string;
  value: string;
}

export interface PanelSection {
  title: string;
  rows: PanelRow[];
}

export type MarkerKind = 'clipping' | 'silence-head' | 'silence-tail' | 'finding';

export interface Marker {
  kind: MarkerKind;
  /** Where the marker sits (a region's start), in seconds from the file's start. */
  timeSec: number;
  /** End of a region (silence); null for a point. */
  endSec: number | null;
  /** Tooltip text. */
  label: string;
  severity: Severity;
}

export interface WaveformInfo {
  /** Relative path in its delivery. */
  path: string;
  container: string;
  sampleRate: number;
  channels: number;
  /** Frames the header declares (the overview answers with what was decoded). */
  frames: number;
  /** BWF TimeReference (samples since midnight); 0 without one. */
  timeReference: number;
  /** Bytes on disk. */
  size: number;
  /** False until the server has measured the file. */
  analysed: boolean;
  sections: PanelSection[];
  findings: Array<{ rule: string; severity: Severity; message: string; timeSec: number | null }>;
  markers: Marker[];
}

export type WaveformUpdate =
  /** Sent once after `ready`: the file's name, for the page's title. */
  | { type: 'init'; fileName: string }
  /** Format, levels, findings and markers; sent after `ready` and again whenever the model changes. */
  | { type: 'info'; info: WaveformInfo }
  /** The file has no waveform to show (not in a delivery, not readable audio): say why. */
  | { type: 'unavailable'; reason: string }
  /** The answer to a `peaks` request: its range, and the server's columns of it (deliverables/overview). */
  | ({ type: 'peaks'; requestId: number } & PeaksRange & PeakChannels & { totalFrames: number })
  | { type: 'peaksError'; requestId: number; error: string }
  | PcmReplyMessage;

/**
 * The webview's light check of what the host sends (trusted, but a page should not throw on a
 * message from another version of the extension): the type is known and the fields it reads first
 * are there.
 */
export function isWaveformUpdate(raw: unknown): raw is WaveformUpdate {
  if (!isRecord(raw)) return false;
  switch (raw.type) {
    case 'init':
      return typeof raw.fileName === 'string';
    case 'info':
      return isRecord(raw.info) && Array.isArray(raw.info.sections) && Array.isArray(raw.info.markers);
    case 'unavailable':
      return typeof raw.reason === 'string';
    case 'peaks':
      return isFiniteNumber(raw.requestId) && isFiniteNumber(raw.startFrame) && isFiniteNumber(raw.endFrame) && isPeakChannels(raw.min, raw.max);
    case 'peaksError':
      return isFiniteNumber(raw.requestId) && typeof raw.error === 'string';
    case 'pcm':
      return isPcmReply(raw);
    default:
      return false;
  }
}
