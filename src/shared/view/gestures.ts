/**
 * Wheel and key gestures of both waveform views (the waveform editor and the overview's stems
 * timeline), pure so they are unit-tested in Node. The wheel follows VS Code's editors: the wheel
 * or trackpad scrolls (through time, vertical deltas too), Ctrl/⌘+wheel zooms at the pointer, and
 * a trackpad pinch arrives as Ctrl+wheel so it zooms too.
 */
import { scrollBy, zoomAt, type Viewport } from './timeScale';

export type Gesture = { zoom: number; anchorX: number } | { scroll: number };

/** Ctrl/⌘+wheel zooms in twice as far per 200 pixels of wheel (two notches of most mice). */
export const WHEEL_PIXELS_PER_DOUBLING = 200;
/** A line of a line-mode wheel (WheelEvent.DOM_DELTA_LINE), in pixels, as browsers scroll a page. */
export const WHEEL_LINE_PIXELS = 40;
/** + / − keys and the toolbar buttons zoom by this much. */
export const KEY_ZOOM = 2;

export interface WheelInput {
  deltaX: number;
  deltaY: number;
  /** 0 pixels, 1 lines, 2 pages (WheelEvent.deltaMode). */
  deltaMode: number;
  ctrlKey: boolean;
  metaKey: boolean;
  /** Pointer x in CSS pixels within the lanes. */
  x: number;
  /** Lanes width in CSS pixels (a page step scrolls by it). */
  width: number;
}

/**
 * What a wheel event means, its deltas first turned into pixels (line and page modes of some
 * mice): with Ctrl or ⌘ (a pinch too) a zoom at the pointer, up zooms in; otherwise a scroll by
 * the larger of the two deltas, positive later in time.
 */
export function wheelGesture(e: WheelInput): Gesture {
  const unit = e.deltaMode === 1 ? WHEEL_LINE_PIXELS : e.deltaMode === 2 ? e.width : 1;
  const dx = e.deltaX * unit;
  const dy = e.deltaY * unit;
  if (e.ctrlKey || e.metaKey) return { zoom: 2 ** (-dy / WHEEL_PIXELS_PER_DOUBLING), anchorX: e.x };
  return { scroll: Math.abs(dx) > Math.abs(dy) ? dx : dy };
}

/** Keys of the lanes: + / = zoom in, − zoom out, 0 fit, arrows scroll a tenth of the width. */
export function keyGesture(key: string, anchorX: number, width: number): Gesture | 'fit' | null {
  switch (key) {
    case '+':
    case '=':
      return { zoom: KEY_ZOOM, anchorX };
    case '-':
    case '_':
      return { zoom: 1 / KEY_ZOOM, anchorX };
    case '0':
      return 'fit';
    case 'ArrowRight':
      return { scroll: width / 10 };
    case 'ArrowLeft':
      return { scroll: -width / 10 };
    default:
      return null;
  }
}

/** The viewport after a gesture, kept inside a timeline of `totalFrames` shown `width` pixels wide. */
export function applyGesture(view: Viewport, gesture: Gesture, totalFrames: number, width: number): Viewport {
  return 'zoom' in gesture ? zoomAt(view, gesture.zoom, gesture.anchorX, totalFrames, width) : scrollBy(view, gesture.scroll, totalFrames, width);
}
