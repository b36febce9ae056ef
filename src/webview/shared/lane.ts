import { valueToY } from '../../shared/view/timeScale';

/** Min/max columns of one channel as the server's overview gives them (null past the file's end). */
export interface PeakColumns {
  min: ArrayLike<number | null>;
  max: ArrayLike<number | null>;
}

export interface LaneRect {
  /** CSS pixels within the canvas. */
  x: number;
  y: number;
  width: number;
  height: number;
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
 * Draws one channel: column i covers [x + i·colWidth, x + (i+1)·colWidth) and is a bar from its
 * max to its min, at least one device pixel tall so digital silence shows as a flat centre line.
 * Columns that are null (outside the file) are left empty.
 */
export function drawPeakColumns(ctx: CanvasRenderingContext2D, peaks: PeakColumns, rect: LaneRect, colour: string, dpr: number): void {
  const n = Math.min(peaks.min.length, peaks.max.length);
  if (n === 0) return;
  const colWidth = rect.width / n;
  const minBar = 1 / dpr;
  ctx.fillStyle = colour;
  for (let i = 0; i < n; i++) {
    const lo = peaks.min[i];
    const hi = peaks.max[i];
    if (lo === null || hi === null || lo === undefined || hi === undefined) continue;
    const top = valueToY(hi, rect.y, rect.height);
    const bottom = valueToY(lo, rect.y, rect.height);
    const h = Math.max(minBar, bottom - top);
    ctx.fillRect(rect.x + i * colWidth, (top + bottom) / 2 - h / 2, Math.max(minBar, colWidth), h);
  }
}

/** A CSS custom property of the VS Code theme (e.g. --vscode-charts-blue), with a fallback. */
export function themeColour(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}
