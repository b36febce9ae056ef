import type { Analyser, AnalyserFactory, ChunkStats, PcmChunk, StreamInfo } from './analyser';
import { blockExtentsAndSum } from './blockStats';

/**
 * Min/max waveform overview: a pyramid per channel. The base level holds one min/max pair per
 * block of at least MIN_BLOCK_FRAMES frames; each level above merges pairs of blocks, until a
 * level has at most TOP_LEVEL_BLOCKS blocks. Views query it through overviewQuery.ts; the disk
 * cache stores it through overviewCodec.ts. All data is typed arrays (structured-cloneable).
 *
 * Memory is bounded whatever the length: the base never holds more than MAX_BASE_PAIRS pairs over
 * all channels (4 MB; the pyramid doubles that). A file too long for 256-frame blocks gets wider
 * ones, picked up front from the frame count and, should the file hold more than it said, by
 * merging the base in place. A one-hour 48 kHz stereo file gets 1024-frame blocks (21 ms): 169k
 * pairs per channel. Finer zoom than the base is a job for decoding the range itself.
 */

export const MIN_BLOCK_FRAMES = 256;
export const TOP_LEVEL_BLOCKS = 512;
/** Cap of base pairs summed over channels: 2^19 pairs × 8 bytes = 4 MB. */
export const MAX_BASE_PAIRS = 1 << 19;

export interface OverviewLevel {
  /** Frames per block at this level (the last block may hold fewer). */
  blockFrames: number;
  blocks: number;
  /** Per channel, `blocks` values each. */
  min: Float32Array[];
  max: Float32Array[];
}

export interface Overview {
  channels: number;
  sampleRate: number;
  /** Frames summarised (what was really decoded). */
  totalFrames: number;
  /** levels[0] is the base; each next level has blocks twice as wide. */
  levels: OverviewLevel[];
}

export interface OverviewOptions {
  /** Smallest base block (default MIN_BLOCK_FRAMES). */
  blockFrames?: number;
  /** Stop adding levels once one has at most this many blocks (default TOP_LEVEL_BLOCKS). */
  topBlocks?: number;
  /** Cap of base pairs over all channels (default MAX_BASE_PAIRS); small values for tests. */
  maxBasePairs?: number;
}

/**
 * The base level of an overview with every channel in one array per side: channel c's blocks at
 * [c * blocks, (c + 1) * blocks). What the disk cache stores (overviewCodec.ts), without an
 * array per channel: a header may declare 65535 channels.
 */
export interface PackedOverview {
  channels: number;
  sampleRate: number;
  totalFrames: number;
  blockFrames: number;
  blocks: number;
  min: Float32Array;
  max: Float32Array;
}

function builderOptions(options: OverviewOptions): [minBlock: number, topBlocks: number, maxPairs: number] {
  return [
    Math.max(1, Math.floor(options.blockFrames ?? MIN_BLOCK_FRAMES)),
    Math.max(1, Math.floor(options.topBlocks ?? TOP_LEVEL_BLOCKS)),
    Math.max(1, Math.floor(options.maxBasePairs ?? MAX_BASE_PAIRS)),
  ];
}

/** An analyser factory building the overview. */
export function overviewAnalyser(options: OverviewOptions = {}): AnalyserFactory<Overview> {
  const [minBlock, topBlocks, maxPairs] = builderOptions(options);
  return (info) => new OverviewBuilder(info, minBlock, topBlocks, maxPairs);
}

/** The same, giving only the packed base level (for serialisation: see overviewCodec.ts). */
export function packedOverviewAnalyser(options: OverviewOptions = {}): AnalyserFactory<PackedOverview> {
  const [minBlock, topBlocks, maxPairs] = builderOptions(options);
  return (info) => {
    const builder = new OverviewBuilder(info, minBlock, topBlocks, maxPairs);
    return { push: (chunk) => builder.push(chunk), finish: () => builder.finishPacked() };
  };
}

