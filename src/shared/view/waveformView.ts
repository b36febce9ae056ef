/**
 * The waveform editor's view logic, pure so it is unit-tested in Node: lanes in device pixels,
 * peak columns to pixel rows, the column request a viewport needs and the persisted state (its
 * gestures are in gestures.ts). Canvas work stays in src/webview/waveform/.
 */
import { isFiniteNumber, isRecord } from '../guards';
import { MAX_OVERVIEW_COLUMNS } from '../overviewLimits';
import { clampViewport, fitViewport, frameToX, valueToY, type Viewport } from './timeScale';

/** A lane in device pixels (whole rows, so a flat line is exactly one row). */
export interface DeviceLane {
  top: number;
  height: number;
}

/** Gap between channel lanes, in device pixels. */
export const LANE_GAP = 4;

/** `channels` lanes stacked in `height` device pixels with LANE_GAP between them; all the same height. */
export function laneLayout(channels: number, height: number, gap = LANE_GAP): DeviceLane[] {
  const n = Math.max(1, channels);
  const laneHeight = Math.max(1, Math.floor((height - gap * (n - 1)) / n));
  return Array.from({ length: n }, (_, i) => ({ top: i * (laneHeight + gap), height: laneHeight }));
}

/**
 * The device-pixel rows [top, bottom] (inclusive) a min/max column covers in a lane: from the row
 * holding `max` down to the row before the one holding `min`, and never less than one row, so
 * digital silence (0, 0) is the single centre row. Values beyond full scale are pinned to the edge.
 */
export function peakRows(min: number, max: number, lane: DeviceLane): { top: number; bottom: number } {
  const last = lane.top + lane.height - 1;
  const top = Math.min(last, Math.floor(valueToY(Math.max(min, max), lane.top, lane.height)));
  const bottom = Math.min(last, Math.ceil(valueToY(Math.min(min, max), lane.top, lane.height)) - 1);
  return { top, bottom: Math.max(top, bottom) };
}

/** The row digital silence sits on in a lane. */
export function centreRow(lane: DeviceLane): number {
  return peakRows(0, 0, lane).top;
}

export interface ColumnRequest {
  startFrame: number;
  endFrame: number;
  columns: number;
}

/**
 * What to ask the server for a viewport `cssWidth` CSS pixels wide: one column per device pixel,
 * over the whole frames the view spans (past the file's end too: those columns come back empty,
 * so columns stay one pixel wide at the end of the file).
 */
export function columnRequest(view: Viewport, cssWidth: number, dpr: number): ColumnRequest {
  const columns = Math.max(1, Math.min(MAX_OVERVIEW_COLUMNS, Math.round(cssWidth * dpr)));
  const startFrame = Math.max(0, Math.floor(view.startFrame));
  const endFrame = Math.max(startFrame + 1, Math.ceil(view.startFrame + cssWidth * view.framesPerPixel));
  return { startFrame, endFrame, columns };
}

/**
 * Device-pixel x of each column edge of an answered request, in the current view: columns.length
 * + 1 whole numbers. Column j covers the frames the server gave it
 * ([start + ⌊j·span/columns⌋, …), see overviewQuery.ts), so an answer drawn after the view moved
 * (zoom in flight) is stretched to where its frames now are.
 */
export function columnEdges(request: ColumnRequest, view: Viewport, dpr: number): Int32Array {
  const span = request.endFrame - request.startFrame;
  const edges = new Int32Array(request.columns + 1);
  for (let j = 0; j <= request.columns; j++) {
    const frame = request.startFrame + Math.floor((j * span) / request.columns);
    edges[j] = Math.round(frameToX(frame, view) * dpr);
  }
  return edges;
}

/** Device-pixel x of a time (a marker, the play cursor) in the view. */
export function timeToDeviceX(seconds: number, sampleRate: number, view: Viewport, dpr: number): number {
  return Math.round(frameToX(seconds * sampleRate, view) * dpr);
}

/** What the editor keeps through hiding (getState/setState). */
export interface WaveformState {
  view: Viewport;
  /** Play position in seconds. */
  positionSec: number;
}

/**
 * A state read back from getState, checked (it may come from another version of the page) and
 * fitted to the file: null when there is none or it does not fit this file's shape.
 */
export function restoreState(raw: unknown, totalFrames: number, width: number, sampleRate: number): WaveformState | null {
  if (!isRecord(raw) || !isRecord(raw.view)) return null;
  const { startFrame, framesPerPixel } = raw.view;
  if (!isFiniteNumber(startFrame) || !isFiniteNumber(framesPerPixel) || framesPerPixel <= 0 || !isFiniteNumber(raw.positionSec)) return null;
  const duration = totalFrames / sampleRate;
  return {
    view: clampViewport({ startFrame, framesPerPixel }, totalFrames, width),
    positionSec: Math.min(duration, Math.max(0, raw.positionSec)),
  };
}

/** The view of a fresh editor: the whole file. */
export function initialState(totalFrames: number, width: number): WaveformState {
  return { view: fitViewport(totalFrames, width), positionSec: 0 };
}

/**
 * The peaks a fresh editor draws first (the whole file, one column per device pixel of its lanes):
 * the host asks the server for them as soon as the page says it is ready and how wide its lanes
 * are, so the page's first request is already answered. The page's first render asks for exactly
 * this (its view clamped, as render() does).
 */
export function openingRequest(totalFrames: number, cssWidth: number, dpr: number): ColumnRequest {
  return columnRequest(clampViewport(initialState(totalFrames, cssWidth).view, totalFrames, cssWidth), cssWidth, dpr);
}
