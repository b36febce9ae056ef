/**
 * `npm run bench`: throughput and memory of our full analysis against ffmpeg (issue 3,
 * "Performance"), then the language server and the extension (issue 5: first tree of a
 * 1,000-file delivery, re-validation, activation). Prints figures; asserts nothing.
 *
 *   node out/scripts/bench/bench.js [--seconds N] [--fresh] [--part all|analysis|server]
 *
 * The corpus is the demo delivery rendered at 240 s (about 1.5 GB) into os.tmpdir(), reused while
 * complete; `--seconds` picks another length (another folder), `--fresh` rewrites it. The page
 * cache is warmed first, then every phase runs in a child process of its own (phaseChild.js,
 * which loads only the phase's code) so its peak RSS is its own.
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULT_SECONDS, ensureCorpus, listCorpusAudio, warmPageCache, type CorpusFile } from './benchCorpus';
import { FFMPEG_ARGS, PHASES, type PhaseName, type PhaseResult } from './benchPhases';
import * as path from 'node:path';
import { repoRoot } from '../../test/harness/paths';
import { ACTIVATION_GOAL_MS, measureActivation } from './activationBench';
import { activationMs, type ActivationSample } from './activationLine';
import { ensureManyFileDelivery, runServerBench, SERVER_GOALS } from './serverBench';
import { agreementReport, goalSummary, phaseTable, ratioReport, slowestFiles, type PhaseOutcome } from './benchReport';
import { runHugeBench } from './hugeBench';
import { runJsonChild } from './jsonChild';
import { median } from './median';

type Part = 'all' | 'analysis' | 'server';

interface BenchArgs {
  seconds: number;
  fresh: boolean;
  /** analysis: the decode/measure phases only; server: the language server and activation only. */
  part: Part;
}

function parseBenchArgs(argv: string[]): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: { seconds: { type: 'string' }, fresh: { type: 'boolean' }, part: { type: 'string' } },
    strict: true,
  });
  const seconds = values.seconds === undefined ? DEFAULT_SECONDS : Number(values.seconds);
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`--seconds wants a whole number of seconds ≥ 1, got ${values.seconds}`);
  const part = values.part ?? 'all';
  if (part !== 'all' && part !== 'analysis' && part !== 'server') throw new Error('--part must be all, analysis or server');
  return { seconds, fresh: values.fresh ?? false, part };
}

const gb = (bytes: number): string => (bytes / 1e9).toFixed(2);

