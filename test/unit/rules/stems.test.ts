import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { runNullTest } from '../../../src/core/analysis/nullTest';
import { loadDelivery, type Delivery } from '../../../src/core/delivery/delivery';
import type { Finding } from '../../../src/core/findings';
import { stemsRules } from '../../../src/core/rules/stems';
import { duplicateGroup } from '../../../src/core/rules/stems/duplicateGroup';
import { missingGroup } from '../../../src/core/rules/stems/missingGroup';
import { nullTest } from '../../../src/core/rules/stems/nullTest';
import { cleanFixture, findingsOf, putFile, putWav, releaseFixtureTemplate, specWith, withFixture, type Signal } from '../helpers/ruleFixtures';

const RATE = 48_000;
const FRAMES = 2 * RATE;
const STEMS = ['Stems/Song_STEM_Bass.wav', 'Stems/Song_STEM_Drums.wav', 'Stems/Song_STEM_Vox.wav'];
const MIX = 'References/Song_Main 48k.wav';
const STEREO_FLOAT = { sampleRate: RATE, channels: 2, bitDepth: 32, float: true } as const;

/** The fixture's stems as they decode: its tone in 24-bit codes (wavefile scales by 2^23 - 1) or float32. */
const tone = (i: number, c: number) => 0.25 * Math.sin((2 * Math.PI * (220 + 110 * c) * i) / RATE);
const stem24: Signal = (i, c) => (i < 0 ? 0 : Math.round(tone(i, c) * (2 ** 23 - 1)) / 2 ** 23);
const stemFloat: Signal = (i, c) => (i < 0 ? 0 : Math.fround(tone(i, c)));
/** Drums and Bass are 24-bit, Vox is float: what the three fixture stems sum to. */
const fixtureStemSum: Signal = (i, c) => 2 * stem24(i, c) + stemFloat(i, c);

/** Loads the delivery in `dir` and runs the null test as the analysis phase does. */
async function withNullTest(dir: string): Promise<Delivery> {
  const delivery = await loadDelivery(dir);
  delivery.nullTest = await runNullTest(delivery);
  return delivery;
}

function nullTestSpec(mix: string, maxResidualDb = -40): string {
  return specWith({ stems: { folder: 'Stems', nullTest: { mix, maxResidualDb } } });
}

function only(findings: Finding[]): Finding {
  assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
  return findings[0]!;
}

