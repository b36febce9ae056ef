import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadDelivery } from '../../../src/core/delivery/delivery';
import { referencesRules } from '../../../src/core/rules/references';
import { missing } from '../../../src/core/rules/references/missing';
import { cleanFixture, findingsOf, putFile, releaseFixtureTemplate, specWith, withFixture } from '../helpers/ruleFixtures';

const REFERENCES = ['References/Song_Instrumental.wav', 'References/Song_Main.wav'];

describe('references rules', () => {
  after(releaseFixtureTemplate);

  it('are registered in catalogue order', () => {
    assert.deepEqual(referencesRules.map((r) => r.id), ['references/missing']);
  });

  describe('silent on the clean fixture delivery', () => {
    const clean = cleanFixture();
    before(clean.before);
    after(clean.after);
    for (const rule of referencesRules) {
      it(rule.id, () => assert.deepEqual(findingsOf(rule, clean.delivery()), []));
    }
  });

  describe('references/missing', () => {
    it('one warning per required kind missing, naming the references that are there', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ references: { required: ['main', 'instrumental', 'a-cappella', 'clean'] } }));
      const findings = findingsOf(missing, await loadDelivery(dir));
      assert.deepEqual(findings.map((f) => [f.rule, f.data.kind, f.severity, f.file]), [
        ['references/missing', 'a-cappella', 'warning', null],
        ['references/missing', 'clean', 'warning', null],
      ]);
      assert.equal(findings[0]!.message,
        'No a cappella: the spec requires main mix, instrumental, a cappella and clean edit; references delivered: '
        + 'References/Song_Instrumental.wav (instrumental) and References/Song_Main.wav (main mix). '
        + 'Print the a cappella from the mix session (or from the stems: audio-deliverables render-alt <delivery> --kind a-cappella); '
        + 'if one of those is it, put "Acapella" in its name.');
      // A clean edit cannot be rendered from stems: no render-alt hint.
      assert.equal(findings[1]!.message,
        'No clean edit: the spec requires main mix, instrumental, a cappella and clean edit; references delivered: '
        + 'References/Song_Instrumental.wav (instrumental) and References/Song_Main.wav (main mix). '
        + 'Print the clean edit from the mix session; if one of those is it, put "Clean" in its name.');
      assert.deepEqual(findings[0]!.related, REFERENCES);
      assert.deepEqual(findings[0]!.data.delivered, [
        { file: 'References/Song_Instrumental.wav', kind: 'instrumental' }, { file: 'References/Song_Main.wav', kind: 'main' },
      ]);
    }));

    it('the preset\'s main mix, when no references are delivered', () => withFixture(async (dir) => {
      await fs.rm(path.join(dir, 'References'), { recursive: true });
      const findings = findingsOf(missing, await loadDelivery(dir));
      assert.equal(findings.length, 1);
      assert.equal(findings[0]!.message, 'No main mix: the spec requires main mix; no references are delivered. Print the main mix from the mix session.');
      assert.deepEqual(findings[0]!.related, []);
    }));
  });
});
