import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { e2eContext } from '../harness/e2eContext';
import { fitViewport, frameToX, scrollBy, zoomAt } from '../../src/shared/view/timeScale';
import { centreRow, laneLayout, peakRows, timeToDeviceX } from '../../src/shared/view/waveformView';
import { toneExtremes, WAVEFORM_FIXTURE, writeWaveformFixture } from '../fixtures/waveformFixture';
import { waitForLogLines } from '../harness/extensionLog';
import { openViewContainer, openWaveformEditor, parkPointer, runCommand, waitForTreeRow, waitForWaveformDrawn, webviewContent, webviewFrames } from './ui';

const FILE = 'Stems/Song_STEM_Keys.wav';
const NAME = 'Song_STEM_Keys.wav';
const WAIT_MS = 60_000;

/** What the lanes canvas holds: per column and lane, the rows drawn (alpha > 0). */
interface CanvasPixels {
  width: number;
  height: number;
  dpr: number;
  /** columns[x][lane] = [first drawn row, last drawn row, rows drawn] or null when none. */
  columns: Array<Array<[number, number, number] | null>>;
  /** Pixels drawn outside every lane (in the gaps): must be 0. */
  outside: number;
}

/** Reads the lanes canvas in the page: the very pixels the person sees. */
async function readCanvas(frame: Frame): Promise<CanvasPixels> {
  return frame.evaluate<CanvasPixels>(`(() => {
    const canvas = document.querySelector('canvas.peaks');
    const { width, height } = canvas;
    const channels = Number(document.querySelector('.lanes').dataset.channels);
    const gap = 4;
    const laneHeight = Math.max(1, Math.floor((height - gap * (channels - 1)) / channels));
    const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    const columns = [];
    let outside = 0;
    for (let x = 0; x < width; x++) {
      const lanes = [];
      for (let c = 0; c < channels; c++) lanes.push(null);
      for (let y = 0; y < height; y++) {
        if (data[(y * width + x) * 4 + 3] === 0) continue;
        const lane = Math.floor(y / (laneHeight + gap));
        if (lane >= channels || y - lane * (laneHeight + gap) >= laneHeight) { outside++; continue; }
        const seen = lanes[lane];
        lanes[lane] = seen ? [seen[0], y, seen[2] + 1] : [y, y, 1];
      }
      columns.push(lanes);
    }
    return { width, height, dpr: window.devicePixelRatio, columns, outside };
  })()`);
}

async function waitForDrawn(view: FrameLocator): Promise<void> {
  await waitForWaveformDrawn(view, WAIT_MS);
}

async function openWaveform(page: Page): Promise<FrameLocator> {
  // The delivery's model has the new file once the tree shows it; the picker lists the model's files.
  await openViewContainer(page, 'Audio Deliverables');
  await waitForTreeRow(page, 'Delivery', new RegExp(NAME.replace('.', '\\.')));
  return openWaveformEditor(page, NAME);
}

