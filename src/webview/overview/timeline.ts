import type { OverviewDelivery, OverviewLane } from '../../shared/overviewMessages';
import { laneColumnEdges, laneColumns, placeLanes, type Timeline } from '../../shared/view/lanePlacement';
import { residualColumns, residualOffset } from '../../shared/view/residualLane';
import { clampViewport, fitViewport, frameToX, xToFrame, zoomAt, type Viewport } from '../../shared/view/timeScale';
import { applyGesture, wheelGesture } from '../../shared/view/gestures';
import { formatSeconds } from '../../shared/view/timeFormat';
import { laneLayout } from '../../shared/view/waveformView';
import { drawPeakColumns, prepareCanvas, prepareDeviceCanvas, themeColour } from '../shared/lane';
import { drawTimeRuler } from '../shared/ruler';
import { MAX_OVERVIEW_COLUMNS } from '../../shared/overviewLimits';
import type { HostChannel } from './hostChannel';
import { el } from '../shared/dom';

export interface LaneControls {
  muted: boolean;
  soloed: boolean;
}

export interface TimelineEvents {
  /** The viewport changed (zoom, scroll): persist it. */
  viewChanged(view: Viewport): void;
  /** A lane's mute or solo was toggled. */
  controlsChanged(path: string, controls: LaneControls): void;
  /** The user clicked a time: play from there. */
  seek(frame: number): void;
}

/**
 * The stems timeline: a ruler and one lane per stem plus the mix (and the null-test residual when
 * there is one), all on one viewport. Each lane asks the host for min/max columns of exactly the
 * file frames its visible columns cover (lanePlacement.laneColumns) and draws them; a lane's
 * element says `data-state="drawn"` once the current view is on its canvas.
 */
export class TimelineView {
  private readonly root: HTMLElement;
  private readonly ruler: HTMLCanvasElement;
  private readonly lanesBox: HTMLElement;
  private readonly cursor: HTMLElement;
  private delivery: OverviewDelivery | null = null;
  private placed: Timeline | null = null;
  private view: Viewport = { startFrame: 0, framesPerPixel: 1 };
  /** Bumped on every redraw; replies for an older one are dropped. */
  private generation = 0;
  private cursorFrame = 0;
  private frameRequest = 0;

  constructor(
    parent: HTMLElement,
    private readonly host: HostChannel,
    private readonly events: TimelineEvents,
  ) {
    this.root = el('section', 'timeline');
    this.root.id = 'timeline';
    const rulerRow = el('div', 'row ruler-row');
    rulerRow.append(el('div', 'lane-label'), (this.ruler = el('canvas', 'ruler')));
    this.lanesBox = el('div', 'lanes');
    this.cursor = el('div', 'cursor');
    this.root.append(rulerRow, this.lanesBox, this.cursor);
    parent.append(this.root);
    this.root.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.root.addEventListener('click', (e) => this.onClick(e));
    new ResizeObserver(() => this.scheduleDraw()).observe(this.ruler);
  }

  get timeline(): Timeline | null {
    return this.placed;
  }

  get viewport(): Viewport {
    return this.view;
  }

  /** Shows a delivery (again: the model changed); keeps `saved` view and `controls` where they still fit. */
  show(delivery: OverviewDelivery, saved: Viewport | undefined, controls: (path: string) => LaneControls): void {
    const first = this.delivery === null;
    this.delivery = delivery;
    this.placed = placeLanes(delivery.lanes.map((l) => ({ path: l.path, sampleRate: l.sampleRate, frames: l.frames, timeReference: l.timeReference })), delivery.sampleRate);
    this.lanesBox.replaceChildren(...delivery.lanes.map((lane, i) => this.laneRow(lane, this.placed!.lanes[i]!.offsetFrames, controls(lane.path))));
    if (delivery.residual) this.lanesBox.append(this.residualRow(delivery));
    const width = this.width();
    this.view = first && saved ? clampViewport(saved, this.placed.totalFrames, width) : first ? fitViewport(this.placed.totalFrames, width) : clampViewport(this.view, this.placed.totalFrames, width);
    this.scheduleDraw();
  }

