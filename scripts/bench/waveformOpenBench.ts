/**
 * `npm run bench:waveform`: how long a person waits, in the real VS Code (code-server + Chromium,
 * the test harness), from opening a one-hour stereo 48 kHz 24-bit file that is already analysed
 * in the waveform editor to its first drawn waveform. Prints figures; asserts nothing.
 *
 *   node out/scripts/bench/waveformOpenBench.js [--runs N] [--trace chromium-trace.json]
 *
 * The file (1.04 GB) is written once into os.tmpdir() and reused while complete. The first open
 * analyses it (the cold figure, for information); then each run closes every editor and opens the
 * file again. Figures per run: palette pick → the page's first draw on the browser's clock (the
 * pick's click seen in the workbench, the draw marked by the page), the extension's log (editor
 * resolved → the page says it drew), and what playwright sees (palette opened → canvas drawn).
 * Then the median timeline of every step between them (waveformTimeline.ts): workbench, VS Code's
 * webview frames and service worker, the page's fetches and marks, the extension host's steps.
 * Last, the first editor of a new window on the same server (analysis cached), once.
 * `--trace FILE` writes a Chromium trace of the first run (chrome://tracing, ui.perfetto.dev).
 */
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { writeWavFile } from '../../src/core/audio/wavWriter';
import { Cleanup } from '../../test/harness/cleanup';
import { waitForLogMatches } from '../../test/harness/extensionLog';
import { createRunDir, removeRunDir } from '../../test/harness/runDir';
import { startSession } from '../../test/harness/session';
import { openViewContainer, openWaveformEditor, pickQuickPickItem, runCommand, waitForTreeRow, waitForWaveformDrawn, waitForWorkbench, webviewContent, webviewFrames } from '../../test/e2e/ui';
import { median } from './median';
import { armWorkbenchClock, collectTimeline, medianTimeline, printTimeline, withChromiumTrace, type Fetched, type HostSteps, type Timeline } from './waveformTimeline';
import type { Page } from 'playwright-core';

const SAMPLE_RATE = 48000;
const SECONDS = 3600;
const FILE = 'Stems/Long_STEM_Mix.wav';
const NAME = path.posix.basename(FILE);
const MARKER = '.waveform-bench-complete';
const COLD_TIMEOUT_MS = 15 * 60_000;

function benchRoot(): string {
  return path.join(os.tmpdir(), 'audio-deliverables-waveform-bench-v1');
}

