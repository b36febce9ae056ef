/**
 * Turns the phase results into the printed report: one table of phases, the ours / ffmpeg ratios
 * (whole corpus and without ffmpeg's denormal slowdown), a per-folder breakdown, the goals, and a
 * loudness agreement check. Throughput is MB of file size per second, MB = 10^6 bytes.
 */
import type { CorpusFile } from './benchCorpus';
import type { FileTiming, PhaseName, PhaseResult } from './benchPhases';
import { median } from './median';

export const GOALS = { ratioVsFfmpeg: 8, twoWorkersMbps: 500, peakRssMb: 150 } as const;

export type PhaseOutcome = { ok: true; result: PhaseResult } | { ok: false; note: string };

const PHASE_LABELS: Record<PhaseName, string> = {
  single: 'ours, single thread (analyseFile in sequence)',
  workers2: 'ours, DeliveryAnalyzer jobs=2 (worker threads)',
  workers1: 'ours, DeliveryAnalyzer jobs=1 (reference)',
  ffmpeg: 'ffmpeg ebur128=peak=true -threads 1, per file',
};

const PHASE_GOALS: Record<PhaseName, string> = {
  single: `RSS < ${GOALS.peakRssMb} MB; ≥ ${GOALS.ratioVsFfmpeg}× ffmpeg`,
  workers2: `≥ ${GOALS.twoWorkersMbps} MB/s; RSS < ${GOALS.peakRssMb} MB`,
  workers1: `RSS < ${GOALS.peakRssMb} MB`,
  ffmpeg: '(baseline)',
};

const mb = (bytes: number): number => bytes / 1e6;
const mbps = (bytes: number, sec: number): number => (sec > 0 ? mb(bytes) / sec : 0);
const fixed = (x: number, digits = 1): string => x.toFixed(digits);

/** Left-aligns the first column, right-aligns the others. */
function table(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd());
}

export function phaseTable(outcomes: ReadonlyMap<PhaseName, PhaseOutcome>): string[] {
  const rows = [['phase', 'files', 'MB/s', 'wall s', 'CPU s', 'MB/CPU-s', 'peak RSS MB', 'goal']];
  for (const [phase, outcome] of outcomes) {
    if (!outcome.ok) {
      rows.push([PHASE_LABELS[phase], '', '', '', '', '', '', outcome.note]);
      continue;
    }
    const r = outcome.result;
    const failed = r.failures.length > 0 ? ` (${r.failures.length} failed!)` : '';
    rows.push([PHASE_LABELS[phase], `${r.files}${failed}`, fixed(mbps(r.bytes, r.wallSec)), fixed(r.wallSec, 2), fixed(r.cpuSec), fixed(mbps(r.bytes, r.cpuSec)), fixed(r.peakRssMb), PHASE_GOALS[phase]]);
  }
  return table(rows);
}

/** One file as both ours (single thread) and ffmpeg measured it. */
interface PairedFile {
  path: string;
  group: string;
  bytes: number;
  ours: { sec: number; cpuSec: number };
  ffmpeg: { sec: number; cpuSec: number };
}

function pairTimings(ours: readonly FileTiming[], ffmpeg: readonly FileTiming[], corpus: readonly CorpusFile[]): PairedFile[] {
  const ffmpegByPath = new Map(ffmpeg.map((t) => [t.path, t]));
  const groupByPath = new Map(corpus.map((f) => [f.path, f.group]));
  return ours.flatMap((o) => {
    const f = ffmpegByPath.get(o.path);
    if (!f) return [];
    return [{ path: o.path, group: groupByPath.get(o.path) ?? '?', bytes: o.bytes, ours: { sec: o.sec, cpuSec: o.cpuSec }, ffmpeg: { sec: f.sec, cpuSec: f.cpuSec } }];
  });
}

/** Throughput of ours and ffmpeg over some files, on wall time and on CPU time. */
interface Comparison {
  files: number;
  bytes: number;
  wall: { ours: number; ffmpeg: number; ratio: number };
  cpu: { ours: number; ffmpeg: number; ratio: number };
}

