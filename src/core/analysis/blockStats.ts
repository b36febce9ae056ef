import type { BlockExtentsOut, ChunkStats, PcmChunk } from './analyser';

/**
 * One pass over a chunk's samples that gives levels, the overview and true peak what each used to
 * scan for on its own (three passes per sample): per channel the sum of the samples (DC offset),
 * and per block of STATS_BLOCK_FRAMES frames the smallest and largest sample (overview extents;
 * max(hi, -lo) is max |x|, the sample peak and the true-peak skip bound). Exact: every sample is
 * compared and added, in the same order as the analysers' own loops (which stay for chunks
 * handed to them without stats, e.g. by tests).
 *
 * Meant for the analysis decoder's chunks, whose samples are all finite (finiteOnly); a NaN is
 * skipped by the comparisons as by the analysers' own loops, and voids the sum as it would theirs.
 * The decoder's fused converter (24-bit mono and stereo) fills the same arrays while it decodes,
 * with the same values (see extentsFor and attachFilled).
 */

/** 256 frames: the overview's smallest block, and half a true-peak segment. */
export const STATS_BLOCK_FRAMES = 256;

/** Computes ChunkStats into arrays it reuses from chunk to chunk (read them before the next). */
export class BlockStatsBuilder {
  private min = new Float32Array(0);
  private max = new Float32Array(0);
  private stride = 0;
  private readonly sum: Float64Array;
  private readonly peak: Float64Array;

  constructor(private readonly channels: number) {
    this.sum = new Float64Array(channels);
    this.peak = new Float64Array(channels);
  }

  /** The chunk with its stats attached (same arrays: no sample is copied). */
  attach(chunk: PcmChunk): PcmChunk {
    const frames = chunk.frames;
    const { stride, min, max, sum } = this.extentsFor(frames);
    const channels = Math.min(this.channels, chunk.channels.length);
    for (let c = 0; c < channels; c++) {
      sum[c] = blockExtentsAndSum(chunk.channels[c]!, 0, frames, STATS_BLOCK_FRAMES, min, max, c * stride);
    }
    return this.attachFilled(chunk);
  }

  /**
   * The arrays for a chunk of `frames` frames, for a fused converter to fill (then attachFilled):
   * every block's extent and every channel's sum, as attach would compute them.
   */
  extentsFor(frames: number): BlockExtentsOut {
    const stride = Math.ceil(frames / STATS_BLOCK_FRAMES);
    if (this.min.length < stride * this.channels) {
      this.min = new Float32Array(stride * this.channels);
      this.max = new Float32Array(stride * this.channels);
    }
    this.stride = stride;
    return { blockFrames: STATS_BLOCK_FRAMES, stride, min: this.min, max: this.max, sum: this.sum };
  }

  /** The chunk with the stats extentsFor(chunk.frames) handed out, now filled, attached. */
  attachFilled(chunk: PcmChunk): PcmChunk {
    const stride = this.stride;
    const channels = Math.min(this.channels, chunk.channels.length);
    for (let c = 0; c < channels; c++) this.peak[c] = absPeak(this.min, this.max, c * stride, stride);
    const stats: ChunkStats = { blockFrames: STATS_BLOCK_FRAMES, blocks: stride, min: this.min, max: this.max, sum: this.sum, peak: this.peak };
    return { ...chunk, stats };
  }
}

/** max(hi, -lo) over blocks [at, at + count): max |x|, exactly (negation is exact). */
function absPeak(mins: Float32Array, maxs: Float32Array, at: number, count: number): number {
  let p = 0;
  for (let b = at, end = at + count; b < end; b++) {
    const hi = maxs[b]!;
    const lo = -mins[b]!;
    if (hi > p) p = hi;
    if (lo > p) p = lo;
  }
  return p;
}

/**
 * Min and max of each block of `size` samples of d[from, to) (the last block may hold fewer) into
 * mins/maxs from `slot`; returns the sum of d[from, to). The sum runs in four lanes by index mod 4
 * within each block (what is left past a multiple of 4 into the first), summed in lane order: a
 * single running sum would be a chain of dependent adds. A plain running min/max mispredicts its
 * branches on real audio (a rising bass note with noise on it updates the max at random, ~3× the
 * cost of the loop itself), so a first look at every 16th sample seeds each block's extent close
 * to the answer; in the full pass that follows updates are rare. Exact: every sample is still
 * compared. NaN never compares, so it is skipped (a block of NaNs only keeps min +Infinity, max
 * -Infinity: an empty extent, which the overview merges correctly and reports as NaN).
 */
export function blockExtentsAndSum(d: Float32Array, from: number, to: number, size: number, mins: Float32Array, maxs: Float32Array, slot: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let at = from, k = slot; at < to; at += size, k++) {
    const end = Math.min(to, at + size);
    let lo = Infinity, hi = -Infinity;
    for (let i = at + 15; i < end; i += 16) {
      const x = d[i]!;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    let lo0 = lo, hi0 = hi, lo1 = lo, hi1 = hi;
    const quadsEnd = end - ((end - at) & 3);
    let i = at;
    for (; i < quadsEnd; i += 4) {
      const a = d[i]!, b = d[i + 1]!, c = d[i + 2]!, e = d[i + 3]!;
      s0 += a; s1 += b; s2 += c; s3 += e;
      if (a < lo0) lo0 = a;
      if (a > hi0) hi0 = a;
      if (b < lo1) lo1 = b;
      if (b > hi1) hi1 = b;
      if (c < lo0) lo0 = c;
      if (c > hi0) hi0 = c;
      if (e < lo1) lo1 = e;
      if (e > hi1) hi1 = e;
    }
    for (; i < end; i++) {
      const a = d[i]!;
      s0 += a;
      if (a < lo0) lo0 = a;
      if (a > hi0) hi0 = a;
    }
    mins[k] = lo0 < lo1 ? lo0 : lo1;
    maxs[k] = hi0 > hi1 ? hi0 : hi1;
  }
  return s0 + s1 + s2 + s3;
}
