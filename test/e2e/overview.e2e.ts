import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { e2eContext, saveScreenshot } from '../harness/e2eContext';
import { BASS_LATE_FRAMES, createOverviewDelivery, OVERVIEW_FILES } from '../fixtures/overviewDelivery';
import { waitForLogLines } from '../harness/extensionLog';
import { openViewContainer, parkPointer, pickQuickPickItem, runCommand, waitForTreeRow, waitForWorkbench, webviewContent } from './ui';

const STEP_MS = 60_000;

/** The overview webview's own frame (the inner iframe), to wait on its DOM and read its canvases. */
async function overviewFrame(page: Page): Promise<Frame> {
  const body = await webviewContent(page).locator('#timeline').elementHandle({ timeout: STEP_MS });
  const frame = await body.ownerFrame();
  if (!frame) throw new Error('the overview webview has no frame');
  return frame;
}

/** Waits until every lane of the timeline has drawn the current view. */
async function waitForLanesDrawn(frame: Frame, count: number): Promise<void> {
  // A function, not a string: the webview's CSP (rightly) forbids eval, which string predicates need.
  await frame.waitForFunction((n) => {
    const lanes = Array.from((globalThis as unknown as WebviewGlobals).document.querySelectorAll('#timeline .lane'));
    return lanes.length === n && lanes.every((l) => l.dataset.state === 'drawn');
  }, count, { timeout: STEP_MS });
}

interface LaneReading {
  path: string;
  kind: string;
  /** First CSS pixel column with any drawn pixel (-1 when none). */
  firstColumn: number;
  drawnColumns: number;
}

/** What each lane's canvas holds: the first column with a drawn (non-transparent) pixel. */
function readLanes(frame: Frame): Promise<LaneReading[]> {
  // A string: this file compiles without the DOM library (it runs in the webview's frame).
  return frame.evaluate(`[...document.querySelectorAll('#timeline .lane')].map((lane) => {
    const canvas = lane.querySelector('canvas');
    const { width, height } = canvas;
    const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
    const dpr = width / canvas.clientWidth;
    const drawn = new Set();
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) if (data[(y * width + x) * 4 + 3] > 0) drawn.add(Math.floor(x / dpr));
    }
    return { path: lane.dataset.path ?? '', kind: lane.dataset.kind ?? '', firstColumn: drawn.size ? Math.min(...drawn) : -1, drawnColumns: drawn.size };
  })`);
}

/** A data-* value of the timeline element, as a number. */
function timelineNumber(frame: Frame, key: string): Promise<number> {
  return frame.evaluate(`Number(document.getElementById('timeline').dataset.${key})`);
}

/** Waits until the timeline element's data-`key` compares to `value` as asked. */
async function waitForTimeline(frame: Frame, key: string, op: '<' | '>=' | '>' | '===', value: number | string): Promise<void> {
  await frame.waitForFunction(([k, o, v]) => {
    const raw = (globalThis as unknown as WebviewGlobals).document.getElementById('timeline')?.dataset[k as string];
    if (raw === undefined) return false;
    const actual = typeof v === 'number' ? Number(raw) : raw;
    return o === '<' ? actual < v : o === '>=' ? actual >= v : o === '>' ? actual > v : actual === v;
  }, [key, op, value] as const, { timeout: STEP_MS });
}

/** The few DOM parts the predicates use (this file compiles without the DOM library). */
interface WebviewGlobals {
  document: {
    getElementById(id: string): { dataset: Record<string, string | undefined> } | null;
    querySelectorAll(selector: string): ArrayLike<{ dataset: Record<string, string | undefined> }>;
  };
}

async function framesPerPixel(frame: Frame): Promise<{ fpp: number; start: number }> {
  return { fpp: await timelineNumber(frame, 'framesPerPixel'), start: await timelineNumber(frame, 'startFrame') };
}

/**
 * The delivery overview in the real workbench: a delivery written here (stems with BWF time
 * references, the bass 0.5 s late, no keys stem), opened from the command palette.
 */
