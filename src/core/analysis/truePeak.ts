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
 * symmetric pairs: 4x costs 16 multiplications per sample, where a 4-phase filter of the same
 * quality (16 taps a phase) needs 48. The first stage has 16 taps (Kaiser beta 5); the later
 * stages, which only see content below a quarter of their rate, 8 taps (beta 5). The 4x
 * interpolator reconstructs a sine within 0.5 % (±0.05 dB) up to 0.4 fs (19.2 kHz at 48 kHz,
 * 17.6 kHz at 44.1 kHz; test/unit/truePeak.test.ts measures it); above, the error grows to 5 %
 * at 0.42 fs and 26 % at 0.45 fs, the transition band of a filter this short. Like any 4x meter
 * it can still miss the crest of a tone between two oversampled points, by up to 0.45 dB at
 * 0.4 fs.
 *
 * Exact skipping: every interpolated value is a weighted sum of nearby input samples, so it is
 * at most S * max|x| over those samples, S being the largest sum of absolute weights of any
 * output phase (2.10 for the 4x cascade). A segment whose bound cannot beat the channel's
 * running maximum needs no interpolation at all: only its last samples are kept as history for
 * the next one. The result is the same as interpolating everything; it only costs less.
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
const TARGET_RATE = 176_400;
const FIRST_STAGE_TAPS = 16;
const LATER_STAGE_TAPS = 8;
const KAISER_BETA = 5;
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
    stages.push(halfBandTaps(stages.length === 0 ? FIRST_STAGE_TAPS : LATER_STAGE_TAPS, KAISER_BETA));
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
 * The exact bound: an impulse through the cascade gives every output's weight on one input
 * sample; summing |weight| over the outputs of each phase gives that phase's gain for the
 * worst (sign-matched) input. The largest over the phases is the bound.
 */
export function cascadeBound(stages: readonly Float64Array[]): number {
  const factor = 2 ** stages.length;
  const span = 4 * historyLength(stages);
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
  const sums = new Float64Array(factor);
  signal.forEach((v, i) => {
    sums[i % factor] += Math.abs(v);
  });
  return Math.max(...sums);
}

export interface TruePeakOptions {
  /** Run 4x through the generic cascade instead of the fused kernel (tests compare the two). */
  generic?: boolean;
}

export const createTruePeakAnalyser: AnalyserFactory<TruePeakResult> = (info) => new TruePeakAnalyser(info);

export class TruePeakAnalyser implements Analyser<TruePeakResult> {
  readonly factor: number;
  /** Largest sum of absolute weights of any output phase of the cascade. */
  readonly bound: number;
  private readonly stages: Float64Array[];
  private readonly fused: boolean;
  private readonly history: number;
  /** Per channel: the last `history` input samples (zeros before the start). */
  private readonly past: Float64Array[] = [];
  /** Per channel running maximum of |sample| and |interpolated|. */
  private readonly peaks: Float64Array;
  /** Per segment of the current chunk: max |sample| (one channel at a time). */
  private segmentMax = new Float64Array(64);
  /** Work buffers of the cascade (input, then each stage's output), grown on demand, reused. */
  private readonly buffers: Float64Array[] = [];
  /** Counters for the tests and the benchmark. */
  interpolatedSegments = 0;
  skippedSegments = 0;

  constructor(info: StreamInfo, options: TruePeakOptions = {}) {
    this.factor = oversamplingFactor(info.sampleRate);
    this.stages = stageTaps(this.factor);
    this.fused = this.factor === 4 && options.generic !== true;
    this.history = this.stages.length === 0 ? 0 : historyLength(this.stages);
    this.bound = this.stages.length === 0 ? 1 : cascadeBound(this.stages) * SAFETY;
    this.peaks = new Float64Array(info.channels);
    for (let c = 0; c < info.channels; c++) this.past.push(new Float64Array(this.history));
  }

