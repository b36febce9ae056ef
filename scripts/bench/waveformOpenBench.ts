/**
 * `npm run bench:waveform`: how long a person waits, in the real VS Code (code-server + Chromium,
 * the test harness), from opening a one-hour stereo 48 kHz 24-bit file that is already analysed
 * in the waveform editor to its first drawn waveform. Prints figures; asserts nothing.
 *
 *   node out/scripts/bench/waveformOpenBench.js [--runs N]
 *
 * The file (1.04 GB) is written once into os.tmpdir() and reused while complete. The first open
 * analyses it (the cold figure, for information); then each run closes every editor and opens the
 * file again. Two figures per run: as the page sees it (palette pick → canvas drawn, polled by
 * playwright) and as the extension logs it (editor resolved → the page says it drew). Last, the
 * first editor of a new window on the same server (analysis cached), once.
 */
import { existsSync, promises as fs, readdirSync, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { writeWavFile } from '../../src/core/audio/wavWriter';
import { Cleanup } from '../../test/harness/cleanup';
import { createRunDir, removeRunDir } from '../../test/harness/runDir';
import { startSession } from '../../test/harness/session';
import { openViewContainer, openWaveformEditor, runCommand, waitForTreeRow, waitForWaveformDrawn, waitForWorkbench } from '../../test/e2e/ui';

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

/** The "first waveform drawn N ms" lines of the extension's output logs so far (a log per window, oldest first). */
function loggedDrawTimes(stateDir: string): number[] {
  const logs = findFiles(stateDir, 'Audio Deliverables.log').sort((a, b) => statSync(a).birthtimeMs - statSync(b).birthtimeMs);
  return logs.flatMap((log) => [...readFileSync(log, 'utf8').matchAll(/first waveform drawn (\d+) ms after the editor opened/g)].map((m) => Number(m[1])));
}

function findFiles(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findFiles(full, name);
    return entry.name.endsWith(name) ? [full] : [];
  });
}

async function waitForLoggedCount(stateDir: string, count: number): Promise<number[]> {
  for (let i = 0; i < 200; i++) {
    const times = loggedDrawTimes(stateDir);
    if (times.length >= count) return times;
    await new Promise<void>((resolve) => setTimeout(resolve, 50)); // the log file has no event to wait on
  }
  throw new Error('the extension never logged the draw time');
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]! };
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string' } }, strict: true });
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
    await waitForLoggedCount(server.stateDir, 1);

    const seen: number[] = [];
    for (let run = 0; run < runs; run++) {
      await runCommand(page, 'View: Close All Editors');
      const t0 = performance.now();
      await waitForWaveformDrawn(await openWaveformEditor(page, NAME));
      seen.push(performance.now() - t0);
    }
    const logged = (await waitForLoggedCount(server.stateDir, runs + 1)).slice(1);
    // A new window on the same server (the analysis cache is kept): the first editor it opens.
    await page.goto(server.workbenchUrl());
    await waitForWorkbench(page);
    await openViewContainer(page, 'Audio Deliverables');
    await waitForTreeRow(page, 'Delivery', new RegExp(NAME.replace('.', '\\.')));
    await runCommand(page, 'View: Close All Editors');
    const fresh0 = performance.now();
    await waitForWaveformDrawn(await openWaveformEditor(page, NAME));
    const fresh = performance.now() - fresh0;
    const freshLogged = (await waitForLoggedCount(server.stateDir, runs + 2))[runs + 1]!;
    const pageStats = stats(seen);
    const hostStats = stats(logged);
    console.log(`\nOpening ${NAME} (1 h, stereo, 48 kHz, already analysed) to its first drawn waveform, ${runs} runs:`);
    console.log(`  palette pick → canvas drawn (seen by the page):   median ${Math.round(pageStats.median)} ms (min ${Math.round(pageStats.min)}, max ${Math.round(pageStats.max)})`);
    console.log(`  editor resolved → page drew (extension's log):    median ${hostStats.median} ms (min ${hostStats.min}, max ${hostStats.max})`);
    console.log(`  first editor of a new window:                    ${Math.round(fresh)} ms seen by the page, ${freshLogged} ms in the extension's log`);
    console.log(`  machine: ${os.cpus()[0]?.model.trim() ?? 'unknown'}, ${os.availableParallelism()} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await cleanup.run();
    removeRunDir(runDir);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
