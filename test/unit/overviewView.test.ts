import * as assert from 'node:assert/strict';
import { laneColumnEdges, laneColumns, laneSegment, placeLanes } from '../../src/shared/view/lanePlacement';
import * as fc from 'fast-check';
import { laneGains, type LaneMix } from '../../src/shared/view/laneGains';
import { deliveryChecklist } from '../../src/shared/view/deliveryChecklist';
import { residualColumns, residualOffset, RESIDUAL_FLOOR_DB } from '../../src/shared/view/residualLane';
import { overviewDelivery } from '../../src/shared/view/overviewDelivery';
import type { DeliveryDto, FileDto } from '../../src/shared/protocol';
import type { NullTestOutcome } from '../../src/core/analysis/nullTest';

const RATE = 48000;
/** 10:00:00 at 48 kHz, as a DAW session starting at 10 o'clock stamps its prints. */
const TEN_AM = 10 * 3600 * RATE;

describe('overview: lane placement on the shared timeline', () => {
  it('offsets come from the BWF time references, relative to the earliest', () => {
    const t = placeLanes([
      { path: 'Stems/Drums.wav', sampleRate: RATE, frames: 2 * RATE, timeReference: TEN_AM },
      { path: 'Stems/Bass.wav', sampleRate: RATE, frames: 2 * RATE, timeReference: TEN_AM + RATE / 2 },
      { path: 'Ref/Main.wav', sampleRate: RATE, frames: 2 * RATE - 4800, timeReference: TEN_AM },
    ], RATE);
    assert.deepEqual(t.lanes.map((l) => [l.path, l.offsetFrames, l.frames, l.referenced]), [
      ['Stems/Drums.wav', 0, 96000, true],
      ['Stems/Bass.wav', 24000, 96000, true],
      ['Ref/Main.wav', 0, 91200, true],
    ]);
    assert.equal(t.totalFrames, 120000);
    assert.equal(t.originFrames, TEN_AM);
  });

  it('a file without a time reference starts at the origin; a file at another rate is scaled', () => {
    const t = placeLanes([
      { path: 'a.wav', sampleRate: RATE, frames: RATE, timeReference: RATE },
      { path: 'b.wav', sampleRate: RATE, frames: RATE, timeReference: null },
      { path: 'c.wav', sampleRate: 96000, frames: 96000, timeReference: 96000 + 9600 },
    ], RATE);
    assert.deepEqual(t.lanes.map((l) => [l.offsetFrames, l.frames, l.scale, l.referenced]), [
      [0, 48000, 1, true],
      [0, 48000, 1, false],
      [4800, 48000, 2, true],
    ]);
    assert.equal(placeLanes([], RATE).totalFrames, 0);
  });

  it('a stem 0.5 s late draws its first column ⌈0.5 s × rate / framesPerPixel⌉ after one on time', () => {
    const t = placeLanes([
      { path: 'on.wav', sampleRate: RATE, frames: 2 * RATE, timeReference: 0 },
      { path: 'late.wav', sampleRate: RATE, frames: 2 * RATE, timeReference: RATE / 2 },
    ], RATE);
    const width = 1000;
    const view = { startFrame: 0, framesPerPixel: t.totalFrames / width }; // 120 frames per pixel
    const on = laneColumns(view, width, t.lanes[0]!)!;
    const late = laneColumns(view, width, t.lanes[1]!)!;
    assert.deepEqual(on, { firstColumn: 0, columns: 800, fileStartFrame: 0, fileEndFrame: 96000 });
    assert.deepEqual(late, { firstColumn: 200, columns: 800, fileStartFrame: 0, fileEndFrame: 96000 });
    // 7 frames per pixel: 24000 / 7 = 3428.57…, so the first whole column inside the late file is 3429.
    const fine = { startFrame: 0, framesPerPixel: 7 };
    const lateFine = laneColumns(fine, 4000, t.lanes[1]!)!;
    assert.equal(lateFine.firstColumn, 3429);
    assert.equal(lateFine.fileStartFrame, 3429 * 7 - 24000);
    assert.equal(lateFine.columns, 4000 - 3429);
  });

  it('columns are clipped to the view; a lane outside the view has none', () => {
    const lane = { offsetFrames: 1000, frames: 500, scale: 1 };
    assert.deepEqual(laneColumns({ startFrame: 1200, framesPerPixel: 10 }, 100, lane), { firstColumn: 0, columns: 30, fileStartFrame: 200, fileEndFrame: 500 });
    assert.equal(laneColumns({ startFrame: 2000, framesPerPixel: 10 }, 100, lane), null);
    assert.equal(laneColumns({ startFrame: 0, framesPerPixel: 1 }, 100, lane), null);
    // A lane at another rate asks for file frames at its own rate.
    assert.deepEqual(laneColumns({ startFrame: 0, framesPerPixel: 10 }, 100, { offsetFrames: 0, frames: 500, scale: 2 }), { firstColumn: 0, columns: 50, fileStartFrame: 0, fileEndFrame: 1000 });
  });

  it('playback segments: what of each lane sounds in a chunk of the timeline, and where', () => {
    const late = { offsetFrames: 24000, frames: 96000, scale: 1 };
    assert.equal(laneSegment(late, 0, 24000), null);
    assert.deepEqual(laneSegment(late, 0, 48000), { fileStartFrame: 0, frames: 24000, atTimelineFrame: 24000 });
    assert.deepEqual(laneSegment(late, 48000, 48000), { fileStartFrame: 24000, frames: 48000, atTimelineFrame: 48000 });
    assert.deepEqual(laneSegment(late, 96000, 48000), { fileStartFrame: 72000, frames: 24000, atTimelineFrame: 96000 });
    assert.equal(laneSegment(late, 120000, 48000), null);
    // Chunks laid end to end cover the file exactly once: no frame played twice or skipped.
    let covered = 0;
    for (let start = 0; start < 150000; start += 4096) covered += laneSegment(late, start, 4096)?.frames ?? 0;
    assert.equal(covered, 96000);
  });
});

