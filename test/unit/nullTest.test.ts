import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { READ_BYTES } from '../../src/core/audio/decode';
import { loadDelivery } from '../../src/core/delivery/delivery';
import { measureNullTest, runNullTest, WorstWindow, type NullTestOutcome } from '../../src/core/analysis/nullTest';
import { findConstantOffset } from '../../src/core/analysis/offsetSearch';
import { fftInPlace } from '../../src/core/analysis/fft';
import { openFileSource } from '../../src/core/io/fileSource';
import { putFile, putWav, sine, specWith, type Signal } from './helpers/ruleFixtures';
import { makeTempDir } from './helpers/tempDir';
import {
  MIX_PATH, RATE, STEREO_24, STEREO_FLOAT, as24Bit, asFloat32, delayed, noise, recordingSource, silentUntil, sum,
  writeNullTestDelivery, type NullTestFile,
} from './helpers/nullTestFixtures';

const FRAMES = 2 * RATE;
const STEM_A = 'Stems/Song_STEM_Drums.wav';
const STEM_B = 'Stems/Song_STEM_Bass.wav';

async function nullTestOf(files: readonly NullTestFile[]): Promise<NullTestOutcome | null> {
  const { dir, cleanup } = await makeTempDir('ad-null-');
  try {
    await writeNullTestDelivery(dir, files);
    return await runNullTest(await loadDelivery(dir));
  } finally {
    await cleanup();
  }
}

function assertOk(outcome: NullTestOutcome | null): asserts outcome is Extract<NullTestOutcome, { ok: true }> {
  assert.ok(outcome, 'expected an outcome');
  assert.ok(outcome.ok, `expected a measurement, got: ${outcome.ok ? '' : outcome.reason}`);
}

function assertFailed(outcome: NullTestOutcome | null): asserts outcome is Extract<NullTestOutcome, { ok: false }> {
  assert.ok(outcome, 'expected an outcome');
  assert.equal(outcome.ok, false);
}

function near(actual: number | null | undefined, expected: number, tolerance: number, what: string): void {
  assert.ok(typeof actual === 'number' && Math.abs(actual - expected) <= tolerance, `${what}: ${String(actual)} is not within ${tolerance} of ${expected}`);
}

/** Two float stems of noise and the mix that is exactly their (float32) sum, `mixOf` applied. */
function floatStems(mixOf: (sumOfStems: Signal) => Signal, mixFrames = FRAMES): NullTestFile[] {
  const a = asFloat32(noise(0.2, 1));
  const b = asFloat32(noise(0.2, 2));
  return [
    { path: STEM_A, signal: a, frames: FRAMES },
    { path: STEM_B, signal: b, frames: FRAMES },
    { path: MIX_PATH, signal: mixOf(sum(a, b)), frames: mixFrames },
  ];
}

