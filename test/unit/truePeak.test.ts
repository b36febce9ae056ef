import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { StreamInfo } from '../../src/core/analysis/analyser';
import {
  absMax64,
  cascadeBound,
  createTruePeakAnalyser,
  curvatureBound,
  curvatureKernels,
  curvatureMax32,
  curvatureMax64,
  halfBandTaps,
  oversamplingFactor,
  KERNEL_F32,
  KERNEL_WINDOW,
  stageTaps,
  TruePeakAnalyser,
  truePeakKernel,
  type TruePeakOptions,
  type TruePeakResult,
} from '../../src/core/analysis/truePeak';
import { concatFloat32 } from './helpers/pcmFixtures';

/**
 * True peak: the EBU Tech 3341 true-peak cases 15-19, the interpolator's passband, and the
 * exactness of the skipping (a brute-force cascade over the whole signal gives the same bits).
 */

function info(sampleRate: number, channels = 1): StreamInfo {
  return { sampleRate, channels, bitDepth: 24, float: false, channelMask: null, totalFrames: 0 };
}

function measure(sampleRate: number, channels: readonly Float32Array[], chunkFrames = 16384, options: TruePeakOptions = {}): TruePeakResult & { analyser: TruePeakAnalyser } {
  const analyser = new TruePeakAnalyser(info(sampleRate, channels.length), options);
  const frames = channels[0].length;
  const buffers = channels.map(() => new Float32Array(chunkFrames));
  for (let start = 0; start < frames; start += chunkFrames) {
    const n = Math.min(chunkFrames, frames - start);
    channels.forEach((c, i) => buffers[i].set(c.subarray(start, start + n)));
    analyser.push({ channels: buffers, frames: n, startFrame: start });
  }
  return { ...analyser.finish(), analyser };
}

/** A sine of `cycleFraction` of the sample rate, starting at `phaseDeg`, with linear fades. */
function sineAt(sampleRate: number, hz: number, phaseDeg: number, amplitude: number, seconds: number, fadeSeconds = 0): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const fade = Math.round(fadeSeconds * sampleRate);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const gain = fade > 0 ? Math.min(1, i / fade, (n - 1 - i) / fade) : 1;
    out[i] = gain * amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate + (phaseDeg * Math.PI) / 180);
  }
  return out;
}

/** Deterministic noise in [-1, 1). */
function noise(n: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}

/** The brute-force reference: the whole signal, zero-padded, through every stage; no skipping. */
function referencePeak(x: Float32Array, sampleRate: number): number {
  const pad = 64;
  let signal: Float64Array = new Float64Array(x.length + 2 * pad);
  signal.set(x, pad);
  for (const h of stageTaps(oversamplingFactor(sampleRate))) signal = upsample2(signal, h);
  let max = 0;
  for (const v of signal) max = Math.max(max, Math.abs(v));
  return max;
}

function upsample2(x: Float64Array, h: Float64Array): Float64Array {
  const out = new Float64Array(2 * x.length);
  for (let c = 0; c < x.length; c++) {
    let m = 0;
    for (let k = 0; k < h.length; k++) m += h[k] * ((c - k >= 0 ? x[c - k] : 0) + (c + 1 + k < x.length ? x[c + 1 + k] : 0));
    out[2 * c] = x[c];
    out[2 * c + 1] = m;
  }
  return out;
}

const db = (linear: number): number => 20 * Math.log10(linear);

function within(actual: number | null, expected: number, below: number, above: number, what: string): void {
  assert.ok(actual !== null, `${what}: null`);
  assert.ok(actual >= expected - below && actual <= expected + above, `${what}: ${actual.toFixed(3)}, expected ${expected} +${above}/-${below}`);
}

