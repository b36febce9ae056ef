/**
 * Sample-level fixtures for the decoder and analyser tests: integer codes or floats encoded by
 * hand (no code shared with src/core/audio), whole WAV/AIFF files around them, and a helper that
 * decodes a file into whole channels. Deterministic: every random signal takes a seed.
 */
import type { Analyser, AnalyserFactory, PcmChunk, StreamInfo } from '../../../src/core/analysis/analyser';
import { BlockStatsBuilder } from '../../../src/core/analysis/blockStats';
import { decodePcm, type DecodableProbe } from '../../../src/core/audio/decode';
import { probeAudio } from '../../../src/core/audio/probe';
import { memorySource, type ByteSource } from '../../../src/core/io/fileSource';
import { chunk, commChunk, concat, fmtChunk, formFile, riffFile, type Chunk, type FmtSpec, type RiffMagic } from './riffBuilder';

export interface Encoding {
  /** Bytes per sample in the file. */
  bytes: number;
  bigEndian: boolean;
  float?: boolean;
  /** 8-bit WAV: stored as code + 128. */
  unsigned?: boolean;
}

/**
 * Interleaves per-channel values into bytes. Integer values are container codes (already
 * left-justified for valid bits < container bits); float values are written as they are.
 */
export function encodeInterleaved(channels: readonly (readonly number[])[], enc: Encoding): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  const out = new Uint8Array(frames * channels.length * enc.bytes);
  const view = new DataView(out.buffer);
  const le = !enc.bigEndian;
  let pos = 0;
  for (let i = 0; i < frames; i++) {
    for (const ch of channels) {
      const v = ch[i]!;
      if (enc.float) {
        if (enc.bytes === 4) view.setFloat32(pos, v, le);
        else view.setFloat64(pos, v, le);
      } else if (enc.bytes === 1) {
        view.setUint8(pos, enc.unsigned ? v + 128 : v & 0xff);
      } else {
        // Two's complement, byte by byte in the requested order.
        const u = BigInt.asUintN(enc.bytes * 8, BigInt(v));
        for (let b = 0; b < enc.bytes; b++) {
          const byte = Number((u >> BigInt(8 * b)) & 0xffn);
          view.setUint8(pos + (le ? b : enc.bytes - 1 - b), byte);
        }
      }
      pos += enc.bytes;
    }
  }
  return out;
}

/** What the decoder must produce for an integer container code: code / 2^(bits - 1) as float32. */
export function expectedFromCode(code: number, containerBytes: number): number {
  return Math.fround(code / 2 ** (containerBytes * 8 - 1));
}

export function wavBytes(fmt: FmtSpec, data: Uint8Array, options: { magic?: RiffMagic; before?: Chunk[]; after?: Chunk[]; dataSize?: number } = {}): Uint8Array {
  const magic = options.magic ?? 'RIFF';
  const order = magic === 'RIFX' ? 'be' : 'le';
  const dataChunk = chunk('data', data, options.dataSize === undefined ? {} : { size: options.dataSize });
  return riffFile(magic, [fmtChunk(fmt, order), ...(options.before ?? []), dataChunk, ...(options.after ?? [])]);
}

/** AIFF (no compression) or AIFF-C (with `compression`), with real sound data in SSND. */
export function aiffBytes(spec: { channels: number; sampleSize: number; sampleRate: number; compression?: string }, sound: Uint8Array, frames: number): Uint8Array {
  const ssnd = chunk('SSND', concat([new Uint8Array(8), sound]));
  const form = spec.compression === undefined ? 'AIFF' : 'AIFC';
  return formFile(form, [commChunk({ ...spec, frames }), ssnd]);
}

export async function probeBytes(bytes: Uint8Array): Promise<{ source: ByteSource; probe: DecodableProbe }> {
  const source = memorySource(bytes);
  const probe = await probeAudio(source);
  if (!probe.ok) throw new Error(`fixture does not probe: ${probe.issues.map((i) => i.message).join('; ')}`);
  return { source, probe };
}

/** Decodes everything into one Float32Array per channel (tests only: the whole file in memory). */
export async function decodeAll(source: ByteSource, probe: DecodableProbe, chunkFrames?: number): Promise<Float32Array[]> {
  const parts: Float32Array[][] = Array.from({ length: probe.format.channels }, () => []);
  for await (const c of decodePcm(source, probe, chunkFrames === undefined ? {} : { chunkFrames })) {
    c.channels.forEach((data, ch) => parts[ch]!.push(data.slice(0, c.frames)));
  }
  return parts.map(concatFloat32);
}

/** The arrays one after the other in one new array. */
export function concatFloat32(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, a) => n + a.length, 0));
  let pos = 0;
  for (const a of parts) {
    out.set(a, pos);
    pos += a.length;
  }
  return out;
}

export function streamInfoOf(partial: Partial<StreamInfo> & { channels: number }): StreamInfo {
  return { sampleRate: 48_000, bitDepth: 24, float: false, channelMask: null, totalFrames: 0, ...partial };
}

/**
 * Feeds whole channels to an analyser in chunks of `chunkFrames`, through reused arrays as the
 * decoder does (so an analyser that keeps a reference past push() is caught). `withStats`: each
 * chunk carries its block stats, as the decoder attaches them for analyseSource.
 */
export function runAnalyser<R>(factory: AnalyserFactory<R>, info: StreamInfo, channels: readonly Float32Array[], chunkFrames = 4096, withStats = false): R {
  const analyser: Analyser<R> = factory({ ...info, totalFrames: info.totalFrames || (channels[0]?.length ?? 0) });
  const stats = withStats ? new BlockStatsBuilder(channels.length) : null;
  const frames = channels[0]?.length ?? 0;
  const reused = channels.map(() => new Float32Array(chunkFrames));
  for (let start = 0; start < frames; start += chunkFrames) {
    const n = Math.min(chunkFrames, frames - start);
    channels.forEach((ch, c) => {
      reused[c]!.fill(NaN);
      reused[c]!.set(ch.subarray(start, start + n));
    });
    const pcm: PcmChunk = { channels: reused, frames: n, startFrame: start };
    analyser.push(stats ? stats.attach(pcm) : pcm);
  }
  return analyser.finish();
}

/** A fixed-seed PRNG in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random integer codes of `bits` valid bits, left-justified into `containerBits`. */
export function randomCodes(frames: number, bits: number, containerBits: number, seed: number): number[] {
  const rnd = seededRandom(seed);
  const span = 2 ** bits;
  const shift = 2 ** (containerBits - bits);
  return Array.from({ length: frames }, () => (Math.floor(rnd() * span) - span / 2) * shift);
}
