import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../../src/core/findings';
import { levelRules } from '../../../src/core/rules/level';
import { clipping } from '../../../src/core/rules/level/clipping';
import { dcOffset } from '../../../src/core/rules/level/dcOffset';
import { dualMono } from '../../../src/core/rules/level/dualMono';
import { invertedPolarity } from '../../../src/core/rules/level/invertedPolarity';
import { loudness } from '../../../src/core/rules/level/loudness';
import { overFullScale } from '../../../src/core/rules/level/overFullScale';
import { silent } from '../../../src/core/rules/level/silent';
import { truePeak } from '../../../src/core/rules/level/truePeak';
import { ruleDocPath } from '../../../src/core/rules';
import type { Rule } from '../../../src/core/rules/rule';
import {
  analysedDelivery, cleanFixture, findingsOf, fixtureTone, putFile, putWav, releaseFixtureTemplate, sine, specWith, withFixture, type Signal,
} from '../helpers/ruleFixtures';

const RATE = 48_000;
const TWO_SECONDS = 2 * RATE;
const STEREO_24 = { sampleRate: RATE, channels: 2, bitDepth: 24 } as const;
const MONO_24 = { sampleRate: RATE, channels: 1, bitDepth: 24 } as const;
const REFERENCE = { sampleRate: 44_100, channels: 2, bitDepth: 24 } as const;

async function onlyFinding(rule: Rule, dir: string): Promise<Finding> {
  const findings = findingsOf(rule, await analysedDelivery(dir));
  assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
  return findings[0]!;
}

/** `signal` with full-scale runs written in: [channel, startFrame, length, sign]. */
function withClipRuns(signal: Signal, runs: ReadonlyArray<[number, number, number, 1 | -1]>): Signal {
  return (i, c) => {
    for (const [ch, start, length, sign] of runs) if (c === ch && i >= start && i < start + length) return sign;
    return signal(i, c);
  };
}

/** Rounded to 24-bit codes first, so a derived channel (a copy, an inversion) is exact in the file. */
function on24BitGrid(signal: Signal): Signal {
  return (i, c) => Math.round(signal(i, c) * 2 ** 23) / 2 ** 23;
}

/**
 * A sine at a quarter of the rate, 45° off the sample grid: every sample lands at ±0.707 of the
 * crest, so the true peak is 3.01 dB above the sample peak — the textbook inter-sample over.
 * Faded in and out over 0.1 s: an abrupt start would ring the oversampling filter above the crest.
 */
function interSamplePeak(crest: number, frames: number, sampleRate: number): Signal {
  const fade = sampleRate / 10;
  return (i) => crest * Math.min(1, i / fade, (frames - 1 - i) / fade) * Math.sin((Math.PI / 2) * i + Math.PI / 4);
}