describe('true peak: oversampling', () => {
  it('oversamples to at least 176.4 kHz: 4x at 44.1/48 kHz, 2x at 88.2/96 kHz, 1x above', () => {
    const factors = [44100, 48000, 88200, 96000, 176400, 192000, 32000, 22050, 8000].map(oversamplingFactor);
    assert.deepEqual(factors, [4, 4, 2, 2, 1, 1, 8, 8, 32]);
  });

  it('each half-band stage has a DC gain of exactly 1 (within rounding)', () => {
    for (const taps of [48, 12, 16, 8]) {
      const h = halfBandTaps(taps, 6);
      assert.ok(Math.abs(2 * h.reduce((s, v) => s + v, 0) - 1) < 1e-15);
    }
  });

  it('the skipping bound is exact: a sign-matched input reaches it', () => {
    const stages = stageTaps(4);
    const bound = cascadeBound(stages);
    assert.ok(bound > 2.6 && bound < 2.9, `bound ${bound}`);
    // The cascade's weights on each input sample, per output phase, from an impulse.
    const span = 40;
    const impulse = new Float64Array(2 * span + 1);
    impulse[span] = 1;
    let response: Float64Array = impulse;
    for (const h of stages) response = upsample2(response, h);
    let worst = 0;
    let worstSum = 0;
    for (let p = 0; p < 4; p++) {
      let sum = 0;
      for (let i = p; i < response.length; i += 4) sum += Math.abs(response[i]);
      if (sum > worstSum) [worst, worstSum] = [p, sum];
    }
    assert.ok(Math.abs(worstSum - bound) < 1e-12);
    // Output o = 4 * span + worst weighs input q by response[4 * (span + o/4 - q) ...]: build the
    // input whose signs match those weights, and the interpolated peak is the bound itself.
    const x = new Float32Array(2 * span + 1);
    for (let i = worst, q = 2 * span; i < response.length && q >= 0; i += 4, q--) x[q] = response[i] >= 0 ? 0.25 : -0.25;
    const ours = measure(48000, [x]).truePeakDbtp;
    within(ours, db(0.25 * bound), 1e-9, 1e-9, 'sign-matched input');
  });
});

