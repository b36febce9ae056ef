import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Delivery } from '../delivery/delivery';
import type { DeliveryFile, StemGroup } from '../delivery/model';
import { openWavWriter, type BextMetadata, type WavWriteFormat, type WavWriter } from '../audio/wavWriter';
import { fromDbfs, toDbfs } from '../analysis/dbfs';
import { FrameCursor } from '../audio/frameCursor';
import { exampleName } from '../rules/naming/namePattern';
import { absolutePath } from '../delivery/deliveryPath';

/**
 * Alternate mixes printed from the stems, the reason stems exist (DESIGN.md): the stems of the
 * kind are streamed in lockstep, summed in float64 with their gains and written in the stems'
 * format. Which stems go in:
 * - instrumental: every stem but vocals and backing vocals;
 * - a-cappella: vocals and backing vocals only;
 * - tv (production only / backing track): every stem but the lead vocal (`vocals`); backing
 *   vocals stay, as they are part of the track an artist sings over on TV;
 * - vocal-up / vocal-down: every stem, the lead vocal (`vocals`) ± `db`; backing vocals stay at
 *   unity, as in a mix engineer's vocal-up pass, which rides the lead. A delivery that prints all
 *   vocals to one stem raises them all.
 * A stem with no group (the classifier could not tell) counts as a non-vocal stem, and the
 * outcome says so.
 */

export const ALT_MIX_KINDS = ['instrumental', 'a-cappella', 'tv', 'vocal-up', 'vocal-down'] as const;
export type AltMixKind = (typeof ALT_MIX_KINDS)[number];
export const DEFAULT_VOCAL_DB = 1;

/** The word each kind has in a file name; the classifier reads it back as the same kind. */
export const ALT_MIX_LABELS: Readonly<Record<AltMixKind, string>> = {
  instrumental: 'Instrumental',
  'a-cappella': 'Acapella',
  tv: 'TV',
  'vocal-up': 'VocalUp',
  'vocal-down': 'VocalDown',
};

/** How an engineer says each kind in a sentence. */
export const ALT_MIX_NAMES: Readonly<Record<AltMixKind, string>> = {
  instrumental: 'instrumental',
  'a-cappella': 'a cappella',
  tv: 'TV mix',
  'vocal-up': 'vocal-up mix',
  'vocal-down': 'vocal-down mix',
};

const VOCAL_GROUPS: ReadonlySet<StemGroup | null> = new Set(['vocals', 'backing-vocals']);
/** Frames mixed per block: bounded memory whatever the length. */
const BLOCK_FRAMES = 16_384;

/** A render that cannot be made as asked (no stems, mismatched formats…): the message says why. */
export class AltMixError extends Error {
  override readonly name = 'AltMixError';
}

export interface AltMixOptions {
  kind: AltMixKind;
  /** Vocal gain change for vocal-up / vocal-down, in dB (positive); default 1 dB. */
  db?: number;
  /** Output file (absolute or relative to the working folder); default: beside the references. */
  out?: string;
  signal?: AbortSignal;
  onProgress?: (framesDone: number, framesTotal: number) => void;
}

export interface AltMixStem {
  path: string;
  group: StemGroup | null;
  gainDb: number;
}

export interface AltMixOutcome {
  kind: AltMixKind;
  /** Absolute path written; never an existing file. */
  file: string;
  format: { sampleRate: number; channels: number; bitDepth: 16 | 24 | 32; float: boolean };
  frames: number;
  durationSec: number;
  /** Sample peak of the sum before it is written; null for digital silence. */
  peakDbfs: number | null;
  /** Samples clamped to full scale (integer output) or beyond ±1.0 (float output). */
  clippedSamples: number;
  stems: AltMixStem[];
  /** Stems of the delivery left out of this kind. */
  leftOut: string[];
  /** What an engineer should know about the render (shorter stems, ungrouped stems…). */
  notes: string[];
}

/** Which stems go in, with which gain (dB); null leaves the stem out. */
export function stemGainDb(kind: AltMixKind, group: StemGroup | null, db = DEFAULT_VOCAL_DB): number | null {
  const vocal = VOCAL_GROUPS.has(group);
  switch (kind) {
    case 'instrumental': return vocal ? null : 0;
    case 'a-cappella': return vocal ? 0 : null;
    case 'tv': return group === 'vocals' ? null : 0;
    case 'vocal-up': return group === 'vocals' ? db : 0;
    case 'vocal-down': return group === 'vocals' ? -db : 0;
  }
}

