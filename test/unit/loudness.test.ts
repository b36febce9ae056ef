import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { WaveFile } from 'wavefile';
import type { Analyser, StreamInfo } from '../../src/core/analysis/analyser';
import { FLUSH_THRESHOLD, KWeightingFilter, kWeightingCoefficients } from '../../src/core/analysis/kWeighting';
import { channelWeights, createLoudnessAnalyser, LoudnessAnalyser, type LoudnessResult } from '../../src/core/analysis/loudness';
import { createTruePeakAnalyser } from '../../src/core/analysis/truePeak';
import { makeTempDir } from './helpers/tempDir';

/**
 * Loudness against EBU Tech 3341 (cases 1-6, 9, 12) and Tech 3342 (cases 1-4), synthesised from
 * the specifications' descriptions; against ffmpeg's ebur128 on music-like material.
 */

const TONE_HZ = 1000;

/** [level dBFS, seconds] segments of one continuous-phase sine. */
type Tone = readonly [number, number];

function sine(sampleRate: number, tones: readonly Tone[], hz = TONE_HZ): Float32Array {
  const frames = tones.reduce((n, [, s]) => n + Math.round(s * sampleRate), 0);
  const out = new Float32Array(frames);
  let i = 0;
  for (const [db, seconds] of tones) {
    const amplitude = 10 ** (db / 20);
    const end = i + Math.round(seconds * sampleRate);
    for (; i < end; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate);
  }
  return out;
}

function repeat(times: number, ...tones: Tone[]): Tone[] {
  return Array.from({ length: times }, () => tones).flat();
}

function info(sampleRate: number, channels: number, channelMask: number | null = null, frames = 0): StreamInfo {
  return { sampleRate, channels, bitDepth: 24, float: false, channelMask, totalFrames: frames };
}

/** Pushes the channels in chunks of `chunkFrames` (reusing one buffer per channel, as the decoder does). */
function feed<R>(analyser: Analyser<R>, channels: readonly Float32Array[], chunkFrames = 16384): R {
  const frames = channels[0]?.length ?? 0;
  const buffers = channels.map(() => new Float32Array(chunkFrames));
  for (let start = 0; start < frames; start += chunkFrames) {
    const n = Math.min(chunkFrames, frames - start);
    channels.forEach((c, i) => buffers[i].set(c.subarray(start, start + n)));
    analyser.push({ channels: buffers, frames: n, startFrame: start });
  }
  return analyser.finish();
}

function measure(sampleRate: number, channels: readonly Float32Array[], channelMask: number | null = null): LoudnessAnalyser {
  const analyser = new LoudnessAnalyser(info(sampleRate, channels.length, channelMask));
  feed(analyser, channels);
  return analyser;
}

function loudness(sampleRate: number, channels: readonly Float32Array[], channelMask: number | null = null): LoudnessResult {
  return measure(sampleRate, channels, channelMask).finish();
}

function within(actual: number | null, expected: number, below: number, above: number, what: string): void {
  assert.ok(actual !== null, `${what}: null, expected ${expected}`);
  assert.ok(
    actual >= expected - below && actual <= expected + above,
    `${what}: ${actual.toFixed(3)}, expected ${expected} +${above}/-${below}`,
  );
}

