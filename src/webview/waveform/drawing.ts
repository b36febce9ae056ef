import type { Viewport } from '../../shared/view/timeScale';
import { columnEdges, laneLayout, type ColumnRequest, type DeviceLane } from '../../shared/view/waveformView';
import { drawPeakColumns, prepareDeviceCanvas, themeColour } from '../shared/lane';

/** An answered peaks request: the frames it covers and one min/max pair per column and channel. */
export interface PeakAnswer extends ColumnRequest {
  min: Array<Array<number | null>>;
  max: Array<Array<number | null>>;
}

/** Draws every channel's lane from a peaks answer placed in the current view; returns the lanes. */
export function drawLanes(canvas: HTMLCanvasElement, answer: PeakAnswer | null, channels: number, view: Viewport): DeviceLane[] {
  const { ctx, width, height, dpr } = prepareDeviceCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const lanes = laneLayout(channels, height);
  if (!answer) return lanes;
  const peaks = answer.min.slice(0, channels).map((min, c) => ({ min, max: answer.max[c]! }));
  drawPeakColumns(ctx, peaks, columnEdges(answer, view, dpr), lanes, themeColour('--vscode-charts-blue', '#3794ff'));
  return lanes;
}
