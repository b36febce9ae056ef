/**
 * Time ↔ pixel maths of the waveform views, pure so it is unit-tested in Node and shared by the
 * waveform editor and the stems timeline. Positions are in frames (samples per channel) and in
 * CSS pixels; callers multiply by devicePixelRatio only when they touch the canvas.
 */

export interface Viewport {
  /** Frame at the left edge (may be fractional when zoomed in past one frame per pixel). */
  startFrame: number;
  /** Frames one CSS pixel spans; below 1 when zoomed in to single samples. */
  framesPerPixel: number;
}

/** The finest zoom: a sample spans 32 pixels, enough to see and click single samples. */
export const MIN_FRAMES_PER_PIXEL = 1 / 32;

export function frameToX(frame: number, view: Viewport): number {
  return (frame - view.startFrame) / view.framesPerPixel;
}

export function xToFrame(x: number, view: Viewport): number {
  return view.startFrame + x * view.framesPerPixel;
}

/** The whole of `totalFrames` across `width` pixels. */
export function fitViewport(totalFrames: number, width: number): Viewport {
  return { startFrame: 0, framesPerPixel: Math.max(MIN_FRAMES_PER_PIXEL, Math.max(1, totalFrames) / Math.max(1, width)) };
}

/**
 * Keeps a viewport inside the file: no zoom out past the whole file, no zoom in past
 * MIN_FRAMES_PER_PIXEL, no scroll before 0 or past the end.
 */
export function clampViewport(view: Viewport, totalFrames: number, width: number): Viewport {
  const maxFpp = fitViewport(totalFrames, width).framesPerPixel;
  const framesPerPixel = Math.min(maxFpp, Math.max(MIN_FRAMES_PER_PIXEL, view.framesPerPixel));
  const maxStart = Math.max(0, totalFrames - width * framesPerPixel);
  return { startFrame: Math.min(maxStart, Math.max(0, view.startFrame)), framesPerPixel };
}

/** Zooms by `factor` (> 1 zooms in) keeping the frame under `anchorX` where it is. */
export function zoomAt(view: Viewport, factor: number, anchorX: number, totalFrames: number, width: number): Viewport {
  const anchorFrame = xToFrame(anchorX, view);
  const framesPerPixel = view.framesPerPixel / factor;
  return clampViewport({ startFrame: anchorFrame - anchorX * framesPerPixel, framesPerPixel }, totalFrames, width);
}

/** Scrolls by `dx` pixels (positive moves later in time). */
export function scrollBy(view: Viewport, dx: number, totalFrames: number, width: number): Viewport {
  return clampViewport({ ...view, startFrame: view.startFrame + dx * view.framesPerPixel }, totalFrames, width);
}

/**
 * The y of a sample value (−1…1) in a lane of `height` pixels starting at `top`: +1 at the top,
 * −1 at the bottom, values beyond full scale pinned to the edges.
 */
export function valueToY(value: number, top: number, height: number): number {
  const v = Math.max(-1, Math.min(1, value));
  return top + ((1 - v) / 2) * height;
}

/**
 * Ruler ticks: a "nice" step (1, 2, 5 × 10^n seconds, or whole minutes) so labels are at least
 * `minSpacingPx` apart. Returns tick times in seconds within the view.
 */
export function rulerTicks(view: Viewport, width: number, sampleRate: number, minSpacingPx = 80): number[] {
  const secondsPerPixel = view.framesPerPixel / sampleRate;
  const minStep = secondsPerPixel * minSpacingPx;
  const steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
  const step = steps.find((s) => s >= minStep) ?? Math.ceil(minStep / 3600) * 3600;
  const start = view.startFrame / sampleRate;
  const end = (view.startFrame + width * view.framesPerPixel) / sampleRate;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end && ticks.length < 1000; t += step) ticks.push(Number(t.toFixed(6)));
  return ticks;
}