describe('K-weighting', () => {
  it('computes the published BS.1770 48 kHz coefficients', () => {
    const { shelf, highPass } = kWeightingCoefficients(48000);
    const published: Array<[number, number]> = [
      [shelf.b0, 1.53512485958697],
      [shelf.b1, -2.69169618940638],
      [shelf.b2, 1.19839281085285],
      [shelf.a1, -1.69065929318241],
      [shelf.a2, 0.73248077421585],
      [highPass.b0, 1],
      [highPass.b1, -2],
      [highPass.b2, 1],
      [highPass.a1, -1.99004745483398],
      [highPass.a2, 0.99007225036621],
    ];
    for (const [computed, expected] of published) assert.ok(Math.abs(computed - expected) < 1e-8, `${computed} vs ${expected}`);
  });

  for (const rate of [44100, 96000, 192000]) {
    it(`gives a 1 kHz sine the same loudness at ${rate / 1000} kHz as at 48 kHz (±0.05 LU)`, () => {
      const at48 = loudness(48000, [sine(48000, [[-23, 10]])]).integratedLufs;
      const atRate = loudness(rate, [sine(rate, [[-23, 10]])]).integratedLufs;
      assert.ok(at48 !== null && atRate !== null);
      assert.ok(Math.abs(atRate - at48) < 0.05, `${atRate} vs ${at48}`);
    });
  }

  it('flushes the filter state to exact zero after a signal turns to digital silence', () => {
    // 60 s of signal, then 10 minutes of digital zero, in decoder-sized blocks. Without the flush
    // the state decays into subnormal numbers (and can stay there), making every sample slow.
    const rate = 48000;
    const filter = new KWeightingFilter(rate);
    const block = new Float32Array(16384);
    const signal = sine(rate, [[-6, 1]], 40);
    for (let s = 0; s < 60; s++) {
      for (let start = 0; start < rate; start += block.length) {
        const n = Math.min(block.length, rate - start);
        filter.sumOfSquares(signal, start, start + n);
      }
    }
    block.fill(0);
    filter.sumOfSquares(block, 0, 480); // 10 ms of silence: the state still rings, as it should
    assert.ok(filter.state.some((v) => Math.abs(v) > FLUSH_THRESHOLD));
    for (let done = 0; done < 600 * rate; done += block.length) filter.sumOfSquares(block, 0, block.length);
    assert.deepEqual(Array.from(filter.state), [0, 0, 0, 0, 0, 0]);
  });
});

describe('channel weights', () => {
  it('mono counts as one channel of weight 1, stereo as two', () => {
    assert.deepEqual(channelWeights(1, null), [1]);
    assert.deepEqual(channelWeights(2, null), [1, 1]);
    assert.deepEqual(channelWeights(2, 0x3), [1, 1]);
  });
  it('default 5.0 and 5.1 layouts weight the surrounds 1.41 and drop the LFE', () => {
    assert.deepEqual(channelWeights(5, null), [1, 1, 1, 1.41, 1.41]);
    assert.deepEqual(channelWeights(6, null), [1, 1, 1, 0, 1.41, 1.41]);
  });
  it('reads the WAVE_FORMAT_EXTENSIBLE channel mask', () => {
    assert.deepEqual(channelWeights(6, 0x3f), [1, 1, 1, 0, 1.41, 1.41]); // 5.1 (back)
    assert.deepEqual(channelWeights(6, 0x60f), [1, 1, 1, 0, 1.41, 1.41]); // 5.1 (side)
    assert.deepEqual(channelWeights(8, 0x63f), [1, 1, 1, 0, 1.41, 1.41, 1.41, 1.41]); // 7.1
    assert.deepEqual(channelWeights(4, 0x107), [1, 1, 1, 1]); // L R C + back centre
    assert.deepEqual(channelWeights(3, 0x1), [1, 1, 1]); // mask shorter than the channels
  });
  it('a signal on the LFE channel does not count', () => {
    const tone = sine(48000, [[-28, 20]]);
    const silent = new Float32Array(tone.length);
    const loud = sine(48000, [[-6, 20]], 60);
    const withLfe = loudness(48000, [tone, tone, tone, loud, tone, tone], 0x3f).integratedLufs;
    const without = loudness(48000, [tone, tone, tone, silent, tone, tone], 0x3f).integratedLufs;
    assert.equal(withLfe, without);
  });
});

