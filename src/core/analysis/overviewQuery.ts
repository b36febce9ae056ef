import type { Overview } from './overview';

/**
 * What a waveform view asks of an overview: min/max of a frame range at a column count. The
 * query picks the coarsest level whose blocks are no wider than a column, so each column merges
 * one to three blocks whatever the zoom: the cost is columns × channels, not frames.
 */

export interface OverviewColumns {
  /** Per channel, one value per column; NaN for columns with no audio (past the end). */
  min: Float32Array[];
  max: Float32Array[];
  /** Block width of the level used; a column cannot be finer than one block of it. */
  blockFrames: number;
}

/** Index of the coarsest level whose blocks are no wider than `framesPerColumn` (0 when none is). */
export function chooseLevel(overview: Overview, framesPerColumn: number): number {
  let chosen = 0;
  for (let i = 1; i < overview.levels.length; i++) {
    if (overview.levels[i]!.blockFrames <= framesPerColumn) chosen = i;
  }
  return chosen;
}

/**
 * Min/max of [startFrame, endFrame) in `columns` columns. Column j covers the frames
 * [start + ⌊j·span/columns⌋, start + ⌊(j+1)·span/columns⌋) (at least one) and gets the min/max of
 * every block of the chosen level it touches: exact when its edges fall on block edges, otherwise
 * up to one block wider on each side (a peak is never missed, only shown a little early or late).
 */
export function queryOverview(overview: Overview, startFrame: number, endFrame: number, columns: number): OverviewColumns {
  const cols = Math.max(0, Math.floor(columns));
  const span = Math.max(0, endFrame - startFrame);
  const level = overview.levels[chooseLevel(overview, cols > 0 ? span / cols : Infinity)]!;
  const { blockFrames, blocks } = level;
  const min = Array.from({ length: overview.channels }, () => new Float32Array(cols).fill(NaN));
  const max = Array.from({ length: overview.channels }, () => new Float32Array(cols).fill(NaN));
  for (let j = 0; j < cols; j++) {
    const from = Math.max(0, startFrame + Math.floor((j * span) / cols));
    const to = Math.min(overview.totalFrames, Math.max(startFrame + Math.floor(((j + 1) * span) / cols), from + 1));
    if (from >= to) continue;
    const first = Math.floor(from / blockFrames);
    const last = Math.min(blocks - 1, Math.ceil(to / blockFrames) - 1);
    for (let c = 0; c < overview.channels; c++) {
      const mins = level.min[c]!;
      const maxs = level.max[c]!;
      let lo = Infinity;
      let hi = -Infinity;
      for (let b = first; b <= last; b++) {
        if (mins[b]! < lo) lo = mins[b]!;
        if (maxs[b]! > hi) hi = maxs[b]!;
      }
      // Blocks of NaN samples only have no extent: leave NaN.
      if (lo <= hi) {
        min[c]![j] = lo;
        max[c]![j] = hi;
      }
    }
  }
  return { min, max, blockFrames };
}
