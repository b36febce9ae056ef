import { rulerTicks, type Viewport } from '../../shared/view/timeScale';
import { formatSeconds, formatTimecode } from '../../shared/view/timeFormat';
import { timeToDeviceX } from '../../shared/view/waveformView';
import { prepareDeviceCanvas, themeColour } from './lane';

/** Least CSS pixels between two labels (a timecode is about 80 wide). */
const LABEL_SPACING = 110;

/**
 * The time ruler of both views, in whole device pixels: timecode (from `originFrames`, the BWF
 * time reference of the view's frame 0) on the top row, seconds from the view's frame 0 on the
 * bottom row, with a tick at each label.
 */
export function drawTimeRuler(canvas: HTMLCanvasElement, view: Viewport, sampleRate: number, originFrames: number): void {
  const { ctx, width, height, dpr } = prepareDeviceCanvas(canvas);
  ctx.clearRect(0, 0, width, height);
  const fg = themeColour('--vscode-editor-foreground', '#cccccc');
  const dim = themeColour('--vscode-descriptionForeground', '#999999');
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  ctx.font = `${Math.round(11 * dpr)}px ${family}`;
  ctx.textBaseline = 'top';
  const rowHeight = Math.floor(height / 2);
  for (const t of rulerTicks(view, canvas.clientWidth, sampleRate, LABEL_SPACING)) {
    const x = timeToDeviceX(t, sampleRate, view, dpr);
    const timecode = formatTimecode(Math.round(t * sampleRate), sampleRate, originFrames);
    // A label cut by the right edge reads as another time: leave it to the next view.
    if (x + 3 * dpr + ctx.measureText(timecode).width > width) continue;
    ctx.fillStyle = dim;
    ctx.fillRect(x, 0, 1, height);
    ctx.fillStyle = fg;
    ctx.fillText(timecode, x + 3 * dpr, 2 * dpr);
    ctx.fillStyle = dim;
    ctx.fillText(formatSeconds(t), x + 3 * dpr, rowHeight + 2 * dpr);
  }
}
