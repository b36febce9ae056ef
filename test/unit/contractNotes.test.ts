import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findNodeAtLocation, parseTree, type ParseError } from 'jsonc-parser';
import { contractNotesEdits, readContractNotes, replacementBetween, type ContractNotes } from '../../src/core/spec/contractNotes';
import { applySpecEdits } from '../../src/core/spec/editSpec';
import { parseSpec } from '../../src/core/spec/loadSpec';
import { resolveSpec } from '../../src/core/spec/resolveSpec';

/** [start, end) of the `"session": …` property (key to value) in `text`; null when absent. */
function sessionSpan(text: string): [number, number] | null {
  const value = findNodeAtLocation(parseTree(text)!, ['session']);
  const property = value?.parent;
  return property ? [property.offset, property.offset + property.length] : null;
}

/** The text with the session property cut out: what must not change. */
function outside(text: string): string {
  const span = sessionSpan(text);
  assert.ok(span, 'the text has a session block');
  return text.slice(0, span[0]) + text.slice(span[1]);
}

function edit(text: string, notes: ContractNotes): string {
  const result = contractNotesEdits(text, notes);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return applySpecEdits(text, result.edits);
}

/** `after` is `before` with the session property inserted, plus at most one comma and whitespace. */
function assertInsertsOnlyTheBlock(before: string, after: string): void {
  const result = contractNotesEdits(before, readContractNotes(after).notes);
  assert.ok(result.ok);
  assert.equal(result.edits.length, 1);
  const inserted = result.edits[0]!;
  assert.equal(inserted.length, 0, `a pure insertion into ${JSON.stringify(before)}`);
  assert.equal(applySpecEdits(before, [inserted]), after);
  const [start, end] = sessionSpan(after)!;
  const property = after.slice(start, end);
  assert.ok(inserted.content.includes(property));
  assert.match(inserted.content.replace(property, ''), /^\s*,?\s*$/, 'besides the block, only a separator is added');
}

function parsesCleanly(text: string): unknown {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true });
  assert.deepEqual(errors, []);
  return root;
}

const NOTES: ContractNotes = { owner: 'Sam Rivera (mix engineer)', handover: false, contract: 'Mix agreement 2026-03-02 §4', notes: 'Session stays with the engineer.\nStems only.' };

const SPEC = `{
  // a delivery for Ada
  "preset": "music-mix",   /* the default */
  "project": { "artist": "Ada", "title": "Lights" },
  "session": { "owner": "Mix engineer", "handover": true, "notes": "The session is part of this delivery." },
  "roles": {
    "Multitracks/Vox Verb Print.wav": "effect-print" // printed reverb
  },
  "rules": { "naming/generic": "off" },
}
`;

