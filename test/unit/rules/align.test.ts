import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../../src/core/findings';
import { alignRules } from '../../../src/core/rules/align';
import { lengthMismatch } from '../../../src/core/rules/align/lengthMismatch';
import { startMismatch } from '../../../src/core/rules/align/startMismatch';
import { ruleDocPath } from '../../../src/core/rules';
import type { Rule } from '../../../src/core/rules/rule';
import { analysedDelivery, cleanFixture, findingsOf, fixtureTone, putWav, releaseFixtureTemplate, withFixture } from '../helpers/ruleFixtures';

const RATE = 48_000;
const TWO_SECONDS = 2 * RATE;
const STEREO_24 = { sampleRate: RATE, channels: 2, bitDepth: 24 } as const;
const MONO_24 = { sampleRate: RATE, channels: 1, bitDepth: 24 } as const;
const REFERENCE = { sampleRate: 44_100, channels: 2, bitDepth: 16 } as const;
/** 01:00:00:00 at 48 kHz, where sessions conventionally start. */
const ONE_HOUR = 3600 * RATE;

async function findings(rule: Rule, dir: string): Promise<Finding[]> {
  return findingsOf(rule, await analysedDelivery(dir));
}

async function onlyFinding(rule: Rule, dir: string): Promise<Finding> {
  const all = await findings(rule, dir);
  assert.equal(all.length, 1, all.map((f) => f.message).join('\n'));
  return all[0]!;
}

/** A stem with a BWF time stamp. */
function stampedStem(dir: string, name: string, timeReference: number, frames = TWO_SECONDS): Promise<void> {
  return putWav(dir, `Stems/${name}`, { ...STEREO_24, bext: { timeReference } }, frames, fixtureTone(RATE));
}

