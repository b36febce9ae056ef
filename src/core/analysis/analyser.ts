/**
 * The contract between the streaming decoder and every one-pass analyser. The decoder reads a
 * file in bounded chunks and hands each chunk, as 32-bit float samples per channel in [-1, 1)
 * (float files may exceed it, but are never NaN or infinite: see `nonFinite`), to every analyser in
 * turn: one read of the file feeds them all.
 */
export interface PcmChunk {
  /** One array per channel. The decoder reuses these arrays: copy what you keep past push(). */
  readonly channels: readonly Float32Array[];
  /** Valid frames in each array (the arrays may be longer). */
  readonly frames: number;
  /** Index of the chunk's first frame from the start of the file. */
  readonly startFrame: number;
  /**
   * Float files decoded for analysis (DecodeOptions.finiteOnly): samples of this chunk that were
   * NaN or ±infinity in the file, replaced with 0 (no analyser ever sees one), and the first of
   * them. Absent when there were none.
   */
  readonly nonFinite?: { readonly count: number; readonly firstFrame: number };
  /**
   * Block extents and sums computed once for every analyser (the decoder attaches them for
   * analyseSource: see blockStats.ts). Absent when a chunk comes from elsewhere: analysers then
   * scan the samples.
   */
  readonly stats?: ChunkStats;
}

/** What blockStats.ts computes per chunk; reused arrays, valid during push() only. */
export interface ChunkStats {
  /** Frames per block; the last block of the chunk may hold fewer. */
  readonly blockFrames: number;
  /** Blocks per channel: channel c's block b is at c * blocks + b in min and max. */
  readonly blocks: number;
  readonly min: Float32Array;
  readonly max: Float32Array;
  /** Per channel: the sum of the chunk's samples. */
  readonly sum: Float64Array;
  /** Per channel: max |x| over the chunk. */
  readonly peak: Float64Array;
}

/**
 * Where a converter that also computes block extents and sums while it decodes (a fused
 * converter, see pcmConverters.ts) writes them: the arrays ChunkStats then hands out.
 */
export interface BlockExtentsOut {
  /** Frames per block (the last block of the chunk may hold fewer). */
  readonly blockFrames: number;
  /** Channel c's block b is at c * stride + b in min and max. */
  readonly stride: number;
  readonly min: Float32Array;
  readonly max: Float32Array;
  /** Per channel: the sum of the chunk's samples. */
  readonly sum: Float64Array;
}

/** What every analyser is told before the first chunk. */
export interface StreamInfo {
  sampleRate: number;
  channels: number;
  /** Declared bits per sample and whether samples are float (for clipping and bit-depth checks). */
  bitDepth: number;
  float: boolean;
  /** WAVE_FORMAT_EXTENSIBLE channel mask when known (LFE exclusion, surround weights); else null. */
  channelMask: number | null;
  /** Frames the file holds, when known up front (pyramids and progress); may be 0 if unknown. */
  totalFrames: number;
}

export interface Analyser<Result> {
  push(chunk: PcmChunk): void;
  finish(): Result;
}

export type AnalyserFactory<Result> = (info: StreamInfo) => Analyser<Result>;