function compare(files: readonly PairedFile[]): Comparison {
  const bytes = files.reduce((n, f) => n + f.bytes, 0);
  const rates = (time: (t: { sec: number; cpuSec: number }) => number) => {
    const ours = mbps(bytes, files.reduce((n, f) => n + time(f.ours), 0));
    const ffmpeg = mbps(bytes, files.reduce((n, f) => n + time(f.ffmpeg), 0));
    return { ours, ffmpeg, ratio: ffmpeg > 0 ? ours / ffmpeg : 0 };
  };
  return { files: files.length, bytes, wall: rates((t) => t.sec), cpu: rates((t) => t.cpuSec) };
}

/**
 * ffmpeg's denormal slowdown, defined from its own per-file figures: a file is "slow" when its
 * ffmpeg MB per CPU-second is below half the median over the files. CPU time rather than wall
 * time, so that a burst of other load on the machine cannot make a file look slow.
 */
function splitDenormalSlow(files: readonly PairedFile[]): { cutMbps: number; medianMbps: number; normal: PairedFile[]; slow: PairedFile[] } {
  const rate = (f: PairedFile): number => mbps(f.bytes, f.ffmpeg.cpuSec);
  const medianMbps = median(files.map(rate));
  const cutMbps = medianMbps / 2;
  return { cutMbps, medianMbps, normal: files.filter((f) => rate(f) >= cutMbps), slow: files.filter((f) => rate(f) < cutMbps) };
}

const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');
const times = (ratio: number): string => `${fixed(ratio, 2)}×`;
const indent = (lines: string[]): string[] => lines.map((l) => `  ${l}`);

const COMPARISON_HEADER = ['files', 'MB', 'ours MB/s', 'ffmpeg MB/s', 'ratio', 'ours MB/CPU-s', 'ffmpeg MB/CPU-s', 'CPU ratio'];

function comparisonCells(c: Comparison): string[] {
  return [String(c.files), fixed(mb(c.bytes), 0), fixed(c.wall.ours), fixed(c.wall.ffmpeg), times(c.wall.ratio), fixed(c.cpu.ours), fixed(c.cpu.ffmpeg), times(c.cpu.ratio)];
}

function ratioGoal(c: Comparison): string {
  const goal = GOALS.ratioVsFfmpeg;
  return `≥ ${goal}×: wall ${verdict(c.wall.ratio >= goal)}, CPU ${verdict(c.cpu.ratio >= goal)}`;
}

export function ratioReport(single: PhaseResult, ffmpeg: PhaseResult, corpus: readonly CorpusFile[]): string[] {
  const paired = pairTimings(single.perFile, ffmpeg.perFile, corpus);
  const split = splitDenormalSlow(paired);
  const whole = compare(paired);
  const normal = compare(split.normal);
  const lines = [
    'Ratio ours single thread / ffmpeg, both one file after the other on one core. "ratio" is on wall',
    'time (the goal as written); "CPU ratio" on CPU time, which other load on the machine disturbs less:',
    ...indent(table([
      ['files compared', ...COMPARISON_HEADER, 'goal'],
      ['whole corpus', ...comparisonCells(whole), ratioGoal(whole)],
      ['without ffmpeg denormal slowdown', ...comparisonCells(normal), ratioGoal(normal)],
    ])),
    '',
    "ffmpeg's denormal slowdown, defined: a file whose ffmpeg MB per CPU-second is below half the median",
    `over the files (median ${fixed(split.medianMbps)}, cut ${fixed(split.cutMbps)}). Excluded from the second row: ${split.slow.length} of ${paired.length} files.`,
  ];
  if (split.slow.length > 0) {
    lines.push(...indent(table([
      ['excluded file', 'MB', 'ffmpeg MB/CPU-s', 'ours MB/CPU-s'],
      ...split.slow.map((f) => [f.path, fixed(mb(f.bytes), 0), fixed(mbps(f.bytes, f.ffmpeg.cpuSec)), fixed(mbps(f.bytes, f.ours.cpuSec))]),
    ])));
  }
  const groups = [...new Set(paired.map((f) => f.group))];
  lines.push('', 'By folder (dense mastered mixes are the slow case for true peak):');
  lines.push(...indent(table([['folder', ...COMPARISON_HEADER], ...groups.map((g) => [g, ...comparisonCells(compare(paired.filter((f) => f.group === g)))])])));
  return lines;
}