describe('true peak: exact skipping', () => {
  // Material with loud and quiet passages, so that most segments are skipped.
  const rate = 48000;
  const frames = rate * 3;
  const signal = new Float32Array(frames);
  const n = noise(frames, 7);
  for (let i = 0; i < frames; i++) {
    const t = i / rate;
    const envelope = t < 1 ? 0.05 : t < 1.2 ? 0.7 : t < 2.5 ? 0.02 : 0.4;
    signal[i] = Math.fround(envelope * (0.6 * n[i] + 0.4 * Math.sin(2 * Math.PI * 9000 * t)));
  }

  it('gives bit for bit the brute-force result while skipping most segments', () => {
    const result = measure(rate, [signal]);
    assert.equal(result.truePeakDbtp, db(referencePeak(signal, rate)));
    assert.ok(result.analyser.skippedSegments > result.analyser.interpolatedSegments, JSON.stringify(result.analyser));
    assert.ok(result.analyser.interpolatedSegments > 0);
  });

  it('the fused 4x kernel equals the generic cascade bit for bit', () => {
    const x = noise(rate, 11);
    assert.equal(measure(rate, [x]).truePeakDbtp, measure(rate, [x], 16384, { generic: true }).truePeakDbtp);
  });

  it('the 4x WebAssembly kernel gives the plain loops’ peaks bit for bit (random signals, chunk sizes)', () => {
    // Noise bursts, full-scale steps and subnormal-range values: noSkip interpolates every
    // segment, so each channel's peak is the largest of all midpoints and any midpoint whose bits
    // differ can show.
    const level = fc.constantFrom(1, 0.5, 1e-3, 1e-40);
    const burst = fc.oneof(
      fc.tuple(level, fc.integer({ min: 1, max: 2000 }), fc.integer()).map(([gain, n, seed]) => noise(n, seed).map((x) => x * gain)),
      fc.float32Array({ min: -1, max: 1, noNaN: true, minLength: 1, maxLength: 300 }),
    );
    const signal = fc.array(burst, { minLength: 1, maxLength: 6 }).map(concatFloat32);
    fc.assert(
      fc.property(fc.constantFrom(44_100, 48_000), signal, signal, fc.integer({ min: 1, max: 5000 }), (r, a, b, chunk) => {
        const length = Math.min(a.length, b.length);
        const channels = [a.subarray(0, length), b.subarray(0, length)];
        for (const noSkip of [true, false]) {
          const kernel = measure(r, channels, chunk, { noSkip });
          const plain = measure(r, channels, chunk, { noSkip, generic: true });
          kernel.channelTruePeakDbtp.forEach((v, c) => assert.ok(Object.is(v, plain.channelTruePeakDbtp[c]), `channel ${c}, noSkip ${noSkip}: ${v} vs ${plain.channelTruePeakDbtp[c]}`));
          // The kernel's bounds make the same skip decisions as the plain ones.
          assert.deepEqual(
            [kernel.analyser.interpolatedSegments, kernel.analyser.skippedSegments],
            [plain.analyser.interpolatedSegments, plain.analyser.skippedSegments],
          );
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the kernel’s skipping bounds equal the plain loops’ bit for bit (any float32 or float64 values, any length)', () => {
    // Full scale, 24-bit steps, subnormals, values whose second difference overflows, NaN: the
    // maximum of absolute values is the same in any order, each second difference is computed alike.
    const kernel = truePeakKernel();
    const special = fc.constantFrom(0, -0, 1, -1, 8388607 / 8388608, -8388608 / 8388608, 1 / 8388608, 1e-40, -1e-45, 3.4e38, -3.4e38, Number.NaN, Infinity);
    const f32 = fc.array(fc.oneof(fc.float({ noDefaultInfinity: true }), special), { minLength: 3, maxLength: KERNEL_WINDOW }).map((v) => Float32Array.from(v));
    const f64 = fc.array(fc.oneof(fc.double(), special), { minLength: 3, maxLength: KERNEL_WINDOW }).map((v) => Float64Array.from(v));
    fc.assert(
      fc.property(f32, f64, (x, y) => {
        kernel.f32.set(x, KERNEL_F32);
        assert.ok(Object.is(kernel.curvature32(x.length), curvatureMax32(x, 0, x.length)), 'curvature32');
        kernel.f64.set(y);
        assert.ok(Object.is(kernel.curvature64(y.length), curvatureMax64(y, 0, y.length)), 'curvature64');
        assert.ok(Object.is(kernel.absMax64(y.length), absMax64(y, 0, y.length)), 'absMax64');
      }),
      { numRuns: 400 },
    );
  });

  it('the 2x and 8x cascades match the brute force too', () => {
    for (const r of [96000, 22050]) {
      const x = noise(r, 3).map((v, i) => v * (i < r / 2 ? 0.1 : 0.5));
      assert.equal(measure(r, [x]).truePeakDbtp, db(referencePeak(x, r)), `${r} Hz`);
    }
  });

  it('chunk sizes, even of one frame, do not change the result', () => {
    const part = signal.subarray(Math.round(rate * 0.9), Math.round(rate * 1.3));
    const expected = measure(rate, [part]).truePeakDbtp;
    for (const chunk of [1, 7, 100, 257, 4096]) assert.equal(measure(rate, [part], chunk).truePeakDbtp, expected, `chunks of ${chunk}`);
  });

  it('the start and the end are interpolated against silence: time-reversed input reads the same', () => {
    // An abrupt start and stop at a high frequency: the ringing there is part of the true peak.
    const burst = sineAt(rate, rate / 4, 45, 0.5, 0.01);
    const reversed = burst.slice().reverse();
    const forward = measure(rate, [burst]).truePeakDbtp;
    assert.equal(measure(rate, [reversed]).truePeakDbtp, forward);
    assert.equal(forward, db(referencePeak(burst, rate)));
  });

  it('channels are measured apart; digital silence and no audio are null', () => {
    const quiet = sineAt(rate, 1000, 0, 0.1, 0.5);
    const silent = new Float32Array(quiet.length);
    const r = measure(rate, [quiet, silent]);
    within(r.channelTruePeakDbtp[0], -20, 0.01, 0.01, 'channel 1');
    assert.equal(r.channelTruePeakDbtp[1], null);
    assert.equal(r.truePeakDbtp, r.channelTruePeakDbtp[0]);
    assert.equal(createTruePeakAnalyser(info(rate, 2)).finish().truePeakDbtp, null);
  });

  it('at 192 kHz the true peak is the sample peak', () => {
    const x = sineAt(192000, 40000, 10, 0.5, 0.1);
    let peak = 0;
    for (const v of x) peak = Math.max(peak, Math.abs(v));
    const r = measure(192000, [x]);
    assert.equal(r.oversampling, 1);
    assert.equal(r.truePeakDbtp, db(peak));
  });
});

describe('true peak: interpolator passband', () => {
  // A steady sine of amplitude A reads between A·cos(pi f / (4 fs)) (the crest falling between
  // two points of the 4x grid) and A, within the interpolator's 0.5 % error up to 0.4 fs.
  for (const rate of [44100, 48000]) {
    it(`${rate / 1000} kHz: sines up to 0.45 fs read within 0.5 % of the 4x grid's bounds`, () => {
      const amplitude = 0.5;
      for (let f = 0.02; f <= 0.4501; f += f < 0.4 ? 0.02 : 0.01) {
        for (const phase of [0, 17, 45, 71]) {
          const hz = f * rate;
          const x = sineAt(rate, hz, phase, amplitude, 0.05, 0.01);
          const peak = measure(rate, [x]).truePeakDbtp;
          assert.ok(peak !== null);
          const linear = 10 ** (peak / 20);
          const low = amplitude * Math.cos(Math.PI * f / 4) * 0.995;
          const high = amplitude * 1.005;
          assert.ok(linear >= low && linear <= high, `${hz.toFixed(0)} Hz, ${phase}°: ${linear} not in [${low}, ${high}]`);
        }
      }
    });
  }
});

describe('EBU Tech 3341 (true peak), 48 kHz', () => {
  // Steady sines at a fraction of the sample rate and a starting phase that puts the samples
  // between the crests. Expected readings +0.2/-0.4 dB. The signals are faded in and out over
  // 20 ms: a sine switched on at full level at a non-zero phase is a step, whose ringing in any
  // interpolator reads above the tone's own peak; the test signals describe the steady tone.
  const rate = 48000;
  const cases: Array<[string, number, number, number, number]> = [
    ['case 15: fs/4, 0°, -6 dBFS', 4, 0, 10 ** (-6 / 20), -6],
    ['case 16: fs/4, 45°, -6 dBFS', 4, 45, 10 ** (-6 / 20), -6],
    ['case 17: fs/6, 60°, -6 dBFS', 6, 60, 10 ** (-6 / 20), -6],
    ['case 18: fs/8, 67.5°, -6 dBFS', 8, 67.5, 10 ** (-6 / 20), -6],
    ['case 19: fs/4, 45°, samples at ±1 (0 dBFS)', 4, 45, Math.SQRT2, 3],
  ];
  for (const [name, fraction, phase, amplitude, expected] of cases) {
    it(`${name} → ${expected > 0 ? '+' : ''}${expected.toFixed(1)} dBTP +0.2/-0.4`, () => {
      const x = sineAt(rate, rate / fraction, phase, amplitude, 1, 0.02).map((v) => Math.max(-1, Math.min(1, v)));
      within(measure(rate, [x, x]).truePeakDbtp, expected, 0.4, 0.2, 'true peak');
    });
  }
  it('case 19 has its samples at full scale: the sample peak reads 0 dBFS', () => {
    const x = sineAt(rate, rate / 4, 45, Math.SQRT2, 1, 0.02).map((v) => Math.max(-1, Math.min(1, v)));
    let sample = 0;
    for (const v of x) sample = Math.max(sample, Math.abs(v));
    within(db(sample), 0, 1e-6, 0, 'sample peak');
  });
});

/** One second of a biquad (RBJ, Q 0.7071) over x, high-pass or low-pass at `hz`. */
function biquad(x: Float64Array, hz: number, rate: number, highPass: boolean): Float64Array {
  const w = (2 * Math.PI * hz) / rate;
  const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
  const cos = Math.cos(w);
  const a0 = 1 + alpha;
  const b0 = (highPass ? (1 + cos) / 2 : (1 - cos) / 2) / a0;
  const b1 = (highPass ? -(1 + cos) : 1 - cos) / a0;
  const a1 = (-2 * cos) / a0;
  const a2 = (1 - alpha) / a0;
  const y = new Float64Array(x.length);
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < x.length; i++) {
    const v = b0 * x[i] + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x[i];
    y2 = y1;
    y1 = v;
    y[i] = v;
  }
  return y;
}

/**
 * The ideal 4x interpolator, brute force: every in-between value from 512 samples (256 a side)
 * of a Kaiser-windowed (beta 10) sinc, no cascade, no skipping.
 */
function idealPeak4x(x: Float32Array): number {
  const half = 256;
  const i0 = (v: number): number => {
    let sum = 1;
    let term = 1;
    for (let k = 1; k < 200 && term > sum * 1e-17; k++) {
      term *= (v / (2 * k)) ** 2;
      sum += term;
    }
    return sum;
  };
  let max = 0;
  for (const v of x) max = Math.max(max, Math.abs(v));
  for (let p = 1; p < 4; p++) {
    const w = new Float64Array(2 * half);
    for (let j = -half + 1; j <= half; j++) {
      const d = j - p / 4;
      const r = d / (half + 1);
      w[j + half - 1] = (Math.sin(Math.PI * d) / (Math.PI * d)) * (i0(10 * Math.sqrt(1 - r * r)) / i0(10));
    }
    for (let c = -half; c < x.length + half; c++) {
      let m = 0;
      const lo = Math.max(-half + 1, -c);
      const hi = Math.min(half, x.length - 1 - c);
      for (let j = lo; j <= hi; j++) m += w[j + half - 1] * x[c + j];
      max = Math.max(max, Math.abs(m));
    }
  }
  return max;
}

describe('true peak: accuracy on bright material', () => {
  it('a hi-hat-like signal (noise high-passed at 8 kHz, bursts, 48 kHz) reads within 0.15 dB of an ideal 4x interpolator', () => {
    // Seeded white noise, 4th-order high-pass at 8 kHz and low-pass at 22 kHz (0.458 fs: the
    // anti-alias roll-off of any recording), 30 ms bursts every 125 ms, sample peak 0.5.
    const rate = 48000;
    const n = rate;
    let y: Float64Array = Float64Array.from(noise(n, 2));
    y = biquad(biquad(y, 8000, rate, true), 8000, rate, true);
    y = biquad(biquad(y, 22000, rate, false), 22000, rate, false);
    const period = rate / 8;
    let peak = 0;
    for (let i = 0; i < n; i++) {
      y[i] *= Math.exp(-(i % period) / rate / 0.03);
      peak = Math.max(peak, Math.abs(y[i]));
    }
    const x = Float32Array.from(y, (v) => (0.5 * v) / peak);
    const ideal = db(idealPeak4x(x));
    const ours = measure(rate, [x]).truePeakDbtp;
    within(ours, ideal, 0.15, 0.15, `hi-hat vs ideal ${ideal.toFixed(3)}`);
    // The old 16-tap first stage (passband 0.4 fs) could not: it reads this one low.
    const old = [halfBandTaps(16, 5), halfBandTaps(8, 5)];
    let signal: Float64Array = new Float64Array(x.length + 128);
    signal.set(x, 64);
    for (const h of old) signal = upsample2(signal, h);
    let oldPeak = 0;
    for (const v of signal) oldPeak = Math.max(oldPeak, Math.abs(v));
    assert.ok(ours! > db(oldPeak), `ours ${ours} vs 16-tap ${db(oldPeak)}`);
  });
});

describe('true peak: the second-difference bound', () => {
  const rate = 48000;

  it('skipping gives bit for bit the result of interpolating every segment', () => {
    const n = rate * 2;
    const signals: Array<[string, Float32Array]> = [];
    for (const f of [0.44, 0.45, 0.46, 0.49]) signals.push([`sine ${f} fs`, sineAt(rate, f * rate, 13, 0.7, 2, 0.3)]);
    signals.push(['noise', noise(n, 5).map((v) => 0.8 * v)]);
    signals.push(['quiet noise then loud noise', noise(n, 6).map((v, i) => v * (i < n / 2 ? 0.05 : 0.6))]);
    for (const f of [997, 5003, 11025]) {
      // A square wave, clipped at its sample peak: steps at every half period.
      const period = rate / f;
      signals.push([`clipped square ${f} Hz`, Float32Array.from({ length: n }, (_, i) => Math.max(-0.9, Math.min(0.9, 1.3 * ((i % period) < period / 2 ? 1 : -1))))]);
    }
    const burst = new Float32Array(n);
    burst.set(noise(2000, 8).map((v) => 0.9 * v), n - 30000);
    signals.push(['silence then burst', burst]);
    const quietLoud = sineAt(rate, 1000, 0, 0.3, 2, 0.05);
    quietLoud.set(sineAt(rate, 20000, 30, 0.29, 0.2, 0.01), rate);
    signals.push(['1 kHz with a 20 kHz tone just under it', quietLoud]);
    let skipped = 0;
    let total = 0;
    for (const [name, x] of signals) {
      for (const chunk of [16384, 1000]) {
        const skipping = measure(rate, [x], chunk);
        const all = measure(rate, [x], chunk, { noSkip: true });
        assert.equal(skipping.truePeakDbtp, all.truePeakDbtp, `${name}, chunks of ${chunk}`);
        assert.equal(all.analyser.skippedSegments, 0);
        skipped += skipping.analyser.skippedSegments;
        total += skipping.analyser.skippedSegments + skipping.analyser.interpolatedSegments;
      }
      assert.equal(measure(rate, [x], 4096, { noSkip: true, generic: true }).truePeakDbtp, measure(rate, [x]).truePeakDbtp, `${name}: generic`);
    }
    // Mostly loud, bright material: little to skip, but some.
    assert.ok(skipped > 0 && skipped < total, `skipped ${skipped} of ${total}`);
  });

  it('skips smooth loud material that the max|x| bound alone would interpolate', () => {
    // A 1 kHz tone, 0.6 for 0.1 s, then 0.5: max|x| * 2.7 is far above the running peak, but
    // the second differences are tiny (0.5 + C * 0.009 < 0.6).
    const x = sineAt(rate, 1000, 0, 0.5, 2).map((v, i) => (i < rate / 10 ? 1.2 * v : v));
    const r = measure(rate, [x]);
    const { interpolatedSegments, skippedSegments } = r.analyser;
    assert.ok(interpolatedSegments <= 12 && skippedSegments > 150, `${interpolatedSegments} interpolated, ${skippedSegments} skipped`);
    assert.equal(r.truePeakDbtp, measure(rate, [x], 16384, { noSkip: true }).truePeakDbtp);
  });

  for (const factor of [2, 4, 8]) {
    it(`${factor}x: C is a true bound, reached by a sign-matched input and never exceeded`, () => {
      const stages = stageTaps(factor);
      const c = curvatureBound(stages);
      const kernels = curvatureKernels(stages);
      assert.ok(c > 0.3 && c < 1, `C ${c}`);
      // The phase that sets C.
      const sums = kernels.map((k) => k.weights.reduce((s, v) => s + Math.abs(v), 0));
      const worst = kernels[sums.indexOf(Math.max(...sums))];
      assert.equal(Math.max(...sums), c);
      // Build x from its second differences d[j] = delta * sign(weight): double running sums,
      // in multiples of 2^-12 so that float32 holds them exactly.
      const delta = 2 ** -12;
      const pad = 200;
      const len = worst.weights.length + 2 * pad;
      const n = pad - worst.first; // the output lies at n + phase / factor
      const d = new Float64Array(len);
      worst.weights.forEach((v, i) => {
        if (Math.abs(v) > 1e-12) d[n + worst.first + i] = v > 0 ? delta : -delta;
      });
      const x = new Float32Array(len);
      for (let j = 1; j + 1 < len; j++) x[j + 1] = 2 * x[j] - x[j - 1] + d[j];
      let checkD = 0;
      for (let j = 1; j + 1 < len; j++) checkD = Math.max(checkD, Math.abs(x[j - 1] - 2 * x[j] + x[j + 1] - d[j]));
      assert.equal(checkD, 0, 'x holds its second differences exactly');
      // Brute force the cascade, then the value at n + phase / factor minus the straight line.
      let signal: Float64Array = Float64Array.from(x);
      for (const h of stages) signal = upsample2(signal, h);
      const t = worst.phase / factor;
      const excess = signal[factor * n + worst.phase] - ((1 - t) * x[n] + t * x[n + 1]);
      assert.ok(Math.abs(excess - c * delta) < 1e-9 * delta, `reaches: ${excess / delta} vs ${c}`);
      // Never exceeded: random, sign-matched-ish and bursty inputs, every phase, every output
      // whose taps lie inside the signal.
      const reach = worst.weights.length;
      let ratio = 0;
      for (let seed = 1; seed <= 12; seed++) {
        const r = noise(4000, seed);
        const y = seed % 3 === 0 ? r.map((v) => Math.sign(v) * 0.5) : seed % 3 === 1 ? r.map((v, i) => v * Math.sin(i / 40)) : r;
        let up: Float64Array = Float64Array.from(y);
        for (const h of stages) up = upsample2(up, h);
        let maxD = 0;
        for (let j = 1; j + 1 < y.length; j++) maxD = Math.max(maxD, Math.abs(y[j - 1] - 2 * y[j] + y[j + 1]));
        for (let i = reach; i < y.length - reach; i++) {
          for (let p = 1; p < factor; p++) {
            const e = Math.abs(up[factor * i + p] - ((1 - p / factor) * y[i] + (p / factor) * y[i + 1]));
            ratio = Math.max(ratio, e / maxD);
          }
        }
      }
      assert.ok(ratio <= c * (1 + 1e-12), `ratio ${ratio} > C ${c}`);
      assert.ok(ratio > 0.5 * c, `ratio ${ratio}: the inputs did not test the bound`);
    });
  }
});
