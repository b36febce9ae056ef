import * as path from 'node:path';
import type { Delivery } from '../delivery/delivery';
import { undecodableReason, streamInfo, type DecodableProbe } from '../audio/decode';
import { FrameCursor } from '../audio/frameCursor';
import { probeAudio } from '../audio/probe';
import { openFileSource, type ByteSource } from '../io/fileSource';
import { formatChannels, formatRate } from '../report/describe';
import { formatSampleSpan } from '../rules/ruleText';
import { toDbfs } from './dbfs';
import { findConstantOffset } from './offsetSearch';

/**
 * The stems null test: stems summed at unity minus the mix, streamed in lockstep.
 * (Types first; the streaming implementation lives below them.)
 */
export type NullTestOutcome =
  | {
    ok: true;
    /** Relative paths of the mix and the stems summed. */
    mix: string;
    stems: string[];
    /** Residual (sum of stems − mix) peak and RMS over the whole length; null for exact silence. */
    residualPeakDbfs: number | null;
    residualRmsDbfs: number | null;
    /** The one-second window with the highest residual RMS; startSec on the stems' timeline. */
    worstSecond: { startSec: number; rmsDbfs: number | null } | null;
    /**
     * Residual RMS (dBFS) of each whole second of the stems' timeline: entry i covers [i, i+1) s
     * (the compared part of it); null for exact silence and for seconds not compared. The
     * overview draws it as the residual lane.
     */
    residualSeconds: Array<number | null>;
    /**
     * A constant offset between stem sum and mix, in samples (positive: the mix is late); null if
     * none found. When set, the residual above is measured with the offset compensated.
     */
    offsetSamples: number | null;
    /** Frames compared: the common length, with the mix shifted by offsetSamples when one was found. */
    frames: number;
    sampleRate: number;
    /** Every file's length in frames when they are not all equal (the residual covers the common part); else null. */
    lengths: Array<{ file: string; frames: number }> | null;
  }
  | {
    ok: false;
    mix: string | null;
    /** Why no number could be given (rates or lengths differ, mix missing, unreadable…). */
    reason: string;
    files: string[];
  };

/* ---- implementation ------------------------------------------------------------------------ */

/**
 * How the test runs, in three streamed passes over bounded buffers (never a whole file):
 *  1. the stems alone, summed, up to OFFSET_SEARCH_SEC, to find where sound starts;
 *  2. a window there: OFFSET_WINDOW_SEC of the stem sum against the mix ±OFFSET_MAX_LAG_SEC, and
 *     the lag that minimises their difference (offsetSearch.ts: least squares through one FFT);
 *  3. everything, in lockstep blocks: stems summed at unity per channel, minus the mix shifted by
 *     that lag, giving peak, RMS and the worst one-second window of the residual.
 * Memory: each decoder's read buffers (2 MB), BLOCK_FRAMES per channel, and the pass-2 window
 * (5 s of FFT arrays and the captured samples: about 12 MB at 48 kHz stereo, four times that at
 * 192 kHz), whatever the files' length.
 */

export const BLOCK_FRAMES = 16_384;
/** Lengths may differ by this much (10 ms) and the test still runs, over the common part. */
export const LENGTH_SLACK_SEC = 0.01;
export const OFFSET_MAX_LAG_SEC = 1;
export const OFFSET_WINDOW_SEC = 3;
/** How far into the stems to look for the first sound for the offset window. */
export const OFFSET_SEARCH_SEC = 60;
/** "Sound" for the offset window: the stem sum above -60 dBFS. */
const SOUND_THRESHOLD = 1e-3;

type Failure = Extract<NullTestOutcome, { ok: false }>;
type Success = Extract<NullTestOutcome, { ok: true }>;

/** A file for the test: its relative path (for messages) and its bytes. */
export interface NullTestInput {
  path: string;
  source: ByteSource;
}

export interface NullTestOptions {
  signal?: AbortSignal;
}

interface Probed extends NullTestInput {
  probe: DecodableProbe;
  frames: number;
}

