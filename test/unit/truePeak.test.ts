import * as assert from 'node:assert/strict';
import type { StreamInfo } from '../../src/core/analysis/analyser';
import {
  cascadeBound,
  createTruePeakAnalyser,
  halfBandTaps,
  oversamplingFactor,
  stageTaps,
  TruePeakAnalyser,
  type TruePeakOptions,
  type TruePeakResult,
} from '../../src/core/analysis/truePeak';

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
    for (const taps of [16, 8]) {
      const h = halfBandTaps(taps, 5);
      assert.ok(Math.abs(2 * h.reduce((s, v) => s + v, 0) - 1) < 1e-15);
    }
  });

  it('the skipping bound is exact: a sign-matched input reaches it', () => {
    const stages = stageTaps(4);
    const bound = cascadeBound(stages);
    assert.ok(bound > 2 && bound < 2.2, `bound ${bound}`);
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
    it(`${rate / 1000} kHz: sines up to 0.4 fs read within 0.5 % of the 4x grid's bounds`, () => {
      const amplitude = 0.5;
      for (let f = 0.02; f <= 0.4001; f += 0.02) {
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