describe('align rules', () => {
  after(releaseFixtureTemplate);

  it('are registered in catalogue order', () => {
    assert.deepEqual(alignRules.map((r) => r.id), ['align/length-mismatch', 'align/start-mismatch']);
  });

  it('each has a docs page', () => {
    // Compiled tests run from out/test/unit/rules; docs/ sits at the repository root.
    const root = path.resolve(__dirname, '..', '..', '..', '..');
    for (const rule of alignRules) assert.ok(existsSync(path.join(root, ruleDocPath(rule.id))), ruleDocPath(rule.id));
  });

  describe('silent on the clean fixture delivery', () => {
    const clean = cleanFixture();
    before(clean.before);
    for (const rule of alignRules) {
      it(rule.id, () => assert.deepEqual(findingsOf(rule, clean.delivery()), []));
    }
  });

  describe('align/length-mismatch', () => {
    it('a stem 960 samples short is an error naming the other stems', () => withFixture(async (dir) => {
      await putWav(dir, 'Stems/Song_STEM_Bass.wav', STEREO_24, TWO_SECONDS - 960, fixtureTone(RATE));
      const f = await onlyFinding(lengthMismatch, dir);
      assert.equal(f.file, 'Stems/Song_STEM_Bass.wav');
      assert.equal(f.severity, 'error');
      assert.equal(f.message, 'Stems/Song_STEM_Bass.wav is 960 samples (20 ms) shorter than the other stems (96,000 samples: Stems/Song_STEM_Drums.wav and Stems/Song_STEM_Vox.wav). Print all stems again from the same selection (same start, same end).');
      assert.deepEqual(f.related, ['Stems/Song_STEM_Drums.wav', 'Stems/Song_STEM_Vox.wav']);
      assert.deepEqual(f.data, { frames: 95_040, expectedFrames: 96_000, differenceFrames: -960, differenceMs: -20, sampleRate: RATE });
    }));

    it('references are compared among themselves as a warning (a tie: against the longest); masters are not', () => withFixture(async (dir) => {
      await putWav(dir, 'References/Song_Instrumental.wav', REFERENCE, 3 * 44_100 + 441, fixtureTone(44_100));
      await putWav(dir, 'References/Song_Master.wav', REFERENCE, 2 * 44_100, fixtureTone(44_100));
      const f = await onlyFinding(lengthMismatch, dir);
      assert.equal(f.file, 'References/Song_Main.wav');
      assert.equal(f.severity, 'warning');
      assert.equal(f.message, 'References/Song_Main.wav is 441 samples (10 ms) shorter than the longest reference (132,741 samples: References/Song_Instrumental.wav). Print the alternate mixes from the same selection as the main mix, so they line up with it and with the stems.');
      assert.deepEqual(f.related, ['References/Song_Instrumental.wav']);
    }));

    it('stems at another rate are left to format/mixed-sample-rates', () => withFixture(async (dir) => {
      await putWav(dir, 'Stems/Song_STEM_Bass.wav', { ...STEREO_24, sampleRate: 44_100 }, 2 * 44_100, fixtureTone(44_100));
      assert.deepEqual(await findings(lengthMismatch, dir), []);
    }));
  });

  describe('align/start-mismatch', () => {
    it('a stem stamped 20 ms late, in samples, ms and time of day', () => withFixture(async (dir) => {
      await stampedStem(dir, 'Song_STEM_Drums.wav', ONE_HOUR);
      await stampedStem(dir, 'Song_STEM_Bass.wav', ONE_HOUR + 960);
      await stampedStem(dir, 'Song_STEM_Vox.wav', ONE_HOUR);
      const f = await onlyFinding(startMismatch, dir);
      assert.equal(f.file, 'Stems/Song_STEM_Bass.wav');
      assert.equal(f.severity, 'error');
      assert.equal(f.message, 'Stems/Song_STEM_Bass.wav starts at 01:00:00.020 (BWF time stamp), 960 samples (20 ms) later than the other stems, which start at 01:00:00.000 (Stems/Song_STEM_Drums.wav and Stems/Song_STEM_Vox.wav). Stems must start at the same sample: print them all again from the same start point.');
      assert.deepEqual(f.related, ['Stems/Song_STEM_Drums.wav', 'Stems/Song_STEM_Vox.wav']);
      assert.deepEqual(f.data, {
        timeReference: ONE_HOUR + 960, startSec: 3600.02, expectedStartSec: 3600,
        differenceFrames: 960, differenceMs: 20, sampleRate: RATE,
      });
    }));

    it('multi-tracks with effect prints; files without bext are not compared', () => withFixture(async (dir) => {
      const stamped = (rel: string, timeReference: number, channels = 1) =>
        putWav(dir, rel, { ...MONO_24, channels, bext: { timeReference } }, TWO_SECONDS, fixtureTone(RATE));
      await stamped('Multitracks/01 Kick In.wav', 0);
      await stamped('Multitracks/02 Snare Top.wav', 0);
      await stamped('Multitracks/03 Bass DI.wav', 4_800);
      await stamped('Multitracks/05 Vox Verb Print.wav', 0, 2);
      const f = await onlyFinding(startMismatch, dir);
      assert.equal(f.file, 'Multitracks/03 Bass DI.wav');
      assert.equal(f.message, 'Multitracks/03 Bass DI.wav starts at 00:00:00.100 (BWF time stamp), 4,800 samples (100 ms) later than the other multi-tracks, which start at 00:00:00.000 (Multitracks/01 Kick In.wav, Multitracks/02 Snare Top.wav and Multitracks/05 Vox Verb Print.wav). Multi-tracks must start at the same point to line up in any DAW: export them all from the same start (the session start, or one marker).');
      assert.deepEqual(f.related, ['Multitracks/01 Kick In.wav', 'Multitracks/02 Snare Top.wav', 'Multitracks/05 Vox Verb Print.wav']);
    }));

    it('a tie goes to the earliest start, named directly', () => withFixture(async (dir) => {
      await stampedStem(dir, 'Song_STEM_Drums.wav', ONE_HOUR + RATE);
      await stampedStem(dir, 'Song_STEM_Bass.wav', ONE_HOUR);
      const f = await onlyFinding(startMismatch, dir);
      assert.equal(f.file, 'Stems/Song_STEM_Drums.wav');
      assert.match(f.message, /starts at 01:00:01\.000 \(BWF time stamp\), 48,000 samples \(1\.000 s\) later than Stems\/Song_STEM_Bass\.wav, which starts at 01:00:00\.000\./);
    }));
  });
});
