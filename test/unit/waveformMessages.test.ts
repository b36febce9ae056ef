import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isWaveformUpdate, parseWaveformRequest } from '../../src/shared/waveformMessages';
import { MAX_REQUEST_ID } from '../../src/shared/overviewLimits';
import { MAX_OVERVIEW_COLUMNS } from '../../src/shared/overviewLimits';
import { MAX_PCM_SAMPLES } from '../../src/shared/audioData';

describe('waveform messages: what the host accepts from the webview', () => {
  it('accepts the three requests and copies only their known fields', () => {
    assert.deepEqual(parseWaveformRequest({ type: 'ready' }), { ok: true, message: { type: 'ready' } });
    assert.deepEqual(parseWaveformRequest({ type: 'peaks', requestId: 3, startFrame: 0, endFrame: 192000, columns: 1000 }), {
      ok: true, message: { type: 'peaks', requestId: 3, startFrame: 0, endFrame: 192000, columns: 1000 },
    });
    assert.deepEqual(parseWaveformRequest({ type: 'drawn', requestId: 1 }), { ok: true, message: { type: 'drawn', requestId: 1 } });
    // A path smuggled in is not copied: the host never sees it.
    const smuggled = parseWaveformRequest({ type: 'peaks', requestId: 1, startFrame: 0, endFrame: 10, columns: 1, path: '/etc/passwd', uri: 'file:///etc/shadow' });
    assert.deepEqual(smuggled, { ok: true, message: { type: 'peaks', requestId: 1, startFrame: 0, endFrame: 10, columns: 1 } });
  });

  it('refuses what is not an object, with a reason for the log', () => {
    for (const raw of [undefined, null, 0, 'ready', true, [], [{ type: 'ready' }]]) {
      assert.deepEqual(parseWaveformRequest(raw), { ok: false, reason: 'not an object' }, JSON.stringify(raw));
    }
  });

  it('refuses unknown types, naming them briefly even when huge', () => {
    assert.deepEqual(parseWaveformRequest({ type: 'openFile', path: '/etc/passwd' }), { ok: false, reason: 'unknown message type "openFile"' });
    assert.deepEqual(parseWaveformRequest({}), { ok: false, reason: 'unknown message type (undefined)' });
    assert.deepEqual(parseWaveformRequest({ type: null }), { ok: false, reason: 'unknown message type (null)' });
    assert.deepEqual(parseWaveformRequest({ type: 7 }), { ok: false, reason: 'unknown message type (number)' });
    assert.deepEqual(parseWaveformRequest({ type: { toString: () => 'ready' } }), { ok: false, reason: 'unknown message type (object)' });
    const huge = parseWaveformRequest({ type: 'x'.repeat(10_000_000) });
    assert.deepEqual(huge, { ok: false, reason: `unknown message type "${'x'.repeat(40)}…"` });
    assert.deepEqual(parseWaveformRequest({ type: 'READY' }), { ok: false, reason: 'unknown message type "READY"' });
  });

  it('refuses peaks requests with wrong types, fractions, negatives, huge or inverted ranges', () => {
    const base = { type: 'peaks', requestId: 1, startFrame: 0, endFrame: 100, columns: 10 };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ requestId: '1' }, 'peaks: requestId is not a counter'],
      [{ requestId: 1.5 }, 'peaks: requestId is not a counter'],
      [{ requestId: -1 }, 'peaks: requestId is not a counter'],
      [{ requestId: MAX_REQUEST_ID + 1 }, 'peaks: requestId is not a counter'],
      [{ startFrame: '0' }, 'peaks: frames are not whole non-negative numbers'],
      [{ startFrame: -5 }, 'peaks: frames are not whole non-negative numbers'],
      [{ endFrame: 1e300 }, 'peaks: frames are not whole non-negative numbers'],
      [{ endFrame: Infinity }, 'peaks: frames are not whole non-negative numbers'],
      [{ endFrame: NaN }, 'peaks: frames are not whole non-negative numbers'],
      [{ startFrame: 0.5 }, 'peaks: frames are not whole non-negative numbers'],
      [{ endFrame: 0 }, 'peaks: empty or inverted range'],
      [{ startFrame: 100, endFrame: 50 }, 'peaks: empty or inverted range'],
      [{ columns: 0 }, `peaks: columns not in 1..${MAX_OVERVIEW_COLUMNS}`],
      [{ columns: MAX_OVERVIEW_COLUMNS + 1 }, `peaks: columns not in 1..${MAX_OVERVIEW_COLUMNS}`],
      [{ columns: 1e9 }, `peaks: columns not in 1..${MAX_OVERVIEW_COLUMNS}`],
      [{ columns: [10] }, `peaks: columns not in 1..${MAX_OVERVIEW_COLUMNS}`],
      [{ columns: 'x'.repeat(100_000) }, `peaks: columns not in 1..${MAX_OVERVIEW_COLUMNS}`],
    ];
    for (const [change, reason] of cases) {
      assert.deepEqual(parseWaveformRequest({ ...base, ...change }), { ok: false, reason }, JSON.stringify(change).slice(0, 80));
    }
    assert.deepEqual(parseWaveformRequest({ type: 'drawn', requestId: 'first' }), { ok: false, reason: 'drawn: requestId is not a counter' });
  });

  it('never throws, and whatever it accepts keeps its invariants (any JSON value)', () => {
    const request = fc.record({
      type: fc.oneof(fc.constantFrom('ready', 'peaks', 'drawn', 'nope'), fc.string()),
      requestId: fc.oneof(fc.integer(), fc.double(), fc.string()),
      startFrame: fc.oneof(fc.integer({ min: -10, max: 1e6 }), fc.double()),
      endFrame: fc.oneof(fc.integer({ min: -10, max: 1e6 }), fc.double()),
      columns: fc.oneof(fc.integer({ min: -10, max: 20000 }), fc.double(), fc.constant(null)),
    }, { requiredKeys: [] });
    // Near-valid peaks requests, so the accepting branch is exercised, not only the refusals.
    const nearPeaks = fc.record({ requestId: fc.nat(), startFrame: fc.nat({ max: 1e6 }), span: fc.integer({ min: -1, max: 1e6 }), columns: fc.integer({ min: -1, max: MAX_OVERVIEW_COLUMNS + 1 }) })
      .map(({ requestId, startFrame, span, columns }) => ({ type: 'peaks', requestId, startFrame, endFrame: startFrame + span, columns }));
    let acceptedPeaks = 0;
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), request, nearPeaks), (raw) => {
      const parsed = parseWaveformRequest(raw);
      if (!parsed.ok) return typeof parsed.reason === 'string' && parsed.reason.length < 200;
      const m = parsed.message;
      if (m.type === 'peaks') {
        acceptedPeaks++;
        return Number.isInteger(m.startFrame) && m.startFrame >= 0 && m.endFrame > m.startFrame && m.columns >= 1 && m.columns <= MAX_OVERVIEW_COLUMNS && Object.keys(m).length === 5;
      }
      if (m.type === 'ready') return m.lanes === undefined ? Object.keys(m).length === 1 : Number.isInteger(m.lanes.cssWidth) && m.lanes.cssWidth >= 1 && m.lanes.dpr > 0 && Object.keys(m.lanes).length === 2;
      return Number.isInteger(m.requestId);
    }), { numRuns: 2000 });
    assert.ok(acceptedPeaks > 100, `only ${acceptedPeaks} peaks requests were accepted: the property checked too little`);
  });

  it('accepts a ready with the lanes\' size (copied alone) and refuses one with a size no screen has', () => {
    assert.deepEqual(parseWaveformRequest({ type: 'ready', lanes: { cssWidth: 1180, dpr: 1.25, path: '/etc/passwd' } }), { ok: true, message: { type: 'ready', lanes: { cssWidth: 1180, dpr: 1.25 } } });
    const reason = 'ready: lanes are not a width in 1..16384 and a devicePixelRatio in (0, 16]';
    for (const lanes of [null, 'wide', { cssWidth: 0, dpr: 1 }, { cssWidth: 10.5, dpr: 1 }, { cssWidth: 1e9, dpr: 1 }, { cssWidth: 100, dpr: 0 }, { cssWidth: 100, dpr: Infinity }, { cssWidth: 100, dpr: 17 }, { cssWidth: 100 }]) {
      assert.deepEqual(parseWaveformRequest({ type: 'ready', lanes }), { ok: false, reason }, JSON.stringify(lanes));
    }
  });

  it('accepts a sample request of the editor\'s own file (no path is copied) and refuses a malformed one', () => {
    assert.deepEqual(parseWaveformRequest({ type: 'pcm', requestId: 4, startFrame: 96000, frames: 96000, path: '/etc/passwd' }), { ok: true, message: { type: 'pcm', requestId: 4, startFrame: 96000, frames: 96000 } });
    const base = { type: 'pcm', requestId: 1, startFrame: 0, frames: 10 };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ requestId: -1 }, 'pcm: requestId is not a counter'],
      [{ startFrame: -1 }, 'pcm: startFrame is not a whole non-negative number'],
      [{ startFrame: 0.5 }, 'pcm: startFrame is not a whole non-negative number'],
      [{ frames: 0 }, `pcm: frames not in 1..${MAX_PCM_SAMPLES}`],
      [{ frames: MAX_PCM_SAMPLES + 1 }, `pcm: frames not in 1..${MAX_PCM_SAMPLES}`],
      [{ frames: '10' }, `pcm: frames not in 1..${MAX_PCM_SAMPLES}`],
    ];
    for (const [change, reason] of cases) {
      assert.deepEqual(parseWaveformRequest({ ...base, ...change }), { ok: false, reason }, JSON.stringify(change));
    }
  });

  it('a __proto__ key in a parsed payload does not change what is read', () => {
    const raw: unknown = JSON.parse('{"__proto__": {"type": "ready"}, "requestId": 1}');
    assert.deepEqual(parseWaveformRequest(raw), { ok: false, reason: 'unknown message type (undefined)' });
  });
});

