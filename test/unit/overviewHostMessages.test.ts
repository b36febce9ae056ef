import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { isHostToOverview, type HostToOverview, type OverviewDelivery } from '../../src/shared/overviewMessages';
import type { ContractNotesView } from '../../src/shared/contractNotesMessages';

const delivery: OverviewDelivery = {
  name: 'Song', sampleRate: 48000, notes: ['No mix found.'],
  checklist: { stems: [{ key: 'drums', status: 'delivered', files: ['Stems/Drums.wav'] }, { key: null, status: 'extra', files: ['Stems/x.wav'] }], references: [{ key: 'main', status: 'missing', files: [] }] },
  residual: { ok: true, mix: 'Mix/Main.wav', seconds: [-60, null, -Infinity], peakDbfs: -Infinity, worstSecond: { startSec: 0, rmsDbfs: -60 }, offsetSamples: 0 },
  lanes: [
    { path: 'Stems/Drums.wav', kind: 'stem', group: 'drums', sampleRate: 48000, channels: 2, frames: 480000, timeReference: 0, description: '48 kHz' },
    { path: 'Mix/Main.wav', kind: 'mix', group: null, sampleRate: 44100, channels: 1, frames: 0, timeReference: null, description: '' },
  ],
};
const view: ContractNotesView = {
  notes: { owner: 'Ann', handover: false, contract: '', notes: 'x'.repeat(20_000) },
  sessionFiles: [{ path: 'Song.ptx', handoverAgreed: false }], writable: true, specPath: '/d/delivery.json', reason: null, lastSave: { ok: false, error: 'disk full' },
};
const VALID: HostToOverview[] = [
  { type: 'delivery', delivery },
  { type: 'delivery', delivery: { ...delivery, residual: { ok: false, reason: 'no mix' } } },
  { type: 'delivery', delivery: { ...delivery, residual: null, lanes: [] } },
  { type: 'peaks', requestId: 3, ok: true, min: [[-0.5, null], []], max: [[0.5, null], []] },
  { type: 'peaks', requestId: 3, ok: false, error: 'gone' },
  { type: 'pcm', requestId: 4, ok: true, body: { sampleRate: 48000, startFrame: 0, frames: 2, channels: ['AAAAAAAAAAA=', 'AAAAAAAAAAA='] } },
  { type: 'pcm', requestId: 4, ok: false, error: 'gone' },
  { type: 'focus', section: 'contractNotes' },
  { type: 'contractNotes', view },
  { type: 'contractNotes', view: { ...view, lastSave: undefined, writable: false, specPath: null, reason: 'untrusted' } },
];

describe('overview messages: the page\'s check of what its host sends', () => {
  it('accepts every kind of message the host sends (notes longer than the form allows too: a hand-written delivery.json may hold them)', () => {
    for (const message of VALID) assert.equal(isHostToOverview(structuredClone(message)), true, JSON.stringify(message).slice(0, 120));
  });

  it('refuses malformed messages the page would otherwise throw on', () => {
    const lane = delivery.lanes[0]!;
    const refused: unknown[] = [
      null, 'delivery', [], { type: 'nope' }, { type: 'delivery' },
      { type: 'delivery', delivery: { ...delivery, lanes: [{ ...lane, path: 7 }] } },
      { type: 'delivery', delivery: { ...delivery, lanes: [{ ...lane, kind: 'reference' }] } },
      { type: 'delivery', delivery: { ...delivery, lanes: [{ ...lane, sampleRate: 0 }] } },
      { type: 'delivery', delivery: { ...delivery, lanes: {} } },
      { type: 'delivery', delivery: { ...delivery, notes: [1] } },
      { type: 'delivery', delivery: { ...delivery, checklist: { stems: [{ key: 'drums', status: 'late', files: [] }], references: [] } } },
      { type: 'delivery', delivery: { ...delivery, residual: { ok: true, mix: 'm', seconds: 'x' } } },
      { type: 'peaks', requestId: 1, ok: true, min: [[0]], max: [] },
      { type: 'peaks', requestId: 1, ok: true, min: [[0]], max: [0] },
      { type: 'peaks', requestId: '1', ok: false, error: 'x' },
      { type: 'pcm', requestId: 1, ok: true, body: { sampleRate: 48000, startFrame: 0, frames: 1, channels: [1] } },
      { type: 'pcm', requestId: 1, ok: true },
      { type: 'focus', section: 'checklist' },
      { type: 'contractNotes', view: { ...view, notes: { owner: 'a' } } },
      { type: 'contractNotes', view: { ...view, sessionFiles: [{ path: 'x' }] } },
      { type: 'contractNotes', view: { ...view, lastSave: { ok: false } } },
    ];
    for (const message of refused) assert.equal(isHostToOverview(message), false, JSON.stringify(message)?.slice(0, 160));
  });

  it('never throws on anything, nor on valid messages with one field replaced by anything (property)', () => {
    fc.assert(fc.property(fc.anything(), (raw) => void isHostToOverview(raw)), { numRuns: 1000 });
    fc.assert(fc.property(fc.constantFrom(...VALID), fc.string(), fc.anything(), (message, key, value) => {
      const mutated: Record<string, unknown> = { ...structuredClone(message) };
      const target = 'delivery' in mutated ? mutated.delivery as Record<string, unknown> : 'view' in mutated ? mutated.view as Record<string, unknown> : mutated;
      target[key] = value;
      isHostToOverview(mutated);
    }), { numRuns: 1000 });
  });
});