describe('contract notes: reading delivery.json', () => {
  it('reads the session block, absent strings as empty and a missing handover as false', () => {
    assert.deepEqual(readContractNotes(SPEC), {
      notes: { owner: 'Mix engineer', handover: true, contract: '', notes: 'The session is part of this delivery.' },
      problem: null,
    });
    assert.deepEqual(readContractNotes('{ "session": { "owner": 7, "handover": "yes", "contract": "C §1" } }').notes, { owner: '', handover: false, contract: 'C §1', notes: '' });
    assert.deepEqual(readContractNotes('{}').notes, { owner: '', handover: false, contract: '', notes: '' });
  });

  it('says why a missing or broken file cannot be edited', () => {
    assert.match(readContractNotes(null).problem ?? '', /no delivery\.json yet/);
    assert.match(readContractNotes('{ "preset": "music-mix" "session": {} }').problem ?? '', /does not parse \(comma expected on line 1\)/);
    assert.match(readContractNotes('[1, 2]').problem ?? '', /must hold one JSON object/);
    // The line the editor shows (as the spec/invalid diagnostic's range says), also with CRLF or lone CR line ends.
    for (const eol of ['\n', '\r\n', '\r']) {
      const broken = ['{', '  "preset": "music-mix"', '  "session": {}', '}'].join(eol);
      const diagnostic = parseSpec(broken).problems[0]!;
      assert.equal(diagnostic.range.start.line, 2, JSON.stringify(eol));
      assert.match(diagnostic.message, /^delivery\.json: comma expected \(/);
      assert.match(readContractNotes(broken).problem ?? '', /does not parse \(comma expected on line 3\)/, JSON.stringify(eol));
    }
    const twice = '{ "session": { "owner": "A" }, "preset": "music-mix", "session": { "owner": "B" } }';
    assert.match(readContractNotes(twice).problem ?? '', /has 2 "session" blocks; keep one/);
    assert.equal(contractNotesEdits(twice, NOTES).ok, false);
  });
});

describe('contract notes: editing the session block', () => {
  it('changes exactly the session block: comments, key order and formatting elsewhere are byte for byte the same', () => {
    const after = edit(SPEC, NOTES);
    assert.equal(outside(after), outside(SPEC));
    assert.notEqual(after, SPEC);
    parsesCleanly(after);
    assert.deepEqual(readContractNotes(after).notes, NOTES);
    assert.deepEqual(Object.keys(parseSpec(after).spec.session!), ['owner', 'handover', 'notes', 'contract'], 'existing keys keep their order; the new one comes last');
    assert.deepEqual(parseSpec(after).problems, [], 'the result is a valid delivery.json');
    const session = resolveSpec(parseSpec(after).spec).session;
    assert.deepEqual(session, { owner: NOTES.owner, handover: false, contract: NOTES.contract, notes: NOTES.notes });
  });

  it('keeps a one-line block on one line, so the change is one changed line', () => {
    const after = edit(SPEC, NOTES);
    const [a, b] = [SPEC.split('\n'), after.split('\n')];
    assert.equal(b.length, a.length);
    const changed = b.map((line, i) => (line === a[i] ? -1 : i)).filter((i) => i >= 0);
    assert.deepEqual(changed, [4]);
    assert.equal(b[4], `  "session": { "owner": ${JSON.stringify(NOTES.owner)}, "handover": false, "notes": ${JSON.stringify(NOTES.notes)}, "contract": ${JSON.stringify(NOTES.contract)} },`);
    const template = '{\n  "session": { "owner": "", "handover": false, "x": [1,  2], "notes": "" }\n}\n';
    assert.equal(edit(template, { ...NOTES, notes: '' }), `{\n  "session": { "owner": ${JSON.stringify(NOTES.owner)}, "handover": false, "x": [1,  2], "notes": "", "contract": ${JSON.stringify(NOTES.contract)} }\n}\n`, 'other values keep their spelling');
    const url = '{ "session": { "notes": "see http://example.com /* not a comment */" } }';
    assert.equal(edit(url, { ...NOTES, notes: 'x' }).split('\n').length, 1, 'comment markers inside strings are text');
    assert.equal(edit('{ "session": {} }', NOTES), `{ "session": { "owner": ${JSON.stringify(NOTES.owner)}, "handover": false, "contract": ${JSON.stringify(NOTES.contract)}, "notes": ${JSON.stringify(NOTES.notes)} } }`);
  });

  it('is one edit, and none when nothing changes', () => {
    const result = contractNotesEdits(SPEC, NOTES);
    assert.ok(result.ok);
    assert.equal(result.edits.length, 1);
    const same = contractNotesEdits(SPEC, readContractNotes(SPEC).notes);
    assert.deepEqual(same, { ok: true, edits: [] });
  });

  it('edits a multi-line block in place, keeping its comments and keys it does not know, in a tab-indented file', () => {
    const text = '{\n\t"preset": "music-mix",\n\t"session": {\n\t\t// who owns it\n\t\t"owner": "Sam",\n\t\t"handover": false, // per §4\n\t\t"x-extra": 1\n\t},\n\t// keep me\n\t"rules": {}\n}\n';
    const after = edit(text, { owner: 'Robin', handover: true, contract: 'Deal memo', notes: '' });
    assert.equal(outside(after), outside(text));
    assert.match(after, /\/\/ who owns it/);
    assert.match(after, /"handover": true, \/\/ per §4/);
    assert.match(after, /\t\t"contract": "Deal memo"/, 'added lines follow the file\'s tab indentation');
    assert.doesNotMatch(after, /"notes"/, 'an empty note is not added');
    assert.deepEqual(Object.keys(parseSpec(after).spec.session!), ['owner', 'handover', 'x-extra', 'contract']);
  });

  it('clears a string that is present instead of removing it', () => {
    const after = edit(SPEC, { owner: '', handover: true, contract: '', notes: '' });
    assert.equal(outside(after), outside(SPEC));
    assert.deepEqual({ ...parseSpec(after).spec.session }, { owner: '', handover: true, notes: '' });
  });

  it('adds the block when there is none: one insertion, the old text untouched around it', () => {
    for (const text of [
      '{\n  "preset": "music-mix", // c\n  "rules": {}\n}\n',
      '{\n  "preset": "music-mix",\n  "rules": {},\n}\n',
      '{\n    // four spaces\n    "preset": "film-tv-stems"\n}',
      '{}',
    ]) {
      const after = edit(text, NOTES);
      parsesCleanly(after);
      assertInsertsOnlyTheBlock(text, after);
      assert.deepEqual(readContractNotes(after).notes, NOTES);
      assert.deepEqual(Object.keys(parseSpec(after).spec.session!), ['owner', 'handover', 'contract', 'notes']);
    }
    assert.match(edit('{\n    "preset": "film-tv-stems"\n}', NOTES), /\n {8}"owner"/, 'four-space files get four-space indents');
  });

  it('replaces a session value that is not an object', () => {
    const text = '{\n  "session": null, // to fill in\n  "preset": "music-mix"\n}\n';
    const after = edit(text, NOTES);
    assert.equal(outside(after), outside(text));
    assert.deepEqual(readContractNotes(after).notes, NOTES);
  });

  it('keeps CRLF files CRLF', () => {
    const crlf = SPEC.replace(/\n/g, '\r\n');
    for (const text of [crlf, '{\r\n  "preset": "music-mix"\r\n}\r\n']) {
      const after = edit(text, NOTES);
      assert.equal(after.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF');
      assert.equal(after.replace(/\r\n/g, '').includes('\r'), false, 'no bare CR');
      assert.deepEqual(readContractNotes(after).notes, NOTES);
    }
    assert.equal(outside(edit(crlf, NOTES)), outside(crlf));
  });

  it('writes an empty file as a new object, and refuses a missing or broken one without an edit', () => {
    assert.deepEqual(readContractNotes(edit('', NOTES)).notes, NOTES);
    const missing = contractNotesEdits(null, NOTES);
    assert.equal(missing.ok, false);
    const broken = contractNotesEdits('{ "preset": "music-mix",, "session": {} ', NOTES);
    assert.ok(!broken.ok);
    assert.match(broken.error, /does not parse .* on line 1\); fix it first/);
    assert.equal(contractNotesEdits('"just a string"', NOTES).ok, false);
  });

  it('keeps markup and JSON-breaking text as plain string values', () => {
    const hostile: ContractNotes = {
      owner: '</script><img src=x onerror="alert(1)">',
      handover: false,
      contract: '"}, "handover": true, "x": {"',
      notes: '/* not a comment */ // nor this\n\\u0000 \\" <b>bold</b> ${x} \u2028 \ud83c\udfb5',
    };
    const after = edit(SPEC, hostile);
    parsesCleanly(after);
    assert.equal(outside(after), outside(SPEC));
    assert.deepEqual(readContractNotes(after).notes, hostile);
    assert.equal(resolveSpec(parseSpec(after).spec).session.handover, false, 'an injected "handover" stays inside the string');
  });

  it('changes only the block for any notes and any prior block (property)', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 40 });
    const notes = fc.record({ owner: text, handover: fc.boolean(), contract: text, notes: text });
    const prior = fc.oneof(fc.constant(null), notes);
    const bases = fc.constantFrom(
      '{\n  // c\n  "preset": "music-mix",\n  "rules": {} /* r */\n}\n',
      '{\n  "session": { "x-extra": [1,  2], "owner": "" }, // one line\n  "rules": {}\n}\n',
    );
    fc.assert(fc.property(bases, notes, prior, fc.boolean(), (start, generated, before, crlf) => {
      const next = { ...generated };
      let base: string = start;
      if (before) base = edit(base, { ...before });
      if (crlf) base = base.replace(/\n/g, '\r\n');
      const after = edit(base, next);
      parsesCleanly(after);
      assert.deepEqual(readContractNotes(after).notes, next);
      if (sessionSpan(base)) {
        assert.equal(outside(after), outside(base));
      } else {
        assertInsertsOnlyTheBlock(base, after);
      }
    }), { numRuns: 300 });
  });
});

describe('replacementBetween', () => {
  it('is the span between the common start and end, never inside a CRLF or a surrogate pair', () => {
    assert.deepEqual(replacementBetween('abc', 'abc'), { offset: 3, length: 0, content: '' });
    assert.deepEqual(replacementBetween('a1c', 'a22c'), { offset: 1, length: 1, content: '22' });
    const crlf = replacementBetween('a\r\nb', 'a\r\r\nb');
    assert.equal(applySpecEdits('a\r\nb', [crlf]), 'a\r\r\nb');
    assert.notEqual(crlf.offset, 2, 'does not start between \\r and \\n');
    const emoji = replacementBetween('x\ud83c\udfb5', 'x\ud83c\udfb6');
    assert.deepEqual(emoji, { offset: 1, length: 2, content: '\ud83c\udfb6' });
  });
});
