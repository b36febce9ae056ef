import type { PcmChunk, StreamInfo } from '../analysis/analyser';
import { BlockStatsBuilder } from '../analysis/blockStats';
import type { ByteSource } from '../io/fileSource';
import type { ProbeResult } from './format';
import { conversionPlan, type ConversionPlan, type NonFiniteTally } from './pcmConverters';

/**
 * Streaming PCM decoder: reads the data chunk in bounded pieces (READ_BYTES) with positional
 * reads into two reused buffers (the next read runs on the I/O pool while the current one is
 * converted and analysed) and converts, a chunk at a time, into reused Float32Arrays, one per
 * channel. Memory is fixed by those sizes (two read buffers plus one chunk of floats), never by a
 * size the header declares.
 */

export type DecodableProbe = Extract<ProbeResult, { ok: true }>;

export interface DecodeOptions {
  /** Frames per chunk; lowered for very wide frames so a chunk never exceeds MAX_CHUNK_BYTES. */
  chunkFrames?: number;
  signal?: AbortSignal;
  /**
   * Float files: hand out 0 for every NaN or infinite sample and count them in the chunk's
   * `nonFinite` (what analysis wants: no running sum or filter state is ever poisoned). Without
   * it the samples are decoded as stored, NaN included.
   */
  finiteOnly?: boolean;
  /**
   * First frame to decode (a seek: the bytes before it are never read). Chunks' startFrame count
   * from the file's first frame; past the end nothing is decoded.
   */
  startFrame?: number;
  /**
   * Attach every chunk's block stats (blockStats.ts), computed while decoding where the format
   * has a fused converter, else in a pass over the decoded chunk: the same values either way.
   */
  withStats?: boolean;
}

/** 16k frames keeps a chunk's samples in L2 while every analyser walks them. */
export const DEFAULT_CHUNK_FRAMES = 16_384;
/** Upper bound of one chunk's raw bytes, whatever the channel count. */
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * Bytes per read (whole chunks, at least one): an async read costs ~50-80 µs of round trip
 * through the I/O pool, so 96 KB reads cap throughput near 1.2 GB/s while 1 MiB reads do not.
 */
export const READ_BYTES = 1024 * 1024;

/**
 * Spare ArrayBuffers of POOLED_BYTES, handed back when a decode ends and taken by the next one in
 * the same thread: a worker analysing file after file then reads into the same few megabytes
 * instead of leaving a few more for the garbage collector per file (peak RSS grew with every file
 * until a collection). Enough for two decodes in lockstep (null test); larger requests (very wide
 * frames) are allocated and dropped as before.
 */
const POOLED_BYTES = READ_BYTES + 8;
const MAX_POOLED = 6;
const spareBuffers: ArrayBuffer[] = [];

function takeBuffer(bytes: number): ArrayBuffer {
  if (bytes > POOLED_BYTES) return new ArrayBuffer(bytes);
  return spareBuffers.pop() ?? new ArrayBuffer(POOLED_BYTES);
}

function giveBack(buffer: ArrayBuffer): void {
  if (buffer.byteLength === POOLED_BYTES && spareBuffers.length < MAX_POOLED) spareBuffers.push(buffer);
}

/** Thrown by decodePcm for a probe whose samples this decoder cannot read. */
export class UndecodableError extends Error {
  override readonly name = 'UndecodableError';
}

interface Layout {
  plan: ConversionPlan;
  blockAlign: number;
  channels: number;
  /** Byte length to decode: whole frames the header counts and the file holds. */
  dataBytes: number;
}

/** Containers whose samples are stored uncompressed, which this decoder reads. */
export const PCM_CONTAINERS: ReadonlySet<string> = new Set(['wav', 'rf64', 'bw64', 'rifx', 'aiff', 'aifc']);