/**
 * The null test the delivery's spec asks for (effective.stems.nullTest), over every file whose
 * role is stem; null when the spec asks for none. Never throws for bad input (the outcome says
 * why no number could be given); rethrows only the signal's reason when aborted.
 */
export async function runNullTest(delivery: Delivery, options: NullTestOptions = {}): Promise<NullTestOutcome | null> {
  const spec = delivery.effective.stems.nullTest;
  if (!spec) return null;
  const written = spec.mix.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  // The delivery's own spelling when the spec's differs only in case (macOS and Windows volumes).
  const mixPath = delivery.files.find((f) => f.path.toLowerCase() === written.toLowerCase())?.path ?? written;
  const stemPaths = delivery.files
    .filter((f) => f.role === 'stem' && f.audio && f.path !== mixPath)
    .map((f) => f.path)
    .sort();
  if (stemPaths.length === 0) {
    return fail(mixPath, 'there are no stems in the delivery to sum', []);
  }
  const opened: NullTestInput[] = [];
  try {
    const mix = await openInput(delivery.root, mixPath, 'mix');
    if ('reason' in mix) return fail(mixPath, mix.reason, [mixPath]);
    opened.push(mix);
    for (const p of stemPaths) {
      const stem = await openInput(delivery.root, p, 'stem');
      if ('reason' in stem) return fail(mixPath, stem.reason, [p]);
      opened.push(stem);
    }
    return await measureNullTest(opened[0]!, opened.slice(1), options);
  } finally {
    await Promise.all(opened.map((o) => o.source.close().catch(() => undefined)));
  }
}