describe('waveform messages: what the webview accepts from the host', () => {
  it('knows each update type by its fields', () => {
    assert.equal(isWaveformUpdate({ type: 'init', fileName: 'a.wav' }), true);
    assert.equal(isWaveformUpdate({ type: 'info', info: { sections: [], markers: [] } }), true);
    assert.equal(isWaveformUpdate({ type: 'unavailable', reason: 'why' }), true);
    assert.equal(isWaveformUpdate({ type: 'peaks', requestId: 1, startFrame: 0, endFrame: 10, min: [], max: [] }), true);
    assert.equal(isWaveformUpdate({ type: 'peaksError', requestId: 1, error: 'no' }), true);
    assert.equal(isWaveformUpdate({ type: 'pcm', requestId: 2, ok: true, body: { sampleRate: 48000, startFrame: 0, frames: 1, channels: ['AAAAAA=='] } }), true);
    assert.equal(isWaveformUpdate({ type: 'pcm', requestId: 2, ok: false, error: 'past the end' }), true);
    assert.equal(isWaveformUpdate({ type: 'pcm', requestId: 2, ok: true }), false);
    for (const bad of [null, 'init', { type: 'init' }, { type: 'info', info: {} }, { type: 'peaks', requestId: '1' }, { type: 'other' }, { command: 'onmessage' }]) {
      assert.equal(isWaveformUpdate(bad), false, JSON.stringify(bad));
    }
  });
});
