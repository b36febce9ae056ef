import type { BlockExtentsOut } from '../analysis/analyser';
import { loadWasm } from '../wasm/loadWasm';

/**
 * The decoder's hot loops: interleaved sample bytes → one Float32Array per channel. One function
 * per sample layout, chosen once per file, so no loop ever switches on the format per sample.
 *
 * Integers are scaled by their container (a 20-bit sample left-justified in 24 bits is divided by
 * 2^23), so every value lies in [-1, 1) and the positive maximum is 1 - 2^(1 - validBits).
 * Float32 holds 24-bit integers exactly; 32-bit integers are rounded to float32 precision.
 *
 * Converters that read through typed-array views (16, 32, float) expect the bytes in platform
 * order: the decoder byte-swaps big-endian buffers in place first (Buffer.swap16/32/64 is native
 * and far faster than a per-sample DataView). The decoder places the bytes where the plan says
 * (`leadingPad`), so views are aligned and the 24-bit loads have a spare byte either side.
 */
export type PcmConverter = (bytes: Uint8Array, frames: number, out: readonly Float32Array[], tally: NonFiniteTally) => void;

/**
 * A converter that also fills the chunk's block extents and channel sums (blockStats.ts) while
 * each sample is in a register, instead of a second pass that loads every sample again. Returns
 * false, having done nothing, for what it does not handle (a frame count that is not a multiple
 * of 4 or above its limit, other block sizes): the caller then converts and scans as usual.
 */
export type FusedConverter = (bytes: Uint8Array, frames: number, out: readonly Float32Array[], extents: BlockExtentsOut) => boolean;

/**
 * Non-finite samples (NaN, ±infinity) a `convertFinite` float converter met and replaced with 0,
 * so that no analyser's running sum or filter state ever sees one (a single NaN would void a
 * file's DC offset, true peak and loudness). The converter adds to `count` and lowers `first`
 * (the frame within the call; -1 for none yet); the decoder reports both with the chunk and
 * resets them. Integer samples are always finite: their converters never touch it.
 */
export interface NonFiniteTally {
  count: number;
  first: number;
}

const SCALE_8 = 2 ** -7;
const SCALE_16 = 2 ** -15;
const SCALE_32 = 2 ** -31;

/** WAV 8-bit: unsigned, 128 is zero. */
function unsigned8(bytes: Uint8Array, frames: number, out: readonly Float32Array[]): void {
  const channels = out.length;
  for (let c = 0; c < channels; c++) {
    const dst = out[c]!;
    for (let i = 0, p = c; i < frames; i++, p += channels) dst[i] = (bytes[p]! - 128) * SCALE_8;
  }
}

/** AIFF 8-bit: signed two's complement. */
function signed8(bytes: Uint8Array, frames: number, out: readonly Float32Array[]): void {
  const channels = out.length;
  const src = new Int8Array(bytes.buffer, bytes.byteOffset, frames * channels);
  for (let c = 0; c < channels; c++) {
    const dst = out[c]!;
    for (let i = 0, p = c; i < frames; i++, p += channels) dst[i] = src[p]! * SCALE_8;
  }
}

function int16(bytes: Uint8Array, frames: number, out: readonly Float32Array[]): void {
  const channels = out.length;
  const src = new Int16Array(bytes.buffer, bytes.byteOffset, frames * channels);
  for (let c = 0; c < channels; c++) {
    const dst = out[c]!;
    for (let i = 0, p = c; i < frames; i++, p += channels) dst[i] = src[p]! * SCALE_16;
  }
}

/**
 * 24-bit little-endian. Where the bytes are 4-byte aligned on a little-endian machine (the
 * decoder's chunks are), mono and stereo read four samples from three aligned 32-bit words and
 * place each in the top of an int32 with shifts: about twice as fast as a load per sample.
 * Elsewhere, and for the last few samples: one unaligned 32-bit DataView load per sample (about
 * twice as fast as three byte loads) that takes the byte in front along, masked off; the decoder
 * stores the bytes after a pad so that this byte exists.
 */
