/**
 * Where each file of the overview sits on the one shared timeline: by its BWF time reference
 * (samples since midnight) relative to the earliest of them, its samples as they are (no silence
 * trimmed), so a stem printed late or cut short is visible at a glance. Pure: unit-tested in Node,
 * used by the overview webview for drawing and playback.
 */
import type { Viewport } from './timeScale';

export interface LaneSource {
  /** Relative path in the delivery (the lane's identity). */
  path: string;
  sampleRate: number;
  /** Frames the file holds. */
  frames: number;
  /** BWF time reference in samples since midnight at the file's own rate; null without bext. */
  timeReference: number | null;
}

export interface PlacedLane {
  path: string;
  /** Where the file's first frame sits on the timeline, in timeline frames (≥ 0). */
  offsetFrames: number;
  /** The file's length in timeline frames. */
  frames: number;
  /** File frames per timeline frame (1 when the file has the timeline's rate). */
  scale: number;
  /** False when the file has no time reference: it is placed at the start of the timeline. */
  referenced: boolean;
}

export interface Timeline {
  sampleRate: number;
  /** From the earliest start to the latest end, in timeline frames. */
  totalFrames: number;
  /** The earliest time reference, in timeline frames since midnight (the ruler's timecode origin); 0 when none has one. */
  originFrames: number;
  lanes: PlacedLane[];
}

/**
 * Places `sources` on a timeline at `sampleRate` (the mix's rate, usually all of them share it).
 * Files without a time reference start at the timeline's origin. Offsets are exact integers when
 * rates match; otherwise rounded to the nearest timeline frame.
 */
export function placeLanes(sources: readonly LaneSource[], sampleRate: number): Timeline {
  const atRate = (s: LaneSource) => (s.sampleRate === sampleRate ? s.timeReference! : (s.timeReference! * sampleRate) / s.sampleRate);
  const referenced = sources.filter((s) => s.timeReference !== null && s.sampleRate > 0);
  const origin = referenced.length > 0 ? Math.min(...referenced.map(atRate)) : 0;
  const lanes = sources.map((s): PlacedLane => {
    const scale = s.sampleRate > 0 ? s.sampleRate / sampleRate : 1;
    const has = s.timeReference !== null && s.sampleRate > 0;
    return {
      path: s.path,
      offsetFrames: has ? Math.round(atRate(s) - origin) : 0,
      frames: scale === 1 ? s.frames : Math.round(s.frames / scale),
      scale,
      referenced: has,
    };
  });
  const totalFrames = lanes.reduce((end, l) => Math.max(end, l.offsetFrames + l.frames), 0);
  return { sampleRate, totalFrames, originFrames: Math.round(origin), lanes };
}

/**
 * The pixel columns of a viewport `width` CSS pixels wide that a lane's file covers, and the file
 * frames they span. A column is drawn only when it starts inside the file, so the first drawn
 * column of a lane is ⌈(offset − view start) / framesPerPixel⌉: a stem 0.5 s late starts
 * ⌈0.5 s × rate / framesPerPixel⌉ columns after one on time (when the view starts at 0).
 * Column `firstColumn + k` covers file frames [fileStartFrame + k·filePerColumn, … + filePerColumn).
 */
export interface LaneColumns {
  firstColumn: number;
  columns: number;
  fileStartFrame: number;
  fileEndFrame: number;
}

export function laneColumns(view: Viewport, width: number, lane: Pick<PlacedLane, 'offsetFrames' | 'frames' | 'scale'>): LaneColumns | null {
  const fpp = view.framesPerPixel;
  // A hair of tolerance so an offset that is a whole number of columns is not pushed one further by rounding.
  const edge = (frame: number) => Math.ceil((frame - view.startFrame) / fpp - 1e-9);
  const firstColumn = Math.max(0, edge(lane.offsetFrames));
  const endColumn = Math.min(Math.floor(width), edge(lane.offsetFrames + lane.frames));
  if (endColumn <= firstColumn) return null;
  const fileFrame = (column: number) => (view.startFrame + column * fpp - lane.offsetFrames) * lane.scale;
  return {
    firstColumn,
    columns: endColumn - firstColumn,
    fileStartFrame: Math.max(0, fileFrame(firstColumn)),
    fileEndFrame: fileFrame(endColumn),
  };
}

/**
 * What of a lane plays in the timeline range [start, start + frames): the file frames to fetch and
 * the timeline frame where they begin; null when the lane is silent there (before its start, after
 * its end). Timeline and file frames are the same unit when rates match (scale 1).
 */
export interface LaneSegment {
  fileStartFrame: number;
  frames: number;
  atTimelineFrame: number;
}

export function laneSegment(lane: Pick<PlacedLane, 'offsetFrames' | 'frames' | 'scale'>, start: number, frames: number): LaneSegment | null {
  const from = Math.max(start, lane.offsetFrames);
  const to = Math.min(start + frames, lane.offsetFrames + lane.frames);
  if (to <= from) return null;
  return {
    fileStartFrame: Math.round((from - lane.offsetFrames) * lane.scale),
    frames: Math.round((to - from) * lane.scale),
    atTimelineFrame: from,
  };
}

/**
 * Device-pixel x of the edges of `count` peak columns spread evenly over a lane's CSS columns
 * (count + 1 whole numbers), for drawPeakColumns: the first edge is the lane's first CSS column.
 */
export function laneColumnEdges(columns: Pick<LaneColumns, 'firstColumn' | 'columns'>, count: number, dpr: number): Int32Array {
  const edges = new Int32Array(count + 1);
  for (let j = 0; j <= count; j++) edges[j] = Math.round((columns.firstColumn + (j * columns.columns) / count) * dpr);
  return edges;
}