/** A delivery holding one hour of stereo music-like signal (tones under a slow envelope, seeded noise). */
async function ensureLongFile(root: string): Promise<void> {
  if (existsSync(path.join(root, MARKER))) return;
  await fs.rm(root, { recursive: true, force: true });
  await fs.mkdir(path.join(root, 'Stems'), { recursive: true });
  await fs.writeFile(path.join(root, 'delivery.json'), '{ "preset": "music-mix", "stems": { "folder": "Stems" } }\n');
  let seed = 12345;
  const noise = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  const started = Date.now();
  await writeWavFile(path.join(root, ...FILE.split('/')), { sampleRate: SAMPLE_RATE, channels: 2, bitDepth: 24 }, (start, frames) => {
    const left = new Float32Array(frames);
    const right = new Float32Array(frames);
    for (let i = 0; i < frames; i++) {
      const t = (start + i) / SAMPLE_RATE;
      const envelope = 0.3 + 0.25 * Math.sin(2 * Math.PI * t / 7);
      const tone = Math.sin(2 * Math.PI * 110 * t) + 0.5 * Math.sin(2 * Math.PI * 330 * t);
      left[i] = envelope * (0.6 * tone + 0.2 * noise());
      right[i] = envelope * (0.6 * tone + 0.2 * noise());
    }
    return [left, right];
  }, SAMPLE_RATE * SECONDS, SAMPLE_RATE);
  await fs.writeFile(path.join(root, MARKER), '');
  console.log(`wrote ${FILE} (${SECONDS} s stereo 48 kHz 24-bit) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const DRAW_LINE = /first waveform drawn (\d+) ms after the editor opened; timeline (\{.*\})/g;
const LOG_TIMEOUT_MS = 10_000;

/** The first `count` "first waveform drawn" lines of the extension's logs (a log per window, oldest first), once written. */
async function waitForLoggedDraws(stateDir: string, count: number): Promise<Array<{ ms: number; steps: HostSteps }>> {
  const lines = await waitForLogMatches(stateDir, DRAW_LINE, count, LOG_TIMEOUT_MS);
  return lines.map((m) => ({ ms: Number(m[1]), steps: JSON.parse(m[2]!) as HostSteps }));
}

interface Run {
  /** Before the palette opens → canvas drawn, polled by playwright. */
  seen: number;
  /** Palette pick → the page's 'drawn' mark. */
  pickToDraw: number;
  /** Extension's log: resolveCustomEditor → the page said it drew. */
  logged: number;
  timeline: Timeline;
  fetched: Fetched[];
}

/** Opens the file from the palette (all editors closed), waits for its drawing, reads every clock. */
async function measuredOpen(page: Page, stateDir: string, drawsBefore: number): Promise<Run> {
  const t0 = performance.now();
  await runCommand(page, 'Deliverables: Open Waveform', { opensQuickPick: true });
  await armWorkbenchClock(page);
  await pickQuickPickItem(page, 'Open Waveform', NAME);
  await waitForWaveformDrawn(webviewContent(page));
  const seen = performance.now() - t0;
  const draw = (await waitForLoggedDraws(stateDir, drawsBefore + 1))[drawsBefore]!;
  const { timeline, fetched } = await collectTimeline(page, await webviewFrames(page), draw.steps);
  const drawn = timeline.find((e) => e.step === 'page: drawn');
  if (!drawn) throw new Error('the page has no drawn mark');
  return { seen, pickToDraw: drawn.at, logged: draw.ms, timeline, fetched };
}

/**
 * For comparison, VS Code's own Audio Preview (the built-in media-preview extension, no code of
 * ours) opening the same file from Quick Open: Enter → its page's HTML in place (its body; it
 * draws nothing). Every webview pays the same frames and service worker before its page exists.
 */
async function builtInPreviewOpen(page: Page): Promise<number> {
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
  // Quick Open reopens a file with the editor it last had: forget that, so the default opens it.
  await runCommand(page, 'Clear Editor History');
  await page.locator('.monaco-dialog-box').getByRole('button', { name: 'Clear' }).click();
  await page.locator('.monaco-dialog-box').waitFor({ state: 'detached' });
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input.input').fill(NAME);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: NAME }).first().waitFor({ state: 'visible' });
  const t0 = performance.now();
  await page.keyboard.press('Enter');
  const body = webviewContent(page).locator('body');
  await body.waitFor({ state: 'attached' });
  const ms = performance.now() - t0;
  // Its body, not ours: the media preview's page holds a loading indicator and no canvas.
  if ((await body.locator('canvas').count()) > 0) throw new Error('Quick Open opened the waveform editor, not the Audio Preview');
  return ms;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, trace: { type: 'string' } }, strict: true });
  const runs = values.runs === undefined ? 7 : Number(values.runs);
  const root = benchRoot();
  await ensureLongFile(root);
  const cleanup = new Cleanup();
  const runDir = createRunDir('waveform-bench');
  try {
    const { server, browser } = await startSession(runDir, root, cleanup);
    const { page } = browser;
    await page.goto(server.workbenchUrl());
    await waitForWorkbench(page);
    await openViewContainer(page, 'Audio Deliverables');
    await waitForTreeRow(page, 'Delivery', new RegExp(NAME.replace('.', '\\.')));

    const coldStart = performance.now();
    await waitForWaveformDrawn(await openWaveformEditor(page, NAME), COLD_TIMEOUT_MS);
    console.log(`cold (analyses the hour first): ${Math.round(performance.now() - coldStart)} ms`);
    await waitForLoggedDraws(server.stateDir, 1);

    const measured: Run[] = [];
    for (let run = 0; run < runs; run++) {
      await runCommand(page, 'View: Close All Editors');
      const open = () => measuredOpen(page, server.stateDir, run + 1);
      measured.push(await (run === 0 && values.trace ? withChromiumTrace(page, values.trace, open) : open()));
    }
    const show = (label: string, values: number[]) => {
      console.log(`  ${label.padEnd(52)} median ${Math.round(median(values))} ms (min ${Math.round(Math.min(...values))}, max ${Math.round(Math.max(...values))})`);
    };
    console.log(`\nOpening ${NAME} (1 h, stereo, 48 kHz, already analysed) to its first drawn waveform, ${runs} runs:`);
    console.log(`  runs, pick → draw (ms): ${measured.map((r) => Math.round(r.pickToDraw)).join(', ')}`);
    show('palette pick → first draw (page\'s clock)', measured.map((r) => r.pickToDraw));
    show('editor resolved → page drew (extension\'s log)', measured.map((r) => r.logged));
    show('palette opened → canvas drawn (seen by playwright)', measured.map((r) => r.seen));
    console.log(`  machine: ${os.cpus()[0]?.model.trim() ?? 'unknown'}, ${os.availableParallelism()} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    printTimeline(`Median timeline of the ${runs} runs (ms after the palette pick; +gap from the step before):`, medianTimeline(measured.map((r) => r.timeline)));
    console.log('Fetched by the page (first run): ' + measured[0]!.fetched.map((f) => `${f.name} ${(f.bytes / 1024).toFixed(1)} KB in ${f.ms} ms`).join(', '));

    // A new window on the same server (the analysis cache is kept): the first editor it opens.
    // Nothing is left open to restore, so its first editor is the one measured.
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
    await page.close();
    const fresh = await browser.context.newPage();
    await fresh.goto(server.workbenchUrl());
    await waitForWorkbench(fresh);
    // No tree needed: the command waits for the delivery model before it shows its pick.
    await runCommand(fresh, 'View: Close All Editors');
    const first = await measuredOpen(fresh, server.stateDir, runs + 1);

    console.log(`\nFirst editor of a new window: pick → draw ${Math.round(first.pickToDraw)} ms, resolved → drew ${first.logged} ms (log), ${Math.round(first.seen)} ms seen by playwright`);
    printTimeline('Its timeline:', first.timeline);

    // Last: its page streams the whole file through the webview's resource loading, which slows
    // every webview opened after it for seconds.
    const builtIn: number[] = [];
    for (let run = 0; run < runs; run++) builtIn.push(await builtInPreviewOpen(fresh));
    console.log(`\nVS Code's own Audio Preview of the same file, for comparison (${runs} runs):`);
    show('Quick Open Enter → its page in place (no drawing)', builtIn);
  } finally {
    await cleanup.run();
    removeRunDir(runDir);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