describe('null test', () => {
  it('is null when the spec asks for none', async () => {
    const { dir, cleanup } = await makeTempDir('ad-null-');
    try {
      await putWav(dir, STEM_A, STEREO_FLOAT, 100, noise(0.1, 1));
      await putFile(dir, 'delivery.json', specWith({}));
      assert.equal(await runNullTest(await loadDelivery(dir)), null);
    } finally {
      await cleanup();
    }
  });

  it('24-bit stems that sum exactly to the mix leave no residual at all', async () => {
    const a = as24Bit(noise(0.2, 1));
    const b = as24Bit(noise(0.2, 2));
    const outcome = await nullTestOf([
      { path: STEM_A, signal: a, frames: FRAMES, format: STEREO_24 },
      { path: STEM_B, signal: b, frames: FRAMES, format: STEREO_24 },
      { path: MIX_PATH, signal: sum(a, b), frames: FRAMES, format: STEREO_24 },
    ]);
    assertOk(outcome);
    assert.deepEqual(outcome, {
      ok: true, mix: MIX_PATH, stems: [STEM_B, STEM_A], residualPeakDbfs: null, residualRmsDbfs: null,
      worstSecond: { startSec: 0, rmsDbfs: null }, residualSeconds: [null, null], offsetSamples: null, frames: FRAMES, sampleRate: RATE, lengths: null,
    });
  });

  it('float stems against their float sum: residual below -120 dBFS (float32 rounding only)', async () => {
    const outcome = await nullTestOf(floatStems((s) => s));
    assertOk(outcome);
    assert.ok(outcome.residualPeakDbfs === null || outcome.residualPeakDbfs < -120, `peak ${outcome.residualPeakDbfs}`);
    assert.ok(outcome.residualRmsDbfs === null || outcome.residualRmsDbfs < -120, `rms ${outcome.residualRmsDbfs}`);
    assert.equal(outcome.offsetSamples, null);
    assert.equal(outcome.frames, FRAMES);
  });

  it('one stem 1 dB louder in the mix: residual = that stem × (1 - 10^(1/20)), exactly', async () => {
    const gain = 10 ** (1 / 20);
    // 1 kHz at 48 kHz: 48 samples a period, a sample on every crest, 2000 whole periods in 2 s.
    const tone = asFloat32(sine(0.25, 1000, RATE));
    const bed = asFloat32(noise(0.1, 3));
    const outcome = await nullTestOf([
      { path: STEM_A, signal: tone, frames: FRAMES },
      { path: STEM_B, signal: bed, frames: FRAMES },
      { path: MIX_PATH, signal: (i, c) => gain * tone(i, c) + bed(i, c), frames: FRAMES },
    ]);
    assertOk(outcome);
    const peak = 20 * Math.log10(0.25 * (gain - 1)); // -30.307 dBFS
    const rms = 20 * Math.log10((0.25 * (gain - 1)) / Math.SQRT2); // -33.317 dBFS
    near(outcome.residualPeakDbfs, peak, 0.001, 'residual peak');
    near(outcome.residualRmsDbfs, rms, 0.001, 'residual RMS');
    near(outcome.worstSecond?.rmsDbfs, rms, 0.001, 'worst second RMS');
    assert.ok([0, 1].includes(outcome.worstSecond!.startSec));
    assert.equal(outcome.offsetSamples, null);
  });

  it('finds the loudest second of the residual', async () => {
    const a = asFloat32(noise(0.2, 1));
    // The mix misses a 0.5 s burst in the third second of the stems.
    const burst = asFloat32((i, c) => (i >= 2.25 * RATE && i < 2.75 * RATE ? noise(0.3, 9)(i, c) : 0));
    const outcome = await nullTestOf([
      { path: STEM_A, signal: a, frames: 4 * RATE },
      { path: STEM_B, signal: burst, frames: 4 * RATE },
      { path: MIX_PATH, signal: a, frames: 4 * RATE },
    ]);
    assertOk(outcome);
    assert.equal(outcome.worstSecond?.startSec, 2);
    // Uniform noise of amplitude A has RMS A/√3; the burst fills half of that second.
    near(outcome.worstSecond?.rmsDbfs, 20 * Math.log10((0.3 / Math.sqrt(3)) * Math.SQRT1_2), 0.05, 'worst second RMS');
    near(outcome.residualRmsDbfs, 20 * Math.log10((0.3 / Math.sqrt(3)) * Math.sqrt(0.5 / 4)), 0.05, 'residual RMS');
    // The residual lane: silence in seconds 0, 1 and 3, the burst's RMS in second 2.
    assert.equal(outcome.residualSeconds.length, 4);
    assert.deepEqual([outcome.residualSeconds[0], outcome.residualSeconds[1], outcome.residualSeconds[3]], [null, null, null]);
    near(outcome.residualSeconds[2], outcome.worstSecond!.rmsDbfs!, 1e-9, 'second 2 of the residual lane');
  });

  it('a mix 37 samples late: offset 37, residual measured with it compensated', async () => {
    const outcome = await nullTestOf(floatStems((s) => delayed(s, 37)));
    assertOk(outcome);
    assert.equal(outcome.offsetSamples, 37);
    assert.equal(outcome.frames, FRAMES - 37);
    assert.ok(outcome.residualPeakDbfs === null || outcome.residualPeakDbfs < -120, `peak ${outcome.residualPeakDbfs}`);
    assert.deepEqual(outcome.lengths, [
      { file: MIX_PATH, frames: FRAMES }, { file: STEM_B, frames: FRAMES }, { file: STEM_A, frames: FRAMES },
    ]);
  });

  it('a mix 25 samples early: offset -25', async () => {
    const outcome = await nullTestOf(floatStems((s) => delayed(s, -25)));
    assertOk(outcome);
    assert.equal(outcome.offsetSamples, -25);
    assert.equal(outcome.frames, FRAMES - 25);
    assert.ok(outcome.residualPeakDbfs === null || outcome.residualPeakDbfs < -120);
  });

  it('finds the offset after silence at the top of the song', async () => {
    const a = asFloat32(silentUntil(noise(0.2, 1), 1.5 * RATE));
    const b = asFloat32(silentUntil(noise(0.2, 2), 1.5 * RATE));
    const outcome = await nullTestOf([
      { path: STEM_A, signal: a, frames: 3 * RATE },
      { path: STEM_B, signal: b, frames: 3 * RATE },
      { path: MIX_PATH, signal: delayed(sum(a, b), 37), frames: 3 * RATE + 37 },
    ]);
    assertOk(outcome);
    assert.equal(outcome.offsetSamples, 37);
    assert.equal(outcome.frames, 3 * RATE);
    // The mix is 37 samples longer, by its offset: on the stems' timeline all end together.
    assert.equal(outcome.lengths, null);
  });

  it('stems a few samples apart in length: measured over the common length, lengths listed', async () => {
    const a = asFloat32(noise(0.2, 1));
    const b = asFloat32(noise(0.2, 2));
    const outcome = await nullTestOf([
      { path: STEM_A, signal: a, frames: FRAMES },
      { path: STEM_B, signal: b, frames: FRAMES - 5 },
      { path: MIX_PATH, signal: sum(a, b), frames: FRAMES },
    ]);
    assertOk(outcome);
    assert.equal(outcome.frames, FRAMES - 5);
    assert.deepEqual(outcome.lengths, [
      { file: MIX_PATH, frames: FRAMES }, { file: STEM_B, frames: FRAMES - 5 }, { file: STEM_A, frames: FRAMES },
    ]);
    assert.ok(outcome.residualPeakDbfs === null || outcome.residualPeakDbfs < -120);
  });

  it('stems a second apart in length: no number, the reason instead', async () => {
    const outcome = await nullTestOf([
      { path: STEM_A, signal: noise(0.2, 1), frames: FRAMES },
      { path: STEM_B, signal: noise(0.2, 2), frames: FRAMES - RATE },
      { path: MIX_PATH, signal: noise(0.2, 3), frames: FRAMES },
    ]);
    assertFailed(outcome);
    assert.equal(outcome.reason, `the stems differ in length: ${STEM_B} is 48,000 samples (1.000 s) shorter than ${STEM_A}; the null test needs stems printed from the same selection`);
    assert.deepEqual(outcome.files, [STEM_B, STEM_A]);
  });

  it('a mix a second longer than the stems: no number', async () => {
    const outcome = await nullTestOf(floatStems((s) => s, FRAMES + RATE));
    assertFailed(outcome);
    assert.match(outcome.reason, /^the mix References\/Song_Main\.wav is 48,000 samples \(1\.000 s\) longer than the stems; /);
  });

  it('mismatched sample rates: no number, the rates and files named', async () => {
    const outcome = await nullTestOf([
      { path: STEM_A, signal: noise(0.2, 1), frames: FRAMES },
      { path: STEM_B, signal: noise(0.2, 2), frames: FRAMES },
      { path: MIX_PATH, signal: noise(0.2, 3), frames: 88_200, format: { ...STEREO_FLOAT, sampleRate: 44_100 } },
    ]);
    assertFailed(outcome);
    assert.equal(outcome.mix, MIX_PATH);
    assert.equal(outcome.reason, `the mix ${MIX_PATH} is 44.1 kHz but the stems are 48 kHz; null-test against a mix printed at the stems' sample rate`);
    assert.deepEqual(outcome.files, [MIX_PATH, STEM_B, STEM_A]);
  });

  it('mismatched channel counts: no number', async () => {
    const outcome = await nullTestOf([
      { path: STEM_A, signal: noise(0.2, 1), frames: FRAMES },
      { path: STEM_B, signal: noise(0.2, 2), frames: FRAMES, format: { ...STEREO_FLOAT, channels: 1 } },
      { path: MIX_PATH, signal: noise(0.2, 3), frames: FRAMES },
    ]);
    assertFailed(outcome);
    assert.equal(outcome.reason, `the stems differ in channel count (mono: ${STEM_B}; stereo: ${STEM_A}); stems to be summed must share one channel count`);
  });

  it('a mix that is not in the delivery', async () => {
    const outcome = await nullTestOf([{ path: STEM_A, signal: noise(0.2, 1), frames: 100 }]);
    assertFailed(outcome);
    assert.deepEqual(outcome, {
      ok: false, mix: MIX_PATH, files: [MIX_PATH],
      reason: `the mix ${MIX_PATH} named in delivery.json (stems.nullTest.mix) is not in the delivery`,
    });
  });

  it('a mix that is not audio', async () => {
    const { dir, cleanup } = await makeTempDir('ad-null-');
    try {
      await writeNullTestDelivery(dir, [{ path: STEM_A, signal: noise(0.2, 1), frames: 100 }]);
      await putFile(dir, MIX_PATH, 'RIFF....WAVEjunk');
      const outcome = await runNullTest(await loadDelivery(dir));
      assertFailed(outcome);
      assert.match(outcome.reason, /^References\/Song_Main\.wav cannot be decoded for the null test: /);
      assert.deepEqual(outcome.files, [MIX_PATH]);
    } finally {
      await cleanup();
    }
  });

  it('no stems to sum', async () => {
    const outcome = await nullTestOf([{ path: MIX_PATH, signal: noise(0.2, 1), frames: 100 }]);
    assertFailed(outcome);
    assert.equal(outcome.reason, 'there are no stems in the delivery to sum');
  });

  it('never reads a whole file: every read is bounded, whatever the file size', async () => {
    const { dir, cleanup } = await makeTempDir('ad-null-');
    const frames = 10 * RATE; // 3.84 MB of stereo float per file
    try {
      const files = floatStems((s) => delayed(s, 11)).map((f) => ({ ...f, frames }));
      for (const f of files) await putWav(dir, f.path, STEREO_FLOAT, f.frames, f.signal);
      const [a, b, mix] = await Promise.all(files.map(async (f) => recordingSource(await openFileSource(path.join(dir, f.path)))));
      try {
        const outcome = await measureNullTest({ path: MIX_PATH, source: mix! }, [{ path: STEM_A, source: a! }, { path: STEM_B, source: b! }]);
        assertOk(outcome);
        assert.equal(outcome.offsetSamples, 11);
        for (const s of [a!, b!, mix!]) {
          assert.ok(s.size > 3 * READ_BYTES, 'the files must be larger than one read');
          assert.ok(s.maxRead <= READ_BYTES, `a read of ${s.maxRead} bytes`);
          // Passes 1 and 2 (first sound, offset window) cost a few reads; pass 3 reads everything once.
          assert.ok(s.bytesRead < s.size + 6 * READ_BYTES, `${s.bytesRead} bytes read of ${s.size}`);
        }
      } finally {
        await Promise.all([a, b, mix].map((s) => s!.close()));
      }
    } finally {
      await cleanup();
    }
  });

  it('stops with the signal\'s reason when aborted', async () => {
    const { dir, cleanup } = await makeTempDir('ad-null-');
    try {
      await writeNullTestDelivery(dir, floatStems((s) => s));
      const controller = new AbortController();
      controller.abort(new Error('superseded'));
      await assert.rejects(runNullTest(await loadDelivery(dir), { signal: controller.signal }), /superseded/);
    } finally {
      await cleanup();
    }
  });
});

