import { loadWasm } from '../wasm/loadWasm';
import type { Analyser, AnalyserFactory, PcmChunk, StreamInfo } from './analyser';

/**
 * True peak per ITU-R BS.1770-4 annex 2: oversample, take the largest absolute value. The annex
 * asks for 4x at 48 kHz (2x at 96 kHz, none at 192 kHz); here the factor is the power of two
 * that brings the rate to at least 176.4 kHz, so 44.1/48 kHz -> 4x, 88.2/96 kHz -> 2x,
 * 176.4/192 kHz -> 1x (true peak = sample peak), 22.05/32 kHz -> 8x.
 *
 * The interpolator is our own design, a cascade of 2x half-band windowed-sinc (Kaiser) stages
 * rather than the annex's single 48-tap 4-phase filter. A half-band stage keeps every input
 * sample as it is (so true peak >= sample peak, exactly) and computes each new midpoint from
 * symmetric pairs. The first stage has 48 taps (Kaiser beta 6): passband to 0.45 fs within
 * ±0.1 %, -6 dB at fs/2 (every half-band filter is), stopband from 0.55 fs. The later stages, which
 * only see content below a quarter of their rate (plus the first stage's transition band), have
 * 12 taps (beta 6). The 4x interpolator reconstructs a sine within 0.2 % (±0.02 dB) up to
 * 0.45 fs (21.6 kHz at 48 kHz, 19.8 kHz at 44.1 kHz; test/unit/truePeak.test.ts measures it);
 * above, the error grows to about 5 % at 0.47 fs. Material whose energy reaches right up to fs/2
 * (no anti-alias roll-off) can read a few tenths of a dB below an ideal (infinitely long)
 * interpolator: there no finite filter agrees with the ideal one. Like any 4x meter it can still
 * miss the crest of a tone between two oversampled points, by up to 0.55 dB at 0.45 fs.
 *
 * Exact skipping: a segment whose interpolated values cannot beat the channel's running maximum
 * is not interpolated: only its last samples are kept as history for the next one. Two bounds,
 * both computed from the taps, never hard-coded:
 * - every interpolated value is a weighted sum of nearby input samples, so it is at most
 *   S * max|x| over those samples, S being the largest sum of absolute weights of any output
 *   phase (about 2.74 for the 4x cascade): free, max|x| is needed for the sample peak anyway;
 * - the cascade reproduces straight lines exactly, so each value is the straight line between
 *   its two neighbouring samples plus a weighted sum of second differences
 *   d[i] = x[i-1] - 2 x[i] + x[i+1] of the input: at most max|x| + C * max|d|, C being the
 *   largest sum of absolute second-difference weights of any phase (about 0.53 for 4x). Audio
 *   is smooth at the sample rate, so this one is far tighter; it costs one pass over the segment,
 *   only when the first bound fails.
 * The result is the same as interpolating everything, bit for bit; it only costs less.
 */

export interface TruePeakResult {
  /** Largest true peak of all channels in dBTP; null for digital silence or no audio. */
  truePeakDbtp: number | null;
  /** Per channel, in file order. */
  channelTruePeakDbtp: (number | null)[];
  /** The oversampling factor used (1: at this rate the sample peak is the true peak). */
  oversampling: number;
}

/** Frames per skipping decision: smaller finds more to skip, larger costs less per decision. */
const SEGMENT = 512;
/** A segment the bounds do not clear is bounded again in parts of this many frames (see interpolateParts). */
const SUB_SEGMENT = 128;
const TARGET_RATE = 176_400;
const FIRST_STAGE_TAPS = 48;
const FIRST_STAGE_BETA = 6;
const LATER_STAGE_TAPS = 12;
const LATER_STAGE_BETA = 6;
/** Bounds are widened by this much so that rounding can never make a skip inexact. */
const SAFETY = 1 + 1e-9;

export function oversamplingFactor(sampleRate: number): number {
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) throw new RangeError(`bad sample rate ${sampleRate}`);
  let factor = 1;
  while (sampleRate * factor < TARGET_RATE && factor < 64) factor *= 2;
  return factor;
}

/**
 * One side of a symmetric half-band interpolator with `taps` taps: the weights of the input
 * samples at distances 0.5, 1.5, ... from the midpoint, normalised to a DC gain of exactly 1.
 */