/**
 * Like packedOverviewAnalyser, but the result is `use(base)` (e.g. its serialised bytes), and the
 * base's arrays, valid only during that call, are kept for the next overview built this way in the
 * same thread. A worker analysing file after file then fills the same arrays instead of leaving
 * ~1 MB per file for the garbage collector, which V8 lets pile up to tens of MB per thread.
 */
export function recyclingOverviewAnalyser<T>(use: (base: PackedOverview) => T, options: OverviewOptions = {}): AnalyserFactory<T> {
  const [minBlock, topBlocks, maxPairs] = builderOptions(options);
  return (info) => {
    const builder = new OverviewBuilder(info, minBlock, topBlocks, maxPairs, spareExtents);
    spareExtents = null;
    return {
      push: (chunk) => builder.push(chunk),
      finish: () => {
        const result = use(builder.finishPacked());
        spareExtents = builder.extentArrays();
        return result;
      },
    };
  };
}

/** The arrays of the last finished recycling builder, for the next one (one per thread). */
let spareExtents: ExtentArrays | null = null;

interface ExtentArrays {
  min: Float32Array;
  max: Float32Array;
}

/** Builds the levels above `base`, each merging pairs of blocks, until one has ≤ topBlocks. */
export function buildPyramid(base: OverviewLevel, topBlocks: number = TOP_LEVEL_BLOCKS): OverviewLevel[] {
  const levels = [base];
  for (let level = base; level.blocks > topBlocks; ) {
    level = halve(level);
    levels.push(level);
  }
  return levels;
}

// ---- building -------------------------------------------------------------------------------

class OverviewBuilder implements Analyser<Overview> {
  private blockFrames: number;
  /** Most base blocks per channel before the base is merged into wider blocks. */
  private readonly maxBlocks: number;
  /** Base blocks each channel has room for. */
  private capacity: number;
  /**
   * Channel c's base blocks at [c * capacity, c * capacity + blocks): one array per side for all
   * channels, so that a header declaring 65535 channels costs two allocations, not 131070.
   */
  private min: Float32Array;
  private max: Float32Array;
  /** Finished base blocks, each exactly blockFrames frames. */
  private blocks = 0;
  /** Frames merged into the open block (0 ≤ fill < blockFrames). */
  private fill = 0;
  private readonly openMin: Float64Array;
  private readonly openMax: Float64Array;
  private frames = 0;

  constructor(private readonly info: StreamInfo, minBlock: number, private readonly topBlocks: number, maxPairs: number, spare: ExtentArrays | null = null) {
    const channels = info.channels;
    // A chunk may need a few blocks beyond the current count: never less than 64 per channel.
    this.maxBlocks = Math.max(64, Math.floor(maxPairs / channels));
    this.blockFrames = minBlock;
    while (Math.ceil(info.totalFrames / this.blockFrames) > this.maxBlocks) this.blockFrames *= 2;
    // Room for the blocks the frame count promises (16 when it is unknown); grown if it lied.
    const expected = Math.ceil(info.totalFrames / this.blockFrames);
    this.capacity = Math.max(1, Math.min(this.maxBlocks, expected > 0 ? expected : 16));
    const size = channels * this.capacity;
    // Spare arrays hold old values: fine, every block is written before it is read.
    this.min = spare && spare.min.length >= size ? spare.min.subarray(0, size) : new Float32Array(size);
    this.max = spare && spare.max.length >= size ? spare.max.subarray(0, size) : new Float32Array(size);
    this.openMin = new Float64Array(channels).fill(Infinity);
    this.openMax = new Float64Array(channels).fill(-Infinity);
  }