describe('overview: peak column edges on the device pixels of a lane', () => {
  it('spreads the answered columns over the lane\'s CSS columns, starting on its first column', () => {
    assert.deepEqual([...laneColumnEdges({ firstColumn: 10, columns: 5 }, 10, 2)], [20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    assert.deepEqual([...laneColumnEdges({ firstColumn: 3, columns: 4 }, 4, 1)], [3, 4, 5, 6, 7]);
    assert.deepEqual([...laneColumnEdges({ firstColumn: 0, columns: 3 }, 2, 1)], [0, 2, 3]); // 1.5 rounds up
  });

  it('edges rise from firstColumn·dpr to (firstColumn + columns)·dpr whatever the rounding (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 1, max: 16384 }), fc.constantFrom(1, 1.25, 1.5, 2, 3),
      (firstColumn, columns, count, dpr) => {
        const edges = laneColumnEdges({ firstColumn, columns }, count, dpr);
        assert.equal(edges.length, count + 1);
        assert.equal(edges[0], Math.round(firstColumn * dpr));
        assert.equal(edges[count], Math.round((firstColumn + columns) * dpr));
        for (let j = 1; j <= count; j++) assert.ok(edges[j]! >= edges[j - 1]!);
      }), { numRuns: 300 });
  });
});

describe('overview: mute, solo and A/B', () => {
  const lanes = (over: Partial<Record<string, Partial<LaneMix>>> = {}): LaneMix[] => [
    { path: 'drums', kind: 'stem', muted: false, soloed: false, ...over.drums },
    { path: 'bass', kind: 'stem', muted: false, soloed: false, ...over.bass },
    { path: 'vox', kind: 'stem', muted: false, soloed: false, ...over.vox },
    { path: 'mix', kind: 'mix', muted: false, soloed: false, ...over.mix },
  ];
  const gains = (l: LaneMix[], m: 'stems' | 'mix') => Object.fromEntries(laneGains(l, m));

  it('A plays every stem at unity and not the mix; B the mix alone', () => {
    assert.deepEqual(gains(lanes(), 'stems'), { drums: 1, bass: 1, vox: 1, mix: 0 });
    assert.deepEqual(gains(lanes(), 'mix'), { drums: 0, bass: 0, vox: 0, mix: 1 });
  });

  it('solo silences the other stems, mute wins over solo, the mix keeps its own mute', () => {
    assert.deepEqual(gains(lanes({ bass: { soloed: true } }), 'stems'), { drums: 0, bass: 1, vox: 0, mix: 0 });
    assert.deepEqual(gains(lanes({ bass: { soloed: true, muted: true }, vox: { soloed: true } }), 'stems'), { drums: 0, bass: 0, vox: 1, mix: 0 });
    assert.deepEqual(gains(lanes({ drums: { muted: true } }), 'stems'), { drums: 0, bass: 1, vox: 1, mix: 0 });
    assert.deepEqual(gains(lanes({ mix: { muted: true }, bass: { soloed: true } }), 'mix'), { drums: 0, bass: 0, vox: 0, mix: 0 });
  });
});

