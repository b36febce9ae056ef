import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadDelivery } from '../../src/core/delivery/delivery';
import { MAX_SPEC_BYTES, parseSpec } from '../../src/core/spec/loadSpec';
import { makeTempDir } from './helpers/tempDir';
import { resolveSpec } from '../../src/core/spec/resolveSpec';

describe('parseSpec', () => {
  it('reads JSONC with comments and trailing commas', () => {
    const { spec, problems } = parseSpec('{\n  // the song\n  "project": { "artist": "Ada", },\n  "roles": { "Multitracks/Vox Verb Print.wav": "effect-print" },\n}');
    assert.deepEqual(problems, []);
    assert.equal(spec.project?.artist, 'Ada');
    assert.deepEqual({ ...spec.roles }, { 'Multitracks/Vox Verb Print.wav': 'effect-print' });
  });

  it('a syntax error points at its line and keeps the rest usable', () => {
    const { spec, problems } = parseSpec('{\n  "preset": "music-mix"\n  "stems": { "folder": "Stems" }\n}');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.range.start.line, 2);
    assert.match(problems[0]!.message, /comma expected/);
    assert.equal(spec.stems?.folder, 'Stems');
  });

  it('an unknown role is a problem at its value, and the effective spec drops it', () => {
    const { spec, problems } = parseSpec('{ "roles": {\n  "a.wav": "stem",\n  "b.wav": "stemm" } }');
    assert.deepEqual(resolveSpec(spec).roles, { 'a.wav': 'stem' });
    assert.equal(problems.length, 1);
    assert.deepEqual(problems[0]!.range, { start: { line: 2, character: 11 }, end: { line: 2, character: 18 } });
  });

  it('ranges count lines as VS Code does: \\n, \\r\\n and a lone \\r (found by fuzz.test.ts)', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { problems } = parseSpec(`{${eol}  "preset": 5${eol}}`);
      assert.equal(problems.length, 1, JSON.stringify(eol));
      assert.deepEqual(problems[0]!.range, { start: { line: 1, character: 12 }, end: { line: 1, character: 13 } }, JSON.stringify(eol));
    }
  });

  it('a range never reaches past the text: an unterminated comment at the end (found by fuzz.test.ts)', () => {
    const { problems } = parseSpec('{}\n/*');
    assert.deepEqual(problems.map((p) => [p.message.split(' (')[0], p.range]), [
      ['delivery.json: unexpected end of comment', { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } }],
    ]);
  });

  it('a spec that is not an object, or empty, is a problem, not a throw', () => {
    assert.equal(parseSpec('[1, 2]').problems.length, 1);
    assert.equal(parseSpec('').problems.length, 1);
    assert.equal(parseSpec('{"roles": 3}').problems.length, 1);
  });
});

describe('loadDelivery and delivery.json', () => {
  it('a delivery.json far larger than any spec is a problem, not parsed (nothing sized from it is read)', async () => {
    const { dir, cleanup } = await makeTempDir('ad-spec-huge-');
    try {
      // A valid JSON object, so only the size can be what refuses it.
      const text = `{ "preset": "film-tv-stems", "session": { "notes": "${'x'.repeat(MAX_SPEC_BYTES)}" } }`;
      await fs.writeFile(path.join(dir, 'delivery.json'), text);
      const delivery = await loadDelivery(dir);
      assert.deepEqual(delivery.specProblems.map((p) => p.message), [`delivery.json is ${text.length} bytes; a spec is a few KB — is this the right file?`]);
      assert.equal(delivery.effective.preset, 'music-mix', 'the default preset, not the oversized file\'s');
    } finally {
      await cleanup();
    }
  });
});