  push(chunk: PcmChunk): void {
    const frames = chunk.frames;
    if (frames === 0) return;
    const segments = Math.ceil(frames / SEGMENT);
    if (this.segmentMax.length < segments) this.segmentMax = new Float64Array(segments);
    const segmentMax = this.segmentMax;
    for (let c = 0; c < this.peaks.length; c++) {
      const x = chunk.channels[c];
      // The sample peak comes first: every sample is also an output of the interpolator, so it
      // raises the running maximum before any bound is compared with it.
      let peak = this.peaks[c];
      for (let s = 0, start = 0; s < segments; s++, start += SEGMENT) {
        const m = absMax32(x, start, Math.min(frames, start + SEGMENT));
        segmentMax[s] = m;
        peak = Math.max(peak, m);
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
      for (let c = 0; c < this.peaks.length; c++) this.interpolateChunk(c, zeros, zeros.length, none);
    }
    let max = 0;
    for (const p of this.peaks) max = Math.max(max, p);
    return { truePeakDbtp: toDb(max), channelTruePeakDbtp: Array.from(this.peaks, toDb), oversampling: this.factor };
  }

  private interpolateChunk(channel: number, x: Float32Array, frames: number, segmentMax: Float64Array): void {
    const past = this.past[channel];
    const history = this.history;
    for (let s = 0, start = 0; start < frames; s++, start += SEGMENT) {
      // Bound over the segment and the history its outputs reach back into.
      let m = segmentMax[s];
      if (start >= history) m = Math.max(m, absMax32(x, start - history, start));
      else m = Math.max(m, absMax32(x, 0, start), absMax64(past, start, history));
      if (m * this.bound > this.peaks[channel]) {
        this.interpolateSegment(channel, x, start, Math.min(frames, start + SEGMENT));
        this.interpolatedSegments++;
      } else {
        this.skippedSegments++;
      }
    }
    // Keep the last `history` samples (some from the previous chunk when this one is short).
    if (frames >= history) {
      for (let k = 0; k < history; k++) past[k] = x[frames - history + k];
    } else {
      past.copyWithin(0, frames);
      for (let k = 0; k < frames; k++) past[history - frames + k] = x[k];
    }
  }

  /** Interpolates [history before start | x[start, end)] and raises the channel's peak. */
  private interpolateSegment(channel: number, x: Float32Array, start: number, end: number): void {
    const history = this.history;
    const past = this.past[channel];
    const length = history + end - start;
    const input = this.buffer(0, length);
    if (start >= history) {
      input.set(x.subarray(start - history, end));
    } else {
      input.set(past.subarray(start));
      input.set(x.subarray(0, end), history - start);
    }
    const stages = this.stages;
    let peak = this.peaks[channel];
    if (this.fused) {
      peak = peak4x(stages[0], stages[1], input, length, peak);
    } else {
      let current = input;
      let n = length;
      for (let s = 0; s < stages.length - 1; s++) {
        const out = this.buffer(s + 1, 2 * n);
        peak = halfBandStage(stages[s], current, n, out, peak);
        n = 2 * (n - stages[s].length * 2 + 1);
        current = out;
      }
      const last = stages[stages.length - 1];
      peak = halfBandPeak(last, current, last.length - 1, n - last.length, peak);
    }
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
 * Both stages of 4x in one pass, nothing written: per input sample one midpoint m of the first
 * stage (16 taps) and the two quarter points around the second stage's input, which is the
 * interleaved sequence x, m. Bit for bit the generic cascade's arithmetic (same pairs, same
 * order), in a sliding window of locals. Returns max(peak, every |value| computed).
 */
function peak4x(a: Float64Array, b: Float64Array, input: Float64Array, length: number, peak: number): number {
  const a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7];
  const b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
  // x7 is the sample before the midpoint being computed, x8 the one after it.
  let x0 = input[0], x1 = input[1], x2 = input[2], x3 = input[3], x4 = input[4], x5 = input[5], x6 = input[6];
  let x7 = input[7], x8 = input[8], x9 = input[9], x10 = input[10], x11 = input[11], x12 = input[12], x13 = input[13];
  let x14 = input[14];
  // The previous four midpoints (m1 the latest). The first four iterations only fill them:
  // a quarter point computed with a missing midpoint would not be a value of the signal.
  let m1 = 0, m2 = 0, m3 = 0, m4 = 0;
  let max = peak;
  const warm = Math.min(length, 19);
  for (let i = 15; i < warm; i++) {
    const x15 = input[i];
    const m =
      a0 * (x7 + x8) + a1 * (x6 + x9) + a2 * (x5 + x10) + a3 * (x4 + x11) +
      a4 * (x3 + x12) + a5 * (x2 + x13) + a6 * (x1 + x14) + a7 * (x0 + x15);
    max = Math.max(max, Math.abs(m));
    m4 = m3; m3 = m2; m2 = m1; m1 = m;
    x0 = x1; x1 = x2; x2 = x3; x3 = x4; x4 = x5; x5 = x6; x6 = x7; x7 = x8;
    x8 = x9; x9 = x10; x10 = x11; x11 = x12; x12 = x13; x13 = x14; x14 = x15;
  }
  for (let i = warm; i < length; i++) {
    const x15 = input[i];
    const m =
      a0 * (x7 + x8) + a1 * (x6 + x9) + a2 * (x5 + x10) + a3 * (x4 + x11) +
      a4 * (x3 + x12) + a5 * (x2 + x13) + a6 * (x1 + x14) + a7 * (x0 + x15);
    // Second stage input around here: ... m4 x4 m3 x5 m2 x6 m1 x7 m (x7 = x_c, m = m_c).
    const q1 = b0 * (x5 + m2) + b1 * (m3 + x6) + b2 * (x4 + m1) + b3 * (m4 + x7);
    const q2 = b0 * (m2 + x6) + b1 * (x5 + m1) + b2 * (m3 + x7) + b3 * (x4 + m);
    max = Math.max(max, Math.abs(m), Math.abs(q1), Math.abs(q2));
    m4 = m3; m3 = m2; m2 = m1; m1 = m;
    x0 = x1; x1 = x2; x2 = x3; x3 = x4; x4 = x5; x5 = x6; x6 = x7; x7 = x8;
    x8 = x9; x9 = x10; x10 = x11; x11 = x12; x12 = x13; x13 = x14; x14 = x15;
  }
  return max;
}

/**
 * One 2x half-band stage whose output feeds another stage: for every midpoint whose taps all lie
 * in input[0, length), writes the sample before it and the midpoint (so the output is the
 * interleaved 2x sequence, 2 * (length - taps + 1) values). Returns max(peak, |midpoints|).
 */
function halfBandStage(h: Float64Array, input: Float64Array, length: number, out: Float64Array, peak: number): number {
  const half = h.length;
  let max = peak;
  let o = 0;
  for (let c = half - 1; c <= length - half - 1; c++) {
    let m = 0;
    for (let k = 0; k < half; k++) m += h[k] * (input[c - k] + input[c + 1 + k]);
    out[o++] = input[c];
    out[o++] = m;
    max = Math.max(max, Math.abs(m));
  }
  return max;
}

/** The last stage: max(peak, |midpoint|) for the centres c in [from, to); nothing is written. */
function halfBandPeak(h: Float64Array, input: Float64Array, from: number, to: number, peak: number): number {
  const half = h.length;
  let max = peak;
  if (half === 8) {
    // 2x (88.2/96 kHz) spends all its time here: unrolled, the same sums in the same order.
    const h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3], h4 = h[4], h5 = h[5], h6 = h[6], h7 = h[7];
    for (let c = from; c < to; c++) {
      const m =
        h0 * (input[c] + input[c + 1]) + h1 * (input[c - 1] + input[c + 2]) + h2 * (input[c - 2] + input[c + 3]) +
        h3 * (input[c - 3] + input[c + 4]) + h4 * (input[c - 4] + input[c + 5]) + h5 * (input[c - 5] + input[c + 6]) +
        h6 * (input[c - 6] + input[c + 7]) + h7 * (input[c - 7] + input[c + 8]);
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
function absMax64(x: Float64Array, from: number, to: number): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

function toDb(linear: number): number | null {
  return linear > 0 ? 20 * Math.log10(linear) : null;
}
