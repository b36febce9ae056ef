import type { Viewport } from '../../shared/view/timeScale';
import { rulerTicks } from '../../shared/view/timeScale';
import { formatSeconds, formatTimecode } from '../../shared/view/timeFormat';
import { columnEdges, laneLayout, peakRows, timeToDeviceX, type ColumnRequest, type DeviceLane } from '../../shared/view/waveformView';
import { prepareCanvas, themeColour } from '../shared/lane';

/** An answered peaks request: the frames it covers and one min/max pair per column and channel. */
export interface PeakAnswer extends ColumnRequest {
  min: Array<Array<number | null>>;
  max: Array<Array<number | null>>;
}

/**
 * The canvas sized by lane.ts's prepareCanvas, drawn in whole device pixels (one column per pixel,
 * whole rows), so a flat line is exactly one row and nothing is smoothed.
 */
function deviceCanvas(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number; dpr: number } {
  const { ctx, dpr } = prepareCanvas(canvas);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  return { ctx, width: canvas.width, height: canvas.height, dpr };
}

/** Draws every channel's lane from a peaks answer placed in the current view; returns the lanes. */
export function drawLanes(canvas: HTMLCanvasElement, answer: PeakAnswer | null, channels: number, view: Viewport): DeviceLane[] {
  const { ctx, width, height, dpr } = deviceCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const lanes = laneLayout(channels, height);
  if (!answer) return lanes;
  const edges = columnEdges(answer, view, dpr);
  ctx.fillStyle = themeColour('--vscode-charts-blue', '#3794ff');
  for (let c = 0; c < Math.min(channels, answer.min.length); c++) {
    const lane = lanes[c]!;
    const mins = answer.min[c]!;
    const maxs = answer.max[c]!;
    for (let j = 0; j < answer.columns; j++) {
      const lo = mins[j];
      const hi = maxs[j];
      if (lo === null || hi === null || lo === undefined || hi === undefined) continue;
      const x0 = edges[j]!;
      const x1 = Math.max(x0 + 1, edges[j + 1]!);
      if (x1 <= 0 || x0 >= width) continue;
      const { top, bottom } = peakRows(lo, hi, lane);
      ctx.fillRect(x0, top, x1 - x0, bottom - top + 1);
    }
  }
  return lanes;
}

/**
 * The time ruler: BWF timecode (from the file's time reference) on the top row, seconds from the
 * file's start on the bottom row, with a tick at each label.
 */
export function drawRuler(canvas: HTMLCanvasElement, view: Viewport, cssWidth: number, sampleRate: number, timeReference: number): void {
  const { ctx, width, height, dpr } = deviceCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const fg = themeColour('--vscode-editor-foreground', '#cccccc');
  const dim = themeColour('--vscode-descriptionForeground', '#999999');
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  ctx.font = `${Math.round(11 * dpr)}px ${family}`;
  ctx.textBaseline = 'top';
  const rowHeight = Math.floor(height / 2);
  for (const t of rulerTicks(view, cssWidth, sampleRate, 110)) {
    const x = timeToDeviceX(t, sampleRate, view, dpr);
    const timecode = formatTimecode(Math.round(t * sampleRate), sampleRate, timeReference);
    // A label cut by the right edge reads as another time: leave it to the next view.
    if (x + 3 * dpr + ctx.measureText(timecode).width > width) continue;
    ctx.fillStyle = dim;
    ctx.fillRect(x, 0, 1, height);
    ctx.fillStyle = fg;
    ctx.fillText(timecode, x + 3 * dpr, 2 * dpr);
    ctx.fillStyle = dim;
    ctx.fillText(formatSeconds(t), x + 3 * dpr, rowHeight + 2 * dpr);
  }
}