/** Which stems the kind takes, and what it changes; throws AltMixError when it would not be that kind. */
export function planAltMix(delivery: Delivery, kind: AltMixKind, db = DEFAULT_VOCAL_DB): { stems: AltMixStem[]; leftOut: string[]; notes: string[] } {
  if (!(Number.isFinite(db) && db > 0)) throw new AltMixError(`the vocal gain must be a positive number of dB, not ${db}`);
  const all = delivery.files.filter((f) => f.role === 'stem' && f.audio);
  if (all.length === 0) throw new AltMixError('the delivery has no stems to render from');
  const stems: AltMixStem[] = [];
  const leftOut: string[] = [];
  for (const f of all) {
    const gainDb = stemGainDb(kind, f.group, db);
    if (gainDb === null) leftOut.push(f.path);
    else stems.push({ path: f.path, group: f.group, gainDb });
  }
  const changed = leftOut.length > 0 || stems.some((s) => s.gainDb !== 0);
  if (stems.length === 0) {
    throw new AltMixError(`no stem goes into the ${ALT_MIX_NAMES[kind]}: ${kind === 'a-cappella' ? 'no stem is grouped as vocals or backing-vocals' : 'every stem is a vocal stem'}`);
  }
  if (!changed) {
    const which = kind === 'instrumental' ? 'vocals or backing-vocals' : 'vocals (the lead vocal)';
    throw new AltMixError(`no stem is grouped as ${which}, so the ${ALT_MIX_NAMES[kind]} would be the full mix; name the vocal stem so it says VOX or VOCALS (BGV for backing vocals) and its group is recognised`);
  }
  const notes = stems.filter((s) => s.group === null).map((s) => `${s.path} has no stem group; it is summed as a non-vocal stem`);
  return { stems, leftOut, notes };
}

/** Renders the alternate mix and writes it under a name no file has yet. */
export async function renderAltMix(delivery: Delivery, options: AltMixOptions): Promise<AltMixOutcome> {
  const plan = planAltMix(delivery, options.kind, options.db ?? DEFAULT_VOCAL_DB);
  const readers: FrameCursor[] = [];
  try {
    for (const s of plan.stems) readers.push(await FrameCursor.open(absolutePath(delivery.root, s.path), s.path, { signal: options.signal }));
    const format = outputFormat(plan.stems, readers);
    const frames = Math.max(...readers.map((r) => r.probe.format.frames));
    const notes = [...plan.notes, ...lengthNotes(plan.stems, readers, frames, format.sampleRate)];
    const target = options.out ? path.resolve(options.out) : defaultAltMixPath(delivery, options.kind);
    await fs.mkdir(path.dirname(target), { recursive: true });
    const { writer, file } = await openUnused(target, { ...format, ...bextFor(options.kind, readers) });
    try {
      const mixed = await mixInto(writer, readers, plan.stems.map((s) => fromDbfs(s.gainDb)), frames, options);
      const summary = await writer.close();
      return {
        kind: options.kind, file, format: { sampleRate: format.sampleRate, channels: format.channels, bitDepth: format.bitDepth, float: format.float === true },
        frames: summary.frames, durationSec: summary.frames / format.sampleRate, peakDbfs: toDbfs(mixed.peak),
        clippedSamples: summary.clippedSamples, stems: plan.stems, leftOut: plan.leftOut, notes,
      };
    } catch (err) {
      await writer.abort();
      throw err;
    }
  } finally {
    for (const r of readers) await r.close().catch(() => undefined);
  }
}

/** Sums every block in float64 and writes it; returns the sum's sample peak (linear). */
async function mixInto(writer: WavWriter, readers: FrameCursor[], gains: number[], frames: number, options: AltMixOptions): Promise<{ peak: number }> {
  const channels = readers[0]!.probe.format.channels;
  const sum = Array.from({ length: channels }, () => new Float64Array(BLOCK_FRAMES));
  const out = Array.from({ length: channels }, () => new Float32Array(BLOCK_FRAMES));
  let peak = 0;
  for (let done = 0; done < frames; done += BLOCK_FRAMES) {
    options.signal?.throwIfAborted();
    const n = Math.min(BLOCK_FRAMES, frames - done);
    for (const ch of sum) ch.fill(0, 0, n);
    for (let i = 0; i < readers.length; i++) await readers[i]!.addInto(sum, 0, n, gains[i]!);
    for (let c = 0; c < channels; c++) {
      const s = sum[c]!;
      const o = out[c]!;
      for (let i = 0; i < n; i++) {
        const v = s[i];
        const a = v < 0 ? -v : v;
        if (a > peak) peak = a;
        o[i] = v;
      }
    }
    await writer.write(n === BLOCK_FRAMES ? out : out.map((o) => o.subarray(0, n)));
    options.onProgress?.(done + n, frames);
  }
  return { peak };
}