describe('constant offset search', () => {
  const window = (ref: Signal, cand: Signal, frames: number, maxLag: number) => ({
    reference: [Float64Array.from({ length: frames }, (_, t) => ref(t, 0))],
    candidate: [Float32Array.from({ length: frames + 2 * maxLag }, (_, j) => cand(j - maxLag, 0))],
    maxLag,
  });

  it('takes the smallest lag when periodic material repeats the match a period apart', () => {
    const tone = sine(0.5, 1000, RATE); // period: 48 samples
    assert.equal(findConstantOffset(window(tone, (i, c) => tone(i - 5, c), 4800, 200)), 5);
    assert.equal(findConstantOffset(window(tone, tone, 4800, 200)), null);
  });

  it('reports no offset for a gain change or for silence', () => {
    const n = noise(0.3, 4);
    assert.equal(findConstantOffset(window(n, (i, c) => 1.5 * n(i, c), 4800, 200)), null);
    assert.equal(findConstantOffset(window(() => 0, n, 4800, 200)), null);
  });

  it('finds lags at the edge of the search range', () => {
    const n = noise(0.3, 5);
    assert.equal(findConstantOffset(window(n, (i, c) => n(i - 200, c), 4800, 200)), 200);
    assert.equal(findConstantOffset(window(n, (i, c) => n(i + 200, c), 4800, 200)), -200);
  });

  it('FFT: forward then inverse gives the input back', () => {
    const re = Float64Array.from({ length: 64 }, (_, i) => Math.sin(i) + (i % 3));
    const im = new Float64Array(64);
    const original = re.slice();
    fftInPlace(re, im);
    near(re[0], original.reduce((s, v) => s + v, 0), 1e-9, 'DC bin');
    fftInPlace(re, im, true);
    re.forEach((v, i) => near(v, original[i]!, 1e-12, `sample ${i}`));
  });
});

