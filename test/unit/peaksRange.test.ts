import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { checkPeaksRange, MAX_FRAME, MAX_OVERVIEW_COLUMNS, type PeaksRangeRule } from '../../src/shared/overviewLimits';
import { parseWaveformRequest } from '../../src/shared/waveformMessages';
import { parseOverviewMessage, type LaneFormats } from '../../src/shared/overviewMessages';

const FILE_FRAMES = 480_000;
const LANES: LaneFormats = new Map([['Stems/Drums.wav', { sampleRate: 48000, channels: 2, frames: FILE_FRAMES }]]);

/** Numbers a page might send: edges, fractions, huge, negative, not finite, not numbers. */
const frameLike = fc.oneof(
  { arbitrary: fc.integer({ min: -10, max: 2 * FILE_FRAMES }), weight: 6 },
  fc.double({ min: -10, max: 2 * FILE_FRAMES, noNaN: true }),
  fc.constantFrom(0, MAX_FRAME, MAX_FRAME + 1, Number.MAX_SAFE_INTEGER, 1e300, -0, NaN, Infinity, -Infinity),
  fc.anything(),
);
const columnsLike = fc.oneof({ arbitrary: fc.integer({ min: -2, max: MAX_OVERVIEW_COLUMNS + 2 }), weight: 6 }, fc.double(), fc.anything());
const rules = fc.record({ wholeFrames: fc.boolean(), lastStartFrame: fc.option(fc.integer({ min: 0, max: FILE_FRAMES }), { nil: undefined }) });

describe('peaks range: the one check of both webviews\' peaks requests', () => {
  it('never throws; what it accepts is a real range of whole columns, within the rule, and nothing else', () => {
    let accepted = 0;
    fc.assert(fc.property(fc.record({ startFrame: frameLike, endFrame: frameLike, columns: columnsLike, extra: fc.anything() }), rules, (raw, rule: PeaksRangeRule) => {
      const checked = checkPeaksRange(raw, rule);
      if (!checked.ok) return;
      accepted++;
      const { startFrame, endFrame, columns } = checked.range;
      assert.deepEqual(Object.keys(checked.range).sort(), ['columns', 'endFrame', 'startFrame']);
      assert.ok(Number.isFinite(startFrame) && startFrame >= 0 && startFrame < endFrame && endFrame <= MAX_FRAME);
      assert.ok(startFrame <= (rule.lastStartFrame ?? MAX_FRAME));
      if (rule.wholeFrames) assert.ok(Number.isInteger(startFrame) && Number.isInteger(endFrame));
      assert.ok(Number.isInteger(columns) && columns >= 1 && columns <= MAX_OVERVIEW_COLUMNS);
    }), { numRuns: 2000 });
    assert.ok(accepted > 50, `accepted only ${accepted}: the property checked too little`);
  });

  it('accepts every well-formed range, whole or (when allowed) fractional', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: FILE_FRAMES }), fc.integer({ min: 1, max: FILE_FRAMES }), fc.integer({ min: 1, max: MAX_OVERVIEW_COLUMNS }), fc.double({ min: 0, max: 0.999, noNaN: true }),
      (start, length, columns, fraction) => {
        assert.deepEqual(checkPeaksRange({ startFrame: start, endFrame: start + length, columns }, { wholeFrames: true, lastStartFrame: FILE_FRAMES }), { ok: true, range: { startFrame: start, endFrame: start + length, columns } });
        const fractional = { startFrame: start + fraction, endFrame: start + length + fraction, columns };
        assert.equal(checkPeaksRange(fractional, { wholeFrames: false }).ok, true);
        assert.deepEqual(checkPeaksRange(fractional, { wholeFrames: true }), Number.isInteger(fractional.startFrame) && Number.isInteger(fractional.endFrame) ? { ok: true, range: fractional } : { ok: false, problem: 'frames' });
      }));
  });

  it('names the problem: frames, then an empty, inverted or misplaced range, then columns', () => {
    const rule = { wholeFrames: true, lastStartFrame: 100 };
    assert.deepEqual(checkPeaksRange({ startFrame: -1, endFrame: 10, columns: 0 }, rule), { ok: false, problem: 'frames' });
    assert.deepEqual(checkPeaksRange({ startFrame: 0, endFrame: MAX_FRAME + 1, columns: 1 }, rule), { ok: false, problem: 'frames' });
    assert.deepEqual(checkPeaksRange({ startFrame: 10, endFrame: 10, columns: 0 }, rule), { ok: false, problem: 'range' });
    assert.deepEqual(checkPeaksRange({ startFrame: 101, endFrame: 200, columns: 1 }, rule), { ok: false, problem: 'range' });
    assert.deepEqual(checkPeaksRange({ startFrame: 100, endFrame: 200, columns: 1 }, rule), { ok: true, range: { startFrame: 100, endFrame: 200, columns: 1 } });
    assert.deepEqual(checkPeaksRange({ startFrame: 0, endFrame: 10, columns: 1.5 }, rule), { ok: false, problem: 'columns' });
  });

  it('the waveform editor and the overview parsers decide peaks requests exactly as the shared check does', () => {
    fc.assert(fc.property(fc.record({ startFrame: frameLike, endFrame: frameLike, columns: columnsLike }), (range) => {
      const waveform = parseWaveformRequest({ type: 'peaks', requestId: 1, ...range });
      const shared = checkPeaksRange(range, { wholeFrames: true });
      assert.equal(waveform.ok, shared.ok);
      if (waveform.ok && shared.ok) assert.deepEqual(waveform.message, { type: 'peaks', requestId: 1, ...shared.range });
      const overview = parseOverviewMessage({ type: 'peaks', requestId: 1, path: 'Stems/Drums.wav', ...range }, LANES);
      const sharedOverview = checkPeaksRange(range, { wholeFrames: false, lastStartFrame: FILE_FRAMES });
      assert.equal(overview.ok, sharedOverview.ok);
      if (overview.ok && sharedOverview.ok) assert.deepEqual(overview.message, { type: 'peaks', requestId: 1, path: 'Stems/Drums.wav', ...sharedOverview.range });
    }), { numRuns: 2000 });
  });
});