function int24le(bytes: Uint8Array, frames: number, out: readonly Float32Array[]): void {
  const channels = out.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset - 1);
  const words = !PLATFORM_BIG_ENDIAN && bytes.byteOffset % 4 === 0;
  // Mono and stereo (most deliveries) get their own loops: ~1.5× faster than the strided one.
  if (channels === 1) return int24leMono(bytes, view, frames, out[0]!, words);
  if (channels === 2) return int24leStereo(bytes, view, frames, out[0]!, out[1]!, words);
  const stride = channels * 3;
  for (let c = 0; c < channels; c++) {
    const dst = out[c]!;
    for (let i = 0, p = c * 3; i < frames; i++, p += stride) dst[i] = (view.getInt32(p, true) & -256) * SCALE_32;
  }
}

/*
 * Four little-endian 24-bit samples in three words w0 w1 w2 (bytes b0..b11), each moved to the
 * top of an int32 (its sign bit on top, the low byte zero), as the DataView path gives them:
 *   s0 = b0 b1 b2  = w0 << 8
 *   s1 = b3 b4 b5  = (w1 << 16) | (w0 >>> 16 & 0xff00)
 *   s2 = b6 b7 b8  = (w2 << 24) | (w1 >>> 8 & 0xffff00)
 *   s3 = b9 b10 b11 = w2 & -256
 */

function int24leMono(bytes: Uint8Array, view: DataView, frames: number, dst: Float32Array, words: boolean): void {
  let i = 0;
  if (words) {
    const groups = frames >> 2;
    const w = new Int32Array(bytes.buffer, bytes.byteOffset, groups * 3);
    for (let g = 0, k = 0; g < groups; g++, k += 3, i += 4) {
      const w0 = w[k]!, w1 = w[k + 1]!, w2 = w[k + 2]!;
      dst[i] = (w0 << 8) * SCALE_32;
      dst[i + 1] = ((w1 << 16) | ((w0 >>> 16) & 0xff00)) * SCALE_32;
      dst[i + 2] = ((w2 << 24) | ((w1 >>> 8) & 0xffff00)) * SCALE_32;
      dst[i + 3] = (w2 & -256) * SCALE_32;
    }
  }
  for (let p = 3 * i; i < frames; i++, p += 3) dst[i] = (view.getInt32(p, true) & -256) * SCALE_32;
}

function int24leStereo(bytes: Uint8Array, view: DataView, frames: number, left: Float32Array, right: Float32Array, words: boolean): void {
  let i = 0;
  if (words) {
    const groups = frames >> 1;
    const w = new Int32Array(bytes.buffer, bytes.byteOffset, groups * 3);
    for (let g = 0, k = 0; g < groups; g++, k += 3, i += 2) {
      const w0 = w[k]!, w1 = w[k + 1]!, w2 = w[k + 2]!;
      left[i] = (w0 << 8) * SCALE_32;
      right[i] = ((w1 << 16) | ((w0 >>> 16) & 0xff00)) * SCALE_32;
      left[i + 1] = ((w2 << 24) | ((w1 >>> 8) & 0xffff00)) * SCALE_32;
      right[i + 1] = (w2 & -256) * SCALE_32;
    }
  }
  for (let p = 6 * i; i < frames; i++, p += 6) {
    left[i] = (view.getInt32(p, true) & -256) * SCALE_32;
    right[i] = (view.getInt32(p + 3, true) & -256) * SCALE_32;
  }
}

/*
 * The fused 24-bit converter, in WebAssembly SIMD (src/core/wasm/pcm24.wat): int24le's samples
 * plus what blockExtentsAndSum (blockStats.ts) computes, with the same results bit for bit.
 * - Sums: in the scan's four lanes (frame index mod 4), each adding the same float values in
 *   the same order.
 * - Extents: taken on the integer codes (the scaling to float is exact and monotonic, so the
 *   smallest code is the smallest sample).
 * The bytes are copied into its memory and the results out of it (two memcpy, cheaper than a
 * JavaScript loop's per-sample work). Whole groups of four frames only, 256-frame blocks, mono
 * and stereo, at most PCM24_FRAMES a call: the decoder's chunks (DEFAULT_CHUNK_FRAMES) fit; the
 * decoder converts and scans anything else.
 */
interface Pcm24Kernel {
  readonly mono24: (frames: number) => void;
  readonly stereo24: (frames: number) => void;
  readonly u8: Uint8Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
}

const FUSED_BLOCK_FRAMES = 256;
const PCM24_FRAMES = 16_384;
const PCM24_OUT = [98_560 / 4, 164_096 / 4];
const PCM24_MIN = 229_632 / 4;
const PCM24_SUM = 230_656 / 8;

let pcm24: Pcm24Kernel | undefined;

