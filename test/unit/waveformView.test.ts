import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { clampViewport, fitViewport, zoomAt } from '../../src/shared/view/timeScale';
import {
  centreRow, columnEdges, columnRequest, initialState, laneLayout, LANE_GAP, openingRequest, peakRows, restoreState, timeToDeviceX,
} from '../../src/shared/view/waveformView';
import { MAX_OVERVIEW_COLUMNS } from '../../src/shared/overviewLimits';

describe('waveform view: lanes and peak rows', () => {
  it('stacks one lane per channel with a gap, all the same whole height', () => {
    assert.deepEqual(laneLayout(2, 204), [{ top: 0, height: 100 }, { top: 104, height: 100 }]);
    assert.deepEqual(laneLayout(1, 57), [{ top: 0, height: 57 }]);
    // 3 channels in 100 px: (100 − 2·4) / 3 = 30.67 → 30 px lanes.
    assert.deepEqual(laneLayout(3, 100), [{ top: 0, height: 30 }, { top: 34, height: 30 }, { top: 68, height: 30 }]);
    assert.equal(LANE_GAP, 4);
    assert.deepEqual(laneLayout(0, 10), [{ top: 0, height: 10 }], 'a file without channels still gets one (empty) lane');
  });

  it('maps a min/max column to whole device rows: ±0.25 in a 100-row lane is rows 37..62', () => {
    const lane = { top: 0, height: 100 };
    assert.deepEqual(peakRows(-0.25, 0.25, lane), { top: 37, bottom: 62 });
    assert.deepEqual(peakRows(-1, 1, lane), { top: 0, bottom: 99 });
    assert.deepEqual(peakRows(0, 0.5, lane), { top: 25, bottom: 49 });
    // Beyond full scale (float overs) is pinned to the lane's edges.
    assert.deepEqual(peakRows(-3, 2, lane), { top: 0, bottom: 99 });
    // min and max swapped still draw the same column.
    assert.deepEqual(peakRows(0.25, -0.25, lane), { top: 37, bottom: 62 });
  });

  it('draws digital silence as exactly one row: the lane centre', () => {
    assert.deepEqual(peakRows(0, 0, { top: 0, height: 100 }), { top: 50, bottom: 50 });
    assert.deepEqual(peakRows(0, 0, { top: 104, height: 100 }), { top: 154, bottom: 154 });
    assert.deepEqual(peakRows(0, 0, { top: 0, height: 57 }), { top: 28, bottom: 28 });
    assert.equal(centreRow({ top: 104, height: 100 }), 154);
    // A whisper below half a row is still one row (not zero), at the centre.
    assert.deepEqual(peakRows(-0.001, 0.001, { top: 0, height: 100 }), { top: 49, bottom: 50 });
  });

  it('stays inside its lane for any column', () => {
    const lane = { top: 10, height: 33 };
    for (let lo = -1.2; lo <= 1.2; lo += 0.1) {
      for (let hi = lo; hi <= 1.2; hi += 0.1) {
        const { top, bottom } = peakRows(lo, hi, lane);
        assert.ok(top >= 10 && bottom <= 42 && top <= bottom, `${lo}..${hi} → ${top}..${bottom}`);
      }
    }
  });
});

