// Browser entry of the waveform editor. It says `ready` first; the host answers with `init` (the
// file's name) and `info` (format, levels, findings, markers), then serves peaks for whatever range
// the view shows (one column per device pixel, from the server's overview pyramid) and, for
// playback, a few seconds of decoded samples at a time to the overview's Web Audio player.
import { mark } from './timing';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { clampViewport, frameToX, xToFrame, type Viewport } from '../../shared/view/timeScale';
import { formatSeconds, formatTimecode } from '../../shared/view/timeFormat';
import type { Marker, WaveformInfo } from '../../shared/waveformMessages';
import { columnRequest, initialState, restoreState, timeToDeviceX, type ColumnRequest, type WaveformState } from '../../shared/view/waveformView';
import { applyGesture as gestureView, KEY_ZOOM, keyGesture, wheelGesture, type Gesture } from '../../shared/view/gestures';
import { isWaveformUpdate, OPENING_REQUEST_ID, type WaveformRequest, type WaveformUpdate } from '../../shared/waveformMessages';
import type { PcmBody, PcmReplyMessage } from '../../shared/audioData';
import { placeLanes } from '../../shared/view/lanePlacement';
import { Player } from '../shared/player';
import { vscodeApi } from '../shared/vscodeApi';
import { button, el } from '../shared/dom';
import { drawLanes, type PeakAnswer } from './drawing';
import { drawTimeRuler } from '../shared/ruler';
import { renderSidePanel } from './sidePanel';

mark('modules');
const api = vscodeApi<WaveformState>();
const post = (message: WaveformRequest) => api.postMessage(message);

/* ---- the page ---- */

const app = document.getElementById('app')!;
const toolbar = el('div', 'toolbar');
const playButton = button('Play', { title: 'Play or pause (Space)', secondary: true });
playButton.classList.add('play');
playButton.dataset.state = 'paused';
const zoomOutButton = button('−', { title: 'Zoom out (−)', secondary: true });
const zoomInButton = button('+', { title: 'Zoom in (+; Ctrl+wheel zooms at the pointer, the wheel scrolls)', secondary: true });
const fitButton = button('Fit', { title: 'Show the whole file (0)', secondary: true });
const positionText = el('span', 'position');
const status = el('div', 'status');
status.setAttribute('role', 'status');
toolbar.append(playButton, zoomOutButton, zoomInButton, fitButton, positionText);

const wave = el('div', 'wave');
const ruler = el('canvas', 'ruler');
const lanes = el('div', 'lanes');
lanes.tabIndex = 0;
lanes.setAttribute('aria-label', 'Waveform: click to place the play cursor; the wheel scrolls, Ctrl+wheel (⌘+wheel) or a pinch zooms at the pointer');
const peaksCanvas = el('canvas', 'peaks');
peaksCanvas.dataset.state = 'loading';
const markersLayer = el('div', 'markers');
const cursor = el('div', 'cursor');
lanes.append(peaksCanvas, markersLayer, cursor);
wave.append(ruler, lanes);

const side = el('aside', 'side');
const body = el('div', 'body');
body.append(wave, side);
app.append(toolbar, status, body);

/* ---- state ---- */

let info: WaveformInfo | null = null;
let totalFrames = 0;
let state: WaveformState | null = null;
let answer: PeakAnswer | null = null;
let nextRequestId = 1;
let inFlight: number | null = null;
let firstDrawReported = false;
let lastSaved = 0;
/** Sample requests of the player, by request id. */
const pcmWaiting = new Map<number, (reply: PcmReplyMessage) => void>();

function width(): number {
  return Math.max(1, lanes.clientWidth);
}

function dpr(): number {
  return window.devicePixelRatio || 1;
}

function saveState(): void {
  if (state) api.setState(state);
  lastSaved = performance.now();
}

/* ---- host messages ---- */

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isWaveformUpdate(event.data)) return;
  receive(event.data);
});

function receive(update: WaveformUpdate): void {
  switch (update.type) {
    case 'init':
      mark('init');
      document.title = update.fileName;
      return;
    case 'info':
      mark('info');
      showInfo(update.info);
      return;
    case 'unavailable':
      if (inFlight === OPENING_REQUEST_ID) inFlight = null; // no opening peaks come without info
      say(update.reason, 'error');
      peaksCanvas.dataset.state = 'unavailable';
      return;
    case 'peaks':
      if (update.requestId !== inFlight) return;
      if (!firstDrawReported) mark('peaksReceived');
      inFlight = null;
      answer = update;
      totalFrames = update.totalFrames;
      // Draws it, and asks again at once if the view moved while this answer was on its way.
      render();
      if (!firstDrawReported) {
        firstDrawReported = true;
        mark('drawn');
        post({ type: 'drawn', requestId: update.requestId });
      }
      return;
    case 'pcm': {
      const resolve = pcmWaiting.get(update.requestId);
      pcmWaiting.delete(update.requestId);
      resolve?.(update);
      return;
    }
    case 'peaksError':
      if (update.requestId !== inFlight) return;
      inFlight = null;
      say(`The waveform could not be drawn: ${update.error}`, 'error');
      return;
  }
}