function pcm24Kernel(): Pcm24Kernel {
  if (pcm24 === undefined) {
    const exports = loadWasm('pcm24') as Pick<Pcm24Kernel, 'mono24' | 'stereo24'> & { memory: { buffer: ArrayBuffer } };
    // Four fixed pages (the module declares no growth), so the views stay valid.
    const buffer = exports.memory.buffer;
    pcm24 = { mono24: exports.mono24, stereo24: exports.stereo24, u8: new Uint8Array(buffer), f32: new Float32Array(buffer), f64: new Float64Array(buffer) };
  }
  return pcm24;
}

function int24leFused(bytes: Uint8Array, frames: number, out: readonly Float32Array[], extents: BlockExtentsOut): boolean {
  const channels = out.length;
  // The typed-array views read the kernel's little-endian memory in platform order.
  if (PLATFORM_BIG_ENDIAN || channels > 2 || frames > PCM24_FRAMES || (frames & 3) !== 0 || extents.blockFrames !== FUSED_BLOCK_FRAMES) return false;
  const k = pcm24Kernel();
  k.u8.set(bytes.subarray(0, 3 * channels * frames));
  if (channels === 1) k.mono24(frames);
  else k.stereo24(frames);
  const blocks = Math.ceil(frames / FUSED_BLOCK_FRAMES);
  const { min, max, stride, sum } = extents;
  for (let c = 0; c < channels; c++) {
    out[c]!.set(k.f32.subarray(PCM24_OUT[c]!, PCM24_OUT[c]! + frames));
    for (let b = 0; b < blocks; b++) {
      min[c * stride + b] = k.f32[PCM24_MIN + 64 * c + b]!;
      max[c * stride + b] = k.f32[PCM24_MIN + 128 + 64 * c + b]!;
    }
    sum[c] = k.f64[PCM24_SUM + c]!;
  }
  return true;
}

/** Reads one byte past each sample, so the decoder leaves one spare byte after the data. */
function int24be(bytes: Uint8Array, frames: number, out: readonly Float32Array[]): void {
  const channels = out.length;
  const stride = channels * 3;
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  for (let c = 0; c < channels; c++) {
    const dst = out[c]!;
    for (let i = 0, p = c * 3; i < frames; i++, p += stride) dst[i] = (view.getInt32(p, false) & -256) * SCALE_32;
  }
}

function int32(bytes: Uint8Array, frames: number, out: readonly Float32Array[]): void {
  const channels = out.length;
  const src = new Int32Array(bytes.buffer, bytes.byteOffset, frames * channels);
  for (let c = 0; c < channels; c++) {
    const dst = out[c]!;
    for (let i = 0, p = c; i < frames; i++, p += channels) dst[i] = src[p]! * SCALE_32;
  }
}

/** Float samples as they are, NaN and infinities included (what a render or a null test wants). */
function float32(bytes: Uint8Array, frames: number, out: readonly Float32Array[]): void {
  const channels = out.length;
  const src = new Float32Array(bytes.buffer, bytes.byteOffset, frames * channels);
  if (channels === 1) {
    out[0]!.set(src);
    return;
  }
  for (let c = 0; c < channels; c++) {
    const dst = out[c]!;
    for (let i = 0, p = c; i < frames; i++, p += channels) dst[i] = src[p]!;
  }
}

function float64(bytes: Uint8Array, frames: number, out: readonly Float32Array[]): void {
  const channels = out.length;
  const src = new Float64Array(bytes.buffer, bytes.byteOffset, frames * channels);
  for (let c = 0; c < channels; c++) {
    const dst = out[c]!;
    for (let i = 0, p = c; i < frames; i++, p += channels) dst[i] = src[p]!;
  }
}

/*
 * Float samples for analysis: every non-finite one counted and replaced with 0. x - x is 0 for
 * every finite x and NaN for NaN and ±infinity, so one subtraction and a branch that is never
 * taken in a sound file keep the copy loops about as fast as the ones above; a float64 value
 * beyond float32's range is tested after rounding, where it became infinite. The rare bad sample
 * goes through replaceNonFinite.
 */