describe('Delivery overview', function () {
  this.timeout(240_000);
  let dir: string;
  let page: Page;
  const screenshot = (name: string) => saveScreenshot(page, e2eContext().resultsDir, name);

  before(async () => {
    const { browserContext, server, workspace } = e2eContext();
    dir = path.join(path.dirname(workspace), 'overview-delivery');
    await fs.rm(dir, { recursive: true, force: true });
    await createOverviewDelivery(dir);
    // A window of its own on this folder: the other specs' window stays as it is.
    const url = new URL(server.workbenchUrl());
    url.searchParams.set('folder', dir);
    page = await browserContext.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.goto(url.toString());
    await waitForWorkbench(page);
  });

  after(async () => {
    await page?.close();
  });

  it('shows one lane per stem plus the mix, the late stem offset by its time reference, and the missing group', async () => {
    // The extension is up (its tree shows the delivery) before its command is looked for.
    await openViewContainer(page, 'Audio Deliverables');
    await waitForTreeRow(page, 'Delivery', /^Stems\s*3$/);
    await runCommand(page, 'Deliverables: Open Delivery Overview');
    const frame = await overviewFrame(page);
    await waitForLanesDrawn(frame, 4);
    const lanes = await readLanes(frame);
    assert.deepEqual(lanes.map((l) => [l.path, l.kind]), [
      [OVERVIEW_FILES.bass, 'stem'],
      [OVERVIEW_FILES.drums, 'stem'],
      [OVERVIEW_FILES.vocals, 'stem'],
      [OVERVIEW_FILES.mix, 'mix'],
    ]);
    const { fpp, start } = await framesPerPixel(frame);
    assert.equal(start, 0);
    // The whole timeline (2.5 s: the bass ends 0.5 s after the others) fits the width.
    const expected = Math.ceil(BASS_LATE_FRAMES / fpp - 1e-9);
    const byPath = Object.fromEntries(lanes.map((l) => [l.path, l]));
    assert.equal(byPath[OVERVIEW_FILES.drums]!.firstColumn, 0);
    assert.equal(byPath[OVERVIEW_FILES.vocals]!.firstColumn, 0);
    assert.equal(byPath[OVERVIEW_FILES.mix]!.firstColumn, 0);
    assert.equal(byPath[OVERVIEW_FILES.bass]!.firstColumn - byPath[OVERVIEW_FILES.drums]!.firstColumn, expected, `fpp ${fpp}`);
    assert.ok(expected > 50, `0.5 s is ${expected} px: visible at a glance`);
    // The on-time stems end where the late one has 0.5 s to go.
    assert.equal(byPath[OVERVIEW_FILES.drums]!.drawnColumns, Math.ceil(96000 / fpp - 1e-9));

    const view = webviewContent(page);
    const missing = await view.locator('#checklist li[data-status="missing"] .checklist-key').allTextContents();
    assert.deepEqual(missing, ['keys']);
    assert.equal(await view.locator('#checklist li[data-key="keys"] vscode-badge').textContent(), 'missing');
    const delivered = await view.locator('#checklist li[data-status="delivered"] .checklist-key').allTextContents();
    assert.deepEqual(delivered, ['drums', 'bass', 'vocals', 'main']);
    await view.locator('#contract-notes').waitFor({ state: 'attached' });
    await parkPointer(page);
    await screenshot('overview-timeline');

    // Zoom is shared: Ctrl + wheel (as in VS Code) at the left edge zooms every lane in twice; the late
    // stem moves to where the new frames-per-pixel puts it.
    const firstCanvas = view.locator('#timeline .lane canvas').first();
    const box = (await firstCanvas.boundingBox())!;
    await page.mouse.move(box.x + 1, box.y + box.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await waitForTimeline(frame, 'framesPerPixel', '<', fpp);
    await waitForLanesDrawn(frame, 4);
    const zoomed = await framesPerPixel(frame);
    assert.equal(zoomed.fpp, fpp / 2);
    const firstColumnOf = (offset: number) => Math.max(0, Math.ceil((offset - zoomed.start) / zoomed.fpp - 1e-9));
    const after = Object.fromEntries((await readLanes(frame)).map((l) => [l.path, l]));
    assert.equal(after[OVERVIEW_FILES.drums]!.firstColumn, firstColumnOf(0));
    assert.equal(after[OVERVIEW_FILES.bass]!.firstColumn, firstColumnOf(BASS_LATE_FRAMES));
    // The wheel without Ctrl scrolls through time (vertical deltas too): 100 pixels down, 100 columns later.
    await page.mouse.wheel(0, 100);
    await waitForTimeline(frame, 'startFrame', '>', zoomed.start);
    assert.deepEqual(await framesPerPixel(frame), { ...zoomed, start: zoomed.start + 100 * zoomed.fpp });
    await view.locator('#zoom-fit').click();
    await waitForTimeline(frame, 'framesPerPixel', '===', fpp);
    await waitForLanesDrawn(frame, 4);
  });

  it('plays the stems through Web Audio, every chunk fetched and scheduled to the end', async () => {
    const frame = await overviewFrame(page);
    await webviewContent(page).locator('#play').click();
    // The timeline is 2.5 s: two 2 s chunks of every lane are scheduled, then playback ends by itself.
    await waitForTimeline(frame, 'scheduledFrames', '>=', 192000);
    await waitForTimeline(frame, 'position', '>', 0);
    // A/B: the mix is heard instead of the stems (gains only; the sources keep running in lockstep).
    await webviewContent(page).locator('#monitor-mix').click();
    await waitForTimeline(frame, 'monitor', '===', 'mix');
    assert.equal(await webviewContent(page).locator('#monitor-mix').getAttribute('aria-pressed'), 'true');
    await waitForTimeline(frame, 'playing', '===', 'false');
    // Ended by itself: exactly the two chunks that cover 2.5 s, none asked for past the end.
    assert.equal(await timelineNumber(frame, 'scheduledFrames'), 192000);
    await webviewContent(page).locator('#monitor-stems').click();
    await waitForTimeline(frame, 'monitor', '===', 'stems');
    assert.equal(await webviewContent(page).locator('#status').textContent(), '');
  });

  it('the null test adds the residual lane: the bass missing from the mix', async () => {
    // delivery.json names no null test: the command asks which reference is the mix.
    await runCommand(page, 'Deliverables: Run Null Test', { opensQuickPick: true });
    await pickQuickPickItem(page, 'Run Null Test', OVERVIEW_FILES.mix);
    const frame = await overviewFrame(page);
    await waitForLanesDrawn(frame, 5);
    const summary = await webviewContent(page).locator('.lane-residual .residual-summary').textContent();
    // Both seconds of the bass hold the same sine: either may measure a hair louder.
    assert.match(summary ?? '', /^stems − Song_Main\.wav: peak -12\.0 dBFS; worst at 0:0[01]\.000$/);
    const residual = (await readLanes(frame)).find((l) => l.kind === 'residual')!;
    // The stems are 2 s long on a 2.5 s timeline: the residual covers the first 2 s.
    const { fpp } = await framesPerPixel(frame);
    assert.equal(residual.firstColumn, 0);
    assert.equal(residual.drawnColumns, Math.ceil(96000 / fpp - 1e-9));
    await parkPointer(page);
    await screenshot('overview-null-test');
  });

  it('Edit Contract Notes opens the panel at the notes form; saving changes only the session block on disk', async () => {
    const specFile = path.join(dir, 'delivery.json');
    const before = await fs.readFile(specFile, 'utf8');
    await runCommand(page, 'Deliverables: Edit Contract Notes');
    const frame = await overviewFrame(page);
    await frame.waitForFunction(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id === 'contract-notes', undefined, { timeout: STEP_MS });
    const view = webviewContent(page);
    const owner = view.locator('#contract-notes #contract-notes-owner input');
    await owner.waitFor({ state: 'visible', timeout: STEP_MS });
    assert.equal(await owner.inputValue(), 'Mix engineer');
    await owner.fill('Sam Rivera (mix)');
    await view.locator('#contract-notes-save').click();
    await view.locator('.contract-notes-status', { hasText: 'Saved to delivery.json.' }).waitFor({ state: 'visible', timeout: STEP_MS });
    const after = await fs.readFile(specFile, 'utf8');
    const at = before.indexOf('"session"');
    assert.equal(after.slice(0, at), before.slice(0, at), 'everything before the session block is unchanged');
    assert.equal(after.slice(after.indexOf('\n', at)), before.slice(before.indexOf('\n', at)), 'everything after it too');
    assert.match(after.slice(at, after.indexOf('\n', at)), /^"session": \{ "owner": "Sam Rivera \(mix\)", "handover": false/);
    await parkPointer(page);
    await screenshot('overview-contract-notes');
  });

  it('a forged message (a path outside the delivery, wrong types) is logged and dropped', async () => {
    const { server } = e2eContext();
    // Sent the way the webview's own postMessage goes: through the host frame's message function.
    const hostFrame = page.frameLocator('iframe.webview.ready').locator('#active-frame');
    await hostFrame.evaluate((el) => {
      const post = (el.ownerDocument.defaultView as unknown as Record<string, (c: string, d: unknown) => void>).__vscode_post_message__!;
      post('onmessage', { message: { type: 'pcm', requestId: 1, path: '../../../etc/passwd', startFrame: 0, frames: 100 } });
      post('onmessage', { message: { type: 'peaks', requestId: 2, path: 'Stems/Song_STEM_Drums.wav', startFrame: 'all', endFrame: 1e308, columns: -1 } });
    });
    // The log is a file the extension host flushes when it likes: polled until the line is there.
    await waitForLogLines(server.stateDir, [
      /dropped a message from the webview: pcm: path must be a relative path inside the delivery/,
      /dropped a message from the webview: peaks: startFrame\/endFrame must be numbers/,
    ], STEP_MS);
    // The panel goes on as before.
    const frame = await overviewFrame(page);
    await waitForLanesDrawn(frame, 5);
  });
});
