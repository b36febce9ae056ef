import { FLUSH_THRESHOLD, kWeightingLoopCoefficients, type KWeightingLoopCoefficients } from '../../../src/core/analysis/kWeighting';

/**
 * The plain TypeScript K-weighting that the WebAssembly kernel replaced (KWeightingBank before
 * src/core/wasm/kWeighting.wat), kept as the reference the kernel must match bit for bit.
 */
export class ReferenceKWeightingBank {
  /** Six numbers per filter; exposed for tests (denormal flush). */
  readonly state: Float64Array;
  /** The production coefficients: what is compared is the filtering, not their computation. */
  private readonly co: KWeightingLoopCoefficients;

  constructor(sampleRate: number, filters: number) {
    this.state = new Float64Array(6 * filters);
    this.co = kWeightingLoopCoefficients(sampleRate);
  }

  /**
   * Filters input[from, to) through filter k and returns the sum of the squared K-weighted
   * samples. The outputs themselves are not needed by loudness, so none are written.
   */
  sumOfSquares(k: number, input: Float32Array, from: number, to: number): number {
    const s = this.state;
    const o = 6 * k;
    const { b1, b2, a1, a2, c1, c2 } = this.co;
    let x1 = s[o], x2 = s[o + 1], y1 = s[o + 2], y2 = s[o + 3], z1 = s[o + 4], z2 = s[o + 5];
    let i = from;
    if (x1 === 0 && x2 === 0 && y1 === 0 && y2 === 0 && z1 === 0 && z2 === 0) {
      // At rest (flushed), digital silence leaves the filter at rest and adds nothing: skip it.
      // Multi-tracks are mostly silence, and a comparison costs far less than the two biquads.
      while (i < to && input[i] === 0) i++;
    }
    let sum = 0;
    // Two samples per iteration, the state variables swapping roles instead of being copied.
    // In each line the terms that do not depend on the previous output come first, so the
    // loop-carried dependency is one multiply and one subtraction per stage.
    for (const end = to - 1; i < end; i += 2) {
      const xa = input[i];
      const ya = xa + b1 * x1 + b2 * x2 - a2 * y2 - a1 * y1;
      const za = ya - 2 * y1 + y2 - c2 * z2 - c1 * z1;
      const xb = input[i + 1];
      const yb = xb + b1 * xa + b2 * x1 - a2 * y1 - a1 * ya;
      const zb = yb - 2 * ya + y1 - c2 * z1 - c1 * za;
      x2 = xa;
      x1 = xb;
      y2 = ya;
      y1 = yb;
      z2 = za;
      z1 = zb;
      sum += za * za + zb * zb;
    }
    if (i < to) {
      const x = input[i];
      const y = x + b1 * x1 + b2 * x2 - a2 * y2 - a1 * y1;
      const z = y - 2 * y1 + y2 - c2 * z2 - c1 * z1;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      z2 = z1;
      z1 = z;
      sum += z * z;
    }
    storeFlushed(s, o, x1, x2, y1, y2, z1, z2);
    return sum * this.co.gain;
  }

  /**
   * sumOfSquares of filter j over inputJ and of filter k over inputK, the same frames: out[0] for
   * j, out[1] for k. The kernel's pair must give exactly these numbers (the JavaScript pair loop
   * it replaced was this loop for each filter, statement for statement, interleaved).
   */
  sumOfSquaresPair(j: number, inputJ: Float32Array, k: number, inputK: Float32Array, from: number, to: number, out: Float64Array): void {
    out[0] = this.sumOfSquares(j, inputJ, from, to);
    out[1] = this.sumOfSquares(k, inputK, from, to);
  }

  reset(): void {
    this.state.fill(0);
  }
}

/** Writes one filter's six state numbers at s[o], each flushed (see FLUSH_THRESHOLD). */
function storeFlushed(s: Float64Array, o: number, x1: number, x2: number, y1: number, y2: number, z1: number, z2: number): void {
  s[o] = flush(x1);
  s[o + 1] = flush(x2);
  s[o + 2] = flush(y1);
  s[o + 3] = flush(y2);
  s[o + 4] = flush(z1);
  s[o + 5] = flush(z2);
}

function flush(v: number): number {
  return v < FLUSH_THRESHOLD && v > -FLUSH_THRESHOLD ? 0 : v;
}