function layoutOf(probe: DecodableProbe): Layout | { error: string } {
  const { format, details } = probe;
  // One source of truth for "why": an `unsupported` issue is the probe saying these samples
  // cannot be decoded, naming what it found (format tag, declared width, compression, subformat).
  const unsupported = probe.issues.filter((i) => i.code === 'unsupported').map((i) => i.message);
  if (unsupported.length > 0) return { error: unsupported.join('; ') };
  if (!PCM_CONTAINERS.has(format.container)) return { error: `${format.container.toUpperCase()} audio is compressed; only uncompressed PCM and float are decoded` };
  if (format.codec === 'other') return { error: `${format.container} samples are not PCM or IEEE float` };
  const { channels } = format;
  const { blockAlign } = details;
  if (channels < 1 || blockAlign < channels || blockAlign % channels !== 0) {
    return { error: `block align of ${blockAlign} bytes does not hold ${channels} channels of whole samples` };
  }
  const bytes = blockAlign / channels;
  // Only RIFF-family files carry a format tag; their 8-bit samples are unsigned.
  const plan = conversionPlan({ float: format.codec === 'float', bytes, bigEndian: details.bigEndian, unsigned: details.formatTag !== null });
  if (!plan) {
    const kind = format.codec === 'float' ? 'IEEE float' : 'integer';
    return { error: `${format.bitDepth}-bit ${kind} samples in ${bytes}-byte containers are not supported` };
  }
  const frames = Math.min(format.frames, Math.floor(details.dataAvailableBytes / blockAlign));
  return { plan, blockAlign, channels, dataBytes: Math.max(0, frames) * blockAlign };
}

/** Why decodePcm would refuse this probe, or null when it can decode it. */
export function undecodableReason(probe: DecodableProbe): string | null {
  const layout = layoutOf(probe);
  return 'error' in layout ? layout.error : null;
}

/** What analysers are told about the stream decodePcm will produce for `probe`. */
export function streamInfo(probe: DecodableProbe): StreamInfo {
  const layout = layoutOf(probe);
  return {
    sampleRate: probe.format.sampleRate,
    channels: probe.format.channels,
    bitDepth: probe.format.bitDepth,
    float: probe.format.codec === 'float',
    channelMask: probe.details.channelMask,
    totalFrames: 'error' in layout ? 0 : layout.dataBytes / layout.blockAlign,
  };
}

type ReadOutcome = { bytes: number } | { error: unknown };

/** Fills `length` bytes unless the source ends first. Never rejects: a prefetch may sit unawaited. */
async function readFully(source: ByteSource, buffer: Uint8Array, length: number, position: number): Promise<ReadOutcome> {
  try {
    let filled = 0;
    while (filled < length) {
      const n = await source.read(buffer, filled, length - filled, position + filled);
      if (n <= 0) break;
      filled += n;
    }
    return { bytes: filled };
  } catch (error) {
    return { error };
  }
}

function swapInPlace(bytes: Uint8Array, length: number, width: ConversionPlan['swapBytes']): void {
  if (width === 0) return;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, length);
  if (width === 2) view.swap16();
  else if (width === 4) view.swap32();
  else view.swap64();
}

function chunkFramesFor(requested: number | undefined, blockAlign: number, totalFrames: number): number {
  const wanted = Math.max(1, Math.floor(requested ?? DEFAULT_CHUNK_FRAMES));
  const byBytes = Math.max(1, Math.floor(MAX_CHUNK_BYTES / blockAlign));
  return Math.max(1, Math.min(wanted, byBytes, totalFrames));
}

/**
 * Decodes the samples of a probed PCM or float file, in order, as PcmChunks. The chunk's arrays
 * are reused: consume each chunk before asking for the next. Stops at the real end of the data
 * (a file cut short, or shrinking while read, yields the whole frames present). Throws
 * UndecodableError for codecs it cannot read and the signal's reason when aborted.
 */