describe('waveform view: what to ask the server, and where its columns go', () => {
  it('asks for one column per device pixel over the frames the view spans', () => {
    const view = fitViewport(192000, 1000);
    assert.deepEqual(columnRequest(view, 1000, 1), { startFrame: 0, endFrame: 192000, columns: 1000 });
    assert.deepEqual(columnRequest(view, 1000, 2), { startFrame: 0, endFrame: 192000, columns: 2000 });
    assert.deepEqual(columnRequest(view, 1000, 1.25), { startFrame: 0, endFrame: 192000, columns: 1250 });
    // Zoomed in 4× at the middle: a quarter of the file, still 1000 columns.
    const zoomed = zoomAt(view, 4, 500, 192000, 1000);
    assert.deepEqual(columnRequest(zoomed, 1000, 1), { startFrame: 72000, endFrame: 120000, columns: 1000 });
    // Never more columns than the server gives.
    assert.equal(columnRequest(view, 20000, 2).columns, MAX_OVERVIEW_COLUMNS);
  });

  it('the opening peaks (sent with the file info) are the whole file at one column per device pixel', () => {
    // One hour at 48 kHz on 1180 CSS pixels at 1.25: 1475 columns over every frame.
    assert.deepEqual(openingRequest(172_800_000, 1180, 1.25), { startFrame: 0, endFrame: 172_800_000, columns: 1475 });
    assert.deepEqual(openingRequest(192000, 1000, 2), { startFrame: 0, endFrame: 192000, columns: 2000 });
    // A file shorter than the lanes at the closest zoom: the view reaches past its end, as the page's does.
    assert.deepEqual(openingRequest(10, 1000, 1), { startFrame: 0, endFrame: Math.ceil(1000 / 32), columns: 1000 });
  });

  it('the opening peaks are exactly what a fresh page\'s first render asks for, so the page takes them as its answer', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 16384 }), fc.constantFrom(0.5, 1, 1.25, 1.5, 2, 3), (frames, width, dpr) => {
      // The page's render(): its state's view clamped to the file, then columnRequest.
      const pageView = clampViewport(initialState(frames, width).view, frames, width);
      assert.deepEqual(openingRequest(frames, width, dpr), columnRequest(pageView, width, dpr));
    }), { numRuns: 500 });
  });

  it('a fractional start is widened to whole frames', () => {
    assert.deepEqual(columnRequest({ startFrame: 10.5, framesPerPixel: 0.25 }, 100, 1), { startFrame: 10, endFrame: 36, columns: 100 });
  });

  it('places the answered columns one per device pixel, and stretches a stale answer to where its frames now are', () => {
    const view = fitViewport(192000, 1000);
    const request = columnRequest(view, 1000, 1);
    const edges = columnEdges(request, view, 1);
    assert.equal(edges.length, 1001);
    assert.deepEqual(Array.from(edges.subarray(0, 4)), [0, 1, 2, 3]);
    assert.equal(edges[1000], 1000);
    // The same answer after zooming in 2× about x = 0: each column now spans 2 pixels.
    const zoomed = zoomAt(view, 2, 0, 192000, 1000);
    const stretched = columnEdges(request, zoomed, 1);
    assert.deepEqual(Array.from(stretched.subarray(0, 4)), [0, 2, 4, 6]);
    // On a 2× screen, 2000 columns land on 2000 device pixels.
    const hi = columnEdges(columnRequest(view, 1000, 2), view, 2);
    assert.deepEqual([hi[0], hi[1], hi[1999], hi[2000]], [0, 1, 1999, 2000]);
  });

  it('puts a time (marker, cursor) on the device pixel of its frame', () => {
    const view = fitViewport(192000, 1000); // 192 frames per pixel, 48 kHz: 4 ms per pixel
    assert.equal(timeToDeviceX(0.5, 48000, view, 1), 125);
    assert.equal(timeToDeviceX(1.25, 48000, view, 1), 313); // 312.5 rounds up
    assert.equal(timeToDeviceX(0.5, 48000, view, 2), 250);
    assert.equal(timeToDeviceX(0.5, 48000, { startFrame: 12000, framesPerPixel: 48 }, 1), 250);
    assert.equal(timeToDeviceX(0.1, 48000, { startFrame: 12000, framesPerPixel: 48 }, 1), -150, 'before the view: off to the left');
  });
});

describe('waveform view: persisted state', () => {
  it('restores a saved view and position, fitted to the file', () => {
    assert.deepEqual(restoreState({ view: { startFrame: 48000, framesPerPixel: 24 }, positionSec: 1.5 }, 192000, 1000, 48000), {
      view: { startFrame: 48000, framesPerPixel: 24 },
      positionSec: 1.5,
    });
    // A state from a longer file: scroll pulled back, zoom capped at the whole file, position at the end.
    assert.deepEqual(restoreState({ view: { startFrame: 1e9, framesPerPixel: 1e6 }, positionSec: 99 }, 192000, 1000, 48000), {
      view: { startFrame: 0, framesPerPixel: 192 },
      positionSec: 4,
    });
  });

  it('ignores a missing or malformed state', () => {
    for (const bad of [undefined, null, 'x', 42, [], {}, { view: null, positionSec: 0 }, { view: { startFrame: 'a', framesPerPixel: 1 }, positionSec: 0 },
      { view: { startFrame: 0, framesPerPixel: 0 }, positionSec: 0 }, { view: { startFrame: 0, framesPerPixel: -1 }, positionSec: 0 },
      { view: { startFrame: 0, framesPerPixel: NaN }, positionSec: 0 }, { view: { startFrame: 0, framesPerPixel: 1 }, positionSec: Infinity },
      { view: { startFrame: 0, framesPerPixel: 1 } }]) {
      assert.equal(restoreState(bad, 192000, 1000, 48000), null, JSON.stringify(bad));
    }
  });

  it('a fresh editor shows the whole file from its start', () => {
    assert.deepEqual(initialState(192000, 1000), { view: { startFrame: 0, framesPerPixel: 192 }, positionSec: 0 });
  });
});
