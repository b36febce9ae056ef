import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { generateDemoDelivery } from '../../../scripts/demo/generateDemo';
import { loadDelivery } from '../../../src/core/delivery/delivery';
import { runRules } from '../../../src/core/rules';
import { specRules } from '../../../src/core/rules/spec';
import { invalid } from '../../../src/core/rules/spec/invalid';
import { pathNotFound } from '../../../src/core/rules/spec/pathNotFound';
import type { Range } from '../../../src/core/spec/spec';
import { findingsOf, putFile, releaseFixtureTemplate, withFixture } from '../helpers/ruleFixtures';
import { makeTempDir } from '../helpers/tempDir';

function at(line: number, character: number, endLine: number, endCharacter: number): Range {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

/** The clean fixture's spec naming folders and files, some of which the fixture does not hold. */
const SPEC_WITH_MISSING_PATHS = `{
  "preset": "music-mix",
  "multitracks": { "folder": "Multitracks" },
  "stems": {
    "folder": "Stemz",
    "nullTest": { "mix": "References/Song_Mix.wav" }
  },
  "references": { "folder": "./References/" },
  "roles": {
    "Multitracks/05 Vox Verb Print.wav": "effect-print",
    "Multitracks/06 Vox Delay Print.wav": "effect-print",
    "Multitracks/*Print*.wav": "effect-print"
  },
  "session": { "owner": "Mix engineer", "handover": true },
  "checksums": "checksums.sha256"
}
`;

describe('spec rules', () => {
  after(releaseFixtureTemplate);

  it('are registered in catalogue order', () => {
    assert.deepEqual(specRules.map((r) => r.id), ['spec/invalid', 'spec/path-not-found']);
  });

  describe('silent on the clean fixture delivery', () => {
    for (const rule of specRules) {
      it(rule.id, () => withFixture(async (dir) => {
        assert.deepEqual(findingsOf(rule, await loadDelivery(dir)), []);
      }));
    }
  });

  it('silent on the demo delivery, whose spec names every folder, the null-test mix and a role', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const root = path.join(dir, 'demo');
      await generateDemoDelivery(root, { seconds: 1 });
      const delivery = await loadDelivery(root);
      assert.deepEqual(specRules.flatMap((rule) => findingsOf(rule, delivery)), []);
    } finally {
      await cleanup();
    }
  });

  describe('spec/invalid', () => {
    it('a misspelt field: error on delivery.json at the key, naming the field meant', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', '{\n  "preset": "music-mix",\n  "stems": { "folder": "Stems", "nulltest": { "mix": "References/Song_Main.wav" } }\n}\n');
      const found = findingsOf(invalid, await loadDelivery(dir));
      assert.equal(found.length, 1);
      const f = found[0]!;
      assert.equal(f.rule, 'spec/invalid');
      assert.equal(f.severity, 'error');
      assert.equal(f.file, 'delivery.json');
      assert.equal(f.message, '"nulltest" is not a field of stems; did you mean "nullTest"?');
      assert.deepEqual(f.range, at(2, 32, 2, 42));
    }));

    it('a syntax error and an unknown role, each with its range; the rest of the spec still applies', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', '{\n  "stems": { "folder": "Stems" }\n  "roles": { "Misc/readme.nfo": "documents" }\n}\n');
      const delivery = await loadDelivery(dir);
      const found = findingsOf(invalid, delivery);
      assert.deepEqual(found.map((f) => f.range), [at(2, 2, 2, 9), at(2, 32, 2, 43)]);
      assert.match(found[0]!.message, /^delivery\.json: comma expected/);
      assert.match(found[1]!.message, /^roles\["Misc\/readme\.nfo"\]: "documents" is not a role; did you mean "document"\?/);
      assert.equal(delivery.effective.stems.folder, 'Stems');
    }));
  });

  describe('spec/path-not-found', () => {
    it('a misspelt stems folder, a missing null-test mix, an exact roles path and a manifest: each at its value', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', SPEC_WITH_MISSING_PATHS);
      const found = findingsOf(pathNotFound, await loadDelivery(dir));
      assert.deepEqual(found.map((f) => [f.rule, f.severity, f.file]), Array(4).fill(['spec/path-not-found', 'error', 'delivery.json']));
      assert.deepEqual(found.map((f) => f.range), [at(4, 14, 4, 21), at(5, 25, 5, 50), at(10, 4, 10, 40), at(14, 15, 14, 33)]);
      assert.deepEqual(found.map((f) => f.message), [
        'The stems folder "Stemz" (stems.folder) is not in the delivery, or holds no files; did you mean "Stems"? Correct stems.folder in delivery.json, or deliver the stems there',
        'The null-test mix "References/Song_Mix.wav" (stems.nullTest.mix) is not in the delivery; did you mean "References/Song_Main.wav"? Correct the path in delivery.json or deliver the mix; until then the stems cannot be null-tested',
        'The roles entry "Multitracks/06 Vox Delay Print.wav" is not in the delivery; did you mean "Multitracks/05 Vox Verb Print.wav"? The role applies to nothing until the path (relative to the delivery root) names a file; correct it or remove the entry',
        'The checksum manifest "checksums.sha256" (checksums) is not in the delivery. Write it with `audio-deliverables checksums write`, or correct the path in delivery.json',
      ]);
      assert.deepEqual(found[0]!.data, { field: 'stems.folder', path: 'Stemz', kind: 'folder', suggestion: 'Stems' });
      assert.deepEqual(found[3]!.data, { field: 'checksums', path: 'checksums.sha256', kind: 'file', suggestion: null });
    }));

    it('a folder with no near name says so and what to do', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', '{ "multitracks": { "folder": "Tracks" } }');
      const found = findingsOf(pathNotFound, await loadDelivery(dir));
      assert.equal(found.length, 1);
      assert.equal(found[0]!.message, 'The multi-tracks folder "Tracks" (multitracks.folder) is not in the delivery, or holds no files. Correct multitracks.folder in delivery.json, or deliver the multi-tracks there');
      assert.deepEqual(found[0]!.range, at(0, 29, 0, 37));
    }));

    it('a mix named in another case: a finding, since servers are case-sensitive; a folder in another case is found', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', '{ "stems": { "folder": "stems", "nullTest": { "mix": "references/song_main.wav" } } }');
      const found = findingsOf(pathNotFound, await loadDelivery(dir));
      assert.equal(found.length, 1);
      assert.equal(found[0]!.message, 'The null-test mix "references/song_main.wav" (stems.nullTest.mix) differs in case from "References/Song_Main.wav" in the delivery; write it exactly as the file is named, since names are case-sensitive on Linux and on many servers');
      assert.equal(found[0]!.data.suggestion, 'References/Song_Main.wav');
    }));

    it('silent when every named path is there, however it is written', () => withFixture(async (dir) => {
      await putFile(dir, 'checksums/delivery.sha256', '');
      await putFile(dir, 'delivery.json', JSON.stringify({
        multitracks: { folder: 'Multitracks/' },
        stems: { folder: 'Stems', nullTest: { mix: './References/Song_Main.wav' } },
        references: { folder: 'References' },
        roles: { 'multitracks/05 vox verb print.wav': 'effect-print', 'Misc/*.nfo': 'document' },
        checksums: 'checksums/delivery.sha256',
      }));
      assert.deepEqual(findingsOf(pathNotFound, await loadDelivery(dir)), []);
    }));

    it('"rules" in delivery.json turns it off or changes its severity', () => withFixture(async (dir) => {
      const spec = (severity: string): string => JSON.stringify({ stems: { folder: 'Stemz' }, rules: { 'spec/path-not-found': severity } });
      await putFile(dir, 'delivery.json', spec('off'));
      assert.deepEqual(runRules(await loadDelivery(dir)).filter((f) => f.rule.startsWith('spec/')), []);
      await putFile(dir, 'delivery.json', spec('warning'));
      const found = runRules(await loadDelivery(dir)).filter((f) => f.rule.startsWith('spec/'));
      assert.deepEqual(found.map((f) => [f.rule, f.severity]), [['spec/path-not-found', 'warning']]);
    }));
  });
});