/**
 * The stems' rate and channels (they must agree: a sum across rates or layouts means nothing),
 * and the widest of their sample formats, so no stem loses resolution: float if any stem is
 * float, else the largest bit depth. Integer output is TPDF-dithered.
 */
function outputFormat(stems: AltMixStem[], readers: FrameCursor[]): WavWriteFormat & { float: boolean } {
  const describe = (key: 'sampleRate' | 'channels') => stems.map((s, i) => `${s.path}: ${readers[i]!.probe.format[key]}`).join(', ');
  const rates = new Set(readers.map((r) => r.probe.format.sampleRate));
  if (rates.size > 1) throw new AltMixError(`the stems have different sample rates (${describe('sampleRate')} Hz); convert them to one rate before rendering`);
  const layouts = new Set(readers.map((r) => r.probe.format.channels));
  if (layouts.size > 1) throw new AltMixError(`the stems have different channel counts (${describe('channels')}); stems are printed with one layout`);
  const float = readers.some((r) => r.probe.format.codec === 'float');
  const widest = Math.max(...readers.map((r) => r.probe.format.bitDepth));
  const bitDepth: 16 | 24 | 32 = float || widest > 24 ? 32 : widest > 16 ? 24 : 16;
  return { sampleRate: readers[0]!.probe.format.sampleRate, channels: readers[0]!.probe.format.channels, bitDepth, float, ...(float ? {} : { dither: 'tpdf' as const }) };
}

function lengthNotes(stems: AltMixStem[], readers: FrameCursor[], frames: number, rate: number): string[] {
  return stems.flatMap((s, i) => {
    const short = frames - readers[i]!.probe.format.frames;
    return short > 0 ? [`${s.path} is ${short} samples (${(short / rate).toFixed(3)} s) shorter than the longest stem; rendered to the longest, silence after its end`] : [];
  });
}

/** Stems that share a BWF time reference give it to the render, so it lines up with them. */
function bextFor(kind: AltMixKind, readers: FrameCursor[]): { bext?: BextMetadata } {
  const refs = new Set(readers.map((r) => r.probe.format.timeReference));
  const [ref] = refs;
  if (refs.size !== 1 || ref === null || ref === undefined) return {};
  return { bext: { timeReference: ref, description: `${ALT_MIX_NAMES[kind]} rendered from the stems`, originator: 'audio-deliverables' } };
}

/**
 * `<references folder or root>/<Artist>_<Title>_<Kind>.wav`, or the spec's naming pattern when it
 * has one; the references folder is the spec's, else the one the delivered references sit in.
 */
export function defaultAltMixPath(delivery: Delivery, kind: AltMixKind): string {
  const folder = delivery.effective.references.folder ?? mostCommonFolder(delivery.files.filter((f) => f.role === 'reference'));
  const { project } = delivery.effective;
  const label = ALT_MIX_LABELS[kind];
  const pattern = delivery.effective.naming.pattern;
  const named = [project.artist, project.title].filter((s): s is string => s !== null);
  const base = pattern
    ? exampleName(pattern, project, { role: 'reference', group: null, kind }, label)
    : [...(named.length > 0 ? named : [path.basename(delivery.root)]), label].join('_');
  return path.join(delivery.root, folder ?? '', `${safeName(base)}.wav`);
}

function mostCommonFolder(files: DeliveryFile[]): string | null {
  const counts = new Map<string, number>();
  for (const f of files) {
    const dir = path.posix.dirname(f.path);
    counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [dir, n] of counts) if (best === null || n > counts.get(best)!) best = dir;
  return best === '.' ? null : best;
}

/** Characters no file system takes in a name become "-" ("AC/DC" → "AC-DC"). */
function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '-').replace(/^[\s.]+|[\s.]+$/g, '') || 'Render';
}

/** Opens `target` with 'wx'; when taken, "name (2).wav", "name (3).wav"… Never overwrites. */
async function openUnused(target: string, format: WavWriteFormat): Promise<{ writer: WavWriter; file: string }> {
  const ext = path.extname(target);
  const stem = target.slice(0, target.length - ext.length);
  for (let n = 1; n <= 999; n++) {
    const file = n === 1 ? target : `${stem} (${n})${ext}`;
    try {
      return { writer: await openWavWriter(file, format), file };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new AltMixError(`${target} and 998 numbered variants already exist; choose another name with --out`);
}

