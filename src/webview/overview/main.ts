// Browser entry of the delivery overview: the stems timeline with playback, the checklist and the
// contract notes. It says `ready` first, so the host answers with the delivery and no message is
// lost; zoom, scroll, mutes and solos persist through getState/setState.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import { isHostToOverview, type OverviewDelivery } from '../../shared/overviewMessages';
import { laneGains, type Monitor } from '../../shared/view/laneGains';
import { formatSeconds } from '../../shared/view/timeFormat';
import type { Viewport } from '../../shared/view/timeScale';
import { vscodeApi } from '../shared/vscodeApi';
import { button, el } from '../shared/dom';
import { KEY_ZOOM } from '../../shared/view/gestures';
import { renderChecklist } from './checklist';
import { HostChannel } from './hostChannel';
import { Player } from '../shared/player';
import { TimelineView, type LaneControls } from './timeline';
import { mountContractNotes, type ContractNotesForm } from './contractNotesForm';

interface OverviewState {
  view?: Viewport;
  muted: string[];
  soloed: string[];
  monitor: Monitor;
  cursorFrame: number;
}

const api = vscodeApi<OverviewState>();
const state: OverviewState = { muted: [], soloed: [], monitor: 'stems', cursorFrame: 0, ...api.getState() };
const save = () => api.setState(state);

const host = new HostChannel();
const app = document.getElementById('app')!;

const toolbar = el('header', 'toolbar');
const title = el('h1', 'title');
const play = button('Play', { id: 'play' });
const stop = button('Stop', { id: 'stop', secondary: true });
const monitorStems = button('A · Stems', { id: 'monitor-stems' });
const monitorMix = button('B · Mix', { id: 'monitor-mix' });
const zoomOut = button('−', { id: 'zoom-out', secondary: true });
const zoomIn = button('+', { id: 'zoom-in', secondary: true });
const zoomFit = button('Fit', { id: 'zoom-fit', secondary: true });
const position = el('span', 'position');
position.id = 'position';
const status = el('span', 'status');
status.id = 'status';
status.setAttribute('role', 'status');
zoomOut.title = 'Zoom out';
zoomIn.title = 'Zoom in (Ctrl+wheel zooms at the pointer, the wheel scrolls)';
toolbar.append(title, play, stop, monitorStems, monitorMix, zoomOut, zoomIn, zoomFit, position, status);

const notesList = el('ul', 'notes');
notesList.id = 'overview-notes';
const checklist = el('section', 'checklist');
checklist.id = 'checklist';
const contractNotes = el('section', 'contract-notes');
contractNotes.id = 'contract-notes';
contractNotes.tabIndex = -1;
const contractHeading = el('h2');
contractHeading.textContent = 'Contract notes';
contractNotes.append(contractHeading);

app.append(toolbar);
let delivery: OverviewDelivery | null = null;
let notesForm: ContractNotesForm | null = null;

const timeline = new TimelineView(app, host, {
  viewChanged(view) {
    state.view = view;
    save();
  },
  controlsChanged(path, controls) {
    state.muted = toggled(state.muted, path, controls.muted);
    state.soloed = toggled(state.soloed, path, controls.soloed);
    save();
    player.setGains(currentGains());
  },
  seek(frame) {
    moveCursor(frame);
    if (player.playing) void startPlayback();
  },
});
app.append(notesList, checklist, contractNotes);

const timelineElement = document.getElementById('timeline')!;
const player = new Player((path, startFrame, frames) => host.pcm(path, startFrame, frames), {
  status: (text) => (status.textContent = text),
  playing(on) {
    timelineElement.dataset.playing = String(on);
    play.toggleAttribute('disabled', on);
    if (on) requestAnimationFrame(followPlayback);
  },
  scheduled: (frames) => (timelineElement.dataset.scheduledFrames = String(frames)),
});

