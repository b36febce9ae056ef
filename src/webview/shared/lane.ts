import { peakRows, type DeviceLane } from '../../shared/view/waveformView';

/** Min/max columns of one channel as the server's overview gives them (null past the file's end). */
export interface PeakColumns {
  min: ArrayLike<number | null>;
  max: ArrayLike<number | null>;
}

/**
 * Sizes a canvas's backing store to its CSS box × devicePixelRatio and returns a context scaled so
 * callers draw in CSS pixels and lines stay crisp on HiDPI screens.
 */
export function prepareCanvas(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number; dpr: number } {
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const deviceWidth = Math.max(1, Math.round(width * dpr));
  const deviceHeight = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== deviceWidth) canvas.width = deviceWidth;
  if (canvas.height !== deviceHeight) canvas.height = deviceHeight;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { ctx, width, height, dpr };
}

/**
 * The canvas sized as prepareCanvas does, for drawing in whole device pixels (one column per
 * pixel, whole rows), so a flat line is exactly one row and nothing is smoothed: width and height
 * are the backing store's.
 */
export function prepareDeviceCanvas(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number; dpr: number } {
  const { ctx, dpr } = prepareCanvas(canvas);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  return { ctx, width: canvas.width, height: canvas.height, dpr };
}

/**
 * Draws min/max columns on a device-pixel canvas (prepareDeviceCanvas), channel c in lanes[c]:
 * column j fills device x [edges[j], edges[j + 1]) (at least one pixel) and the rows peakRows
 * gives, so digital silence is the lane's one centre row. Null columns (outside the file) stay empty.
 */
export function drawPeakColumns(ctx: CanvasRenderingContext2D, channels: readonly PeakColumns[], edges: ArrayLike<number>, lanes: readonly DeviceLane[], colour: string): void {
  const width = ctx.canvas.width;
  const columns = edges.length - 1;
  ctx.fillStyle = colour;
  for (let c = 0; c < Math.min(channels.length, lanes.length); c++) {
    const lane = lanes[c]!;
    const { min, max } = channels[c]!;
    for (let j = 0; j < Math.min(columns, min.length, max.length); j++) {
      const lo = min[j];
      const hi = max[j];
      if (lo === null || hi === null || lo === undefined || hi === undefined) continue;
      const x0 = edges[j]!;
      const x1 = Math.max(x0 + 1, edges[j + 1]!);
      if (x1 <= 0 || x0 >= width) continue;
      const { top, bottom } = peakRows(lo, hi, lane);
      ctx.fillRect(x0, top, x1 - x0, bottom - top + 1);
    }
  }
}

/** A CSS custom property of the VS Code theme (e.g. --vscode-charts-blue), with a fallback. */
export function themeColour(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}