/** The ffmpeg version line, or null when ffmpeg is not on PATH. */
function ffmpegVersion(): string | null {
  const run = spawnSync('ffmpeg', ['-version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.split('\n')[0].trim() : null;
}

function printMachine(ffmpeg: string | null): void {
  console.log('Machine');
  console.log(`  CPU:     ${os.cpus()[0]?.model.trim() ?? 'unknown'}, ${os.availableParallelism()} cores available`);
  console.log(`  memory:  ${gb(os.totalmem())} GB, ${os.platform()} ${os.release()}`);
  console.log(`  node:    ${process.version}`);
  console.log(`  ffmpeg:  ${ffmpeg ?? 'not installed (the ffmpeg phase is skipped)'}`);
  console.log(`  load:    ${loadAverage()} at start (1, 5, 15 minutes; above the core count, wall figures are unreliable)`);
}

function printCorpus(root: string, seconds: number, generatedSec: number | null, files: readonly CorpusFile[]): void {
  const bytes = files.reduce((n, f) => n + f.size, 0);
  const count = (pred: (f: CorpusFile) => boolean): number => files.filter(pred).length;
  const tally = (key: (f: CorpusFile) => string): string =>
    [...new Set(files.map(key))].sort().map((k) => `${count((f) => key(f) === k)} ${k}`).join(', ');
  console.log(`\nCorpus: the demo delivery at ${seconds} s (≈ 6.4 MB per second of song; ≈ 1.5 GB at 240 s)`);
  console.log(`  ${root}`);
  console.log(`  ${files.length} audio files, ${gb(bytes)} GB (10^9 bytes): ${count((f) => f.channels === 1)} mono, ${count((f) => f.channels === 2)} stereo`);
  console.log(`  ${tally((f) => f.group)}; ${tally((f) => `${f.bitDepth}-bit`)}`);
  if (generatedSec === null) console.log('  reused from an earlier run (--fresh to regenerate)');
  else console.log(`  generated in ${generatedSec.toFixed(1)} s (${(bytes / 1e6 / generatedSec).toFixed(1)} MB/s)`);
}

/** Runs `phaseChild.js NAME DIR` (its own process, its own peak RSS). */
async function runPhaseChild(phase: PhaseName, root: string): Promise<PhaseOutcome> {
  const outcome = await runJsonChild<PhaseResult>(path.join(__dirname, 'phaseChild.js'), [phase, root]);
  return outcome.ok ? { ok: true, result: outcome.value } : outcome;
}

/** Other processes share the cores: the load average says how much the wall figures can be trusted. */
function loadAverage(): string {
  return `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.availableParallelism()} cores`;
}

/** Warns when other processes keep the cores busy before we start: wall figures will be inflated. */
function warnIfBusy(): void {
  const oneMinute = os.loadavg()[0];
  if (oneMinute > 0.5 * os.availableParallelism()) {
    console.log(`  WARNING: the machine is busy (1-minute load ${oneMinute.toFixed(2)}): wall-time figures will be slower than`);
    console.log('  on an idle machine and ratios against ffmpeg will wander; the CPU-time figures are steadier.');
  }
}

async function runPhases(root: string, ffmpeg: string | null): Promise<Map<PhaseName, PhaseOutcome>> {
  const outcomes = new Map<PhaseName, PhaseOutcome>();
  console.log(`\nPhases (each in its own child process; ${loadAverage()} before):`);
  warnIfBusy();
  for (const phase of PHASES) {
    if (phase === 'ffmpeg' && ffmpeg === null) {
      console.log('  ffmpeg: skipped, ffmpeg is not installed');
      outcomes.set(phase, { ok: false, note: 'skipped: ffmpeg not installed' });
      continue;
    }
    const loadBefore = os.loadavg()[0].toFixed(2);
    const outcome = await runPhaseChild(phase, root);
    const summary = outcome.ok ? `${outcome.result.wallSec.toFixed(2)} s (1-minute load ${loadBefore} as it started)${outcome.result.failures.map((f) => `\n    FAILED ${f}`).join('')}` : outcome.note;
    console.log(`  ${phase}: ${summary}`);
    outcomes.set(phase, outcome);
  }
  console.log(`  (${loadAverage()} after; our phases account for 1-2 of it, more means other processes shared the cores)`);
  return outcomes;
}

function printReport(outcomes: ReadonlyMap<PhaseName, PhaseOutcome>, corpus: readonly CorpusFile[]): void {
  console.log('\nResults (MB/s = MB of file size per wall second, MB = 10^6 bytes; peak RSS = the phase process\'s maxRSS):');
  for (const line of phaseTable(outcomes)) console.log(`  ${line}`);
  console.log(`  CPU s: user + system of the phase process, all threads (ffmpeg: its own -benchmark figures, summed).`);
  console.log(`  ffmpeg per file: ffmpeg ${FFMPEG_ARGS.join(' ')}`);
  console.log('    (-benchmark only reports CPU and maxrss; framelog=verbose stops the per-100 ms log lines, which cost ffmpeg 10-30 %)');
  const single = outcomes.get('single');
  const ffmpeg = outcomes.get('ffmpeg');
  if (single?.ok) {
    console.log('');
    for (const line of slowestFiles(single.result, 5)) console.log(line);
  }
  if (single?.ok && ffmpeg?.ok) {
    console.log('');
    for (const line of ratioReport(single.result, ffmpeg.result, corpus)) console.log(line);
    console.log('');
    for (const line of agreementReport(single.result, ffmpeg.result)) console.log(line);
  }
  console.log('\nGoals (issue 3):');
  for (const line of goalSummary(outcomes, corpus)) console.log(line);
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  const ffmpeg = ffmpegVersion();
  printMachine(ffmpeg);
  if (args.part !== 'server') await benchAnalysis(args, ffmpeg);
  if (args.part !== 'analysis') await benchServer();
}

async function benchAnalysis(args: BenchArgs, ffmpeg: string | null): Promise<void> {
  if (args.seconds === DEFAULT_SECONDS) console.log('\nThe corpus takes about 1.5 GB in the temp folder and is kept for later runs.');
  const { root, generatedSec } = await ensureCorpus(args.seconds, args.fresh);
  const corpus = await listCorpusAudio(root);
  printCorpus(root, args.seconds, generatedSec, corpus);
  const warmSec = await warmPageCache(corpus);
  console.log(`\nWarmed the page cache: read every audio file once (${warmSec.toFixed(1)} s) before timing.`);
  const outcomes = await runPhases(root, ffmpeg);
  printReport(outcomes, corpus);
  await runHugeBench();
}

const sec = (s: number): string => `${s.toFixed(2)} s`;
const verdict = (value: number, goal: number): string => (value < goal ? 'met' : 'NOT met');

/** Issue 5's figures: the real dist/server.js over IPC, and activation in the real VS Code. */
async function benchServer(): Promise<void> {
  const root = await ensureManyFileDelivery();
  console.log(`\nLanguage server (dist/server.js forked over Node IPC, as the extension starts it; ${loadAverage()}):`);
  console.log(`  delivery: ${root}`);
  const r = await runServerBench(path.join(repoRoot, 'dist', 'server.js'), root);
  console.log(`  ${r.files} files, ${(r.bytes / 1e6).toFixed(1)} MB, ${r.diagnostics} diagnostics published`);
  console.log(`  first tree, no cache (fork → model of every file, headers read): ${sec(r.firstTreeSec)} (server process up and initialised after ${sec(r.serverUpSec)})`);
  console.log(`  first analysis, no cache (fork → every file decoded and measured): ${sec(r.firstAnalysisSec)}`);
  console.log(`  re-validation of the unchanged, analysed delivery (Validate → analysis run ended): median ${sec(r.revalidateSec)} of ${r.revalidateRuns.map(sec).join(', ')}`);
  console.log(`  new server process with the cache in place: first tree ${sec(r.warmFirstTreeSec)}, fully validated ${sec(r.warmValidatedSec)}`);
  console.log(`\nActivation in the real VS Code (code-server ${'4.100.3'}; a fresh VS Code per sample, on a folder without a delivery):`);
  const samples = await measureActivation(5);
  const medianOf = (of: (s: ActivationSample) => number): number => median(samples.map(of));
  const ms = (v: number): string => `${v.toFixed(1)} ms`;
  const activation = medianOf(activationMs);
  console.log(`  as VS Code counts it (code loading + activate() until it settles): median ${ms(activation)} of ${samples.map((t) => ms(activationMs(t))).join(', ')} (${loadAverage()})`);
  console.log(`    module load ${ms(medianOf((t) => t.requireMs))}, activate() ${ms(medianOf((t) => t.activateMs))} (median of each)`);
  console.log(`  end to end, with VS Code's own set-up of the extension context (its storage): median ${ms(medianOf((t) => t.endToEndMs))}`);
  console.log(`  language client loaded during activation: ${samples.some((t) => t.clientLoadedInActivation) ? 'yes (it should come after)' : 'no, after it, as meant'}`);
  console.log('\nGoals (issue 5):');
  console.log(`  first tree of ${r.files} files under ${SERVER_GOALS.firstTreeSec} s: ${sec(r.firstTreeSec)}, ${verdict(r.firstTreeSec, SERVER_GOALS.firstTreeSec)}`);
  console.log(`  re-validation under ${SERVER_GOALS.revalidateSec} s: ${sec(r.revalidateSec)}, ${verdict(r.revalidateSec, SERVER_GOALS.revalidateSec)}`);
  console.log(`  activation under ${ACTIVATION_GOAL_MS} ms: ${ms(activation)}, ${verdict(activation, ACTIVATION_GOAL_MS)}`);
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