export function halfBandTaps(taps: number, beta: number): Float64Array {
  const half = taps / 2;
  const h = new Float64Array(half);
  let sum = 0;
  for (let k = 0; k < half; k++) {
    const t = k + 0.5;
    const r = t / half;
    h[k] = (Math.sin(Math.PI * t) / (Math.PI * t)) * (besselI0(beta * Math.sqrt(1 - r * r)) / besselI0(beta));
    sum += 2 * h[k];
  }
  for (let k = 0; k < half; k++) h[k] /= sum;
  return h;
}

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 100; k++) {
    term *= (x / (2 * k)) * (x / (2 * k));
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/** The stage filters for an oversampling factor, one per doubling. */
export function stageTaps(factor: number): Float64Array[] {
  const stages: Float64Array[] = [];
  for (let f = 1; f < factor; f *= 2) {
    const first = stages.length === 0;
    stages.push(halfBandTaps(first ? FIRST_STAGE_TAPS : LATER_STAGE_TAPS, first ? FIRST_STAGE_BETA : LATER_STAGE_BETA));
  }
  return stages;
}

/**
 * Input samples before a segment that its interpolated values can depend on: stage s (at rate
 * 2^s fs) reaches 2 * taps/2 of its own samples, i.e. taps / 2^s input samples; plus a margin.
 */
function historyLength(stages: readonly Float64Array[]): number {
  let reach = 4;
  stages.forEach((h, s) => {
    reach += Math.ceil((2 * h.length) / 2 ** s);
  });
  return reach;
}

/**
 * An impulse at input position `span` (of 2 * span + 1 positions) through the cascade: value
 * factor * i + p is the output at input position i + p / factor.
 */
function cascadeImpulse(stages: readonly Float64Array[], span: number): Float64Array {
  let signal = new Float64Array(2 * span + 1);
  signal[span] = 1;
  for (const h of stages) {
    const next = new Float64Array(2 * signal.length);
    for (let c = 0; c < signal.length; c++) {
      let m = 0;
      for (let k = 0; k < h.length; k++) {
        const left = c - k;
        const right = c + 1 + k;
        m += h[k] * ((left >= 0 ? signal[left] : 0) + (right < signal.length ? signal[right] : 0));
      }
      next[2 * c] = signal[c];
      next[2 * c + 1] = m;
    }
    signal = next;
  }
  return signal;
}

/**
 * The first bound: an impulse through the cascade gives every output's weight on one input
 * sample; summing |weight| over the outputs of each phase gives that phase's gain for the
 * worst (sign-matched) input. The largest over the phases is the bound.
 */
export function cascadeBound(stages: readonly Float64Array[]): number {
  const factor = 2 ** stages.length;
  const signal = cascadeImpulse(stages, 4 * historyLength(stages));
  const sums = new Float64Array(factor);
  signal.forEach((v, i) => {
    sums[i % factor] += Math.abs(v);
  });
  return Math.max(...sums);
}

/** An output phase's weights on the input's second differences (see curvatureKernels). */
export interface CurvatureKernel {
  /** The output lies at input position n + phase / factor. */
  phase: number;
  /** weights[i] multiplies d[n + first + i], d[j] = x[j-1] - 2 x[j] + x[j+1]. */
  first: number;
  weights: Float64Array;
}

/**
 * For each output phase p (1 .. factor-1, at t = p / factor between x[n] and x[n+1]): the
 * weights v with y = (1 - t) x[n] + t x[n+1] + sum_j v[j] d[j]. With w the output's weights on
 * the input and r = w minus the straight line's weights, r sums to 0 and has a zero first
 * moment (the cascade keeps constants and ramps: symmetric taps, DC gain 1), so v, the double
 * running sum of r, is finite: v[j+1] - 2 v[j] + v[j-1] = r[j].
 */
export function curvatureKernels(stages: readonly Float64Array[]): CurvatureKernel[] {
  const factor = 2 ** stages.length;
  const span = 4 * historyLength(stages);
  const signal = cascadeImpulse(stages, span);
  const kernels: CurvatureKernel[] = [];
  for (let p = 1; p < factor; p++) {
    const t = p / factor;
    // r[j + span] for j = -span .. span: weight of x[n + j] on the output at n + t.
    const r = new Float64Array(2 * span + 1);
    for (let j = -span; j <= span; j++) r[j + span] = signal[factor * (span - j) + p];
    r[span] -= 1 - t;
    r[span + 1] -= t;
    // V[i] = sum_{k <= i} sum_{l <= k} r[l], so V[i] - 2 V[i-1] + V[i-2] = r[i]: v[j] = V at
    // j + span - 1, i.e. weights[i] is the weight of d[n + i - span + 1].
    const weights = new Float64Array(2 * span + 1);
    let c1 = 0;
    let v = 0;
    for (let i = 0; i < r.length; i++) {
      c1 += r[i];
      v += c1;
      weights[i] = v;
    }
    kernels.push({ phase: p, first: 1 - span, weights });
  }
  return kernels;
}

/** The second bound's C: the largest sum of absolute second-difference weights of any phase. */
export function curvatureBound(stages: readonly Float64Array[]): number {
  let max = 0;
  for (const k of curvatureKernels(stages)) {
    let sum = 0;
    for (const v of k.weights) sum += Math.abs(v);
    max = Math.max(max, sum);
  }
  return max;
}

export interface TruePeakOptions {
  /** Run every stage through the plain loops instead of the unrolled kernel (tests compare the two). */
  generic?: boolean;
  /** Interpolate every segment (tests compare the result with the skipping one). */
  noSkip?: boolean;
}

/** A factor's stages and the numbers derived from them, which every analyser at that factor shares (read only). */
interface Cascade {
  stages: Float64Array[];
  history: number;
  bound: number;
  curvature: number;
}

/**
 * Computed once per factor and thread: the bounds run impulses through the cascade, which cost
 * more than the samples of a short file (a delivery of many short files paid it per file).
 */
const cascades = new Map<number, Cascade>();

function cascadeFor(factor: number): Cascade {
  let cascade = cascades.get(factor);
  if (!cascade) {
    const stages = stageTaps(factor);
    const none = stages.length === 0;
    cascade = {
      stages,
      history: none ? 0 : historyLength(stages),
      bound: none ? 1 : cascadeBound(stages) * SAFETY,
      curvature: none ? 0 : curvatureBound(stages) * SAFETY,
    };
    cascades.set(factor, cascade);
  }
  return cascade;
}

/**
 * The 4x cascade's interpolation in WebAssembly SIMD (src/core/wasm/truePeak.wat): two midpoints
 * per vector, each summed in the order of the unrolled loops below, so the same bits. Memory
 * layout there: the window at 0, stage 1's output after it, the taps at TAPS, a float32 window
 * at F32. The skipping bounds too, the same numbers as absMax64, curvatureMax64, curvatureMax32.
 */
export interface TruePeakKernel {
  readonly peak4x: (length: number, peak: number) => number;
  /** absMax64 / curvatureMax64 over the window f64[0, length). */
  readonly absMax64: (length: number) => number;
  readonly curvature64: (length: number) => number;
  /** curvatureMax32 over f32[KERNEL_F32, KERNEL_F32 + length). */
  readonly curvature32: (length: number) => number;
  readonly f64: Float64Array;
  readonly f32: Float32Array;
}

/** Largest window the kernel's memory holds (SEGMENT + history is 570 at 4x). */
export const KERNEL_WINDOW = 1024;
const KERNEL_TAPS = 24_576 / 8;
/** Index in `f32` of the float32 window curvature32 reads. */
export const KERNEL_F32 = 32_768 / 4;

let kernel: TruePeakKernel | undefined;

/** The thread's kernel, instantiated and given the 4x taps by the first 4x analyser. */
export function truePeakKernel(): TruePeakKernel {
  if (kernel === undefined) {
    const exports = loadWasm('truePeak') as Omit<TruePeakKernel, 'f64' | 'f32'> & { memory: { buffer: ArrayBuffer } };
    // One fixed page (the module declares no growth), so the views stay valid.
    const f64 = new Float64Array(exports.memory.buffer);
    const [first, second] = cascadeFor(4).stages;
    f64.set(first!, KERNEL_TAPS);
    f64.set(second!, KERNEL_TAPS + first!.length);
    const { peak4x, absMax64, curvature64, curvature32 } = exports;
    kernel = { peak4x, absMax64, curvature64, curvature32, f64, f32: new Float32Array(exports.memory.buffer) };
  }
  return kernel;
}

export const createTruePeakAnalyser: AnalyserFactory<TruePeakResult> = (info) => new TruePeakAnalyser(info);

export class TruePeakAnalyser implements Analyser<TruePeakResult> {
  readonly factor: number;
  /** Largest sum of absolute weights of any output phase of the cascade (widened by SAFETY). */
  readonly bound: number;
  /** Largest sum of absolute second-difference weights of any output phase (widened by SAFETY). */
  readonly curvature: number;
  private readonly stages: Float64Array[];
  private readonly unrolled: boolean;
  /** At 4x unless `generic`: the WebAssembly kernel instead of halfBandStage and halfBandPeak. */
  private readonly kernel: TruePeakKernel | null;
  private readonly skip: boolean;
  private readonly history: number;
  /**
   * The last `history` input samples of channel c (zeros before the start) at c * history: one
   * array for all channels, so a header declaring 65535 channels costs one allocation.
   */
  private readonly past: Float64Array;
  /** Per channel running maximum of |sample| and |interpolated|. */
  private readonly peaks: Float64Array;
  /** Per segment of the current chunk: max |sample| (one channel at a time). */
  private segmentMax = new Float64Array(64);
  /** Work buffers of the cascade (input, then each stage's output), grown on demand, reused. */
  private readonly buffers: Float64Array[] = [];
  /** Counters for the tests and the benchmark: segments the bounds did not clear (interpolated, whole or in parts), and the others. */
  interpolatedSegments = 0;
  skippedSegments = 0;

  constructor(info: StreamInfo, options: TruePeakOptions = {}) {
    this.factor = oversamplingFactor(info.sampleRate);
    const cascade = cascadeFor(this.factor);
    this.stages = cascade.stages;
    this.unrolled = options.generic !== true;
    this.kernel = this.unrolled && this.factor === 4 ? truePeakKernel() : null;
    this.skip = options.noSkip !== true;
    this.history = cascade.history;
    this.bound = cascade.bound;
    this.curvature = cascade.curvature;
    this.peaks = new Float64Array(info.channels);
    this.past = new Float64Array(info.channels * this.history);
  }

  push(chunk: PcmChunk): void {
    const frames = chunk.frames;
    if (frames === 0) return;
    const segments = Math.ceil(frames / SEGMENT);
    if (this.segmentMax.length < segments) this.segmentMax = new Float64Array(segments);
    const segmentMax = this.segmentMax;
    const stats = chunk.stats;
    const perSegment = stats && SEGMENT % stats.blockFrames === 0 ? SEGMENT / stats.blockFrames : 0;
    for (let c = 0; c < this.peaks.length; c++) {
      const x = chunk.channels[c];
      // The sample peak comes first: every sample is also an output of the interpolator, so it
      // raises the running maximum before any bound is compared with it.
      let peak = this.peaks[c];
      if (perSegment > 0) {
        // From the block extents every analyser shares (blockStats.ts): max(hi, -lo) = max |x|.
        const { min, max, blocks } = stats!;
        for (let s = 0, b = c * blocks, end = b + blocks; s < segments; s++) {
          let m = 0;
          for (let k = 0; k < perSegment && b < end; k++, b++) m = Math.max(m, max[b], -min[b]);
          segmentMax[s] = m;
          peak = Math.max(peak, m);
        }
      } else {
        for (let s = 0, start = 0; s < segments; s++, start += SEGMENT) {
          const m = absMax32(x, start, Math.min(frames, start + SEGMENT));
          segmentMax[s] = m;
          peak = Math.max(peak, m);
        }
      }
      this.peaks[c] = peak;
      if (this.stages.length > 0) this.interpolateChunk(c, x, frames, segmentMax);
    }
  }

  finish(): TruePeakResult {
    if (this.stages.length > 0) {
      // The interpolated values after the last sample, against the silence that follows it.
      const zeros = new Float32Array(this.history);
      const none = new Float64Array(Math.ceil(zeros.length / SEGMENT));
      for (let c = 0; c < this.peaks.length; c++) this.interpolateChunk(c, zeros, zeros.length, none, false);
    }
    // Plain loops: iterating a typed array makes an object per value.
    const peaks = this.peaks;
    const channelTruePeakDbtp = new Array<number | null>(peaks.length);
    let max = 0;
    for (let c = 0; c < peaks.length; c++) {
      max = Math.max(max, peaks[c]);
      channelTruePeakDbtp[c] = toDb(peaks[c]);
    }
    return { truePeakDbtp: toDb(max), channelTruePeakDbtp, oversampling: this.factor };
  }

  private interpolateChunk(channel: number, x: Float32Array, frames: number, segmentMax: Float64Array, keepHistory = true): void {
    const past = this.past;
    const history = this.history;
    const base = channel * history;
    for (let s = 0, start = 0; start < frames; s++, start += SEGMENT) {
      const end = Math.min(frames, start + SEGMENT);
      const peak = this.peaks[channel];
      // Bounds over the segment and the history its outputs reach back into: the window
      // [start - history, end) holds every input sample of every value interpolated here.
      let m = segmentMax[s];
      if (start >= history) m = Math.max(m, absMax32(x, start - history, start));
      else m = Math.max(m, absMax32(x, 0, start), absMax64(past, base + start, base + history));
      let input: Float64Array | null = null;
      let needed = !this.skip || m * this.bound > peak;
      if (needed && this.skip) {
        // The second-difference bound. The first segment of a chunk reaches into the history:
        // copy the window once, the interpolator reads the same copy.
        let curvature: number;
        const kernel = this.kernel;
        if (start >= history) {
          if (kernel !== null && end - start + history <= KERNEL_WINDOW) {
            kernel.f32.set(x.subarray(start - history, end), KERNEL_F32);
            curvature = kernel.curvature32(end - start + history);
          } else {
            curvature = curvatureMax32(x, start - history, end);
          }
        } else {
          input = this.window(channel, x, start, end);
          curvature = this.curvatureMax(input, history + end - start);
        }
        needed = (m + this.curvature * curvature) * SAFETY > peak;
      }
      if (needed && this.skip && end - start > SUB_SEGMENT) {
        this.interpolateParts(channel, x, start, end);
        this.interpolatedSegments++;
      } else if (needed) {
        this.interpolate(channel, input ?? this.window(channel, x, start, end), history + end - start);
        this.interpolatedSegments++;
      } else {
        this.skippedSegments++;
      }
    }
    // Keep the last `history` samples (some from the previous chunk when this one is short).
    if (!keepHistory) return;
    if (frames >= history) {
      for (let k = 0; k < history; k++) past[base + k] = x[frames - history + k];
    } else {
      // A loop, not copyWithin: a builtin call per channel costs more than a few samples' copy.
      for (let k = base, end = base + history - frames; k < end; k++) past[k] = past[k + frames];
      for (let k = 0; k < frames; k++) past[base + history - frames + k] = x[k];
    }
  }

  /**
   * A segment the bounds did not clear, in parts of SUB_SEGMENT frames: each part gets the same two
   * bounds over its own window and is interpolated only when they still allow a new peak. A peak
   * sits on a transient, so most parts of such a segment are cleared, at a few operations a sample
   * against some 80 for interpolating. Interpolating parts in order raises the peak as it goes.
   */
  private interpolateParts(channel: number, x: Float32Array, start: number, end: number): void {
    for (let from = start; from < end; from += SUB_SEGMENT) {
      const to = Math.min(end, from + SUB_SEGMENT);
      const peak = this.peaks[channel];
      const length = this.history + to - from;
      const input = this.window(channel, x, from, to);
      const m = input === this.kernel?.f64 ? this.kernel.absMax64(length) : absMax64(input, 0, length);
      if (m * this.bound > peak && (m + this.curvature * this.curvatureMax(input, length)) * SAFETY > peak) {
        this.interpolate(channel, input, length);
      }
    }
  }

  /** curvatureMax64 over input[0, length), in the kernel when the window is its memory. */
  private curvatureMax(input: Float64Array, length: number): number {
    return input === this.kernel?.f64 ? this.kernel.curvature64(length) : curvatureMax64(input, 0, length);
  }

  /**
   * [history before start | x[start, end)] in the first work buffer, or straight in the kernel's
   * window when it fits (the bounds and the interpolation read it there, no copy).
   */
  private window(channel: number, x: Float32Array, start: number, end: number): Float64Array {
    const history = this.history;
    const length = history + end - start;
    const input = this.kernel !== null && length <= KERNEL_WINDOW ? this.kernel.f64 : this.buffer(0, length);
    if (start >= history) {
      input.set(x.subarray(start - history, end));
    } else {
      // The first segment of a chunk: a plain copy, no subarray views (a file of 65535 channels
      // and a few frames lands here once per channel).
      const past = this.past;
      const base = channel * history;
      let k = 0;
      for (let i = base + start; i < base + history; i++) input[k++] = past[i];
      for (let i = 0; i < end; i++) input[k++] = x[i];
    }
    return input;
  }

  /** Interpolates input[0, length) (a window) and raises the channel's peak. */
  private interpolate(channel: number, input: Float64Array, length: number): void {
    if (this.kernel !== null && length <= KERNEL_WINDOW) {
      if (input !== this.kernel.f64) this.kernel.f64.set(input.subarray(0, length));
      this.peaks[channel] = this.kernel.peak4x(length, this.peaks[channel]);
      return;
    }
    const stages = this.stages;
    let peak = this.peaks[channel];
    let current = input;
    let n = length;
    for (let s = 0; s < stages.length - 1; s++) {
      const out = this.buffer(s + 1, 2 * n);
      peak = halfBandStage(stages[s], current, n, out, peak, this.unrolled);
      n = 2 * (n - stages[s].length * 2 + 1);
      current = out;
    }
    const last = stages[stages.length - 1];
    peak = halfBandPeak(last, current, last.length - 1, n - last.length, peak, this.unrolled);
    this.peaks[channel] = peak;
  }

  private buffer(index: number, length: number): Float64Array {
    let b = this.buffers[index];
    if (b === undefined || b.length < length) {
      b = new Float64Array(Math.max(length, (2 * (SEGMENT + this.history)) << index));
      this.buffers[index] = b;
    }
    return b;
  }
}

/**
 * One 2x half-band stage whose output feeds another stage: for every midpoint whose taps all lie
 * in input[0, length), writes the sample before it and the midpoint (so the output is the
 * interleaved 2x sequence, 2 * (length - taps + 1) values). Returns max(peak, |midpoints|).
 */
function halfBandStage(h: Float64Array, input: Float64Array, length: number, out: Float64Array, peak: number, unrolled: boolean): number {
  const half = h.length;
  let max = peak;
  let o = 0;
  if (unrolled && half === 24) {
    // The first stage's 48 taps written out: the same sums in the same order as the loop.
    const h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3], h4 = h[4], h5 = h[5], h6 = h[6], h7 = h[7];
    const h8 = h[8], h9 = h[9], h10 = h[10], h11 = h[11], h12 = h[12], h13 = h[13], h14 = h[14], h15 = h[15];
    const h16 = h[16], h17 = h[17], h18 = h[18], h19 = h[19], h20 = h[20], h21 = h[21], h22 = h[22], h23 = h[23];
    for (let c = half - 1; c <= length - half - 1; c++) {
      const m =
        h0 * (input[c] + input[c + 1]) + h1 * (input[c - 1] + input[c + 2]) + h2 * (input[c - 2] + input[c + 3]) +
        h3 * (input[c - 3] + input[c + 4]) + h4 * (input[c - 4] + input[c + 5]) + h5 * (input[c - 5] + input[c + 6]) +
        h6 * (input[c - 6] + input[c + 7]) + h7 * (input[c - 7] + input[c + 8]) + h8 * (input[c - 8] + input[c + 9]) +
        h9 * (input[c - 9] + input[c + 10]) + h10 * (input[c - 10] + input[c + 11]) + h11 * (input[c - 11] + input[c + 12]) +
        h12 * (input[c - 12] + input[c + 13]) + h13 * (input[c - 13] + input[c + 14]) + h14 * (input[c - 14] + input[c + 15]) +
        h15 * (input[c - 15] + input[c + 16]) + h16 * (input[c - 16] + input[c + 17]) + h17 * (input[c - 17] + input[c + 18]) +
        h18 * (input[c - 18] + input[c + 19]) + h19 * (input[c - 19] + input[c + 20]) + h20 * (input[c - 20] + input[c + 21]) +
        h21 * (input[c - 21] + input[c + 22]) + h22 * (input[c - 22] + input[c + 23]) + h23 * (input[c - 23] + input[c + 24]);
      out[o++] = input[c];
      out[o++] = m;
      max = Math.max(max, Math.abs(m));
    }
    return max;
  }
  for (let c = half - 1; c <= length - half - 1; c++) {
    let m = 0;
    for (let k = 0; k < half; k++) m += h[k] * (input[c - k] + input[c + 1 + k]);
    out[o++] = input[c];
    out[o++] = m;
    max = Math.max(max, Math.abs(m));
  }
  return max;
}

