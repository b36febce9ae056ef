import * as assert from 'node:assert/strict';
import { clampViewport, fitViewport, frameToX, MIN_FRAMES_PER_PIXEL, rulerTicks, scrollBy, valueToY, xToFrame, zoomAt } from '../../src/shared/view/timeScale';
import { formatSeconds, formatTimecode } from '../../src/shared/view/timeFormat';
import { isIntegerIn, isRelativeDeliveryPath } from '../../src/shared/guards';

describe('view maths: time scale', () => {
  it('fit shows the whole file across the width', () => {
    const view = fitViewport(48000 * 60, 1200);
    assert.deepEqual(view, { startFrame: 0, framesPerPixel: 2400 });
    assert.equal(frameToX(48000 * 60, view), 1200);
    assert.equal(xToFrame(600, view), 48000 * 30);
  });

  it('zoom keeps the frame under the pointer in place', () => {
    const total = 48000 * 60;
    const view = fitViewport(total, 1000);
    const anchor = 250;
    const before = xToFrame(anchor, view);
    const zoomed = zoomAt(view, 4, anchor, total, 1000);
    assert.equal(zoomed.framesPerPixel, view.framesPerPixel / 4);
    assert.equal(xToFrame(anchor, zoomed), before);
  });

  it('zoom stops at MIN_FRAMES_PER_PIXEL and at the whole file; scroll stays inside', () => {
    const total = 1000;
    const inMost = zoomAt(fitViewport(total, 100), 1e9, 0, total, 100);
    assert.equal(inMost.framesPerPixel, MIN_FRAMES_PER_PIXEL);
    const outMost = zoomAt(fitViewport(total, 100), 1e-9, 50, total, 100);
    assert.deepEqual(outMost, { startFrame: 0, framesPerPixel: 10 });
    const view = { startFrame: 0, framesPerPixel: 1 };
    assert.equal(scrollBy(view, 5000, total, 100).startFrame, 900);
    assert.equal(scrollBy(view, -5, total, 100).startFrame, 0);
    assert.deepEqual(clampViewport({ startFrame: -20, framesPerPixel: 0 }, total, 100), { startFrame: 0, framesPerPixel: MIN_FRAMES_PER_PIXEL });
  });

  it('values map +1 to the top, −1 to the bottom, beyond full scale to the edges', () => {
    assert.equal(valueToY(1, 10, 100), 10);
    assert.equal(valueToY(-1, 10, 100), 110);
    assert.equal(valueToY(0, 10, 100), 60);
    assert.equal(valueToY(2.5, 10, 100), 10);
    assert.equal(valueToY(-0.5, 0, 100), 75);
  });

  it('ruler ticks use a nice step at least the spacing apart', () => {
    // 60 s over 600 px: 0.1 s per px; 80 px → ≥ 8 s → 10 s steps.
    const ticks = rulerTicks({ startFrame: 0, framesPerPixel: 4800 }, 600, 48000);
    assert.deepEqual(ticks, [0, 10, 20, 30, 40, 50, 60]);
  });
});

describe('view maths: time labels', () => {
  it('seconds as m:ss.mmm and h:mm:ss.mmm', () => {
    assert.equal(formatSeconds(83.25), '1:23.250');
    assert.equal(formatSeconds(3725.5), '1:02:05.500');
    assert.equal(formatSeconds(0), '0:00.000');
  });

  it('timecode counts from the BWF time reference and wraps at midnight', () => {
    // 01:00:00:00 at 48 kHz is 172,800,000 samples since midnight.
    assert.equal(formatTimecode(0, 48000, 172_800_000), '01:00:00:00');
    assert.equal(formatTimecode(48000 + 24000, 48000, 172_800_000, 25), '01:00:01:12');
    assert.equal(formatTimecode(48000, 48000, 24 * 3600 * 48000 - 48000), '00:00:00:00');
  });
});

describe('message guards', () => {
  it('relative delivery paths: no escape, no absolute, no backslash', () => {
    assert.equal(isRelativeDeliveryPath('Stems/Drums.wav'), true);
    for (const bad of ['../etc/passwd', 'Stems/../../x', '/etc/passwd', 'C:/x.wav', 'a\\b.wav', '', 'a//b', './a', 'a\0b', 42, null]) {
      assert.equal(isRelativeDeliveryPath(bad), false, String(bad));
    }
  });

  it('integers in range', () => {
    assert.equal(isIntegerIn(3, 0, 3), true);
    assert.equal(isIntegerIn(3.5, 0, 10), false);
    assert.equal(isIntegerIn(-1, 0, 10), false);
    assert.equal(isIntegerIn('3', 0, 10), false);
  });
});