describe('EBU Tech 3341 (loudness)', () => {
  const rate = 48000;
  const stereo = (...tones: Tone[]): Float32Array[] => {
    const s = sine(rate, tones);
    return [s, s];
  };

  const integratedCases: Array<[string, Tone[]]> = [
    ['case 1: -23 dBFS, 20 s', [[-23, 20]]],
    ['case 2: -33 dBFS, 20 s', [[-33, 20]]],
    ['case 3: -36 / -23 / -36 dBFS, 10 / 60 / 10 s (relative gate)', [[-36, 10], [-23, 60], [-36, 10]]],
    ['case 4: -72 / -36 / -23 / -36 / -72 dBFS (absolute and relative gates)', [[-72, 10], [-36, 10], [-23, 60], [-36, 10], [-72, 10]]],
    ['case 5: -26 / -20 / -26 dBFS, 20 / 20.1 / 20 s', [[-26, 20], [-20, 20.1], [-26, 20]]],
  ];
  for (const [name, tones] of integratedCases) {
    const expected = name.startsWith('case 2') ? -33 : -23;
    it(`${name} → I = ${expected} ±0.1 LUFS`, () => {
      within(loudness(rate, stereo(...tones)).integratedLufs, expected, 0.1, 0.1, 'I');
    });
  }

  it('cases 1 and 2: momentary and short-term read the tone level (±0.1)', () => {
    for (const level of [-23, -33]) {
      const m = measure(rate, stereo([level, 20]));
      for (const v of m.momentaryLufs()) within(v, level, 0.1, 0.1, 'M');
      for (const v of m.shortTermLufs()) within(v, level, 0.1, 0.1, 'S');
    }
  });

  it('case 6: 5.0, L R -28, C -24, Ls Rs -30 dBFS, 20 s → I = -23 ±0.1 LUFS', () => {
    const side = sine(rate, [[-28, 20]]);
    const centre = sine(rate, [[-24, 20]]);
    const surround = sine(rate, [[-30, 20]]);
    within(loudness(rate, [side, side, centre, surround, surround]).integratedLufs, -23, 0.1, 0.1, 'I (5.0, no mask)');
    // The same as 5.1 WAVE_FORMAT_EXTENSIBLE with a silent LFE, as in the EBU test set.
    const lfe = new Float32Array(side.length);
    within(loudness(rate, [side, side, centre, lfe, surround, surround], 0x3f).integratedLufs, -23, 0.1, 0.1, 'I (5.1 mask)');
  });

  it('case 9: 1.34 s at -20 / 1.66 s at -30 dBFS, 5 times → S = -23 ±0.1 LUFS throughout', () => {
    const s = measure(rate, stereo(...repeat(5, [-20, 1.34], [-30, 1.66]))).shortTermLufs();
    assert.ok(s.length > 100);
    for (const v of s) within(v, -23, 0.1, 0.1, 'S');
  });

  it('case 12: 0.18 s at -20 / 0.22 s at -30 dBFS, 25 times → M = -23 ±0.1 LUFS throughout', () => {
    const m = measure(rate, stereo(...repeat(25, [-20, 0.18], [-30, 0.22]))).momentaryLufs();
    assert.ok(m.length > 90);
    for (const v of m) within(v, -23, 0.1, 0.1, 'M');
  });
});

describe('EBU Tech 3342 (loudness range)', () => {
  const rate = 48000;
  const cases: Array<[string, number, Tone[]]> = [
    ['case 1: -20 / -30 dBFS, 20 s each', 10, [[-20, 20], [-30, 20]]],
    ['case 2: -20 / -15 dBFS, 20 s each', 5, [[-20, 20], [-15, 20]]],
    ['case 3: -40 / -20 dBFS, 20 s each', 20, [[-40, 20], [-20, 20]]],
    ['case 4: -50 / -35 / -20 / -35 / -50 dBFS, 20 s each', 15, [[-50, 20], [-35, 20], [-20, 20], [-35, 20], [-50, 20]]],
  ];
  for (const [name, expected, tones] of cases) {
    it(`${name} → LRA = ${expected} ±1 LU`, () => {
      const s = sine(rate, tones);
      within(loudness(rate, [s, s]).lraLu, expected, 1, 1, 'LRA');
    });
  }
});