/** Per-file figures of our single thread, slowest (per CPU-second) first: where to look when a goal is missed. */
export function slowestFiles(single: PhaseResult, count: number): string[] {
  const rows = [...single.perFile].sort((a, b) => mbps(a.bytes, a.cpuSec) - mbps(b.bytes, b.cpuSec)).slice(0, count);
  return indent(table([['file (ours, single thread, slowest first)', 'MB', 'MB/s', 'MB/CPU-s'], ...rows.map((t) => [t.path, fixed(mb(t.bytes), 0), fixed(mbps(t.bytes, t.sec)), fixed(mbps(t.bytes, t.cpuSec))])]));
}

/** Our integrated loudness and true peak next to ffmpeg's: the two did the same measurement. */
export function agreementReport(single: PhaseResult, ffmpeg: PhaseResult): string[] {
  const ffmpegByPath = new Map(ffmpeg.perFile.map((t) => [t.path, t]));
  let maxLoudness = 0;
  let maxPeak = 0;
  let maxPeakFile = '';
  let compared = 0;
  for (const ours of single.perFile) {
    const theirs = ffmpegByPath.get(ours.path);
    if (!theirs || ours.integratedLufs === null || theirs.integratedLufs === null || ours.truePeakDbtp === null || theirs.truePeakDbtp === null) continue;
    compared++;
    maxLoudness = Math.max(maxLoudness, Math.abs(ours.integratedLufs - theirs.integratedLufs));
    const peakDelta = Math.abs(ours.truePeakDbtp - theirs.truePeakDbtp);
    if (peakDelta > maxPeak) [maxPeak, maxPeakFile] = [peakDelta, ours.path];
  }
  return [
    `Same measurement as ffmpeg over ${compared} files (ffmpeg prints one decimal): max |ΔI| = ${fixed(maxLoudness, 2)} LU,`,
    `max |ΔTP| = ${fixed(maxPeak, 2)} dB${maxPeakFile ? ` (${maxPeakFile})` : ''}.`,
  ];
}

export function goalSummary(outcomes: ReadonlyMap<PhaseName, PhaseOutcome>, corpus: readonly CorpusFile[]): string[] {
  const result = (p: PhaseName): PhaseResult | null => {
    const o = outcomes.get(p);
    return o?.ok ? o.result : null;
  };
  const lines: string[] = [];
  const single = result('single');
  const ffmpeg = result('ffmpeg');
  if (single && ffmpeg) {
    const paired = pairTimings(single.perFile, ffmpeg.perFile, corpus);
    const whole = compare(paired);
    const normal = compare(splitDenormalSlow(paired).normal);
    lines.push(`  ≥ ${GOALS.ratioVsFfmpeg}× ffmpeg single-threaded, whole corpus: ${times(whole.wall.ratio)} on wall time, ${times(whole.cpu.ratio)} on CPU time (${ratioGoal(whole)})`);
    lines.push(`  the same without the denormal files: ${times(normal.wall.ratio)} wall, ${times(normal.cpu.ratio)} CPU (${ratioGoal(normal)})`);
  }
  const workers2 = result('workers2');
  if (workers2) {
    const rate = mbps(workers2.bytes, workers2.wallSec);
    lines.push(`  ≥ ${GOALS.twoWorkersMbps} MB/s with two workers, warm page cache: ${fixed(rate)} MB/s, ${verdict(rate >= GOALS.twoWorkersMbps)}`);
  }
  const ours = (['single', 'workers2', 'workers1'] as const).map(result).filter((r): r is PhaseResult => r !== null);
  if (ours.length > 0) {
    const peak = Math.max(...ours.map((r) => r.peakRssMb));
    lines.push(`  peak RSS < ${GOALS.peakRssMb} MB in every phase of ours: max ${fixed(peak)} MB, ${verdict(peak < GOALS.peakRssMb)}`);
  }
  return lines;
}