export async function* decodePcm(source: ByteSource, probe: DecodableProbe, options: DecodeOptions = {}): AsyncGenerator<PcmChunk, void, undefined> {
  const layout = layoutOf(probe);
  if ('error' in layout) throw new UndecodableError(layout.error);
  const { plan, blockAlign, channels } = layout;
  const { signal } = options;
  signal?.throwIfAborted();
  const skipFrames = Math.min(layout.dataBytes / blockAlign, Math.max(0, Math.floor(options.startFrame ?? 0)));
  const dataBytes = layout.dataBytes - skipFrames * blockAlign;
  if (dataBytes === 0) return;

  const totalFrames = dataBytes / blockAlign;
  const chunkFrames = chunkFramesFor(options.chunkFrames, blockAlign, totalFrames);
  // Reads span whole chunks and about READ_BYTES: each read costs a trip to the I/O pool.
  const chunksPerRead = Math.max(1, Math.floor(READ_BYTES / (chunkFrames * blockAlign)));
  const readBytes = Math.min(chunksPerRead * chunkFrames, totalFrames) * blockAlign;
  // Own ArrayBuffers (from the pool: their old bytes are never read), bytes placed where the plan
  // wants them, a spare byte either side.
  const newBuffer = () => new Uint8Array(takeBuffer(plan.leadingPad + readBytes + 1), plan.leadingPad, readBytes);
  const buffers = [newBuffer(), newBuffer()] as const;
  // One allocation for every channel's array: a typed array of its own per channel costs ~1 µs
  // each, which a header declaring 65535 channels would pay however few frames it holds.
  const samples = new Float32Array(takeBuffer(4 * channels * chunkFrames), 0, channels * chunkFrames);
  const out = Array.from({ length: channels }, (_, c) => samples.subarray(c * chunkFrames, (c + 1) * chunkFrames));
  const base = probe.details.dataOffset + skipFrames * blockAlign;
  const convert = options.finiteOnly ? plan.convertFinite : plan.convert;
  const tally: NonFiniteTally = { count: 0, first: -1 };
  const stats = options.withStats ? new BlockStatsBuilder(channels) : null;
  const fused = options.finiteOnly ? plan.convertWithExtents : null;

  let requested = Math.min(readBytes, dataBytes);
  let readEnd = requested;
  let which = 0;
  let pending: Promise<ReadOutcome> | null = readFully(source, buffers[0], requested, base);
  let startFrame = skipFrames;
  try {
    while (pending) {
      const outcome: ReadOutcome = await pending;
      pending = null;
      if ('error' in outcome) throw outcome.error;
      const frames = Math.floor(outcome.bytes / blockAlign);
      if (frames === 0) return;
      const current = buffers[which]!;
      // A short read is the real end of the file: decode what came, ask for nothing more.
      if (outcome.bytes === requested && readEnd < dataBytes) {
        which ^= 1;
        requested = Math.min(readBytes, dataBytes - readEnd);
        pending = readFully(source, buffers[which]!, requested, base + readEnd);
        readEnd += requested;
      }
      swapInPlace(current, frames * blockAlign, plan.swapBytes);
      for (let done = 0; done < frames; done += chunkFrames) {
        signal?.throwIfAborted();
        const n = Math.min(chunkFrames, frames - done);
        const bytes = current.subarray(done * blockAlign);
        let chunk: PcmChunk;
        if (stats && fused?.(bytes, n, out, stats.extentsFor(n))) {
          chunk = stats.attachFilled({ channels: out, frames: n, startFrame });
        } else {
          convert(bytes, n, out, tally);
          if (tally.count > 0) {
            chunk = { channels: out, frames: n, startFrame, nonFinite: { count: tally.count, firstFrame: startFrame + tally.first } };
            tally.count = 0;
            tally.first = -1;
          } else {
            chunk = { channels: out, frames: n, startFrame };
          }
          if (stats) chunk = stats.attach(chunk);
        }
        yield chunk;
        startFrame += n;
      }
    }
  } finally {
    // Never leave a read in flight: the caller closes the source once we return.
    if (pending) await pending;
    // The chunks' arrays are only valid until the next one is asked for, so none is in use now.
    giveBack(buffers[0].buffer as ArrayBuffer);
    giveBack(buffers[1].buffer as ArrayBuffer);
    giveBack(samples.buffer as ArrayBuffer);
  }
}