describe('loudness edge cases', () => {
  it('digital silence: every measure is null', () => {
    const zero = new Float32Array(48000 * 5);
    assert.deepEqual(loudness(48000, [zero, zero]), {
      integratedLufs: null,
      lraLu: null,
      momentaryMaxLufs: null,
      shortTermMaxLufs: null,
    });
  });

  it('below the absolute gate (-75 dBFS): no integrated loudness, but a momentary maximum', () => {
    const r = loudness(48000, [sine(48000, [[-75, 5]])]);
    assert.equal(r.integratedLufs, null);
    assert.equal(r.lraLu, null);
    within(r.momentaryMaxLufs, -78, 0.1, 0.1, 'M max (mono: no +3 dB)');
  });

  it('shorter than one 400 ms block: null; shorter than 3 s: no LRA, no short-term', () => {
    assert.equal(loudness(48000, [sine(48000, [[-20, 0.39]])]).integratedLufs, null);
    const r = loudness(48000, [sine(48000, [[-20, 2.5]])]);
    within(r.integratedLufs, -23, 0.1, 0.1, 'I');
    assert.equal(r.lraLu, null);
    assert.equal(r.shortTermMaxLufs, null);
  });

  it('after digital silence the filters start from rest: a repeated passage measures the same', () => {
    const rate = 48000;
    const tone = sine(rate, [[-20, 2]], 440);
    const signal = new Float32Array(14 * rate);
    signal.set(tone, 0);
    signal.set(tone, 12 * rate);
    const m = measure(rate, [signal]).momentaryLufs();
    // (Chunk boundaries split the sums differently: equal to rounding, not to the bit.)
    for (let k = 0; k < 17; k++) assert.ok(Math.abs(m[120 + k] - m[k]) < 1e-9, `block ${k}: ${m[120 + k]} vs ${m[k]}`);
    assert.equal(m[60], -Infinity); // in the silence
  });

  it('no file, no frames: all null', () => {
    const analyser = createLoudnessAnalyser(info(48000, 2));
    assert.equal(analyser.finish().integratedLufs, null);
  });

  it('chunk sizes do not change the result', () => {
    const s = sine(44100, [[-30, 3], [-18, 4.05], [-40, 1]]);
    const a = feed(createLoudnessAnalyser(info(44100, 2)), [s, s], 65536);
    const b = feed(createLoudnessAnalyser(info(44100, 2)), [s, s], 997);
    // Equal to rounding (chunk boundaries split the sums differently), not to the bit.
    for (const key of ['integratedLufs', 'lraLu', 'momentaryMaxLufs', 'shortTermMaxLufs'] as const) {
      const [x, y] = [a[key], b[key]];
      assert.ok(x !== null && y !== null && Math.abs(x - y) < 1e-9, `${key}: ${x} vs ${y}`);
    }
  });

  it('works at rates that are not a multiple of 10 Hz (100 ms blocks rounded)', () => {
    within(loudness(11025, [sine(11025, [[-23, 10]])]).integratedLufs, -26.01, 0.1, 0.1, 'I mono');
  });
});

// ---------------------------------------------------------------------------------------------
// Music-like material against ffmpeg's ebur128 filter.

/** Small deterministic PRNG (mulberry32-style), so the material is the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A 120 bpm arrangement: kick, snare and hi-hat noise bursts, a bass line, decaying plucked
 * chords (harmonic partials), with a quiet intro, a breakdown and a louder chorus, so that both
 * gates have work to do. Returned quantised to 24 bits (the values a 24-bit WAV holds).
 */