/**
 * The last stage: max(peak, |midpoint|) for the centres c in [from, to); nothing is written.
 * `unrolled`: the later stages' 12 taps (4x, 8x, ...) written out, the same sums in the same
 * order as the loop, so the same bits.
 */
function halfBandPeak(h: Float64Array, input: Float64Array, from: number, to: number, peak: number, unrolled: boolean): number {
  const half = h.length;
  let max = peak;
  if (unrolled && half === 6) {
    const h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3], h4 = h[4], h5 = h[5];
    for (let c = from; c < to; c++) {
      const m =
        h0 * (input[c] + input[c + 1]) + h1 * (input[c - 1] + input[c + 2]) + h2 * (input[c - 2] + input[c + 3]) +
        h3 * (input[c - 3] + input[c + 4]) + h4 * (input[c - 4] + input[c + 5]) + h5 * (input[c - 5] + input[c + 6]);
      max = Math.max(max, Math.abs(m));
    }
    return max;
  }
  for (let c = from; c < to; c++) {
    let m = 0;
    for (let k = 0; k < half; k++) m += h[k] * (input[c - k] + input[c + 1 + k]);
    max = Math.max(max, Math.abs(m));
  }
  return max;
}

/**
 * max |x[i]| over [from, to). Math.abs/Math.max compile without branches (a data-dependent
 * branch on the sign costs several times more on noisy audio); four lanes hide the latency.
 */