describe('Waveform editor', function () {
  this.timeout(4 * WAIT_MS);

  before(async () => {
    await writeWaveformFixture(path.join(e2eContext().workspace, ...FILE.split('/')));
  });

  after(async () => {
    const { page, workspace } = e2eContext();
    await runCommand(page, 'View: Close All Editors').catch(() => undefined);
    await fs.promises.rm(path.join(workspace, ...FILE.split('/')), { force: true });
  });

  it('draws one lane per channel: the tones where there is signal, one centre row where the file is silent', async () => {
    const { page, screenshot } = e2eContext();
    const view = await openWaveform(page);
    await waitForDrawn(view);
    const pixels = await readCanvas((await webviewFrames(page)).content);
    const f = WAVEFORM_FIXTURE;
    assert.equal(pixels.outside, 0, 'nothing is drawn in the gap between lanes');
    const lanes = laneLayout(f.channels, pixels.height);
    // Column x covers frames [x·T/W, (x+1)·T/W); the overview may widen it by a block on each side.
    const margin = 2048;
    const framesPerColumn = f.frames / pixels.width;
    const firstFrame = (x: number) => Math.floor(x * framesPerColumn) - margin;
    const lastFrame = (x: number) => Math.floor((x + 1) * framesPerColumn) + margin;
    const nearClip = (x: number) => f.clips.some((c) => lastFrame(x) >= c.startFrame && firstFrame(x) < c.startFrame + c.length);
    let signalColumns = 0;
    let silentColumns = 0;
    for (let x = 0; x < pixels.width; x++) {
      const signal = firstFrame(x) >= 0 && lastFrame(x) < f.signalFrames && !nearClip(x);
      const silent = firstFrame(x) >= f.signalFrames && lastFrame(x) < f.frames;
      for (let c = 0; c < f.channels; c++) {
        const drawn = pixels.columns[x]![c];
        if (signal) {
          const { min, max } = toneExtremes(c);
          const rows = peakRows(min, max, lanes[c]!);
          assert.deepEqual(drawn, [rows.top, rows.bottom, rows.bottom - rows.top + 1], `signal column ${x}, channel ${c}`);
        } else if (silent) {
          const row = centreRow(lanes[c]!);
          assert.deepEqual(drawn, [row, row, 1], `silent column ${x}, channel ${c}: one centre row`);
        }
      }
      if (signal) signalColumns++;
      if (silent) silentColumns++;
    }
    // Both halves were checked over most of their width.
    assert.ok(signalColumns > pixels.width * 0.4 && silentColumns > pixels.width * 0.45, `${signalColumns} signal, ${silentColumns} silent of ${pixels.width}`);
    // The clipped columns reach the lane's edge on the left channel: the top for the positive
    // run at 0.5 s, the bottom for the negative one at 1.25 s.
    const at = (frame: number) => Math.floor(frame / framesPerColumn); // the column holding the frame
    assert.equal(pixels.columns[at(f.clips[0].startFrame)]![0]![0], lanes[0]!.top);
    assert.equal(pixels.columns[at(f.clips[1].startFrame)]![0]![1], lanes[0]!.top + lanes[0]!.height - 1);
    await parkPointer(page);
    await screenshot('waveform-editor');
  });

  it('draws its first waveform from the peaks the host sent with the file info: the fresh page asks for none', async () => {
    const { server } = e2eContext();
    // The extension logs the host's steps up to each editor's first draw (ms after it opened).
    const line = new RegExp(`Waveform editor \\(${NAME.replace('.', '\\.')}\\): first waveform drawn \\d+ ms after the editor opened; timeline (\\{.*\\})`, 'g');
    const drawLogs = async (count: number): Promise<Array<Record<string, number>>> => {
      const text = await waitForLogLines(server.stateDir, [new RegExp(Array(count).fill(line.source).join('[^]*'))], WAIT_MS);
      return [...text.matchAll(line)].map((m) => JSON.parse(m[1]!) as Record<string, number>);
    };
    const stepsOf = (steps: Record<string, number>) => Object.keys(steps).filter((k) => k !== 'openedAtEpoch').sort();
    const before = await drawLogs(1);
    const first = before[before.length - 1]!; // the first test's editor (another spec may have opened the file before)
    // Answered unasked: no peaks request came from the page before its first draw (no peaksAsked).
    assert.deepEqual(stepsOf(first).filter((k) => k !== 'peaksPrefetched'), ['drawn', 'htmlSet', 'infoSent', 'peaksSent', 'ready']);
    assert.ok(first.htmlSet! <= first.ready! && first.ready! <= first.infoSent! && first.infoSent! <= first.peaksSent! && first.peaksSent! <= first.drawn!, JSON.stringify(first));

    // Opened again as wide: the host asked for those peaks as the editor opened, with the info.
    const p = page();
    await runCommand(p, 'View: Close All Editors');
    await p.locator('.tabs-container .tab', { hasText: NAME }).waitFor({ state: 'detached', timeout: WAIT_MS });
    await waitForDrawn(await openWaveformEditor(p, NAME));
    const after = await drawLogs(before.length + 1);
    assert.deepEqual(stepsOf(after[after.length - 1]!), ['drawn', 'htmlSet', 'infoSent', 'peaksPrefetched', 'peaksSent', 'ready']);
  });

  it('puts a marker on every clipping run of the file\'s finding; clicking one moves the cursor there', async () => {
    const { page, screenshot } = e2eContext();
    const view = webviewContent(page);
    const f = WAVEFORM_FIXTURE;
    // Markers arrive with the analysis (file info is pushed again when the model changes).
    const markers = view.locator('button.marker.clipping');
    await markers.nth(f.clips.length - 1).waitFor({ state: 'attached', timeout: WAIT_MS });
    const finding = view.locator('.finding', { hasText: 'level/clipping' });
    await finding.waitFor({ state: 'visible', timeout: WAIT_MS });
    const message = await finding.locator('.message').innerText();
    // The finding lists each run's time; the markers are those runs, at those times.
    const listed = [...message.matchAll(/(\d+):(\d\d):(\d\d)\.(\d{3}) \(L, (\d+) samples\)/g)].map((m) => Number(m[3]) + Number(m[4]) / 1000);
    const times = await markers.evaluateAll((nodes) => nodes.map((n) => Number((n as unknown as { dataset: { time: string } }).dataset.time)));
    assert.deepEqual(listed, f.clips.map((c) => c.startFrame / f.sampleRate));
    assert.deepEqual(times, listed);
    assert.equal(await markers.count(), f.clips.length);
    // The analysis also found the 2 s of silence at the tail.
    assert.deepEqual(await view.locator('div.marker.silence-tail').evaluateAll((nodes) => nodes.map((n) => (n as unknown as { dataset: { time: string; end: string } }).dataset)), [{ kind: 'silence-tail', time: '2', end: '4' }]);

    const second = markers.nth(1);
    await second.click();
    const cursor = view.locator('.cursor');
    await view.locator(`.cursor[data-time="${f.clips[1].startFrame / f.sampleRate}"]`).waitFor({ state: 'attached', timeout: WAIT_MS });
    const [cursorBox, markerBox, lanesBox] = await Promise.all([cursor.boundingBox(), second.boundingBox(), view.locator('.lanes').boundingBox()]);
    assert.ok(cursorBox && markerBox && lanesBox);
    const pixels = await readCanvas((await webviewFrames(page)).content);
    const expectedX = timeToDeviceX(1.25, f.sampleRate, fitViewport(f.frames, pixels.width / pixels.dpr), pixels.dpr) / pixels.dpr;
    assert.equal(cursorBox.x - lanesBox.x, expectedX, 'cursor at 1.25 s');
    assert.equal(markerBox.x + markerBox.width / 2, cursorBox.x + cursorBox.width / 2, 'cursor under the marker');
    // 1.25 s after a BWF start of 01:00:00:00 at 25 fps is frame 6 of second 1.
    assert.equal(await view.locator('.position').innerText(), '01:00:01:06 · 0:01.250');
    await parkPointer(page);
    await screenshot('waveform-marker-clicked');
  });

  it('shows format, BWF/iXML, role and the measured levels in the side panel', async () => {
    const view = webviewContent(page());
    const facts = async (section: string) => {
      const box = view.locator(`vscode-collapsible[data-section="${section}"]`);
      const [dts, dds] = await Promise.all([box.locator('dt').allInnerTexts(), box.locator('dd').allInnerTexts()]);
      return Object.fromEntries(dts.map((t, i) => [t, dds[i]]));
    };
    const format = await facts('Format');
    assert.deepEqual([format['Container'], format['Sample rate'], format['Bit depth'], format['Channels'], format['Length'], format['Start']],
      ['WAV (PCM)', '48 kHz', '24-bit', '2 (stereo)', '0:00:04.000 (192,000 samples)', '01:00:00:00 (01:00:00.000)']);
    const meta = await facts('BWF / iXML');
    assert.deepEqual([meta['Description'], meta['Originator'], meta['iXML PROJECT'], meta['iXML SCENE'], meta['iXML TAKE']],
      ['Keys stem, printed from the mix session', 'Test Suite', 'Lights', '1', '2']);
    const role = await facts('Role');
    assert.deepEqual([role['Role'], role['Stem group']], ['stem', 'keys']);
    const levels = await facts('Levels');
    // The left channel clips at full scale: the sample peak is 0.0 dBFS; 2 runs; 2 s of tail silence.
    assert.deepEqual([levels['Sample peak'], levels['Clipping runs'], levels['Silence at head'], levels['Silence at tail']], ['0.0 dBFS', '2', '0.000 s', '2.000 s']);
    assert.match(levels['Integrated loudness']!, /^-?\d+\.\d LUFS$/);
    // The panel's web components render with the theme (their adopted style sheets apply under the CSP).
    const header = await view.locator('vscode-collapsible[data-section="Format"]').evaluate((n) => {
      const root = (n as unknown as { shadowRoot: { querySelector(s: string): unknown } | null }).shadowRoot;
      const h = root?.querySelector('.collapsible-header');
      const style = h ? (globalThis as unknown as { getComputedStyle(e: unknown): { display: string; height: string } }).getComputedStyle(h) : null;
      return style ? [style.display, style.height] : null;
    });
    assert.deepEqual(header, ['flex', '22px']);
  });

  it('plays with Space through Web Audio (the server\'s decoded samples) and moves the cursor; Space again pauses', async () => {
    const view = webviewContent(page());
    await view.locator('.lanes').focus();
    await page().keyboard.press('Space');
    await view.locator('vscode-button.play[data-state="playing"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    // From 1.25 s of 4 s: the player fetched and decoded two 2 s chunks (deliverables/pcm) and scheduled them.
    await view.locator('.lanes[data-scheduled-frames="192000"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    // The cursor leaves 1.25 s as the audio plays.
    await view.locator('.cursor:not([data-time="1.25"])').waitFor({ state: 'attached', timeout: WAIT_MS });
    await page().keyboard.press('Space');
    await view.locator('vscode-button.play[data-state="paused"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    const at = Number(await view.locator('.cursor').getAttribute('data-time'));
    assert.ok(at > 1.25 && at <= 4, `paused at ${at}`);
  });

  it('keeps zoom, scroll and position when the editor is hidden and shown again', async () => {
    const { page: p, screenshot } = e2eContext();
    const view = webviewContent(p);
    await view.locator('button.marker.clipping').nth(0).click(); // cursor to 0.5 s: zoom anchors there
    await view.locator('.cursor[data-time="0.5"]').waitFor({ state: 'attached', timeout: WAIT_MS });
    await p.keyboard.press('+');
    await p.keyboard.press('+');
    await p.keyboard.press('ArrowRight');
    await waitForDrawn(view);
    const before = await view.locator('button.marker, div.marker').evaluateAll((nodes) => nodes.map((n) => (n as unknown as { style: { left: string } }).style.left));
    // Zoomed 2× twice about the cursor (0.5 s stays put), then scrolled right a tenth of the width.
    const { width, dpr } = await view.locator('.lanes').evaluate((n) => ({ width: (n as unknown as { clientWidth: number }).clientWidth, dpr: (globalThis as unknown as { devicePixelRatio: number }).devicePixelRatio }));
    const f = WAVEFORM_FIXTURE;
    const fit = fitViewport(f.frames, width);
    const anchor = frameToX(f.clips[0].startFrame, fit);
    const zoomed = scrollBy(zoomAt(zoomAt(fit, 2, anchor, f.frames, width), 2, anchor, f.frames, width), width / 10, f.frames, width);
    assert.equal(before[0], `${timeToDeviceX(0.5, f.sampleRate, zoomed, dpr) / dpr}px`);
    await p.screenshot({ path: path.join(e2eContext().resultsDir, 'waveform-zoomed.png') });

    await runCommand(p, 'Preferences: Open Settings (UI)');
    await p.locator('.settings-editor').waitFor({ state: 'visible', timeout: WAIT_MS });
    await p.locator('.tabs-container .tab', { hasText: NAME }).click();
    const again = webviewContent(p);
    await waitForDrawn(again);
    const after = await again.locator('button.marker, div.marker').evaluateAll((nodes) => nodes.map((n) => (n as unknown as { style: { left: string } }).style.left));
    assert.deepEqual(after, before, 'markers where they were: same zoom and scroll');
    assert.equal(await again.locator('.cursor').getAttribute('data-time'), '0.5');
    await parkPointer(p);
    await screenshot('waveform-restored');
  });

  it('the wheel scrolls through time, Ctrl+wheel zooms at the pointer (as in the overview and VS Code)', async () => {
    const { page: p } = e2eContext();
    const view = webviewContent(p);
    const { content } = await webviewFrames(p);
    // Marker positions in CSS pixels of the lanes; a string: this file compiles without the DOM library.
    const lefts = () => content.evaluate(`[...document.querySelectorAll('.markers > *')].map((n) => parseFloat(n.style.left))`) as Promise<number[]>;
    const changedFrom = (before: number[]) => content.waitForFunction(`JSON.stringify([...document.querySelectorAll('.markers > *')].map((n) => parseFloat(n.style.left))) !== ${JSON.stringify(JSON.stringify(before))}`, undefined, { timeout: WAIT_MS });
    const dpr = await content.evaluate('devicePixelRatio') as number;
    const box = (await view.locator('.lanes').boundingBox())!;
    // Within a device pixel of rounding (plus half a pixel where the pointer's position is rounded).
    const close = (actual: number[], expected: number[], what: string, slack = 0) =>
      assert.ok(actual.length === expected.length && actual.every((a, i) => Math.abs(a - expected[i]!) <= 1 / dpr + slack + 1e-9), `${what}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);

    // A vertical wheel of 100 pixels moves every marker 100 pixels to the left: the view scrolled later in time.
    const start = await lefts();
    await p.mouse.move(box.x + start[0]!, box.y + box.height / 2);
    await p.mouse.wheel(0, 100);
    await changedFrom(start);
    const scrolled = await lefts();
    close(scrolled, start.map((x) => x - 100), 'vertical wheel scrolls');
    // A horizontal one scrolls back.
    await p.mouse.wheel(-100, 0);
    await changedFrom(scrolled);
    const back = await lefts();
    close(back, start, 'horizontal wheel scrolls');

    // Ctrl + wheel up by 200 pixels zooms in 2× about the pointer: the marker under it stays, the others' distance to it doubles.
    const pointerX = start[0]!;
    await p.keyboard.down('Control');
    await p.mouse.wheel(0, -200);
    await p.keyboard.up('Control');
    await changedFrom(back);
    close(await lefts(), back.map((x) => pointerX + 2 * (x - pointerX)), 'Ctrl+wheel zooms at the pointer', 0.5);
    await parkPointer(p);
  });

  it('drops malformed and hostile messages from the webview, logs them, and acts on none', async () => {
    const { page: p, server } = e2eContext();
    const { host, content: frame } = await webviewFrames(p);
    // Record what the host sends the page from now on.
    await frame.evaluate(`(() => {
      window.__seen = [];
      window.addEventListener('message', (e) => window.__seen.push(e.data));
    })()`);
    // Post as the page's acquireVsCodeApi().postMessage does: through VS Code's frame around it.
    await host.evaluate(`(() => {
      const send = (message) => window.__vscode_post_message__('onmessage', { message });
      send({ type: 'openFile', path: '/etc/passwd' });
      send({ type: 'peaks', requestId: 900001, startFrame: 0, endFrame: 192000, columns: 1e9 });
      send({ type: 'peaks', requestId: '900002', startFrame: 0, endFrame: 192000, columns: 10 });
      send({ type: 'x'.repeat(1000000) });
      send('ready');
      send({ type: 'peaks', requestId: 900003, startFrame: 0, endFrame: 192000, columns: 10, path: '/etc/hostname' });
    })()`);
    // The host answers messages in order: once the valid request is answered, the others were handled.
    // (A function, not a string: the page's CSP forbids eval, as it should.)
    await frame.waitForFunction(() => (globalThis as unknown as { __seen: Array<{ requestId?: unknown }> }).__seen.some((m) => m.requestId === 900003), undefined, { timeout: WAIT_MS });
    // Answers to the page's own requests (small counters, e.g. the zoom of the test before) may
    // still arrive while recording: they are not the host acting on the injected messages.
    const seen = await frame.evaluate<Array<{ type: string; requestId?: unknown; columns?: number }>>(
      `window.__seen.filter((m) => !(typeof m.requestId === 'number' && m.requestId < 900000)).map((m) => ({ type: m.type, requestId: m.requestId, columns: m.columns }))`,
    );
    assert.deepEqual(seen, [{ type: 'peaks', requestId: 900003, columns: 10 }], 'only the valid request got an answer (of its own file: the smuggled path was not read)');
    await waitForLogLines(server.stateDir, [
      `Waveform editor (${NAME}): dropped a message from the webview: unknown message type "openFile"`,
      `Waveform editor (${NAME}): dropped a message from the webview: peaks: columns not in 1..16384`,
      `Waveform editor (${NAME}): dropped a message from the webview: peaks: requestId is not a counter`,
      `Waveform editor (${NAME}): dropped a message from the webview: unknown message type "${'x'.repeat(40)}…"`,
      `Waveform editor (${NAME}): dropped a message from the webview: not an object`,
    ], WAIT_MS);
  });

  it('opens from the Delivery tree\'s context menu too', async () => {
    const p = page();
    await runCommand(p, 'View: Close All Editors');
    await p.locator('.tabs-container .tab', { hasText: NAME }).waitFor({ state: 'detached', timeout: WAIT_MS });
    await openViewContainer(p, 'Audio Deliverables');
    const row = await waitForTreeRow(p, 'Delivery', new RegExp(NAME.replace('.', '\\.')));
    await row.click({ button: 'right' });
    const item = p.locator('.context-view .monaco-menu .action-item', { hasText: 'Open Waveform' });
    await item.waitFor({ state: 'visible', timeout: WAIT_MS });
    // The menu ignores a click that comes too soon after it opened (a right button's release);
    // choosing the hovered item with Enter is what a keyboard user does and is not ignored.
    await item.hover();
    await p.locator('.context-view .monaco-menu .action-item.focused', { hasText: 'Open Waveform' }).waitFor({ state: 'visible', timeout: WAIT_MS });
    await p.keyboard.press('Enter');
    await waitForDrawn(webviewContent(p));
    await p.locator('.tabs-container .tab', { hasText: NAME }).waitFor({ state: 'visible', timeout: WAIT_MS });
    // Only audio files get it: the session file's menu has no Open Waveform. The pointer leaves
    // the tree first, so no row's tooltip lies over the row to click.
    await parkPointer(p);
    await p.locator('.workbench-hover').waitFor({ state: 'detached', timeout: WAIT_MS });
    const session = await waitForTreeRow(p, 'Delivery', /Song\.ptx/);
    await session.click({ button: 'right' });
    await p.locator('.context-view .monaco-menu .action-item', { hasText: 'Set Role' }).waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.equal(await p.locator('.context-view .monaco-menu .action-item', { hasText: 'Open Waveform' }).count(), 0);
    await p.keyboard.press('Escape');
  });

  it('draws and plays an AIFF (Chromium could not play it through <audio>; the server decodes it)', async () => {
    const p = page();
    const aiff = 'References/Song_Main_Print.aiff';
    const target = path.join(e2eContext().workspace, ...aiff.split('/'));
    // sox writes the AIFF: an independent writer, as for the WAV fixtures.
    const made = spawnSync('sox', ['-n', '-r', '48000', '-c', '2', '-b', '24', target, 'synth', '1', 'sine', '440', 'vol', '0.5'], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    try {
      // No editor left open from the test before: an open webview re-rendering as the new file is
      // validated can take the focus, and the quick pick closes when it loses it.
      await runCommand(p, 'View: Close All Editors');
      await p.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: WAIT_MS });
      await openViewContainer(p, 'Audio Deliverables');
      await waitForTreeRow(p, 'Delivery', /Song_Main_Print\.aiff/);
      const view = await openWaveformEditor(p, 'Song_Main_Print.aiff');
      await waitForDrawn(view);
      await view.locator('.lanes').focus();
      await p.keyboard.press('Space');
      // The whole second fits in the first 2 s chunk: scheduled, played to the end, stopped by itself.
      await view.locator('.lanes[data-scheduled-frames="96000"]').waitFor({ state: 'attached', timeout: WAIT_MS });
      await view.locator('vscode-button.play[data-state="paused"]').waitFor({ state: 'attached', timeout: WAIT_MS });
      assert.equal(await view.locator('.status').textContent(), '', 'no warning, no error');
      assert.ok(Number(await view.locator('.cursor').getAttribute('data-time')) > 0.5, 'the cursor followed the sound');
      await parkPointer(p);
      await e2eContext().screenshot('waveform-aiff');
      await runCommand(p, 'View: Close All Editors');
    } finally {
      await fs.promises.rm(target, { force: true });
    }
  });

  it('is offered in the Explorer\'s context menu for audio files', async () => {
    const p = page();
    await openViewContainer(p, 'Explorer');
    const rows = p.locator('.explorer-folders-view .monaco-list-row');
    const stems = rows.filter({ hasText: /^Stems$/ }).first();
    await stems.waitFor({ state: 'visible', timeout: WAIT_MS });
    if ((await stems.getAttribute('aria-expanded')) !== 'true') await stems.click();
    const file = rows.filter({ hasText: NAME }).first();
    await file.waitFor({ state: 'visible', timeout: WAIT_MS });
    await file.click({ button: 'right' });
    await p.locator('.context-view .monaco-menu .action-item', { hasText: 'Open Waveform' }).waitFor({ state: 'visible', timeout: WAIT_MS });
    await p.keyboard.press('Escape');
    const spec = rows.filter({ hasText: /^delivery\.json$/ }).first();
    await spec.click({ button: 'right' });
    await p.locator('.context-view .monaco-menu .action-item', { hasText: 'Copy Path' }).waitFor({ state: 'visible', timeout: WAIT_MS });
    assert.equal(await p.locator('.context-view .monaco-menu .action-item', { hasText: 'Open Waveform' }).count(), 0, 'not on delivery.json');
    await p.keyboard.press('Escape');
  });
});

function page(): Page {
  return e2eContext().page;
}
