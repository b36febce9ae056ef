import { loadWasm } from '../wasm/loadWasm';

/**
 * The K-weighting pre-filter of ITU-R BS.1770-4: a high shelf (the acoustic effect of the head,
 * about +4 dB above 2 kHz) followed by the "RLB" high-pass (about 38 Hz). The recommendation
 * publishes the two biquads for 48 kHz only; here both are computed for any sample rate from
 * their analog prototypes (centre frequency, gain, Q), the parameters for which the bilinear
 * transform with frequency pre-warping reproduces the published 48 kHz coefficients (to 1e-15,
 * see the unit test). Every rate therefore gets the same response as 48 kHz below its Nyquist.
 */

/** One second-order section, normalised so that a0 = 1. */
export interface BiquadCoefficients {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

export interface KWeightingCoefficients {
  /** Stage 1: the high shelf. */
  readonly shelf: BiquadCoefficients;
  /** Stage 2: the RLB high-pass (b0 = 1, b1 = -2, b2 = 1 at every rate). */
  readonly highPass: BiquadCoefficients;
}

// Analog prototype of the shelf: centre frequency (Hz), gain (dB), Q, and the exponent that sets
// the gain at the band edge (Vb = Vh^exp).
const SHELF_F0 = 1681.974450955533;
const SHELF_GAIN_DB = 3.999843853973347;
const SHELF_Q = 0.7071752369554196;
const SHELF_BAND_EXPONENT = 0.4996667741545416;
// Analog prototype of the high-pass.
const HIGH_PASS_F0 = 38.13547087602444;
const HIGH_PASS_Q = 0.5003270373238773;

export function kWeightingCoefficients(sampleRate: number): KWeightingCoefficients {
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) throw new RangeError(`bad sample rate ${sampleRate}`);
  // Shelf: bilinear transform with pre-warping, K = tan(pi f0 / fs).
  let k = Math.tan((Math.PI * SHELF_F0) / sampleRate);
  const vh = Math.pow(10, SHELF_GAIN_DB / 20);
  const vb = Math.pow(vh, SHELF_BAND_EXPONENT);
  let a0 = 1 + k / SHELF_Q + k * k;
  const shelf: BiquadCoefficients = {
    b0: (vh + (vb * k) / SHELF_Q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / SHELF_Q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / SHELF_Q + k * k) / a0,
  };
  // High-pass: the numerator stays 1, -2, 1 (unnormalised, as in the recommendation).
  k = Math.tan((Math.PI * HIGH_PASS_F0) / sampleRate);
  a0 = 1 + k / HIGH_PASS_Q + k * k;
  const highPass: BiquadCoefficients = {
    b0: 1,
    b1: -2,
    b2: 1,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / HIGH_PASS_Q + k * k) / a0,
  };
  return { shelf, highPass };
}

/**
 * The coefficients as the filter loops use them: the shelf's numerator divided by its b0 (one
 * multiplication less per sample; the outputs are then scaled by 1/b0, the energy by `gain`),
 * the high-pass's numerator 1, -2, 1 left implicit (c1, c2 are its a1, a2).
 */
export interface KWeightingLoopCoefficients {
  b1: number;
  b2: number;
  a1: number;
  a2: number;
  c1: number;
  c2: number;
  /** b0 squared: the scale of the energy. */
  gain: number;
}

export function kWeightingLoopCoefficients(sampleRate: number): KWeightingLoopCoefficients {
  const { shelf, highPass } = kWeightingCoefficients(sampleRate);
  return { b1: shelf.b1 / shelf.b0, b2: shelf.b2 / shelf.b0, a1: shelf.a1, a2: shelf.a2, c1: highPass.a1, c2: highPass.a2, gain: shelf.b0 * shelf.b0 };
}