  /**
   * Per channel: finish the open block, then whole blocks straight into the arrays, then open the
   * next block with the tail. Chunks of a multiple of the block size never touch the open state.
   */
  push(chunk: PcmChunk): void {
    const stats = chunk.stats;
    // Whole stats blocks that never straddle one of ours: merge their extents, not the samples.
    if (stats && this.blockFrames % stats.blockFrames === 0 && this.fill % stats.blockFrames === 0 && chunk.startFrame % stats.blockFrames === 0) {
      this.pushStats(chunk, stats);
      return;
    }
    const n = chunk.frames;
    this.makeRoomFor(n);
    const size = this.blockFrames;
    const head = this.fill > 0 ? Math.min(size - this.fill, n) : 0;
    const closesOpen = head > 0 && this.fill + head === size;
    const whole = Math.floor((n - head) / size);
    const tailStart = head + whole * size;
    const firstWhole = this.blocks + (closesOpen ? 1 : 0);
    for (let c = 0; c < chunk.channels.length; c++) {
      const d = chunk.channels[c]!;
      if (head > 0) {
        mergeIntoOpen(d, 0, head, this.openMin, this.openMax, c);
        if (closesOpen) this.storeOpen(c, this.blocks);
      }
      blockExtentsAndSum(d, head, head + whole * size, size, this.min, this.max, c * this.capacity + firstWhole);
      if (tailStart < n) mergeIntoOpen(d, tailStart, n, this.openMin, this.openMax, c);
    }
    this.blocks = firstWhole + whole;
    this.fill = head > 0 && !closesOpen ? this.fill + head : n - tailStart;
    this.frames = chunk.startFrame + n;
  }

  /** push() from the chunk's block extents (blockStats.ts), 256 frames at a time: the same values. */
  private pushStats(chunk: PcmChunk, stats: ChunkStats): void {
    const n = chunk.frames;
    this.makeRoomFor(n);
    const size = this.blockFrames;
    const unit = stats.blockFrames;
    let blocks = this.blocks;
    let fill = this.fill;
    for (let c = 0; c < chunk.channels.length; c++) {
      const from = c * stats.blocks;
      const to = c * this.capacity;
      let lo = this.openMin[c]!;
      let hi = this.openMax[c]!;
      blocks = this.blocks;
      fill = this.fill;
      for (let k = 0, at = 0; at < n; k++, at += unit) {
        const m = stats.min[from + k]!;
        const x = stats.max[from + k]!;
        if (m < lo) lo = m;
        if (x > hi) hi = x;
        fill += Math.min(unit, n - at);
        if (fill === size) {
          this.min[to + blocks] = lo;
          this.max[to + blocks] = hi;
          blocks++;
          fill = 0;
          lo = Infinity;
          hi = -Infinity;
        }
      }
      this.openMin[c] = lo;
      this.openMax[c] = hi;
    }
    this.blocks = blocks;
    this.fill = fill;
    this.frames = chunk.startFrame + n;
  }

  finish(): Overview {
    const { channels, sampleRate, totalFrames, blockFrames, blocks, min, max } = this.finishPacked();
    const base: OverviewLevel = {
      blockFrames,
      blocks,
      min: Array.from({ length: channels }, (_, c) => min.subarray(c * blocks, (c + 1) * blocks)),
      max: Array.from({ length: channels }, (_, c) => max.subarray(c * blocks, (c + 1) * blocks)),
    };
    return { channels, sampleRate, totalFrames, levels: buildPyramid(base, this.topBlocks) };
  }

  /** Closes the open block and returns the base level packed (channel c's blocks at c * blocks). */
  finishPacked(): PackedOverview {
    const channels = this.info.channels;
    let blocks = this.blocks;
    if (this.fill > 0) {
      this.ensureCapacity(blocks + 1);
      for (let c = 0; c < channels; c++) this.storeOpen(c, blocks);
      blocks++;
    }
    return {
      channels,
      sampleRate: this.info.sampleRate,
      totalFrames: this.frames,
      blockFrames: this.blockFrames,
      blocks,
      min: this.packed(this.min, blocks),
      max: this.packed(this.max, blocks),
    };
  }

  /** The whole arrays behind min and max (for recycling: see recyclingOverviewAnalyser). */
  extentArrays(): ExtentArrays {
    const whole = (a: Float32Array) => new Float32Array(a.buffer, 0, a.buffer.byteLength / 4);
    return { min: whole(this.min), max: whole(this.max) };
  }

  /** The first `blocks` of every channel of `all`, contiguous (`all` itself when it already is). */
  private packed(all: Float32Array, blocks: number): Float32Array {
    const channels = this.info.channels;
    const capacity = this.capacity;
    if (capacity === blocks) return all;
    const out = new Float32Array(channels * blocks);
    for (let c = 0; c < channels; c++) {
      for (let i = 0, from = c * capacity, to = c * blocks; i < blocks; i++) out[to + i] = all[from + i]!;
    }
    return out;
  }

