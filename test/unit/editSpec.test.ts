import * as assert from 'node:assert/strict';
import { applySpecEdits, specEdits } from '../../src/core/spec/editSpec';
import { specTemplate } from '../../src/core/spec/template';
import { parseSpec } from '../../src/core/spec/loadSpec';
import { resolveSpec } from '../../src/core/spec/resolveSpec';

describe('specEdits', () => {
  const original = `{
  // who delivers what
  "preset": "music-mix",
  "roles": {
    "Multitracks/A.wav": "stem" // keep this comment
  },
  "session": { "owner": "Sam" }
}
`;

  it('adds a role and leaves comments and formatting elsewhere alone', () => {
    const text = applySpecEdits(original, specEdits(original, ['roles', 'Multitracks/Vox Verb.wav'], 'effect-print'));
    assert.match(text, /\/\/ who delivers what/);
    assert.match(text, /\/\/ keep this comment/, 'jsonc-parser keeps the trailing comment (after the last entry)');
    assert.deepEqual({ ...parseSpec(text).spec.roles }, { 'Multitracks/A.wav': 'stem', 'Multitracks/Vox Verb.wav': 'effect-print' });
    assert.equal(text.split('\n').filter((l) => l.includes('"session"')).length, 1);
  });

  it('replaces one block only', () => {
    const edits = specEdits(original, ['session'], { owner: 'Sam', handover: true, notes: 'Contract §4' });
    const text = applySpecEdits(original, edits);
    assert.deepEqual({ ...parseSpec(text).spec.session }, { owner: 'Sam', handover: true, notes: 'Contract §4' });
    assert.equal(text.slice(0, text.indexOf('"session"')), original.slice(0, original.indexOf('"session"')));
  });

  it('makes a new object from an empty file', () => {
    const edits = specEdits('', ['roles', 'x.wav'], 'other');
    assert.deepEqual(JSON.parse(edits.map((e) => e.content).join('')), { roles: { 'x.wav': 'other' } });
  });

  it('keeps CRLF line ends', () => {
    const crlf = original.replace(/\n/g, '\r\n');
    const text = applySpecEdits(crlf, specEdits(crlf, ['roles', 'b.wav'], 'stem'));
    assert.equal(text.replace(/\r\n/g, '').includes('\n'), false);
  });
});

describe('specTemplate', () => {
  it('is a valid spec of its preset, with user text safely quoted', () => {
    const text = specTemplate('remix-stems', { artist: 'Ada "The" Band', title: 'Lights\n2' });
    const { spec, problems } = parseSpec(text);
    assert.deepEqual(problems, []);
    const effective = resolveSpec(spec);
    assert.equal(effective.preset, 'remix-stems');
    assert.deepEqual([effective.project.artist, effective.project.title], ['Ada "The" Band', 'Lights\n2']);
    assert.deepEqual(effective.stems.required, ['drums', 'bass', 'vocals']);
    assert.equal(effective.session.handover, false);
  });
});