describe('overview: checklist of required stem groups and reference kinds', () => {
  const f = (path: string, role: string, group: string | null = null, kind: string | null = null) => ({ path, role, group, kind }) as Parameters<typeof deliveryChecklist>[1][number];

  it('delivered, missing and extra, in the spec order then by name, unrecognised last', () => {
    const checklist = deliveryChecklist(
      { stems: ['drums', 'bass', 'keys', 'vocals'], references: ['main', 'instrumental'] },
      [
        f('Stems/Drums 2.wav', 'stem', 'drums'),
        f('Stems/Drums.wav', 'stem', 'drums'),
        f('Stems/Bass.wav', 'stem', 'bass'),
        f('Stems/Vox.wav', 'stem', 'vocals'),
        f('Stems/FX.wav', 'stem', 'fx'),
        f('Stems/Brass.wav', 'stem', 'brass'),
        f('Stems/Thing.wav', 'stem'),
        f('Multitracks/Keys.wav', 'multitrack', 'keys'),
        f('References/Main.wav', 'reference', null, 'main'),
        f('References/TV.wav', 'reference', null, 'tv'),
      ],
    );
    assert.deepEqual(checklist.stems, [
      { key: 'drums', status: 'delivered', files: ['Stems/Drums 2.wav', 'Stems/Drums.wav'] },
      { key: 'bass', status: 'delivered', files: ['Stems/Bass.wav'] },
      { key: 'keys', status: 'missing', files: [] },
      { key: 'vocals', status: 'delivered', files: ['Stems/Vox.wav'] },
      { key: 'brass', status: 'extra', files: ['Stems/Brass.wav'] },
      { key: 'fx', status: 'extra', files: ['Stems/FX.wav'] },
      { key: null, status: 'extra', files: ['Stems/Thing.wav'] },
    ]);
    assert.deepEqual(checklist.references, [
      { key: 'main', status: 'delivered', files: ['References/Main.wav'] },
      { key: 'instrumental', status: 'missing', files: [] },
      { key: 'tv', status: 'extra', files: ['References/TV.wav'] },
    ]);
  });

  it('nothing required and nothing delivered: empty lists; a key required twice is listed once', () => {
    assert.deepEqual(deliveryChecklist({ stems: [], references: [] }, []), { stems: [], references: [] });
    assert.deepEqual(deliveryChecklist({ stems: ['bass', 'bass'], references: [] }, []).stems, [{ key: 'bass', status: 'missing', files: [] }]);
  });
});

describe('overview: null-test residual lane', () => {
  it('each column shows the loudest second it touches, scaled from the floor to 0 dBFS', () => {
    // 4 seconds at 48 kHz over 8 columns: two columns per second.
    const view = { startFrame: 0, framesPerPixel: RATE / 2 };
    const cols = residualColumns([null, -60, RESIDUAL_FLOOR_DB - 10, 0], 0, RATE, view, 10);
    assert.deepEqual(cols, [0, 0, 0.5, 0.5, 0, 0, 1, 1, null, null]);
    // Stems starting 1 s into the timeline: the residual moves with them.
    assert.deepEqual(residualColumns([-60], RATE, RATE, view, 6), [null, null, 0.5, 0.5, null, null]);
    // One column over all four seconds takes the loudest.
    assert.deepEqual(residualColumns([null, -60, -90, -30], 0, RATE, { startFrame: 0, framesPerPixel: 4 * RATE }, 1), [0.75]);
  });

  it('sits where most stems start: one stem printed late does not move it', () => {
    assert.equal(residualOffset([24000, 0, 0]), 0);
    assert.equal(residualOffset([24000, 24000, 0]), 24000);
    assert.equal(residualOffset([500, 24000]), 500);
    assert.equal(residualOffset([]), 0);
  });
});