play.addEventListener('click', () => void startPlayback());
stop.addEventListener('click', () => player.stop());
monitorStems.addEventListener('click', () => setMonitor('stems'));
monitorMix.addEventListener('click', () => setMonitor('mix'));
zoomIn.addEventListener('click', () => timeline.zoom(KEY_ZOOM));
zoomOut.addEventListener('click', () => timeline.zoom(1 / KEY_ZOOM));
zoomFit.addEventListener('click', () => timeline.fit());
document.addEventListener('keydown', (e) => {
  if (e.key !== ' ' || (e.target as HTMLElement).closest('input, textarea, vscode-textfield, vscode-textarea')) return;
  e.preventDefault();
  if (player.playing) player.stop();
  else void startPlayback();
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostToOverview(message)) return;
  if (host.handle(message)) return;
  switch (message.type) {
    case 'delivery':
      showDelivery(message.delivery);
      return;
    case 'focus':
      contractNotes.scrollIntoView({ block: 'start' });
      contractNotes.focus();
      return;
    case 'contractNotes':
      if (notesForm) notesForm.update(message.view);
      else notesForm = mountContractNotes(contractNotes, message.view, (notes) => host.post({ type: 'saveContractNotes', notes }));
      return;
  }
});

host.post({ type: 'ready' });
showMonitor();

function showDelivery(next: OverviewDelivery): void {
  const lanesChanged = !delivery || JSON.stringify(delivery.lanes) !== JSON.stringify(next.lanes);
  delivery = next;
  title.textContent = next.name;
  if (lanesChanged) player.stop();
  timeline.show(next, state.view, (path): LaneControls => ({ muted: state.muted.includes(path), soloed: state.soloed.includes(path) }));
  timeline.setCursor(state.cursorFrame);
  monitorMix.toggleAttribute('disabled', !next.lanes.some((l) => l.kind === 'mix'));
  notesList.replaceChildren(...next.notes.map((text) => el('li', undefined, text)));
  renderChecklist(checklist, next.checklist);
  position.textContent = formatSeconds(state.cursorFrame / next.sampleRate);
}

async function startPlayback(): Promise<void> {
  const placed = timeline.timeline;
  if (!delivery || !placed || delivery.lanes.length === 0) return;
  const from = state.cursorFrame >= placed.totalFrames ? 0 : state.cursorFrame;
  await player.play(placed, delivery.lanes, from, currentGains());
}

function followPlayback(): void {
  const frame = player.position();
  if (frame === null || !delivery) return;
  timeline.setCursor(frame);
  position.textContent = formatSeconds(frame / delivery.sampleRate);
  timelineElement.dataset.position = String(Math.floor(frame));
  requestAnimationFrame(followPlayback);
}

function moveCursor(frame: number): void {
  state.cursorFrame = frame;
  save();
  timeline.setCursor(frame);
  if (delivery) position.textContent = formatSeconds(frame / delivery.sampleRate);
}

function currentGains(): Map<string, number> {
  const lanes = (delivery?.lanes ?? []).map((l) => ({ path: l.path, kind: l.kind, muted: state.muted.includes(l.path), soloed: state.soloed.includes(l.path) }));
  return laneGains(lanes, state.monitor);
}

function setMonitor(monitor: Monitor): void {
  state.monitor = monitor;
  save();
  showMonitor();
  player.setGains(currentGains());
}

/** The button of what is heard is the primary one. */
function showMonitor(): void {
  monitorStems.toggleAttribute('secondary', state.monitor !== 'stems');
  monitorMix.toggleAttribute('secondary', state.monitor !== 'mix');
  monitorStems.setAttribute('aria-pressed', String(state.monitor === 'stems'));
  monitorMix.setAttribute('aria-pressed', String(state.monitor === 'mix'));
  timelineElement.dataset.monitor = state.monitor;
}

function toggled(list: string[], path: string, on: boolean): string[] {
  const without = list.filter((p) => p !== path);
  return on ? [...without, path] : without;
}