/**
 * Filter state whose magnitude falls below this is set to exactly zero at the end of each call.
 * After a signal turns to digital silence the recursive state decays geometrically and, in
 * float64, ends in subnormal numbers (or stays stuck on the smallest one), which on many CPUs
 * makes every later sample many times slower (ffmpeg 5.1's ebur128 shows it on silent tracks). 1e-30 is about -600 dBFS: flushing it changes no measurable
 * energy, and once every state is zero a silent input keeps it exactly zero.
 */
export const FLUSH_THRESHOLD = 1e-30;

/** The kernels of src/core/wasm/kWeighting.wat and views on their memory (layout there). */
interface KWeightingKernel {
  readonly mono: (b1: number, b2: number, a1: number, a2: number, c1: number, c2: number, n: number) => void;
  readonly pair: (b1: number, b2: number, a1: number, a2: number, c1: number, c2: number, n: number, inK: number) => void;
  /** f64 view: state J at 8, state K at 14, sums at 20. */
  readonly f64: Float64Array;
  /** f32 view: input J at 64, input K at 64 + INPUT_K / 4. */
  readonly f32: Float32Array;
}

/** Samples per kernel call (even, so that slicing keeps the pairs of the sums). */
const SLICE = 4096;
/** Byte distance from input J to input K: SLICE samples and the mono kernel's two pads. */
const INPUT_K = 4 * (SLICE + 2);
const STATE_J = 8;
const STATE_K = 14;
const SUMS = 20;
const INPUT = 64;

let kernel: KWeightingKernel | undefined;

/** The thread's kernel, instantiated by the first bank. */
function kWeightingKernel(): KWeightingKernel {
  if (kernel === undefined) {
    const exports = loadWasm('kWeighting') as Pick<KWeightingKernel, 'mono' | 'pair'> & { memory: { buffer: ArrayBuffer } };
    kernel = { mono: exports.mono, pair: exports.pair, f64: new Float64Array(exports.memory.buffer), f32: new Float32Array(exports.memory.buffer) };
  }
  return kernel;
}

/**
 * K-weighting of `filters` channels at one rate: both stages in direct form I, float64 state,
 * computed by a WebAssembly SIMD kernel (two channels in the two lanes of a vector, or one
 * channel's two stages pipelined in them) that gives the same bits as the plain loop
 * `y = x + b1 x1 + b2 x2 - a2 y2 - a1 y1; z = y - 2 y1 + y2 - c2 z2 - c1 z1; sum += za² + zb²`
 * over sample pairs (the test holds that loop and compares). Stage 2's input history is stage
 * 1's output history, so the state of filter k is six numbers at 6k: [x1, x2, y1, y2, z1, z2]
 * (input, shelf output, high-pass output; 1 = previous sample). The shelf's numerator is divided
 * by its b0 (one multiplication less per sample), so y and z are held scaled by 1/b0 and the
 * energy is scaled back once per call. One bank holds every channel's state in one array and
 * computes the coefficients once: a filter object and state array of its own per channel would
 * cost more than the samples of a file that declares tens of thousands of channels and holds a
 * few frames. The samples are copied into the kernel's fixed memory a slice at a time.
 */
export class KWeightingBank {
  /** Six numbers per filter; exposed for tests (denormal flush). */
  readonly state: Float64Array;
  private readonly co: KWeightingLoopCoefficients;
  private readonly kernel = kWeightingKernel();

  constructor(sampleRate: number, filters: number) {
    this.state = new Float64Array(6 * filters);
    this.co = kWeightingLoopCoefficients(sampleRate);
  }