function musicLike(sampleRate: number, seconds: number, seed: number): Float32Array[] {
  const frames = Math.round(seconds * sampleRate);
  const left = new Float64Array(frames);
  const right = new Float64Array(frames);
  const random = prng(seed);
  const beat = 0.5;
  const section = (t: number): number => (t < 8 ? 0.3 : t < 20 ? 0.8 : t < 24 ? 0.08 : t < seconds - 4 ? 1 : 0.5);
  const add = (start: number, duration: number, pan: number, voice: (t: number) => number): void => {
    const from = Math.round(start * sampleRate);
    const to = Math.min(frames, from + Math.round(duration * sampleRate));
    const gain = section(start);
    const l = gain * Math.cos((pan * Math.PI) / 2);
    const r = gain * Math.sin((pan * Math.PI) / 2);
    for (let i = from; i < to; i++) {
      const v = voice((i - from) / sampleRate);
      left[i] += l * v;
      right[i] += r * v;
    }
  };
  const noise = (): ((t: number) => number) => {
    let low = 0;
    return () => {
      const w = random() * 2 - 1;
      low += 0.5 * (w - low);
      return w - low; // bright, but not flat to Nyquist
    };
  };
  const bassNotes = [41.2, 41.2, 55, 49, 41.2, 61.7, 55, 49];
  const chordRoots = [220, 261.6, 196, 246.9];
  for (let b = 0; b * beat < seconds; b++) {
    const t0 = b * beat;
    // Kick: a falling sine with a fast decay.
    add(t0, 0.35, 0.5, (t) => 0.9 * Math.exp(-t * 12) * Math.sin(2 * Math.PI * (50 * t + 60 * (1 - Math.exp(-t * 30)) / 30)));
    // Snare on beats 2 and 4: a noise burst plus a 190 Hz body.
    if (b % 2 === 1) {
      const n = noise();
      add(t0, 0.25, 0.45, (t) => Math.exp(-t * 18) * (0.5 * n(t) + 0.3 * Math.sin(2 * Math.PI * 190 * t)));
    }
    // Hi-hat every half beat (louder in the chorus): short bright noise.
    for (const off of [0, beat / 2]) {
      const n = noise();
      const level = 0.12 + 0.1 * random();
      add(t0 + off, 0.08, 0.65, (t) => level * Math.exp(-t * 60) * n(t));
    }
    // Bass: fundamental plus second harmonic.
    const f = bassNotes[b % bassNotes.length];
    add(t0, beat, 0.5, (t) => 0.45 * Math.min(1, t * 200) * Math.exp(-t * 2.5) * (Math.sin(2 * Math.PI * f * t) + 0.35 * Math.sin(4 * Math.PI * f * t)));
    // Plucked chord every two beats: three notes, six partials each, random detune and pan.
    if (b % 2 === 0) {
      const root = chordRoots[(b / 2) % chordRoots.length];
      for (const ratio of [1, 1.26, 1.5]) {
        const pf = root * ratio * (1 + 0.003 * (random() - 0.5));
        const pan = 0.2 + 0.6 * random();
        const decay = 1.5 + 2 * random();
        add(t0, 1.2, pan, (t) => {
          let v = 0;
          for (let k = 1; k <= 6; k++) v += Math.sin(2 * Math.PI * pf * k * t + k) / (k * k * 0.5 + 0.5);
          return 0.12 * Math.min(1, t * 500) * Math.exp(-t * decay) * v;
        });
      }
    }
  }
  // Normalise to a -1 dBFS sample peak and quantise to 24 bits.
  let peak = 0;
  for (let i = 0; i < frames; i++) peak = Math.max(peak, Math.abs(left[i]), Math.abs(right[i]));
  const scale = 10 ** (-1 / 20) / peak;
  return [left, right].map((c) => {
    const out = new Float32Array(frames);
    for (let i = 0; i < frames; i++) out[i] = quantise24(c[i] * scale);
    return out;
  });
}

function quantise24(v: number): number {
  return Math.max(-8388608, Math.min(8388607, Math.round(v * 8388608))) / 8388608;
}

async function writeWav24(file: string, sampleRate: number, channels: readonly Float32Array[]): Promise<void> {
  const wav = new WaveFile();
  wav.fromScratch(
    channels.length,
    sampleRate,
    '24',
    channels.map((c) => Int32Array.from(c, (v) => Math.round(v * 8388608))),
  );
  await fs.writeFile(file, wav.toBuffer());
}

interface FfmpegLoudness {
  integratedLufs: number;
  lraLu: number;
  truePeakDbtp: number;
}

function hasFfmpeg(): boolean {
  return spawnSync('ffmpeg', ['-version']).status === 0;
}