describe('stems rules', () => {
  after(releaseFixtureTemplate);

  it('are registered in catalogue order', () => {
    assert.deepEqual(stemsRules.map((r) => r.id), ['stems/missing-group', 'stems/duplicate-group', 'stems/null-test']);
  });

  describe('silent on the clean fixture delivery', () => {
    const clean = cleanFixture();
    before(clean.before);
    after(clean.after);
    for (const rule of stemsRules) {
      it(rule.id, async () => {
        const delivery = clean.delivery();
        delivery.nullTest = await runNullTest(delivery);
        assert.equal(delivery.nullTest, null);
        assert.deepEqual(findingsOf(rule, delivery), []);
      });
    }
  });

  describe('stems/missing-group', () => {
    it('one error per required group not delivered, naming the stems that are there', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ stems: { folder: 'Stems', required: ['drums', 'bass', 'vocals', 'guitars', 'backing-vocals'] } }));
      const findings = findingsOf(missingGroup, await loadDelivery(dir));
      assert.deepEqual(findings.map((f) => [f.data.group, f.severity, f.file]), [['guitars', 'error', null], ['backing-vocals', 'error', null]]);
      const guitars = findings[0]!;
      assert.equal(guitars.message,
        'No guitars stem: the spec requires drums, bass, vocals, guitars and backing vocals stems; delivered: Stems/Song_STEM_Bass.wav (bass), '
        + 'Stems/Song_STEM_Drums.wav (drums) and Stems/Song_STEM_Vox.wav (vocals). Print a guitars stem from the mix session; '
        + 'if one of the stems above is it, put "Guitars" in its name (e.g. "STEM Guitars").');
      assert.deepEqual(guitars.related, STEMS);
      assert.match(findings[1]!.message, /^No backing vocals stem: .* put "BGV" in its name \(e\.g\. "STEM BGV"\)\.$/);
    }));

    it('the preset\'s groups, when no stems are delivered at all', () => withFixture(async (dir) => {
      await fs.rm(path.join(dir, 'Stems'), { recursive: true });
      await putFile(dir, 'delivery.json', specWith({ preset: 'remix-stems' }));
      const findings = findingsOf(missingGroup, await loadDelivery(dir));
      assert.deepEqual(findings.map((f) => f.data.group), ['drums', 'bass', 'vocals']);
      assert.equal(findings[0]!.message,
        'No drums stem: the spec requires drums, bass and vocals stems; no stems are delivered. '
        + 'Print the stems from the mix session (each stem\'s group in its name, e.g. "STEM Drums") into the stems folder.');
      assert.deepEqual(findings[0]!.related, []);
    }));
  });

  describe('stems/duplicate-group', () => {
    it('a second drums stem: a warning on it, naming both', () => withFixture(async (dir) => {
      await fs.copyFile(path.join(dir, 'Stems/Song_STEM_Drums.wav'), path.join(dir, 'Stems/Song_STEM_Drums 2.wav'));
      const f = only(findingsOf(duplicateGroup, await loadDelivery(dir)));
      assert.equal(f.rule, 'stems/duplicate-group');
      assert.equal(f.severity, 'warning');
      assert.equal(f.file, 'Stems/Song_STEM_Drums 2.wav');
      assert.equal(f.message,
        'Stems/Song_STEM_Drums 2.wav and Stems/Song_STEM_Drums.wav both read as the drums stem. '
        + 'If they hold different parts, name each after its own group (e.g. "Percussion" beside "Drums"); if one is an older print, take it out of the delivery.');
      assert.deepEqual(f.related, ['Stems/Song_STEM_Drums.wav']);
      assert.deepEqual(f.data, { group: 'drums', files: ['Stems/Song_STEM_Drums.wav', 'Stems/Song_STEM_Drums 2.wav'], original: 'Stems/Song_STEM_Drums.wav' });
    }));
  });

  describe('stems/null-test', () => {
    it('a stem missing from the sum: warning with the residual peak, RMS and worst second', () => withFixture(async (dir) => {
      // The mix holds only Drums and Bass: the residual is the Vox stem, a -12 dBFS tone.
      await putWav(dir, MIX, STEREO_FLOAT, FRAMES, (i, c) => 2 * stem24(i, c));
      await putFile(dir, 'delivery.json', nullTestSpec(MIX));
      const f = only(findingsOf(nullTest, await withNullTest(dir)));
      assert.equal(f.rule, 'stems/null-test');
      assert.equal(f.severity, 'warning');
      assert.equal(f.file, MIX);
      assert.ok(f.timeSec === 0 || f.timeSec === 1, `timeSec ${f.timeSec}`);
      assert.equal(f.message,
        `The stems summed at unity minus ${MIX} leave a residual peaking at -12.0 dBFS (RMS -15.1 dBFS), above the spec's limit of -40.0 dBFS (stems.nullTest.maxResidualDb); `
        + `it is worst in the second from 0:00:0${f.timeSec}.000 (RMS -15.1 dBFS). `
        + 'Check that no stem is missing, muted or printed at another level, and that each carries the same processing as in the mix (mix-bus processing aside).');
      assert.ok(Math.abs((f.data.residualPeakDbfs as number) - 20 * Math.log10(0.25)) < 0.01);
      assert.ok(Math.abs((f.data.residualRmsDbfs as number) - 20 * Math.log10(0.25 / Math.SQRT2)) < 0.01);
      assert.equal(f.data.offsetSamples, null);
      assert.deepEqual(f.related, STEMS);
    }));

    it('a mix 37 samples late: says so, and that it nulls once shifted', () => withFixture(async (dir) => {
      await putWav(dir, MIX, STEREO_FLOAT, FRAMES + 37, (i, c) => fixtureStemSum(i - 37, c));
      await putFile(dir, 'delivery.json', nullTestSpec(MIX));
      const f = only(findingsOf(nullTest, await withNullTest(dir)));
      assert.equal(f.severity, 'warning');
      assert.equal(f.file, MIX);
      assert.equal(f.timeSec, null);
      assert.equal(f.data.offsetSamples, 37);
      assert.match(f.message, new RegExp(`^References/Song_Main 48k\\.wav is 37 samples \\(0\\.77 ms\\) late against the stems, so they do not line up with it; `
        + 'print the stems and the mix from the same start\\. Once shifted, they null (completely|to -1[3-9]\\d\\.\\d dBFS peak)\\.$'));
    }));

    it('a mix that nulls: silent', () => withFixture(async (dir) => {
      await putWav(dir, MIX, STEREO_FLOAT, FRAMES, fixtureStemSum);
      await putFile(dir, 'delivery.json', nullTestSpec(MIX));
      const delivery = await withNullTest(dir);
      assert.equal(delivery.nullTest?.ok, true);
      assert.deepEqual(findingsOf(nullTest, delivery), []);
    }));

    it('a mix at another sample rate: info with the reason instead of a number', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', nullTestSpec('References/Song_Main.wav'));
      const f = only(findingsOf(nullTest, await withNullTest(dir)));
      assert.equal(f.severity, 'info');
      assert.equal(f.file, 'References/Song_Main.wav');
      assert.equal(f.timeSec, null);
      assert.equal(f.message,
        'The stems null test could not be run: the mix References/Song_Main.wav is 44.1 kHz but the stems are 48 kHz; null-test against a mix printed at the stems\' sample rate.');
      assert.deepEqual(f.related, STEMS);
    }));

    it('a mix that is not in the delivery: info on the delivery', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', nullTestSpec('References/Song_Final.wav'));
      const f = only(findingsOf(nullTest, await withNullTest(dir)));
      assert.equal(f.severity, 'info');
      assert.equal(f.file, null);
      assert.equal(f.message, 'The stems null test could not be run: the mix References/Song_Final.wav named in delivery.json (stems.nullTest.mix) is not in the delivery.');
      assert.deepEqual(f.related, ['References/Song_Final.wav']);
    }));
  });
});
