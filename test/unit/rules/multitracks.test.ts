import * as assert from 'node:assert/strict';
import { loadDelivery } from '../../../src/core/delivery/delivery';
import { runRules } from '../../../src/core/rules';
import { multitracksRules } from '../../../src/core/rules/multitracks';
import { effectInSource } from '../../../src/core/rules/multitracks/effectInSource';
import { cleanFixture, findingsOf, fixtureTone, putFile, putWav, releaseFixtureTemplate, specWith, withFixture } from '../helpers/ruleFixtures';

const MONO_24 = { sampleRate: 48_000, channels: 1, bitDepth: 24 } as const;

async function putTrack(dir: string, rel: string): Promise<void> {
  await putWav(dir, rel, MONO_24, 4800, fixtureTone(48_000));
}

describe('multitracks rules', () => {
  after(releaseFixtureTemplate);

  it('are registered in catalogue order', () => {
    assert.deepEqual(multitracksRules.map((r) => r.id), ['multitracks/effect-in-source']);
  });

  describe('silent on the clean fixture delivery (its "Vox Verb Print" is an effect print)', () => {
    const clean = cleanFixture();
    before(clean.before);
    after(clean.after);
    for (const rule of multitracksRules) {
      it(rule.id, () => assert.deepEqual(findingsOf(rule, clean.delivery()), []));
    }
  });

  describe('multitracks/effect-in-source', () => {
    it('a delay printed on a backing-vocal track', () => withFixture(async (dir) => {
      await putTrack(dir, 'Multitracks/06 BGV Delay.wav');
      const findings = findingsOf(effectInSource, await loadDelivery(dir));
      assert.equal(findings.length, 1);
      const f = findings[0]!;
      assert.equal(f.rule, 'multitracks/effect-in-source');
      assert.equal(f.severity, 'warning');
      assert.equal(f.file, 'Multitracks/06 BGV Delay.wav');
      assert.equal(f.message,
        'Multitracks/06 BGV Delay.wav: its name says a delay ("delay") is printed on this source track. '
        + 'Deliver the track dry and print the delay to a track of its own (e.g. "06 BGV Delay Print"); '
        + 'if this file is that print, mark it in delivery.json: "roles": { "Multitracks/06 BGV Delay.wav": "effect-print" }.');
      assert.deepEqual(f.data, { effect: 'delay', kind: 'delay' });
    }));

    it('a reverb printed on the lead vocal', () => withFixture(async (dir) => {
      await putTrack(dir, 'Multitracks/07 Vox Reverb.wav');
      const f = findingsOf(effectInSource, await loadDelivery(dir));
      assert.deepEqual(f.map((x) => [x.file, x.data.kind, x.data.effect]), [['Multitracks/07 Vox Reverb.wav', 'reverb', 'reverb']]);
    }));

    it('not for effect prints, stems, room mics, slap bass or a song called "Echo"', () => withFixture(async (dir) => {
      await putTrack(dir, 'Multitracks/06 BGV Delay Print.wav');
      await putTrack(dir, 'Multitracks/07 Vox Reverb.wav');
      await putTrack(dir, 'Multitracks/08 Slap Bass.wav');
      await putTrack(dir, 'Multitracks/09 Hall Amb L.wav');
      await putTrack(dir, 'Multitracks/Echo_Kick Out.wav');
      await putTrack(dir, 'Stems/Song_STEM_Delay FX.wav');
      await putFile(dir, 'delivery.json', specWith({
        project: { artist: 'Test', title: 'Echo' },
        roles: { 'Multitracks/07 Vox Reverb.wav': 'effect-print' },
      }));
      assert.deepEqual(findingsOf(effectInSource, await loadDelivery(dir)), []);
    }));

    it('can be turned off in delivery.json', () => withFixture(async (dir) => {
      await putTrack(dir, 'Multitracks/06 BGV Delay.wav');
      await putFile(dir, 'delivery.json', specWith({ rules: { 'multitracks/effect-in-source': 'off' } }));
      assert.deepEqual(runRules(await loadDelivery(dir)).filter((f) => f.rule === 'multitracks/effect-in-source'), []);
    }));
  });
});
