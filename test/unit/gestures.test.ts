import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyGesture, keyGesture, wheelGesture, WHEEL_LINE_PIXELS, type WheelInput } from '../../src/shared/view/gestures';
import { scrollBy, zoomAt, type Viewport } from '../../src/shared/view/timeScale';

const wheel = (over: Partial<WheelInput>): WheelInput => ({ deltaX: 0, deltaY: 0, deltaMode: 0, ctrlKey: false, metaKey: false, x: 300, width: 1000, ...over });

describe('gestures of both waveform views: wheel as in VS Code, keys', () => {
  it('the wheel scrolls through time: vertical and horizontal deltas alike, the larger one wins', () => {
    assert.deepEqual(wheelGesture(wheel({ deltaY: 100 })), { scroll: 100 });
    assert.deepEqual(wheelGesture(wheel({ deltaY: -80 })), { scroll: -80 });
    assert.deepEqual(wheelGesture(wheel({ deltaX: 50, deltaY: 5 })), { scroll: 50 });
    assert.deepEqual(wheelGesture(wheel({ deltaX: -5, deltaY: 30 })), { scroll: 30 });
    assert.deepEqual(wheelGesture(wheel({})), { scroll: 0 });
  });

  it('Ctrl or ⌘ + wheel (and a trackpad pinch, which arrives as Ctrl+wheel) zooms at the pointer: 200 pixels up zoom in 2×', () => {
    assert.deepEqual(wheelGesture(wheel({ deltaY: -200, ctrlKey: true })), { zoom: 2, anchorX: 300 });
    assert.deepEqual(wheelGesture(wheel({ deltaY: 200, metaKey: true })), { zoom: 0.5, anchorX: 300 });
    assert.deepEqual(wheelGesture(wheel({ deltaY: -100, ctrlKey: true, x: 12 })), { zoom: Math.SQRT2, anchorX: 12 });
    const pinch = wheelGesture(wheel({ deltaY: -3.5, ctrlKey: true }));
    assert.ok('zoom' in pinch && pinch.zoom > 1 && pinch.zoom < 1.02, 'a small pinch is a small zoom in');
  });

  it('normalises line and page deltas (deltaMode 1 and 2 of some mice) to pixels', () => {
    assert.deepEqual(wheelGesture(wheel({ deltaY: 3, deltaMode: 1 })), { scroll: 3 * WHEEL_LINE_PIXELS });
    assert.deepEqual(wheelGesture(wheel({ deltaX: -1, deltaMode: 2 })), { scroll: -1000 });
    assert.deepEqual(wheelGesture(wheel({ deltaY: -5, deltaMode: 1, ctrlKey: true })), { zoom: 2, anchorX: 300 }, '5 lines are 200 pixels');
    fc.assert(fc.property(fc.double({ min: -50, max: 50, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true }), fc.boolean(), (dx, dy, ctrl) => {
      const lines = wheelGesture(wheel({ deltaX: dx, deltaY: dy, deltaMode: 1, ctrlKey: ctrl }));
      const pixels = wheelGesture(wheel({ deltaX: dx * WHEEL_LINE_PIXELS, deltaY: dy * WHEEL_LINE_PIXELS, ctrlKey: ctrl }));
      assert.deepEqual(lines, pixels);
      const pages = wheelGesture(wheel({ deltaX: dx, deltaY: dy, deltaMode: 2, ctrlKey: ctrl, width: 640 }));
      assert.deepEqual(pages, wheelGesture(wheel({ deltaX: dx * 640, deltaY: dy * 640, ctrlKey: ctrl, width: 640 })));
    }));
  });

  it('a wheel up then down by the same amount comes back: zooms are inverse, scrolls opposite (property)', () => {
    fc.assert(fc.property(fc.integer({ min: -2000, max: 2000 }), fc.boolean(), (delta, ctrl) => {
      const there = wheelGesture(wheel({ deltaY: delta, ctrlKey: ctrl }));
      const back = wheelGesture(wheel({ deltaY: -delta, ctrlKey: ctrl }));
      if ('zoom' in there && 'zoom' in back) assert.ok(Math.abs(there.zoom * back.zoom - 1) < 1e-12);
      else if ('scroll' in there && 'scroll' in back) assert.equal(there.scroll + back.scroll, 0);
      else assert.fail('the same keys gave different kinds of gesture');
    }));
  });

  it('applies a gesture to a viewport as zoomAt and scrollBy do, inside the timeline', () => {
    const view: Viewport = { startFrame: 48000, framesPerPixel: 96 };
    assert.deepEqual(applyGesture(view, { zoom: 2, anchorX: 300 }, 480000, 1000), zoomAt(view, 2, 300, 480000, 1000));
    assert.deepEqual(applyGesture(view, { scroll: 100 }, 480000, 1000), scrollBy(view, 100, 480000, 1000));
    assert.deepEqual(applyGesture(view, { scroll: 100 }, 480000, 1000), { startFrame: 48000 + 9600, framesPerPixel: 96 });
    assert.deepEqual(applyGesture(view, { scroll: -1e9 }, 480000, 1000), { startFrame: 0, framesPerPixel: 96 });
  });

  it('keys: + and = zoom in 2×, − zooms out, 0 fits, arrows scroll a tenth; others do nothing', () => {
    assert.deepEqual(keyGesture('+', 120, 1000), { zoom: 2, anchorX: 120 });
    assert.deepEqual(keyGesture('=', 120, 1000), { zoom: 2, anchorX: 120 });
    assert.deepEqual(keyGesture('-', 120, 1000), { zoom: 0.5, anchorX: 120 });
    assert.equal(keyGesture('0', 120, 1000), 'fit');
    assert.deepEqual(keyGesture('ArrowRight', 120, 1000), { scroll: 100 });
    assert.deepEqual(keyGesture('ArrowLeft', 120, 1000), { scroll: -100 });
    assert.equal(keyGesture('a', 120, 1000), null);
    assert.equal(keyGesture(' ', 120, 1000), null, 'space is play/pause, handled apart');
  });
});
