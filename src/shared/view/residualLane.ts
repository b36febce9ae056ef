/**
 * The null-test residual lane: the residual's RMS per second of the stems' timeline (what the null
 * test measures) drawn as bars on the shared timeline, 0 at FLOOR_DB and full height at 0 dBFS.
 */
import type { Viewport } from './timeScale';

/** Residuals at or below this read as nothing (24-bit dither sits near -140 dBFS). */
export const RESIDUAL_FLOOR_DB = -120;

/**
 * One value per CSS pixel column of the view: the loudest second the column touches, scaled to
 * 0…1 (RESIDUAL_FLOOR_DB…0 dBFS), or null outside the seconds measured. `stemsOffsetFrames` is
 * where the stems start on the timeline (second i of the residual starts there + i × rate).
 */
export function residualColumns(seconds: ReadonlyArray<number | null>, stemsOffsetFrames: number, sampleRate: number, view: Viewport, width: number): Array<number | null> {
  const out: Array<number | null> = [];
  for (let x = 0; x < Math.floor(width); x++) {
    const from = Math.floor((view.startFrame + x * view.framesPerPixel - stemsOffsetFrames) / sampleRate);
    const to = Math.floor((view.startFrame + (x + 1) * view.framesPerPixel - 1 - stemsOffsetFrames) / sampleRate);
    let value: number | null = null;
    let compared = false;
    for (let i = Math.max(0, from); i <= to && i < seconds.length; i++) {
      compared = true;
      const db = seconds[i];
      // null is exact silence (or a second before the compared part): nothing left.
      const level = db === null || db === undefined ? 0 : Math.min(1, Math.max(0, (db - RESIDUAL_FLOOR_DB) / -RESIDUAL_FLOOR_DB));
      value = Math.max(value ?? 0, level);
    }
    out.push(compared ? value : null);
  }
  return out;
}

/**
 * Where the residual's second 0 sits on the timeline. The null test sums the stems sample by sample
 * from each file's start, so its timeline is the stems' own: placed where most stems start (the
 * earliest of equally common starts), so one stem printed late does not drag the residual along.
 */
export function residualOffset(stemOffsets: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const o of stemOffsets) counts.set(o, (counts.get(o) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [offset, n] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (n > bestCount) {
      best = offset;
      bestCount = n;
    }
  }
  return best;
}