  zoom(factor: number): void {
    if (!this.placed) return;
    this.setView(zoomAt(this.view, factor, this.width() / 2, this.placed.totalFrames, this.width()));
  }

  fit(): void {
    if (!this.placed) return;
    this.setView(fitViewport(this.placed.totalFrames, this.width()));
  }

  /** Where playback starts and the cursor stands when stopped. */
  setCursor(frame: number): void {
    this.cursorFrame = frame;
    this.placeCursor();
  }

  private setView(view: Viewport): void {
    this.view = view;
    this.events.viewChanged(view);
    this.scheduleDraw();
  }

  private width(): number {
    return Math.max(1, this.ruler.clientWidth);
  }

  private onWheel(e: WheelEvent): void {
    if (!this.placed) return;
    e.preventDefault();
    const x = e.clientX - this.ruler.getBoundingClientRect().left;
    const width = this.width();
    const gesture = wheelGesture({ deltaX: e.deltaX, deltaY: e.deltaY, deltaMode: e.deltaMode, ctrlKey: e.ctrlKey, metaKey: e.metaKey, x, width });
    this.setView(applyGesture(this.view, gesture, this.placed.totalFrames, width));
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as HTMLElement;
    if (!this.placed || !(target instanceof HTMLCanvasElement)) return;
    const x = e.clientX - target.getBoundingClientRect().left;
    const frame = Math.max(0, Math.min(this.placed.totalFrames, Math.round(xToFrame(x, this.view))));
    this.events.seek(frame);
  }

  private laneRow(lane: OverviewLane, offsetFrames: number, controls: LaneControls): HTMLElement {
    const row = el('div', `row lane lane-${lane.kind}`);
    row.dataset.path = lane.path;
    row.dataset.kind = lane.kind;
    row.dataset.offsetFrames = String(offsetFrames);
    row.dataset.state = 'pending';
    const label = el('div', 'lane-label');
    const name = el('div', 'lane-name', lane.path.slice(lane.path.lastIndexOf('/') + 1));
    name.title = lane.path;
    const meta = el('div', 'lane-meta');
    const badge = el('vscode-badge', undefined, lane.kind === 'mix' ? `mix${lane.group ? ` · ${lane.group}` : ''}` : lane.group ?? 'no group');
    const description = el('span', 'lane-description');
    description.textContent = lane.timeReference === null ? `${lane.description} · no time reference` : lane.description;
    meta.append(badge, description);
    const buttons = el('div', 'lane-controls');
    const mute = checkbox('Mute', controls.muted);
    const solo = checkbox('Solo', controls.soloed);
    const changed = () => this.events.controlsChanged(lane.path, { muted: mute.checked, soloed: solo.checked });
    mute.addEventListener('change', changed);
    solo.addEventListener('change', changed);
    mute.classList.add('mute');
    solo.classList.add('solo');
    buttons.append(mute, solo);
    label.append(name, meta, buttons);
    row.append(label, el('canvas', 'wave'));
    return row;
  }

  private residualRow(delivery: OverviewDelivery): HTMLElement {
    const residual = delivery.residual!;
    const row = el('div', 'row lane lane-residual');
    row.dataset.kind = 'residual';
    row.dataset.state = 'pending';
    const label = el('div', 'lane-label');
    const name = el('div', 'lane-name', 'Null test residual');
    const meta = el('div', 'lane-meta residual-summary');
    if (residual.ok) {
      const db = (v: number | null) => (v === null ? '−∞' : v.toFixed(1));
      const worst = residual.worstSecond && residual.peakDbfs !== null ? `; worst at ${formatSeconds(residual.worstSecond.startSec)}` : '';
      meta.textContent = `stems − ${residual.mix.slice(residual.mix.lastIndexOf('/') + 1)}: peak ${db(residual.peakDbfs)} dBFS${worst}`;
    } else {
      meta.textContent = `Not measured: ${residual.reason}`;
    }
    label.append(name, meta);
    row.append(label, el('canvas', 'wave'));
    return row;
  }

