import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CONTRACT_NOTES_LIMITS,
  parseSaveContractNotes,
  sameContractNotes,
  sessionFilesWithoutHandover,
  type ContractNotesView,
} from '../../src/shared/contractNotesMessages';

const notes = { owner: 'Sam Rivera', handover: false, contract: 'Mix agreement 2026-03-02 §4', notes: 'Stems only.\r\nNo session.\tOK' };
const message = (n: unknown, extra: Record<string, unknown> = {}) => ({ type: 'saveContractNotes', notes: n, ...extra });

describe('parseSaveContractNotes', () => {
  it('accepts a well-formed save message and returns the notes as they are', () => {
    assert.deepEqual(parseSaveContractNotes(message(notes)), notes);
    assert.deepEqual(parseSaveContractNotes(message({ owner: '', handover: true, contract: '', notes: '' })), { owner: '', handover: true, contract: '', notes: '' });
  });

  it('keeps markup as text: it is a string value, never interpreted', () => {
    const hostile = { owner: '<img src=x onerror=alert(1)>', handover: true, contract: '"><script>alert(1)</script>', notes: '<b>bold</b> &amp; ${x} {{y}}' };
    assert.deepEqual(parseSaveContractNotes(message(hostile)), hostile);
  });

  it('rejects anything that is not exactly a save message', () => {
    for (const bad of [null, undefined, 'saveContractNotes', 42, [], [message(notes)], {}, { type: 'saveContractNotes' },
      { type: 'contractNotes', notes }, message(notes, { extra: 1 }), { notes }]) {
      assert.equal(parseSaveContractNotes(bad), null, JSON.stringify(bad));
    }
  });

  it('rejects wrong types, missing and extra keys', () => {
    const cases: unknown[] = [
      { ...notes, owner: 7 },
      { ...notes, handover: 'true' },
      { ...notes, handover: 1 },
      { ...notes, handover: null },
      { ...notes, contract: null },
      { ...notes, notes: ['a'] },
      { ...notes, notes: { toString: () => 'x' } },
      { owner: 'a', handover: true, contract: '' },
      { ...notes, role: 'stem' },
      JSON.parse('{"owner":"a","handover":true,"contract":"","notes":"","__proto__":{"x":1}}'),
      Object.assign(Object.create({ inherited: 1 }), { owner: 'a', handover: true, contract: '' }) as unknown,
      'notes',
    ];
    for (const bad of cases) assert.equal(parseSaveContractNotes(message(bad)), null, JSON.stringify(bad));
  });

  it('bounds every string: the limit passes, one more character fails', () => {
    for (const key of ['owner', 'contract', 'notes'] as const) {
      const limit = CONTRACT_NOTES_LIMITS[key];
      assert.ok(parseSaveContractNotes(message({ ...notes, [key]: 'x'.repeat(limit) })), `${key} at ${limit}`);
      assert.equal(parseSaveContractNotes(message({ ...notes, [key]: 'x'.repeat(limit + 1) })), null, `${key} over ${limit}`);
    }
    assert.equal(parseSaveContractNotes(message({ ...notes, notes: 'x'.repeat(10_000_000) })), null);
  });

  it('refuses control characters; free notes may hold tabs and line ends', () => {
    for (const key of ['owner', 'contract'] as const) {
      for (const ch of ['\0', '\n', '\r', '\t', '\u001b', '\u007f']) {
        assert.equal(parseSaveContractNotes(message({ ...notes, [key]: `a${ch}b` })), null, `${key} with U+${ch.charCodeAt(0).toString(16)}`);
      }
    }
    for (const ch of ['\0', '\u0007', '\u000b', '\u001b', '\u007f']) {
      assert.equal(parseSaveContractNotes(message({ ...notes, notes: `a${ch}b` })), null);
    }
    assert.ok(parseSaveContractNotes(message({ ...notes, notes: 'a\tb\nc\r\nd' })));
  });

  it('never throws, whatever arrives (property)', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withTypedArray: true }), (value) => {
      const parsed = parseSaveContractNotes(value);
      const wrapped = parseSaveContractNotes(message(value));
      return parsed === null && (wrapped === null || typeof wrapped.handover === 'boolean');
    }), { numRuns: 500 });
  });
});

describe('contract notes view helpers', () => {
  it('lists the session files without an agreed handover', () => {
    const view: ContractNotesView = {
      notes: { ...notes, handover: false },
      sessionFiles: [{ path: 'Session/Song.ptx', handoverAgreed: false }, { path: 'Session/Song.aaf', handoverAgreed: true }],
      writable: true,
      specPath: '/d/delivery.json',
      reason: null,
    };
    assert.deepEqual(sessionFilesWithoutHandover(view), ['Session/Song.ptx']);
    assert.deepEqual(sessionFilesWithoutHandover({ ...view, sessionFiles: [] }), []);
  });

  it('compares notes field by field', () => {
    assert.equal(sameContractNotes(notes, { ...notes }), true);
    assert.equal(sameContractNotes(notes, { ...notes, handover: true }), false);
    assert.equal(sameContractNotes(notes, { ...notes, notes: `${notes.notes} ` }), false);
  });
});