function float32Finite(bytes: Uint8Array, frames: number, out: readonly Float32Array[], tally: NonFiniteTally): void {
  const channels = out.length;
  const src = new Float32Array(bytes.buffer, bytes.byteOffset, frames * channels);
  if (channels === 1) {
    // A native copy, then a read-only scan four lanes wide (x - x is 0, or NaN for a bad
    // sample, which sticks in its lane): about twice as fast as testing inside a copy loop.
    const dst = out[0]!;
    dst.set(src);
    const whole = frames & ~3;
    let a = 0, b = 0, c = 0, d = 0;
    for (let i = 0; i < whole; i += 4) {
      const w = dst[i]!, x = dst[i + 1]!, y = dst[i + 2]!, z = dst[i + 3]!;
      a += w - w;
      b += x - x;
      c += y - y;
      d += z - z;
    }
    for (let i = whole; i < frames; i++) a += dst[i]! - dst[i]!;
    if (a + b + c + d !== 0) {
      for (let i = 0; i < frames; i++) if (dst[i]! - dst[i]! !== 0) replaceNonFinite(dst, i, tally);
    }
    return;
  }
  for (let c = 0; c < channels; c++) {
    const dst = out[c]!;
    for (let i = 0, p = c; i < frames; i++, p += channels) {
      const x = src[p]!;
      dst[i] = x;
      if (x - x !== 0) replaceNonFinite(dst, i, tally);
    }
  }
}

function float64Finite(bytes: Uint8Array, frames: number, out: readonly Float32Array[], tally: NonFiniteTally): void {
  const channels = out.length;
  const src = new Float64Array(bytes.buffer, bytes.byteOffset, frames * channels);
  for (let c = 0; c < channels; c++) {
    const dst = out[c]!;
    for (let i = 0, p = c; i < frames; i++, p += channels) {
      const x = Math.fround(src[p]!);
      dst[i] = x;
      if (x - x !== 0) replaceNonFinite(dst, i, tally);
    }
  }
}

/** Counts the non-finite sample at dst[i] and makes it 0 (kept out of the loops above). */
function replaceNonFinite(dst: Float32Array, i: number, tally: NonFiniteTally): void {
  dst[i] = 0;
  tally.count++;
  if (tally.first < 0 || i < tally.first) tally.first = i;
}

/** How samples are stored, as far as conversion cares. */
export interface SampleEncoding {
  float: boolean;
  /** Bytes per sample (the container, not the valid bits). */
  bytes: number;
  bigEndian: boolean;
  /** 8-bit WAV is unsigned; 8-bit AIFF is signed. */
  unsigned: boolean;
}

export interface ConversionPlan {
  /** Samples as stored (float NaN and infinities pass through). */
  convert: PcmConverter;
  /** The same with every non-finite sample replaced by 0 and counted (the same as `convert` for integers). */
  convertFinite: PcmConverter;
  /** Swap each buffer's byte order in place (width in bytes: 2, 4 or 8) before converting. */
  swapBytes: 0 | 2 | 4 | 8;
  /**
   * Where in its ArrayBuffer the sample bytes must start: 0 keeps typed-array views aligned; 4
   * keeps them aligned and gives little-endian 24-bit loads their byte in front. The buffer must
   * also hold one byte after.
   */
  leadingPad: 0 | 4;
  /** convertFinite plus the block stats, where a fused converter exists (24-bit little-endian mono and stereo). */
  convertWithExtents: FusedConverter | null;
}

const PLATFORM_BIG_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;

/** The converter for an encoding, or null when there is none (e.g. 48-bit integers, 16-bit float). */
export function conversionPlan(enc: SampleEncoding): ConversionPlan | null {
  const swap = enc.bigEndian !== PLATFORM_BIG_ENDIAN;
  const swapped = (convert: PcmConverter, width: 2 | 4 | 8, convertFinite = convert): ConversionPlan =>
    ({ convert, convertFinite, swapBytes: swap ? width : 0, leadingPad: 0, convertWithExtents: null });
  const plain = (convert: PcmConverter, leadingPad: 0 | 4 = 0, convertWithExtents: FusedConverter | null = null): ConversionPlan =>
    ({ convert, convertFinite: convert, swapBytes: 0, leadingPad, convertWithExtents });
  if (enc.float) {
    if (enc.bytes === 4) return swapped(float32, 4, float32Finite);
    if (enc.bytes === 8) return swapped(float64, 8, float64Finite);
    return null;
  }
  switch (enc.bytes) {
    case 1: return plain(enc.unsigned ? unsigned8 : signed8);
    case 2: return swapped(int16, 2);
    case 3: return enc.bigEndian ? plain(int24be) : plain(int24le, 4, int24leFused);
    case 4: return swapped(int32, 4);
    default: return null;
  }
}