function absMax32(x: Float32Array, from: number, to: number): number {
  let m0 = 0, m1 = 0, m2 = 0, m3 = 0;
  let i = from;
  for (const end = to - 3; i < end; i += 4) {
    m0 = Math.max(m0, Math.abs(x[i]));
    m1 = Math.max(m1, Math.abs(x[i + 1]));
    m2 = Math.max(m2, Math.abs(x[i + 2]));
    m3 = Math.max(m3, Math.abs(x[i + 3]));
  }
  for (; i < to; i++) m0 = Math.max(m0, Math.abs(x[i]));
  return Math.max(m0, m1, m2, m3);
}

/** absMax32 for float64 history (kept apart so that each stays monomorphic). */
export function absMax64(x: Float64Array, from: number, to: number): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** max |x[i-1] - 2 x[i] + x[i+1]| over the i with both neighbours in [from, to) (to - from >= 3). */
export function curvatureMax32(x: Float32Array, from: number, to: number): number {
  let m0 = 0, m1 = 0;
  let a = x[from], b = x[from + 1];
  let i = from + 2;
  for (const end = to - 1; i < end; i += 2) {
    const c = x[i], d = x[i + 1];
    m0 = Math.max(m0, Math.abs(a - 2 * b + c));
    m1 = Math.max(m1, Math.abs(b - 2 * c + d));
    a = c;
    b = d;
  }
  if (i < to) m0 = Math.max(m0, Math.abs(a - 2 * b + x[i]));
  return Math.max(m0, m1);
}

/** curvatureMax32 for a float64 window. */
export function curvatureMax64(x: Float64Array, from: number, to: number): number {
  let m0 = 0, m1 = 0;
  let a = x[from], b = x[from + 1];
  let i = from + 2;
  for (const end = to - 1; i < end; i += 2) {
    const c = x[i], d = x[i + 1];
    m0 = Math.max(m0, Math.abs(a - 2 * b + c));
    m1 = Math.max(m1, Math.abs(b - 2 * c + d));
    a = c;
    b = d;
  }
  if (i < to) m0 = Math.max(m0, Math.abs(a - 2 * b + x[i]));
  return Math.max(m0, m1);
}

/** dBTP of a linear peak; null for silence, and for a value no level can be given (NaN, infinite). */
function toDb(linear: number): number | null {
  return linear > 0 && linear < Infinity ? 20 * Math.log10(linear) : null;
}