/**
 * ffmpeg's ebur128 with peak=true. The summary rounds to 0.1, so the values are taken from the
 * frame metadata (3 decimals: the last integrated value, the largest linear true peak).
 */
function ffmpegLoudness(file: string): FfmpegLoudness {
  const run = spawnSync(
    'ffmpeg',
    ['-nostats', '-hide_banner', '-i', file, '-af', 'ebur128=peak=true:metadata=1,ametadata=mode=print:file=-', '-f', 'null', '-'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(run.status, 0, run.stderr);
  let integratedLufs = NaN;
  let lraLu = NaN;
  let peak = 0;
  for (const line of run.stdout.split('\n')) {
    const i = /^lavfi\.r128\.I=(-?[\d.]+)/.exec(line);
    if (i) integratedLufs = Number(i[1]);
    const lra = /^lavfi\.r128\.LRA=([\d.]+)/.exec(line);
    if (lra) lraLu = Number(lra[1]);
    const p = /^lavfi\.r128\.true_peak=([\d.]+)/.exec(line);
    if (p) peak = Math.max(peak, Number(p[1]));
  }
  // The summary (0.1 precision) covers the whole file: the metadata must agree with it.
  const summaryI = Number(/I:\s+(-?[\d.]+) LUFS/.exec(run.stderr)?.[1]);
  const summaryPeak = Number(/Peak:\s+(-?[\d.]+) dBFS/.exec(run.stderr)?.[1]);
  assert.ok(Math.abs(summaryI - integratedLufs) <= 0.051, `summary I ${summaryI} vs metadata ${integratedLufs}`);
  const truePeakDbtp = 20 * Math.log10(peak);
  assert.ok(Math.abs(summaryPeak - truePeakDbtp) <= 0.06, `summary peak ${summaryPeak} vs metadata ${truePeakDbtp}`);
  return { integratedLufs, lraLu, truePeakDbtp };
}

describe('loudness and true peak against ffmpeg ebur128=peak=true (music-like material)', function () {
  this.timeout(180000);
  let temp: { dir: string; cleanup: () => Promise<void> } | undefined;
  before(async function () {
    if (!hasFfmpeg()) {
      // CI installs ffmpeg; without it there is nothing to compare with.
      this.skip();
    }
    temp = await makeTempDir('ad-loudness-');
  });
  after(async () => {
    await temp?.cleanup();
  });

  const cases: Array<[number, number, number]> = [
    [48000, 45, 1],
    [44100, 40, 2],
  ];
  for (const [rate, seconds, seed] of cases) {
    it(`${rate / 1000} kHz stereo, ${seconds} s: I within 0.1 LU, true peak within 0.2 dB (LRA within 0.2 LU)`, async () => {
      const channels = musicLike(rate, seconds, seed);
      const file = path.join(temp!.dir, `music-${rate}.wav`);
      await writeWav24(file, rate, channels);
      const reference = ffmpegLoudness(file);
      const ours = feed(createLoudnessAnalyser(info(rate, 2)), channels);
      const peaks = feed(createTruePeakAnalyser(info(rate, 2)), channels);
      assert.ok(ours.integratedLufs !== null && ours.lraLu !== null && peaks.truePeakDbtp !== null);
      const dI = ours.integratedLufs - reference.integratedLufs;
      const dTp = peaks.truePeakDbtp - reference.truePeakDbtp;
      assert.ok(Math.abs(dI) <= 0.1, `I ours ${ours.integratedLufs.toFixed(3)} ffmpeg ${reference.integratedLufs}`);
      assert.ok(Math.abs(dTp) <= 0.2, `TP ours ${peaks.truePeakDbtp.toFixed(3)} ffmpeg ${reference.truePeakDbtp.toFixed(3)}`);
      assert.ok(Math.abs(ours.lraLu - reference.lraLu) <= 0.2, `LRA ours ${ours.lraLu.toFixed(2)} ffmpeg ${reference.lraLu}`);
    });
  }
});