describe('null test: the residual per second', () => {
  /** 4 frames a second, mono; from `start`, frames of energy 1, then 4, then 9 (RMS 1, 2, 3). */
  const fed = (start: number) => {
    const w = new WorstWindow(4, 1, start);
    for (let i = start; i < 10; i++) w.add(i < 4 ? 1 : i < 8 ? 4 : 9);
    return w;
  };
  const db = (rms: number) => 20 * Math.log10(rms);

  it('perSecond and worst give the same windows whichever is asked first, the last partial window included', () => {
    const a = fed(0);
    const perSecondFirst = a.perSecond();
    const worstAfter = a.worst();
    const b = fed(0);
    const worstFirst = b.worst();
    const perSecondAfter = b.perSecond();
    assert.deepEqual(perSecondFirst, [db(1), db(2), db(3)]);
    assert.deepEqual(perSecondAfter, perSecondFirst);
    assert.deepEqual(worstAfter, { startSec: 2, rmsDbfs: db(3) });
    assert.deepEqual(worstFirst, worstAfter);
    // Asking again changes nothing: the open window is counted once.
    assert.deepEqual([a.perSecond(), a.worst()], [perSecondFirst, worstAfter]);
  });

  it('seconds before the first compared frame stay null', () => {
    assert.deepEqual(fed(6).perSecond(), [null, db(2), db(3)]);
  });
});