describe('level rules', () => {
  after(releaseFixtureTemplate);

  it('are registered in catalogue order', () => {
    assert.deepEqual(levelRules.map((r) => r.id), [
      'level/clipping', 'level/over-full-scale', 'level/true-peak', 'level/loudness', 'level/silent', 'level/dc-offset',
      'level/dual-mono', 'level/inverted-polarity',
    ]);
  });

  it('each has a docs page', () => {
    // Compiled tests run from out/test/unit/rules; docs/ sits at the repository root.
    const root = path.resolve(__dirname, '..', '..', '..', '..');
    for (const rule of levelRules) assert.ok(existsSync(path.join(root, ruleDocPath(rule.id))), ruleDocPath(rule.id));
  });

  describe('silent on the clean fixture delivery', () => {
    const clean = cleanFixture();
    before(clean.before);
    for (const rule of levelRules) {
      it(rule.id, () => assert.deepEqual(findingsOf(rule, clean.delivery()), []));
    }
  });

  describe('level/clipping', () => {
    it('a clipped stem is an error, with each run\'s time and channel', () => withFixture(async (dir) => {
      await putWav(dir, 'Stems/Song_STEM_Drums.wav', STEREO_24, TWO_SECONDS, withClipRuns(fixtureTone(RATE), [[0, 48_000, 5, 1], [1, 72_000, 4, -1]]));
      const f = await onlyFinding(clipping, dir);
      assert.equal(f.file, 'Stems/Song_STEM_Drums.wav');
      assert.equal(f.severity, 'error');
      assert.equal(f.timeSec, 1);
      assert.equal(f.message, 'Stems/Song_STEM_Drums.wav clips: 2 runs of 3 or more samples at full scale, at 0:00:01.000 (L, 5 samples) and 0:00:01.500 (R, 4 samples). Lower the stem (or the mix bus feeding it) and print it again; stems must sum back to the mix without new distortion.');
      assert.deepEqual(f.data, {
        runs: 2, clippedSamples: 9,
        first: [{ channel: 0, startSec: 1, length: 5 }, { channel: 1, startSec: 1.5, length: 4 }],
      });
    }));

    it('a clipped multi-track is a warning; past five runs the rest are counted', () => withFixture(async (dir) => {
      const runs = Array.from({ length: 8 }, (_, k) => [0, 4_800 * (k + 1), 3, 1] as [number, number, number, 1]);
      await putWav(dir, 'Multitracks/01 Kick In.wav', MONO_24, TWO_SECONDS, withClipRuns(fixtureTone(RATE), runs));
      const f = await onlyFinding(clipping, dir);
      assert.equal(f.file, 'Multitracks/01 Kick In.wav');
      assert.equal(f.severity, 'warning');
      assert.equal(f.timeSec, 0.1);
      assert.match(f.message, /^Multitracks\/01 Kick In\.wav clips: 8 runs of 3 or more samples at full scale, at 0:00:00\.100 \(3 samples\), 0:00:00\.200 \(3 samples\), 0:00:00\.300 \(3 samples\), 0:00:00\.400 \(3 samples\) and 0:00:00\.500 \(3 samples\) and 3 more\. If it clipped at the converter/);
    }));

    it('two full-scale samples in a row are a peak, not clipping', () => withFixture(async (dir) => {
      await putWav(dir, 'Stems/Song_STEM_Drums.wav', STEREO_24, TWO_SECONDS, withClipRuns(fixtureTone(RATE), [[0, 48_000, 2, 1]]));
      assert.deepEqual(findingsOf(clipping, await analysedDelivery(dir)), []);
    }));
  });

  it('level/over-full-scale: float samples beyond ±1.0, with where and by how much', () => withFixture(async (dir) => {
    const tone = fixtureTone(RATE);
    await putWav(dir, 'Stems/Song_STEM_Vox.wav', { ...STEREO_24, bitDepth: 32, float: true }, TWO_SECONDS,
      (i, c) => (c === 0 && i >= 24_000 && i < 24_010 ? 1.5 : tone(i, c)));
    const f = await onlyFinding(overFullScale, dir);
    assert.equal(f.file, 'Stems/Song_STEM_Vox.wav');
    assert.equal(f.severity, 'warning');
    assert.equal(f.timeSec, 0.5);
    assert.equal(f.message, 'Stems/Song_STEM_Vox.wav has 10 float samples beyond full scale, the first at 0:00:00.500 (peak +3.5 dBFS): they clip as soon as the file is converted to integer. Lower it by at least 3.5 dB and print it again, unless everyone downstream works in float.');
    assert.equal(f.data.samples, 10);
  }));

  describe('level/true-peak', () => {
    it('an inter-sample over on a stem, against the music-mix ceiling; multi-tracks are not checked', () => withFixture(async (dir) => {
      // Samples peak at 0.9 (-0.9 dBFS); the wave between them at 0.9·√2: +2.1 dBTP.
      await putWav(dir, 'Stems/Song_STEM_Bass.wav', STEREO_24, TWO_SECONDS, interSamplePeak(0.9 * Math.SQRT2, TWO_SECONDS, RATE));
      await putWav(dir, 'Multitracks/03 Bass DI.wav', MONO_24, TWO_SECONDS, interSamplePeak(0.9 * Math.SQRT2, TWO_SECONDS, RATE));
      const f = await onlyFinding(truePeak, dir);
      assert.equal(f.file, 'Stems/Song_STEM_Bass.wav');
      assert.equal(f.severity, 'warning');
      const tp = f.data.truePeakDbtp as number;
      assert.ok(Math.abs(tp - 20 * Math.log10(0.9 * Math.SQRT2)) < 0.02, String(tp));
      assert.equal(f.message, 'Stems/Song_STEM_Bass.wav peaks at +2.1 dBTP (true peak), above the 0.0 dBTP ceiling for stems of the music-mix preset: it will clip in converters and lossy encoders. Lower it by 2.1 dB or more, or set the limiter to 0.0 dBTP with true-peak detection, and print it again.');
      assert.deepEqual([f.data.ceilingDbtp, f.data.preset], [0, 'music-mix']);
    }));

    it('a reference over the streaming-master ceiling of -1 dBTP', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ preset: 'streaming-master' }));
      // Sample peak -3.5 dBFS, true peak -0.5 dBTP.
      await putWav(dir, 'References/Song_Main.wav', REFERENCE, 3 * 44_100, interSamplePeak(10 ** (-0.5 / 20), 3 * 44_100, 44_100));
      const f = await onlyFinding(truePeak, dir);
      assert.equal(f.file, 'References/Song_Main.wav');
      assert.match(f.message, /^References\/Song_Main\.wav peaks at -0\.5 dBTP \(true peak\), above the -1\.0 dBTP ceiling for references of the streaming-master preset: .* Lower it by 0\.5 dB or more, or set the limiter to -1\.0 dBTP/);
    }));
  });

  describe('level/loudness', () => {
    // A stereo 1 kHz sine at -23 dBFS reads -23 LUFS (BS.1770: K-weighting is 0 dB at 1 kHz).
    const calibrated = sine(10 ** (-23 / 20), 1000, 44_100);

    it('a main mix 9 LU under the streaming target; the muted alternates are not checked', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ preset: 'streaming-master' }));
      await putWav(dir, 'References/Song_Main.wav', REFERENCE, 3 * 44_100, calibrated);
      await putWav(dir, 'References/Song_Acapella.wav', REFERENCE, 3 * 44_100, sine(0.01, 1000, 44_100));
      const f = await onlyFinding(loudness, dir);
      assert.equal(f.file, 'References/Song_Main.wav');
      assert.equal(f.severity, 'warning');
      assert.ok(Math.abs((f.data.integratedLufs as number) - -23) < 0.05, String(f.data.integratedLufs));
      assert.equal(f.message, 'References/Song_Main.wav measures -23.0 LUFS integrated, 9.0 LU quieter than the -14.0 LUFS target of the streaming-master preset (allowed -16.0 to -12.0 LUFS). Bring it up, keeping within the true-peak ceiling, and print it again. Note: services turn louder masters down and may turn quieter ones up.');
    }));

    it('film: louder than -27 LKFS, and says it is not dialogue-gated', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ preset: 'film-tv-stems' }));
      await putWav(dir, 'References/Song_Main.wav', REFERENCE, 3 * 44_100, calibrated);
      const f = await onlyFinding(loudness, dir);
      assert.equal(f.file, 'References/Song_Main.wav');
      assert.match(f.message, /^References\/Song_Main\.wav measures -23\.0 LKFS integrated, 4\.0 LU louder than the -27\.0 LKFS target of the film-tv-stems preset \(allowed -29\.0 to -25\.0 LKFS\)\. Turn it down/);
      assert.match(f.message, /Note: measured over the whole programme \(BS\.1770\), not dialogue-gated/);
      assert.equal(Math.round((f.data.deviationLu as number) * 10) / 10, 4);
    }));

    it('the music-mix preset has no loudness target', () => withFixture(async (dir) => {
      await putWav(dir, 'References/Song_Main.wav', REFERENCE, 3 * 44_100, calibrated);
      assert.deepEqual(findingsOf(loudness, await analysedDelivery(dir)), []);
    }));
  });

  describe('level/silent', () => {
    it('a multi-track of digital silence', () => withFixture(async (dir) => {
      await putWav(dir, 'Multitracks/02 Snare Top.wav', MONO_24, TWO_SECONDS, () => 0);
      const f = await onlyFinding(silent, dir);
      assert.equal(f.file, 'Multitracks/02 Snare Top.wav');
      assert.equal(f.severity, 'warning');
      assert.equal(f.message, 'Multitracks/02 Snare Top.wav is digital silence over all of its 0:02. An empty track or a bounce of the wrong source: export it again from the right track, or leave it out of the delivery.');
      assert.deepEqual(f.data, { samplePeakDbfs: null, digitalSilence: true });
    }));

    it('a stem that never reaches -90 dBFS', () => withFixture(async (dir) => {
      await putWav(dir, 'Stems/Song_STEM_Bass.wav', STEREO_24, TWO_SECONDS, on24BitGrid(sine(10 ** (-95 / 20), 220, RATE)));
      const f = await onlyFinding(silent, dir);
      assert.equal(f.file, 'Stems/Song_STEM_Bass.wav');
      assert.match(f.message, /^Stems\/Song_STEM_Bass\.wav is silent: it peaks at -95\.0 dBFS, below -90 dBFS over all of its 0:02\./);
    }));
  });

  it('level/dc-offset: a DI sitting 0.01 off centre reads -40 dBFS', () => withFixture(async (dir) => {
    const tone = fixtureTone(RATE);
    await putWav(dir, 'Multitracks/03 Bass DI.wav', MONO_24, TWO_SECONDS, (i, c) => 0.01 + tone(i, c));
    const f = await onlyFinding(dcOffset, dir);
    assert.equal(f.file, 'Multitracks/03 Bass DI.wav');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^Multitracks\/03 Bass DI\.wav has a DC offset of -40\.0 dBFS \(above -50 dBFS\): the waveform sits off centre/);
    assert.ok(Math.abs((f.data.dcOffsetDbfs as number) - -40) < 0.01);
  }));

  describe('level/dual-mono', () => {
    const mono: Signal = on24BitGrid((i) => fixtureTone(RATE)(i, 0));

    it('a dual-mono multi-track is a warning: deliver it as mono', () => withFixture(async (dir) => {
      await putWav(dir, 'Multitracks/04 Overheads.wav', STEREO_24, TWO_SECONDS, mono);
      const f = await onlyFinding(dualMono, dir);
      assert.equal(f.file, 'Multitracks/04 Overheads.wav');
      assert.equal(f.severity, 'warning');
      assert.equal(f.message, 'Multitracks/04 Overheads.wav is stereo, but both channels are identical (dual mono). Deliver it as a mono file: half the size, and it pans the same in every DAW.');
    }));

    it('a dual-mono stem is only info', () => withFixture(async (dir) => {
      await putWav(dir, 'Stems/Song_STEM_Bass.wav', STEREO_24, TWO_SECONDS, mono);
      const f = await onlyFinding(dualMono, dir);
      assert.equal(f.file, 'Stems/Song_STEM_Bass.wav');
      assert.equal(f.severity, 'info');
      assert.match(f.message, /is stereo with identical channels \(dual mono\)\. Fine if the source is mono/);
    }));
  });

  it('level/inverted-polarity: the right channel is the left inverted', () => withFixture(async (dir) => {
    const left = on24BitGrid((i) => fixtureTone(RATE)(i, 0));
    await putWav(dir, 'Multitracks/04 Overheads.wav', STEREO_24, TWO_SECONDS, (i, c) => (c === 0 ? left(i, 0) : -left(i, 0)));
    const f = await onlyFinding(invertedPolarity, dir);
    assert.equal(f.file, 'Multitracks/04 Overheads.wav');
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'Multitracks/04 Overheads.wav: the right channel is the left channel with its polarity inverted, so it cancels to silence when summed to mono. Flip the polarity of one side (or deliver it as mono) and export again.');
  }));
});
