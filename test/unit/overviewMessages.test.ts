import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseOverviewMessage, type LaneFormats, type OverviewDelivery } from '../../src/shared/overviewMessages';
import { OverviewRouter } from '../../src/providers/overviewRouter';
import { maxPcmFrames, MAX_PCM_SAMPLES } from '../../src/shared/audioData';
import { MAX_OVERVIEW_COLUMNS } from '../../src/shared/overviewLimits';
import type { OverviewParams, PcmParams } from '../../src/shared/protocol';

const RATE = 48000;
const LANES: LaneFormats = new Map([
  ['Stems/Drums.wav', { sampleRate: RATE, channels: 2, frames: 10 * RATE }],
  ['References/Main.wav', { sampleRate: RATE, channels: 2, frames: 10 * RATE }],
]);

function rejected(raw: unknown, pattern: RegExp): void {
  const parsed = parseOverviewMessage(raw, LANES);
  assert.equal(parsed.ok, false, `accepted ${JSON.stringify(raw)?.slice(0, 200)}`);
  if (!parsed.ok) assert.match(parsed.reason, pattern);
}

describe('overview messages: validation of what the webview sends', () => {
  it('accepts ready, peaks and pcm requests for the lanes, returning only the known fields', () => {
    assert.deepEqual(parseOverviewMessage({ type: 'ready', extra: 1 }, LANES), { ok: true, message: { type: 'ready' } });
    assert.deepEqual(parseOverviewMessage({ type: 'peaks', requestId: 7, path: 'Stems/Drums.wav', startFrame: 0.5, endFrame: 96000, columns: 800, x: 'y' }, LANES), {
      ok: true, message: { type: 'peaks', requestId: 7, path: 'Stems/Drums.wav', startFrame: 0.5, endFrame: 96000, columns: 800 },
    });
    assert.deepEqual(parseOverviewMessage({ type: 'pcm', requestId: 0, path: 'References/Main.wav', startFrame: 10 * RATE - 1, frames: 4 * RATE }, LANES), {
      ok: true, message: { type: 'pcm', requestId: 0, path: 'References/Main.wav', startFrame: 479999, frames: 192000 },
    });
  });

  it('refuses paths outside the delivery or not on the timeline', () => {
    for (const path of ['/etc/passwd', '../Other/Stems/Drums.wav', 'Stems/../../x.wav', 'C:/Windows/win.ini', 'Stems\\Drums.wav', 'Stems/Drums.wav\0', '', 'Multitracks/Kick.wav', 'stems/drums.wav']) {
      rejected({ type: 'pcm', requestId: 1, path, startFrame: 0, frames: 100 }, /path must be a relative path inside the delivery|is not a file on this overview's timeline/);
      rejected({ type: 'peaks', requestId: 1, path, startFrame: 0, endFrame: 100, columns: 10 }, /path must be a relative path inside the delivery|is not a file on this overview's timeline/);
    }
    rejected({ type: 'pcm', requestId: 1, path: 'x/'.repeat(100_000) + 'a.wav', startFrame: 0, frames: 1 }, /path must be a relative path/);
  });

  it('refuses wrong types, unknown types and ranges the server would not serve', () => {
    rejected(null, /not an object/);
    rejected('ready', /not an object/);
    rejected([{ type: 'ready' }], /not an object/);
    rejected({ type: 'openFile', path: 'Stems/Drums.wav' }, /unknown message type "openFile"/);
    rejected({ type: { toString: 'ready' } }, /unknown message type object/);
    rejected({ type: 'pcm', requestId: '1', path: 'Stems/Drums.wav', startFrame: 0, frames: 1 }, /requestId/);
    rejected({ type: 'pcm', requestId: -1, path: 'Stems/Drums.wav', startFrame: 0, frames: 1 }, /requestId/);
    rejected({ type: 'pcm', requestId: 1, path: 'Stems/Drums.wav', startFrame: '0', frames: 1 }, /startFrame/);
    rejected({ type: 'pcm', requestId: 1, path: 'Stems/Drums.wav', startFrame: 0.5, frames: 1 }, /startFrame/);
    rejected({ type: 'pcm', requestId: 1, path: 'Stems/Drums.wav', startFrame: 10 * RATE, frames: 1 }, /startFrame/);
    rejected({ type: 'pcm', requestId: 1, path: 'Stems/Drums.wav', startFrame: 0, frames: 0 }, /frames must be a whole number from 1 to 192000/);
    rejected({ type: 'pcm', requestId: 1, path: 'Stems/Drums.wav', startFrame: 0, frames: 4 * RATE + 1 }, /frames/);
    rejected({ type: 'pcm', requestId: 1, path: 'Stems/Drums.wav', startFrame: 0, frames: 1e12 }, /frames/);
    rejected({ type: 'peaks', requestId: 1, path: 'Stems/Drums.wav', startFrame: NaN, endFrame: 10, columns: 10 }, /startFrame/);
    rejected({ type: 'peaks', requestId: 1, path: 'Stems/Drums.wav', startFrame: 10, endFrame: 10, columns: 10 }, /startFrame/);
    rejected({ type: 'peaks', requestId: 1, path: 'Stems/Drums.wav', startFrame: 0, endFrame: Infinity, columns: 10 }, /startFrame/);
    rejected({ type: 'peaks', requestId: 1, path: 'Stems/Drums.wav', startFrame: 0, endFrame: 10, columns: MAX_OVERVIEW_COLUMNS + 1 }, /columns/);
    rejected({ type: 'peaks', requestId: 1, path: 'Stems/Drums.wav', startFrame: 0, endFrame: 10, columns: 2.5 }, /columns/);
  });

  it('never throws and never lets through a path that is not a lane, whatever arrives (property)', () => {
    const anyMessage = fc.record({
      type: fc.oneof(fc.constantFrom('ready', 'peaks', 'pcm', 'saveContractNotes'), fc.anything()),
      requestId: fc.oneof(fc.nat(), fc.anything()),
      path: fc.oneof(fc.constantFrom(...LANES.keys(), '/etc/passwd', '../x.wav'), fc.string(), fc.anything()),
      startFrame: fc.oneof(fc.double(), fc.nat(), fc.anything()),
      endFrame: fc.oneof(fc.double(), fc.nat(), fc.anything()),
      frames: fc.oneof(fc.nat(), fc.integer(), fc.anything()),
      columns: fc.oneof(fc.nat(), fc.anything()),
    }, { requiredKeys: [] });
    // Near-valid peaks and pcm requests (any path, any sizes), so the accepting branches run too.
    const nearRequest = fc.record({
      type: fc.constantFrom('peaks', 'pcm'),
      requestId: fc.nat(),
      path: fc.constantFrom(...LANES.keys(), '/etc/passwd', '../x.wav', 'Stems/Other.wav'),
      startFrame: fc.nat({ max: 2 * Math.max(...[...LANES.values()].map((l) => l.frames)) }),
      span: fc.integer({ min: -1, max: 1e6 }),
      frames: fc.integer({ min: -1, max: MAX_PCM_SAMPLES / 2 + 1 }),
      columns: fc.integer({ min: -1, max: 20000 }),
    }).map(({ span, ...m }) => ({ ...m, endFrame: m.startFrame + span }));
    const accepted = { peaks: 0, pcm: 0 };
    fc.assert(fc.property(fc.oneof(anyMessage, fc.anything(), nearRequest), (raw) => {
      const parsed = parseOverviewMessage(raw, LANES);
      if (parsed.ok && (parsed.message.type === 'pcm' || parsed.message.type === 'peaks')) {
        accepted[parsed.message.type]++;
        assert.ok(LANES.has(parsed.message.path));
      }
      if (parsed.ok && parsed.message.type === 'pcm') assert.ok(parsed.message.frames * 2 <= MAX_PCM_SAMPLES);
    }), { numRuns: 2000 });
    assert.ok(accepted.peaks > 20 && accepted.pcm > 5, `accepted ${JSON.stringify(accepted)}: the property checked too little`);
  });

  it('contract notes saves pass only as the notes form sends them (its validator)', () => {
    const notes = { owner: 'Mix engineer', handover: false, contract: 'Agreement §4', notes: 'Session stays with the engineer.\nAsk first.' };
    assert.deepEqual(parseOverviewMessage({ type: 'saveContractNotes', notes }, LANES), { ok: true, message: { type: 'saveContractNotes', notes } });
    for (const bad of [
      { type: 'saveContractNotes', notes: { ...notes, handover: 'yes' } },
      { type: 'saveContractNotes', notes: { ...notes, owner: 'x'.repeat(1_000_000) } },
      { type: 'saveContractNotes', notes: { ...notes, path: '/etc/passwd' } },
      { type: 'saveContractNotes', notes, specPath: '/etc/passwd' },
      { type: 'saveContractNotes' },
    ]) rejected(bad, /^saveContractNotes: the notes have other keys, wrong types, values too long or control characters$/);
  });

  it('pcm frames are bounded by seconds and by samples over all channels', () => {
    assert.equal(maxPcmFrames(48000, 2), 192000);
    assert.equal(maxPcmFrames(192000, 8), MAX_PCM_SAMPLES / 8);
    assert.equal(maxPcmFrames(48000, 65535), 32);
  });
});

describe('overview router: the host acts only on valid messages', () => {
  const delivery: OverviewDelivery = {
    name: 'Song', sampleRate: RATE, notes: [], residual: null, checklist: { stems: [], references: [] },
    lanes: [{ path: 'Stems/Drums.wav', kind: 'stem', group: 'drums', sampleRate: RATE, channels: 2, frames: 10 * RATE, timeReference: 0, description: '' }],
  };

  function routerWithSpies() {
    const calls = { peaks: [] as OverviewParams[], pcm: [] as PcmParams[], posted: [] as unknown[], warned: [] as string[], ready: 0, saved: [] as unknown[] };
    const router = new OverviewRouter({
      root: '/deliveries/Song',
      post: (m) => void calls.posted.push(m),
      log: { warn: (m) => void calls.warned.push(m) },
      peaks: async (p) => {
        calls.peaks.push(p);
        return { ok: true, sampleRate: RATE, channels: 2, totalFrames: 10 * RATE, min: [[-0.5]], max: [[0.5]], blockFrames: 256 };
      },
      pcm: async (p) => {
        calls.pcm.push(p);
        return { ok: true, body: { sampleRate: RATE, startFrame: p.startFrame, frames: p.frames, channels: ['', ''] } };
      },
      ready: () => void calls.ready++,
      saveContractNotes: async (m) => void calls.saved.push(m),
    });
    router.setDelivery(delivery);
    return { router, calls };
  }

  it('a hostile message is logged with the reason and dropped: no server request, no reply', async () => {
    const { router, calls } = routerWithSpies();
    await router.receive({ type: 'pcm', requestId: 1, path: '../../etc/passwd', startFrame: 0, frames: 100 });
    await router.receive({ type: 'peaks', requestId: 2, path: 'Stems/Drums.wav', startFrame: 'zero', endFrame: 10, columns: 5 });
    await router.receive({ type: 'pcm', requestId: 3, path: 'Stems/Drums.wav', startFrame: 0, frames: 10 * RATE });
    await router.receive({ type: 'ready!' });
    await router.receive({ type: 'saveContractNotes', notes: { owner: 'me', handover: true, contract: '', notes: '', file: '../x' } });
    assert.deepEqual(calls.saved, []);
    assert.deepEqual(calls.peaks, []);
    assert.deepEqual(calls.pcm, []);
    assert.deepEqual(calls.posted, []);
    assert.equal(calls.ready, 0);
    assert.equal(calls.warned.length, 5);
    assert.match(calls.warned[0]!, /^Delivery overview \(\/deliveries\/Song\): dropped a message from the webview: pcm: path must be a relative path inside the delivery$/);
    assert.match(calls.warned[1]!, /dropped a message from the webview: peaks: startFrame\/endFrame must be numbers/);
    assert.match(calls.warned[2]!, /dropped a message from the webview: pcm: frames must be a whole number from 1 to 192000/);
    assert.match(calls.warned[3]!, /unknown message type "ready!"/);
    assert.match(calls.warned[4]!, /saveContractNotes: the notes have other keys/);
  });

  it('valid requests reach the server with the absolute path under the root, replies carry the request id', async () => {
    const { router, calls } = routerWithSpies();
    await router.receive({ type: 'ready' });
    await router.receive({ type: 'peaks', requestId: 4, path: 'Stems/Drums.wav', startFrame: 0, endFrame: 96000, columns: 800 });
    await router.receive({ type: 'pcm', requestId: 5, path: 'Stems/Drums.wav', startFrame: 48000, frames: 96000 });
    const notes = { owner: 'Mix engineer', handover: true, contract: '§4', notes: '' };
    await router.receive({ type: 'saveContractNotes', notes });
    assert.deepEqual(calls.saved, [{ type: 'saveContractNotes', notes }]);
    assert.equal(calls.ready, 1);
    assert.deepEqual(calls.peaks, [{ path: '/deliveries/Song/Stems/Drums.wav', startFrame: 0, endFrame: 96000, columns: 800 }]);
    assert.deepEqual(calls.pcm, [{ path: '/deliveries/Song/Stems/Drums.wav', startFrame: 48000, frames: 96000 }]);
    assert.deepEqual(calls.posted, [
      { type: 'peaks', requestId: 4, ok: true, min: [[-0.5]], max: [[0.5]] },
      { type: 'pcm', requestId: 5, ok: true, body: { sampleRate: RATE, startFrame: 48000, frames: 96000, channels: ['', ''] } },
    ]);
    assert.deepEqual(calls.warned, []);
  });

  it('a request the server never answers is logged and answered as a failure: the page waits for an answer', async () => {
    const calls = { posted: [] as unknown[], warned: [] as string[] };
    const failing = new OverviewRouter({
      root: '/deliveries/Song', post: (m) => void calls.posted.push(m), log: { warn: (m) => void calls.warned.push(m) },
      peaks: () => Promise.reject(new Error('Connection got disposed.')),
      pcm: () => Promise.reject(new Error('Connection got disposed.')),
      ready: () => undefined, saveContractNotes: async () => undefined,
    });
    failing.setDelivery(delivery);
    await failing.receive({ type: 'peaks', requestId: 7, path: 'Stems/Drums.wav', startFrame: 0, endFrame: 96000, columns: 800 });
    await failing.receive({ type: 'pcm', requestId: 8, path: 'Stems/Drums.wav', startFrame: 0, frames: 10 });
    assert.deepEqual(calls.posted, [
      { type: 'peaks', requestId: 7, ok: false, error: 'the validator did not answer (Connection got disposed.)' },
      { type: 'pcm', requestId: 8, ok: false, error: 'the validator did not answer (Connection got disposed.)' },
    ]);
    assert.deepEqual(calls.warned, [
      'Delivery overview: peaks of Stems/Drums.wav failed: Connection got disposed.',
      'Delivery overview: samples of Stems/Drums.wav failed: Connection got disposed.',
    ]);
  });

  it('a lane that left the delivery can no longer be asked about', async () => {
    const { router, calls } = routerWithSpies();
    router.setDelivery({ ...delivery, lanes: [] });
    await router.receive({ type: 'pcm', requestId: 6, path: 'Stems/Drums.wav', startFrame: 0, frames: 10 });
    assert.deepEqual(calls.pcm, []);
    assert.match(calls.warned[0]!, /Stems\/Drums\.wav is not a file on this overview's timeline/);
  });
});