  /** Widens the blocks until `frames` more fit under the cap, then grows the arrays to hold them. */
  private makeRoomFor(frames: number): void {
    const needed = () => this.blocks + Math.ceil((this.fill + frames) / this.blockFrames);
    while (needed() > this.maxBlocks) this.widenBlocks();
    this.ensureCapacity(needed());
  }

  /**
   * Doubles blockFrames, merging stored blocks pairwise in place. With an odd count, the last
   * block becomes the first half of the open block.
   */
  private widenBlocks(): void {
    const pairs = this.blocks >> 1;
    const odd = (this.blocks & 1) === 1;
    const mins = this.min;
    const maxs = this.max;
    for (let c = 0; c < this.info.channels; c++) {
      const at = c * this.capacity;
      for (let i = 0; i < pairs; i++) {
        mins[at + i] = Math.min(mins[at + 2 * i]!, mins[at + 2 * i + 1]!);
        maxs[at + i] = Math.max(maxs[at + 2 * i]!, maxs[at + 2 * i + 1]!);
      }
      if (odd) {
        this.openMin[c] = Math.min(this.openMin[c]!, mins[at + 2 * pairs]!);
        this.openMax[c] = Math.max(this.openMax[c]!, maxs[at + 2 * pairs]!);
      }
    }
    if (odd) this.fill += this.blockFrames;
    this.blocks = pairs;
    this.blockFrames *= 2;
  }

  /** Moves channel c's open extent into block `index` and resets it. */
  private storeOpen(c: number, index: number): void {
    this.min[c * this.capacity + index] = this.openMin[c]!;
    this.max[c * this.capacity + index] = this.openMax[c]!;
    this.openMin[c] = Infinity;
    this.openMax[c] = -Infinity;
  }

  private ensureCapacity(blocks: number): void {
    const capacity = this.capacity;
    if (blocks <= capacity) return;
    const grown = Math.min(Math.max(blocks, capacity * 2), Math.max(blocks, this.maxBlocks));
    const resize = (a: Float32Array) => {
      const bigger = new Float32Array(this.info.channels * grown);
      for (let c = 0; c < this.info.channels; c++) bigger.set(a.subarray(c * capacity, c * capacity + this.blocks), c * grown);
      return bigger;
    };
    this.min = resize(this.min);
    this.max = resize(this.max);
    this.capacity = grown;
  }
}

/** Merges d[from, to) into the open block's extent of channel c (kept apart: Float64Array targets). */
function mergeIntoOpen(d: Float32Array, from: number, to: number, openMin: Float64Array, openMax: Float64Array, c: number): void {
  let lo = openMin[c]!;
  let hi = openMax[c]!;
  for (let i = from; i < to; i++) {
    const x = d[i]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  openMin[c] = lo;
  openMax[c] = hi;
}

/** The level above: each block merges two neighbours (the last one alone when the count is odd). */
function halve(level: OverviewLevel): OverviewLevel {
  const blocks = Math.ceil(level.blocks / 2);
  const pairs = level.blocks >> 1;
  const lower = (src: Float32Array) => {
    const out = new Float32Array(blocks);
    for (let i = 0; i < pairs; i++) out[i] = src[2 * i]! < src[2 * i + 1]! ? src[2 * i]! : src[2 * i + 1]!;
    if (blocks > pairs) out[pairs] = src[2 * pairs]!;
    return out;
  };
  const upper = (src: Float32Array) => {
    const out = new Float32Array(blocks);
    for (let i = 0; i < pairs; i++) out[i] = src[2 * i]! > src[2 * i + 1]! ? src[2 * i]! : src[2 * i + 1]!;
    if (blocks > pairs) out[pairs] = src[2 * pairs]!;
    return out;
  };
  return { blockFrames: level.blockFrames * 2, blocks, min: level.min.map(lower), max: level.max.map(upper) };
}