function showInfo(next: WaveformInfo): void {
  const first = info === null;
  info = next;
  if (first) {
    totalFrames = next.frames;
    state = restoreState(api.getState(), totalFrames, width(), next.sampleRate) ?? initialState(totalFrames, width());
  }
  lanes.dataset.channels = String(next.channels);
  renderSidePanel(side, next, seek);
  renderMarkers();
  render();
}

/* ---- drawing ---- */

function render(): void {
  if (!info || !state) return;
  state.view = clampViewport(state.view, totalFrames, width());
  drawLanes(peaksCanvas, answer, info.channels, state.view);
  drawTimeRuler(ruler, state.view, info.sampleRate, info.timeReference);
  placeMarkers();
  placeCursor();
  requestPeaks();
}

/** One request in flight at a time; the newest view is asked for when it returns. */
function requestPeaks(): void {
  if (!state) return;
  const want = columnRequest(state.view, width(), dpr());
  const drawn = answer !== null && requestKey(answer) === requestKey(want);
  peaksCanvas.dataset.state = drawn ? 'drawn' : 'loading';
  if (inFlight !== null || drawn) return;
  inFlight = nextRequestId++;
  if (!firstDrawReported) mark('peaksAsked');
  post({ type: 'peaks', requestId: inFlight, ...want });
}

function requestKey(r: ColumnRequest): string {
  return `${r.startFrame}:${r.endFrame}:${r.columns}`;
}

function renderMarkers(): void {
  if (!info) return;
  markersLayer.replaceChildren(...info.markers.map(markerElement));
  placeMarkers();
}

function markerElement(marker: Marker): HTMLElement {
  const node = el(marker.endSec === null ? 'button' : 'div', `marker ${marker.kind} severity-${marker.severity}`);
  node.title = marker.label;
  node.setAttribute('aria-label', marker.label);
  node.dataset.kind = marker.kind;
  node.dataset.time = String(marker.timeSec);
  if (marker.endSec !== null) node.dataset.end = String(marker.endSec);
  node.addEventListener('click', (event) => {
    event.stopPropagation();
    seek(marker.timeSec);
    // Keys (Space, +/−) go on working on the lanes, not on this button.
    lanes.focus();
  });
  return node;
}

function placeMarkers(): void {
  if (!info || !state) return;
  const ratio = dpr();
  for (const node of Array.from(markersLayer.children) as HTMLElement[]) {
    const x = timeToDeviceX(Number(node.dataset.time), info.sampleRate, state.view, ratio) / ratio;
    node.style.left = `${x}px`;
    if (node.dataset.end !== undefined) {
      const end = timeToDeviceX(Number(node.dataset.end), info.sampleRate, state.view, ratio) / ratio;
      node.style.width = `${Math.max(1, end - x)}px`;
    }
  }
}

function placeCursor(): void {
  if (!info || !state) return;
  const ratio = dpr();
  const x = timeToDeviceX(state.positionSec, info.sampleRate, state.view, ratio) / ratio;
  cursor.style.left = `${x}px`;
  cursor.hidden = x < 0 || x > width();
  cursor.dataset.time = String(state.positionSec);
  const frame = Math.round(state.positionSec * info.sampleRate);
  positionText.textContent = `${formatTimecode(frame, info.sampleRate, info.timeReference)} · ${formatSeconds(state.positionSec)}`;
}

/* ---- navigation ---- */

function applyGesture(gesture: Gesture | 'fit'): void {
  if (!state) return;
  if (gesture === 'fit') state.view = initialState(totalFrames, width()).view;
  else state.view = gestureView(state.view, gesture, totalFrames, width());
  saveState();
  render();
}

/** Zooms about the play cursor when it is in view, else about the middle. */
function zoomAnchor(): number {
  if (!state || !info) return width() / 2;
  const x = frameToX(state.positionSec * info.sampleRate, state.view);
  return x >= 0 && x <= width() ? x : width() / 2;
}