  private scheduleDraw(): void {
    cancelAnimationFrame(this.frameRequest);
    this.frameRequest = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    const placed = this.placed;
    const delivery = this.delivery;
    if (!placed || !delivery) return;
    const generation = ++this.generation;
    const width = this.width();
    this.view = clampViewport(this.view, placed.totalFrames, width);
    this.root.dataset.framesPerPixel = String(this.view.framesPerPixel);
    this.root.dataset.startFrame = String(this.view.startFrame);
    this.root.dataset.sampleRate = String(placed.sampleRate);
    drawTimeRuler(this.ruler, this.view, placed.sampleRate, placed.originFrames);
    this.placeCursor();
    const rows = [...this.lanesBox.querySelectorAll<HTMLElement>('.lane')];
    for (const row of rows) {
      row.dataset.state = 'pending';
      const canvas = row.querySelector<HTMLCanvasElement>('canvas.wave')!;
      if (row.dataset.kind === 'residual') {
        this.drawResidual(canvas, delivery, placed);
        row.dataset.state = 'drawn';
        continue;
      }
      const index = delivery.lanes.findIndex((l) => l.path === row.dataset.path);
      if (index >= 0) void this.drawLane(row, canvas, delivery.lanes[index]!, placed.lanes[index]!, generation);
    }
  }

  private async drawLane(row: HTMLElement, canvas: HTMLCanvasElement, lane: OverviewLane, placed: Timeline['lanes'][number], generation: number): Promise<void> {
    const { ctx, width, height, dpr } = prepareDeviceCanvas(canvas);
    const columns = laneColumns(this.view, canvas.clientWidth, placed);
    if (!columns) {
      ctx.clearRect(0, 0, width, height);
      row.dataset.state = 'drawn';
      return;
    }
    try {
      const count = Math.max(1, Math.min(MAX_OVERVIEW_COLUMNS, Math.round(columns.columns * dpr)));
      const peaks = await this.host.peaks(lane.path, columns.fileStartFrame, columns.fileEndFrame, count);
      if (generation !== this.generation) return;
      ctx.clearRect(0, 0, width, height);
      const colour = themeColour(lane.kind === 'mix' ? '--vscode-charts-green' : '--vscode-charts-blue', lane.kind === 'mix' ? '#388a34' : '#1a85ff');
      const channels = peaks.min.map((min, ch) => ({ min, max: peaks.max[ch]! }));
      drawPeakColumns(ctx, channels, laneColumnEdges(columns, count, dpr), laneLayout(channels.length, height), colour);
      row.dataset.firstColumn = String(columns.firstColumn);
      row.dataset.state = 'drawn';
    } catch (err) {
      if (generation !== this.generation) return;
      ctx.clearRect(0, 0, width, height);
      row.dataset.state = 'error';
      row.title = (err as Error).message;
    }
  }

  private drawResidual(canvas: HTMLCanvasElement, delivery: OverviewDelivery, placed: Timeline): void {
    const { ctx, width, height } = prepareCanvas(canvas);
    ctx.clearRect(0, 0, width, height);
    const residual = delivery.residual;
    if (!residual?.ok) return;
    const offset = residualOffset(placed.lanes.filter((_, i) => delivery.lanes[i]!.kind === 'stem').map((l) => l.offsetFrames));
    const values = residualColumns(residual.seconds, offset, placed.sampleRate, this.view, width);
    ctx.fillStyle = themeColour('--vscode-charts-red', '#f14c4c');
    values.forEach((v, x) => {
      if (v === null) return;
      const h = Math.max(1, v * height);
      ctx.fillRect(x, height - h, 1, h);
    });
  }

  private placeCursor(): void {
    const x = frameToX(this.cursorFrame, this.view);
    const visible = x >= 0 && x <= this.width();
    this.cursor.style.display = visible ? 'block' : 'none';
    this.cursor.style.left = `${this.ruler.offsetLeft + x}px`;
  }
}

function checkbox(label: string, checked: boolean): HTMLElement & { checked: boolean } {
  const box = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean; label: string };
  box.label = label;
  box.checked = checked;
  return box;
}