async function openInput(root: string, rel: string, what: 'mix' | 'stem'): Promise<NullTestInput | { reason: string }> {
  try {
    return { path: rel, source: await openFileSource(path.resolve(root, rel)) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (what === 'mix' && code === 'ENOENT') {
      return { reason: `the mix ${rel} named in delivery.json (stems.nullTest.mix) is not in the delivery` };
    }
    return { reason: `the ${what} ${rel} cannot be opened: ${(err as Error).message}` };
  }
}

/**
 * The null test over open sources: the stems summed at unity minus the mix. Reads through
 * `source.read` in bounded pieces only (tests wrap the sources to check that).
 */
export async function measureNullTest(mix: NullTestInput, stems: readonly NullTestInput[], options: NullTestOptions = {}): Promise<NullTestOutcome> {
  if (stems.length === 0) return fail(mix.path, 'there are no stems in the delivery to sum', []);
  try {
    const probed = await probeAll([mix, ...stems]);
    if ('reason' in probed) return probed;
    const [mixFile, ...stemFiles] = probed;
    const mismatch = formatMismatch(mixFile!, stemFiles);
    if (mismatch) return mismatch;
    const stemSpread = lengthSpread(stemFiles, mixFile!.probe.format.sampleRate);
    if (stemSpread) return fail(mix.path, stemSpread, stemFiles.map((s) => s.path));
    const offset = await searchOffset(mixFile!, stemFiles, options);
    return await measureResidual(mixFile!, stemFiles, offset ?? 0, options);
  } catch (err) {
    if (options.signal?.aborted) throw options.signal.reason;
    const file = err instanceof FileReadError ? err.file : null;
    const cause = err instanceof FileReadError ? err.cause : err;
    return fail(mix.path, `${file ?? 'a file'} could not be read to the end: ${(cause as Error).message ?? String(cause)}`, file ? [file] : []);
  }
}

function fail(mix: string | null, reason: string, files: string[]): Failure {
  return { ok: false, mix, reason, files };
}

async function probeAll(inputs: readonly NullTestInput[]): Promise<Probed[] | Failure> {
  const out: Probed[] = [];
  const mix = inputs[0]!.path;
  for (const input of inputs) {
    const probe = await probeAudio(input.source);
    if (!probe.ok) {
      const why = probe.issues.some((i) => i.code === 'unsupported')
        ? `${probe.container.toUpperCase()} is not decoded here; use WAV or AIFF`
        : probe.issues.map((i) => i.message).join('; ') || 'not readable audio';
      return fail(mix, `${input.path} cannot be decoded for the null test: ${why}`, [input.path]);
    }
    // FLAC frames are compressed; this decoder reads PCM and float samples only.
    const why = probe.format.container === 'flac' ? 'FLAC is not decoded here; use WAV or AIFF' : undecodableReason(probe);
    if (why) return fail(mix, `${input.path} cannot be decoded for the null test: ${why}`, [input.path]);
    out.push({ ...input, probe, frames: streamInfo(probe).totalFrames });
  }
  return out;
}

/** Sample rates or channel counts that differ: summing them would give a wrong number. */
function formatMismatch(mix: Probed, stems: readonly Probed[]): Failure | null {
  const checks: Array<{ what: string; of: (p: Probed) => number; say: (v: number) => string }> = [
    { what: 'sample rate', of: (p) => p.probe.format.sampleRate, say: formatRate },
    { what: 'channel count', of: (p) => p.probe.format.channels, say: formatChannels },
  ];
  for (const { what, of, say } of checks) {
    const stemValues = new Set(stems.map(of));
    if (stemValues.size > 1) {
      const listed = [...stemValues].map((v) => `${say(v)}: ${stems.filter((s) => of(s) === v).map((s) => s.path).join(', ')}`);
      return fail(mix.path, `the stems differ in ${what} (${listed.join('; ')}); stems to be summed must share one ${what}`, stems.map((s) => s.path));
    }
    const stemValue = [...stemValues][0]!;
    if (of(mix) !== stemValue) {
      return fail(
        mix.path,
        `the mix ${mix.path} is ${say(of(mix))} but the stems are ${say(stemValue)}; null-test against a mix printed at the stems' ${what}`,
        [mix.path, ...stems.map((s) => s.path)],
      );
    }
  }
  return null;
}

/** Why the stems' lengths are too far apart to sum, or null when within LENGTH_SLACK_SEC. */
function lengthSpread(stems: readonly Probed[], sampleRate: number): string | null {
  const longest = stems.reduce((a, b) => (b.frames > a.frames ? b : a));
  const shortest = stems.reduce((a, b) => (b.frames < a.frames ? b : a));
  if (longest.frames - shortest.frames <= Math.round(LENGTH_SLACK_SEC * sampleRate)) return null;
  return `the stems differ in length: ${shortest.path} is ${formatSampleSpan(longest.frames - shortest.frames, sampleRate)} shorter than ${longest.path}; `
    + 'the null test needs stems printed from the same selection';
}

/** Passes 1 and 2: where sound starts, then the constant offset of the mix there (or null). */
async function searchOffset(mix: Probed, stems: readonly Probed[], options: NullTestOptions): Promise<number | null> {
  const rate = mix.probe.format.sampleRate;
  const channels = mix.probe.format.channels;
  const start = await firstSound(stems, channels, Math.round(OFFSET_SEARCH_SEC * rate), options);
  if (start === null) return null;
  const frames = Math.round(OFFSET_WINDOW_SEC * rate);
  const maxLag = Math.round(OFFSET_MAX_LAG_SEC * rate);

  const reference = Array.from({ length: channels }, () => new Float64Array(frames));
  const scratch = Array.from({ length: channels }, () => new Float32Array(frames));
  const stemCursors = stems.map((s) => new FrameCursor(s.source, s.probe, options));
  try {
    for (let i = 0; i < stems.length; i++) await guarded(stems[i]!.path, stemCursors[i]!.skip(start));
    await sumStems(stems, stemCursors, reference, scratch, frames);
  } finally {
    await closeAll(stemCursors);
  }

  // candidate[j] is the mix at stem time start - maxLag + j; before the mix's first sample: silence.
  const candidate = Array.from({ length: channels }, () => new Float32Array(frames + 2 * maxLag));
  const lead = Math.max(0, maxLag - start);
  const mixCursor = new FrameCursor(mix.source, mix.probe, options);
  try {
    await guarded(mix.path, mixCursor.skip(Math.max(0, start - maxLag)));
    await guarded(mix.path, mixCursor.read(candidate, lead, frames + 2 * maxLag - lead));
  } finally {
    await mixCursor.close();
  }
  return findConstantOffset({ reference, candidate, maxLag });
}

/** The first frame where the stem sum has sound, within `limit` frames; null if none. */
async function firstSound(stems: readonly Probed[], channels: number, limit: number, options: NullTestOptions): Promise<number | null> {
  const sum = Array.from({ length: channels }, () => new Float64Array(BLOCK_FRAMES));
  const scratch = Array.from({ length: channels }, () => new Float32Array(BLOCK_FRAMES));
  const cursors = stems.map((s) => new FrameCursor(s.source, s.probe, options));
  try {
    for (let start = 0; start < limit;) {
      const wanted = Math.min(BLOCK_FRAMES, limit - start);
      const n = await sumStems(stems, cursors, sum, scratch, wanted);
      for (let i = 0; i < n; i++) {
        for (const ch of sum) if (Math.abs(ch[i]!) > SOUND_THRESHOLD) return start + i;
      }
      if (n < wanted) return null;
      start += n;
    }
    return null;
  } finally {
    await closeAll(cursors);
  }
}

/** Pass 3: the residual over the common length, the mix shifted by `offset` (late when positive). */
async function measureResidual(mix: Probed, stems: readonly Probed[], offset: number, options: NullTestOptions): Promise<Success | Failure> {
  const rate = mix.probe.format.sampleRate;
  const channels = mix.probe.format.channels;
  const stemSkip = Math.max(0, -offset);
  const mixSkip = Math.max(0, offset);
  const stemFrames = Math.min(...stems.map((s) => s.frames));
  // The mix's end on the stems' timeline; it may differ from the stems' by the offset and the slack.
  const mixEnd = mix.frames - offset;
  const slack = Math.round(LENGTH_SLACK_SEC * rate);
  if (Math.abs(mixEnd - stemFrames) > slack) {
    const longer = mixEnd > stemFrames ? 'longer' : 'shorter';
    return fail(mix.path, `the mix ${mix.path} is ${formatSampleSpan(mixEnd - stemFrames, rate)} ${longer} than the stems${offset ? ' (its offset taken into account)' : ''}; `
      + 'the null test needs the mix and the stems printed from the same selection', [mix.path, ...stems.map((s) => s.path)]);
  }
  const total = Math.min(stemFrames, mixEnd) - stemSkip;
  if (total <= 0) return fail(mix.path, 'the stems and the mix have no samples in common to compare', [mix.path, ...stems.map((s) => s.path)]);

  const sum = Array.from({ length: channels }, () => new Float64Array(BLOCK_FRAMES));
  const scratch = Array.from({ length: channels }, () => new Float32Array(BLOCK_FRAMES));
  const mixBlock = Array.from({ length: channels }, () => new Float32Array(BLOCK_FRAMES));
  const stemCursors = stems.map((s) => new FrameCursor(s.source, s.probe, options));
  const mixCursor = new FrameCursor(mix.source, mix.probe, options);
  const windows = new WorstWindow(rate, channels, stemSkip);
  let peak = 0;
  let energy = 0;
  let done = 0;
  try {
    for (let i = 0; i < stems.length; i++) await guarded(stems[i]!.path, stemCursors[i]!.skip(stemSkip));
    await guarded(mix.path, mixCursor.skip(mixSkip));
    while (done < total) {
      const wanted = Math.min(BLOCK_FRAMES, total - done);
      const fromStems = await sumStems(stems, stemCursors, sum, scratch, wanted);
      const fromMix = await guarded(mix.path, mixCursor.read(mixBlock, 0, wanted));
      const n = Math.min(fromStems, fromMix);
      for (let t = 0; t < n; t++) {
        let frameEnergy = 0;
        for (let ch = 0; ch < channels; ch++) {
          const r = sum[ch]![t]! - mixBlock[ch]![t]!;
          const a = Math.abs(r);
          if (a > peak) peak = a;
          frameEnergy += r * r;
        }
        energy += frameEnergy;
        windows.add(frameEnergy);
      }
      done += n;
      // A file that ends early (cut while read): measure what there was.
      if (n < wanted) break;
    }
  } finally {
    await closeAll([...stemCursors, mixCursor]);
  }

  const all = [mix, ...stems];
  const lengthsDiffer = stems.some((s) => s.frames !== stemFrames) || mixEnd !== stemFrames;
  return {
    ok: true,
    mix: mix.path,
    stems: stems.map((s) => s.path),
    residualPeakDbfs: toDbfs(peak),
    residualRmsDbfs: done > 0 ? toDbfs(Math.sqrt(energy / (done * channels))) : null,
    worstSecond: windows.worst(),
    residualSeconds: windows.perSecond(),
    offsetSamples: offset === 0 ? null : offset,
    frames: done,
    sampleRate: rate,
    lengths: lengthsDiffer ? all.map((p) => ({ file: p.path, frames: p.frames })) : null,
  };
}

/**
 * The loudest one-second window of the residual by RMS. Windows are whole seconds of the stems'
 * timeline (0–1 s, 1–2 s…), so the time points at a bar an engineer can find; a partial window at
 * either end counts when it holds half a second or more, or when it is the only one.
 */
export class WorstWindow {
  private index: number;
  private start: number;
  private energy = 0;
  private frames = 0;
  private best: { startSec: number; rms: number } | null = null;
  private fallback: { startSec: number; rms: number } | null = null;
  /** RMS of every closed window by its whole second (windows before the first compared frame stay absent). */
  private readonly seconds: number[] = [];

  constructor(private readonly rate: number, private readonly channels: number, private position: number) {
    this.index = Math.floor(position / rate);
    this.start = position;
  }

  add(frameEnergy: number): void {
    if (Math.floor(this.position / this.rate) !== this.index) this.close();
    this.energy += frameEnergy;
    this.frames++;
    this.position++;
  }

  worst(): Success['worstSecond'] {
    this.closeOpenWindow();
    const chosen = this.best ?? this.fallback;
    return chosen ? { startSec: chosen.startSec, rmsDbfs: toDbfs(chosen.rms) } : null;
  }

  /** The RMS per whole second, in dBFS (null for seconds not compared). */
  perSecond(): Array<number | null> {
    this.closeOpenWindow();
    return Array.from(this.seconds, (rms) => (rms === undefined ? null : toDbfs(rms)));
  }

  /** Counts the window in progress once all frames are in: the readers see the same, in any order. */
  private closeOpenWindow(): void {
    if (this.frames > 0) this.close();
  }

  private close(): void {
    const candidate = { startSec: this.start / this.rate, rms: Math.sqrt(this.energy / (this.frames * this.channels)) };
    const better = (current: typeof candidate | null) => current === null || candidate.rms > current.rms;
    if (this.frames >= this.rate / 2 && better(this.best)) this.best = candidate;
    if (better(this.fallback)) this.fallback = candidate;
    this.seconds[this.index] = candidate.rms;
    this.index = Math.floor(this.position / this.rate);
    this.start = this.position;
    this.energy = 0;
    this.frames = 0;
  }
}

/** Reads `frames` from every stem and sums them at unity into `sum`; returns the frames all had. */
async function sumStems(stems: readonly Probed[], cursors: readonly FrameCursor[], sum: Float64Array[], scratch: Float32Array[], frames: number): Promise<number> {
  for (const ch of sum) ch.fill(0, 0, frames);
  let common = frames;
  for (let i = 0; i < stems.length; i++) {
    const n = await guarded(stems[i]!.path, cursors[i]!.read(scratch, 0, frames));
    common = Math.min(common, n);
    for (let ch = 0; ch < sum.length; ch++) {
      const into = sum[ch]!;
      const from = scratch[ch]!;
      for (let t = 0; t < n; t++) into[t] = into[t]! + from[t]!;
    }
  }
  return common;
}

/** An I/O or decode error, with the file it came from, so the outcome can name it. */
class FileReadError extends Error {
  constructor(readonly file: string, override readonly cause: unknown) {
    super(`${file}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

async function guarded<T>(file: string, pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    throw new FileReadError(file, err);
  }
}

async function closeAll(cursors: readonly FrameCursor[]): Promise<void> {
  await Promise.all(cursors.map((c) => c.close().catch(() => undefined)));
}