lanes.addEventListener('wheel', (event) => {
  event.preventDefault();
  const rect = lanes.getBoundingClientRect();
  applyGesture(wheelGesture({ deltaX: event.deltaX, deltaY: event.deltaY, deltaMode: event.deltaMode, ctrlKey: event.ctrlKey, metaKey: event.metaKey, x: event.clientX - rect.left, width: width() }));
}, { passive: false });

lanes.addEventListener('click', (event) => {
  if (!state || !info) return;
  const x = event.clientX - lanes.getBoundingClientRect().left;
  seek(Math.max(0, xToFrame(x, state.view)) / info.sampleRate);
  lanes.focus();
});

zoomInButton.addEventListener('click', () => applyGesture({ zoom: KEY_ZOOM, anchorX: zoomAnchor() }));
zoomOutButton.addEventListener('click', () => applyGesture({ zoom: 1 / KEY_ZOOM, anchorX: zoomAnchor() }));
fitButton.addEventListener('click', () => applyGesture('fit'));
playButton.addEventListener('click', () => togglePlay());

document.addEventListener('keydown', (event) => {
  if (event.target instanceof HTMLInputElement || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === ' ') {
    event.preventDefault();
    togglePlay();
    return;
  }
  const gesture = keyGesture(event.key, zoomAnchor(), width());
  if (gesture) {
    event.preventDefault();
    applyGesture(gesture);
  }
});

new ResizeObserver(() => render()).observe(lanes);

/* ---- playback ---- */

/** The page names no file: its one lane is the editor's own. */
const SELF = '';

/** Decoded samples of the file (a few seconds), through the host from the server. */
function pcm(startFrame: number, frames: number): Promise<PcmBody> {
  const requestId = nextRequestId++;
  return new Promise<PcmBody>((resolve, reject) => {
    pcmWaiting.set(requestId, (reply) => (reply.ok ? resolve(reply.body) : reject(new Error(reply.error))));
    post({ type: 'pcm', requestId, startFrame, frames });
  });
}

const player = new Player((_path, startFrame, frames) => pcm(startFrame, frames), {
  status: (text) => {
    if (text) say(text, 'error');
  },
  playing: (on) => {
    playButton.textContent = on ? 'Pause' : 'Play';
    playButton.dataset.state = on ? 'playing' : 'paused';
    if (on) requestAnimationFrame(follow);
    else saveState();
  },
  scheduled: (frames) => (lanes.dataset.scheduledFrames = String(frames)),
});

function seek(seconds: number): void {
  if (!state || !info) return;
  state.positionSec = Math.min(totalFrames / info.sampleRate, Math.max(0, seconds));
  saveState();
  placeCursor();
  if (player.playing) play();
}

function togglePlay(): void {
  if (player.playing) {
    follow(); // the cursor stays where the sound stopped
    player.stop();
    return;
  }
  play();
}

/** Plays from the cursor (from the start when it is at the end), as the overview plays its lanes. */
function play(): void {
  if (!info || !state || totalFrames === 0) return;
  const from = Math.round(state.positionSec * info.sampleRate);
  const timeline = placeLanes([{ path: SELF, sampleRate: info.sampleRate, frames: totalFrames, timeReference: null }], info.sampleRate);
  say('', 'warning');
  void player.play(timeline, [{ path: SELF, sampleRate: info.sampleRate, channels: info.channels }], from >= totalFrames ? 0 : from, new Map([[SELF, 1]]));
}

function say(text: string, level: 'warning' | 'error'): void {
  status.textContent = text;
  status.className = text ? `status ${level}` : 'status';
}

/** While playing: move the cursor, and turn the page when it runs off the right edge. */
function follow(): void {
  const frame = player.position();
  if (frame === null || !state || !info) return;
  state.positionSec = Math.min(totalFrames, frame) / info.sampleRate;
  const x = frameToX(state.positionSec * info.sampleRate, state.view);
  if (x > width() || x < 0) {
    const view: Viewport = { ...state.view, startFrame: state.positionSec * info.sampleRate };
    state.view = clampViewport(view, totalFrames, width());
    render();
  } else {
    placeCursor();
  }
  if (performance.now() - lastSaved > 500) saveState();
  requestAnimationFrame(follow);
}

// A fresh page gives its lanes' size: the host sends the whole file's peaks at that width with the
// file's info, so the first draw costs no request of its own (a restored page asks for its view).
if (api.getState() === undefined) {
  inFlight = OPENING_REQUEST_ID;
  post({ type: 'ready', lanes: { cssWidth: width(), dpr: dpr() } });
} else {
  post({ type: 'ready' });
}
mark('ready');