  /**
   * Filters input[from, to) through filter k and returns the sum of the squared K-weighted
   * samples. The outputs themselves are not needed by loudness, so none are written.
   */
  sumOfSquares(k: number, input: Float32Array, from: number, to: number): number {
    let i = from;
    if (this.atRest(k)) {
      // At rest (flushed), digital silence leaves the filter at rest and adds nothing: skip it.
      // Multi-tracks are mostly silence, and a comparison costs far less than the two biquads.
      while (i < to && input[i] === 0) i++;
      if (i === to) return 0;
    }
    const { f64, f32 } = this.kernel;
    const co = this.co;
    const o = 6 * k;
    f64.set(this.state.subarray(o, o + 6), STATE_J);
    f64[SUMS] = 0;
    for (; i < to; i += SLICE) {
      const end = Math.min(to, i + SLICE);
      f32.set(input.subarray(i, end), INPUT);
      this.kernel.mono(co.b1, co.b2, co.a1, co.a2, co.c1, co.c2, end - i);
    }
    storeFlushed(this.state, o, f64, STATE_J);
    return f64[SUMS] * co.gain;
  }

  /**
   * sumOfSquares of filter j over inputJ and of filter k over inputK, the same frames, in one
   * pass: out[0] for j, out[1] for k, the same numbers bit for bit (one channel per lane: about
   * 5 % less time than two one-channel passes, which already fill both lanes, and one copy loop
   * instead of two). Filters at rest on digital silence go through
   * sumOfSquares, which skips it.
   */
  sumOfSquaresPair(j: number, inputJ: Float32Array, k: number, inputK: Float32Array, from: number, to: number, out: Float64Array): void {
    if ((inputJ[from] === 0 && this.atRest(j)) || (inputK[from] === 0 && this.atRest(k))) {
      out[0] = this.sumOfSquares(j, inputJ, from, to);
      out[1] = this.sumOfSquares(k, inputK, from, to);
      return;
    }
    const { f64, f32 } = this.kernel;
    const co = this.co;
    const o = 6 * j;
    const q = 6 * k;
    f64.set(this.state.subarray(o, o + 6), STATE_J);
    f64.set(this.state.subarray(q, q + 6), STATE_K);
    f64[SUMS] = 0;
    f64[SUMS + 1] = 0;
    for (let i = from; i < to; i += SLICE) {
      const end = Math.min(to, i + SLICE);
      f32.set(inputJ.subarray(i, end), INPUT);
      f32.set(inputK.subarray(i, end), INPUT + INPUT_K / 4);
      this.kernel.pair(co.b1, co.b2, co.a1, co.a2, co.c1, co.c2, end - i, INPUT_K);
    }
    storeFlushed(this.state, o, f64, STATE_J);
    storeFlushed(this.state, q, f64, STATE_K);
    out[0] = f64[SUMS] * co.gain;
    out[1] = f64[SUMS + 1] * co.gain;
  }

  /** True when filter k's state is all zero (flushed). */
  private atRest(k: number): boolean {
    const s = this.state;
    const o = 6 * k;
    return s[o] === 0 && s[o + 1] === 0 && s[o + 2] === 0 && s[o + 3] === 0 && s[o + 4] === 0 && s[o + 5] === 0;
  }

  reset(): void {
    this.state.fill(0);
  }
}

/** K-weighting of one channel: a bank of one. */
export class KWeightingFilter {
  /** [x1, x2, y1, y2, z1, z2]; exposed for tests (denormal flush). */
  readonly state: Float64Array;
  private readonly bank: KWeightingBank;

  constructor(sampleRate: number) {
    this.bank = new KWeightingBank(sampleRate, 1);
    this.state = this.bank.state;
  }

  /** Filters input[from, to) and returns the sum of the squared K-weighted samples. */
  sumOfSquares(input: Float32Array, from: number, to: number): number {
    return this.bank.sumOfSquares(0, input, from, to);
  }

  reset(): void {
    this.bank.reset();
  }
}

/** Copies six state numbers from from[at] to s[o], each flushed (see FLUSH_THRESHOLD). */
function storeFlushed(s: Float64Array, o: number, from: Float64Array, at: number): void {
  for (let n = 0; n < 6; n++) s[o + n] = flush(from[at + n]);
}

function flush(v: number): number {
  return v < FLUSH_THRESHOLD && v > -FLUSH_THRESHOLD ? 0 : v;
}