describe('overview: what the panel shows of a delivery', () => {
  const file = (path: string, role: FileDto['role'], extra: Partial<FileDto> = {}): FileDto => ({
    path, role, group: null, kind: null, reason: '', size: 1, analysis: null, description: '48 kHz · 24-bit · stereo · 0:02',
    format: { container: 'wav', codec: 'pcm', sampleRate: RATE, bitDepth: 24, channels: 2, frames: 2 * RATE, durationSec: 2, timeReference: TEN_AM },
    ...extra,
  });
  const delivery = (files: FileDto[], nullTest: NullTestOutcome | null = null): DeliveryDto => ({
    root: '/work/Song', name: 'Song', specPath: null, files, findings: [], summary: { errors: 0, warnings: 0, infos: 0 },
    required: { stems: ['drums', 'bass'], references: ['main'] }, nullTest,
  });

  it('stems by path, then the main mix; unreadable stems named in the notes, not drawn', () => {
    const view = overviewDelivery(delivery([
      file('References/Song_Main.wav', 'reference', { kind: 'main' }),
      file('References/Song_TV.wav', 'reference', { kind: 'tv' }),
      file('Stems/Vox.wav', 'stem', { group: 'vocals' }),
      file('Stems/Drums.wav', 'stem', { group: 'drums' }),
      file('Stems/Broken.wav', 'stem', { format: null, description: 'not readable' }),
      file('Multitracks/Kick.wav', 'multitrack'),
    ]), null);
    assert.deepEqual(view.lanes.map((l) => [l.path, l.kind, l.group]), [
      ['Stems/Drums.wav', 'stem', 'drums'],
      ['Stems/Vox.wav', 'stem', 'vocals'],
      ['References/Song_Main.wav', 'mix', 'main'],
    ]);
    assert.deepEqual(view.notes, ['Stems/Broken.wav is not on the timeline: not readable.']);
    assert.equal(view.sampleRate, RATE);
    assert.deepEqual(view.checklist.stems.map((r) => [r.key, r.status]), [['drums', 'delivered'], ['bass', 'missing'], ['vocals', 'extra'], [null, 'extra']]);
    assert.equal(view.residual, null);
  });

  it('the null test picks the mix lane and gives the residual lane; a failed test says why', () => {
    const outcome: NullTestOutcome = {
      ok: true, mix: 'References/Song_TV.wav', stems: ['Stems/Drums.wav'], residualPeakDbfs: -50, residualRmsDbfs: -60,
      worstSecond: { startSec: 1, rmsDbfs: -55 }, residualSeconds: [-70, -55], offsetSamples: null, frames: 2 * RATE, sampleRate: RATE, lengths: null,
    };
    const files = [file('References/Song_Main.wav', 'reference', { kind: 'main' }), file('References/Song_TV.wav', 'reference', { kind: 'tv' }), file('Stems/Drums.wav', 'stem', { group: 'drums' })];
    const view = overviewDelivery(delivery(files), outcome);
    assert.deepEqual(view.lanes.map((l) => [l.path, l.kind]), [['Stems/Drums.wav', 'stem'], ['References/Song_TV.wav', 'mix']]);
    assert.deepEqual(view.residual, { ok: true, mix: 'References/Song_TV.wav', seconds: [-70, -55], peakDbfs: -50, worstSecond: { startSec: 1, rmsDbfs: -55 }, offsetSamples: null });
    const failed = overviewDelivery(delivery(files), { ok: false, mix: null, reason: 'the stems differ in length', files: [] });
    assert.deepEqual(failed.residual, { ok: false, reason: 'the stems differ in length' });
    const noMix = overviewDelivery(delivery([file('Stems/Drums.wav', 'stem', { group: 'drums' })]), null);
    assert.match(noMix.notes[0]!, /^No main mix among the references/);
  });
});
