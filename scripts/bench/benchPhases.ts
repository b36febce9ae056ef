/**
 * One timed phase of the benchmark. Each runs in a child process of its own (bench.ts spawns
 * `bench.js --phase NAME --root DIR`), so its peak RSS is its own, and prints one JSON line.
 */
import { spawn } from 'node:child_process';
import { DeliveryAnalyzer } from '../../src/core/analysis/deliveryAnalyzer';
import { analyseFile } from '../../src/core/analysis/fileAnalysis';
import { loadDelivery } from '../../src/core/delivery/delivery';
import { listCorpusAudio, type CorpusFile } from './benchCorpus';

export const PHASES = ['single', 'workers2', 'workers1', 'ffmpeg'] as const;
export type PhaseName = (typeof PHASES)[number];

export function isPhaseName(value: string): value is PhaseName {
  return (PHASES as readonly string[]).includes(value);
}

export interface FileTiming {
  path: string;
  bytes: number;
  sec: number;
  /** CPU seconds spent on the file (ours: the whole process, I/O threads included; ffmpeg: its own). */
  cpuSec: number;
  /** Measured integrated loudness and true peak (a sanity check against ffmpeg); null when none. */
  integratedLufs: number | null;
  truePeakDbtp: number | null;
}

export interface PhaseResult {
  phase: PhaseName;
  files: number;
  bytes: number;
  wallSec: number;
  /** User + system CPU seconds of the process doing the work (all its threads). */
  cpuSec: number;
  /** Peak resident set of the process doing the work (ffmpeg: the largest ffmpeg run). */
  peakRssMb: number;
  /** Per file, in order; empty for the worker phases (files overlap there). */
  perFile: FileTiming[];
  failures: string[];
}

/** RSS figures arrive in KiB (getrusage); reported in MB of 10^6 bytes like the throughput. */
const kibToMb = (kib: number): number => (kib * 1024) / 1e6;

export async function runPhase(phase: PhaseName, root: string): Promise<PhaseResult> {
  const files = await listCorpusAudio(root);
  switch (phase) {
    case 'single': return singleThread(files);
    case 'workers2': return withWorkers(phase, root, 2);
    case 'workers1': return withWorkers(phase, root, 1);
    case 'ffmpeg': return ffmpegPerFile(files);
  }
}

function ownUsage(): { cpuSec: number; peakRssMb: number } {
  const usage = process.resourceUsage();
  return { cpuSec: (usage.userCPUTime + usage.systemCPUTime) / 1e6, peakRssMb: kibToMb(usage.maxRSS) };
}

/** Our full analysis, one file after the other on this thread. */
async function singleThread(files: readonly CorpusFile[]): Promise<PhaseResult> {
  const perFile: FileTiming[] = [];
  const failures: string[] = [];
  const started = performance.now();
  for (const file of files) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const outcome = await analyseFile(file.absPath);
    const sec = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (!outcome.ok) failures.push(`${file.path}: ${outcome.reason}`);
    const fields = outcome.ok ? outcome.analysis.fields : null;
    const cpuSec = (cpu.user + cpu.system) / 1e6;
    perFile.push({ path: file.path, bytes: file.size, sec, cpuSec, integratedLufs: fields?.integratedLufs ?? null, truePeakDbtp: fields?.truePeakDbtp ?? null });
  }
  const wallSec = (performance.now() - started) / 1000;
  return { phase: 'single', files: files.length, bytes: sumBytes(files), wallSec, ...ownUsage(), perFile, failures };
}

/** Our full analysis through DeliveryAnalyzer's worker pool, no cache; pool start-up included. */
async function withWorkers(phase: PhaseName, root: string, jobs: number): Promise<PhaseResult> {
  const delivery = await loadDelivery(root);
  const todo = delivery.files.filter(DeliveryAnalyzer.analysable);
  const started = performance.now();
  const analyzer = new DeliveryAnalyzer({ jobs, cacheDir: null });
  const results = await analyzer.analyse(root, todo).finally(() => analyzer.close());
  const wallSec = (performance.now() - started) / 1000;
  const failures = [...results].flatMap(([file, stored]) => (stored.ok ? [] : [`${file}: ${stored.reason}`]));
  return { phase, files: todo.length, bytes: sumBytes(todo), wallSec, ...ownUsage(), perFile: [], failures };
}

/** `ffmpeg -af ebur128=peak=true` per file in sequence (see FFMPEG_ARGS). */
async function ffmpegPerFile(files: readonly CorpusFile[]): Promise<PhaseResult> {
  const perFile: FileTiming[] = [];
  const failures: string[] = [];
  let cpuSec = 0;
  let peakRssMb = 0;
  const started = performance.now();
  for (const file of files) {
    const t0 = performance.now();
    const run = await runFfmpeg(file.absPath);
    const sec = (performance.now() - t0) / 1000;
    if (run.exitCode !== 0) failures.push(`${file.path}: ffmpeg exited with ${run.exitCode}`);
    const summary = parseFfmpegReport(run.stderrTail);
    cpuSec += summary.cpuSec;
    peakRssMb = Math.max(peakRssMb, summary.peakRssMb);
    perFile.push({ path: file.path, bytes: file.size, sec, cpuSec: summary.cpuSec, integratedLufs: summary.integratedLufs, truePeakDbtp: summary.truePeakDbtp });
  }
  const wallSec = (performance.now() - started) / 1000;
  return { phase: 'ffmpeg', files: files.length, bytes: sumBytes(files), wallSec, cpuSec, peakRssMb, perFile, failures };
}

/**
 * `-benchmark` only adds ffmpeg's CPU time and maxrss at the end. `framelog=verbose` keeps the
 * filter from logging every 100 ms block at the default level (the summary still prints): writing
 * those lines costs ffmpeg 10-30 % of its time, which would flatter our ratio.
 */
export const FFMPEG_ARGS = ['-nostdin', '-nostats', '-hide_banner', '-benchmark', '-threads', '1', '-i', 'FILE', '-af', 'ebur128=peak=true:framelog=verbose', '-f', 'null', '-'];

/** Runs ffmpeg on one file; keeps only the end of stderr, where the summary and -benchmark lines are. */
function runFfmpeg(absPath: string): Promise<{ exitCode: number | null; stderrTail: string }> {
  const args = FFMPEG_ARGS.map((a) => (a === 'FILE' ? absPath : a));
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let tail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => { tail = (tail + chunk).slice(-4096); });
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stderrTail: tail }));
  });
}

function parseFfmpegReport(stderr: string): { cpuSec: number; peakRssMb: number; integratedLufs: number | null; truePeakDbtp: number | null } {
  const num = (re: RegExp): number | null => {
    const m = re.exec(stderr);
    return m ? Number(m[1]) : null;
  };
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const fromSummary = (re: RegExp): number | null => {
    const m = re.exec(summary);
    return m && m[1] !== '-inf' ? Number(m[1]) : null;
  };
  return {
    cpuSec: (num(/utime=([\d.]+)s/) ?? 0) + (num(/stime=([\d.]+)s/) ?? 0),
    peakRssMb: kibToMb(num(/maxrss=(\d+)kB/) ?? 0),
    integratedLufs: fromSummary(/I:\s+(-?[\d.]+|-inf) LUFS/),
    truePeakDbtp: fromSummary(/Peak:\s+(-?[\d.]+|-inf) dBFS/),
  };
}

function sumBytes(files: ReadonlyArray<{ size: number }>): number {
  return files.reduce((n, f) => n + f.size, 0);
}
