import { openFileSource } from '../io/fileSource';
import { probeAudio } from '../audio/probe';
import { undecodableReason, type DecodableProbe } from '../audio/decode';
import { analyseSource } from './analyseFile';
import { levelsAnalyser, levelsAnalysisFields } from './levels';
import { createLoudnessAnalyser } from './loudness';
import { createTruePeakAnalyser } from './truePeak';
import { overviewAnalyser } from './overview';
import { serialiseOverview } from './overviewCodec';
import type { ClipRun } from './clipping';

/** Bump when any analyser's results change: cached results of another version are ignored. */
export const ANALYSER_VERSION = '3.2';

/**
 * The `analysis` object of DESIGN.md's JSON output (unrounded; rounding is for output only).
 * Every audio file carries one; fields are null where a measure does not apply or could not be
 * taken (a codec we cannot decode, digital silence for levels in dB).
 */
export interface FileAnalysisFields {
  samplePeakDbfs: number | null;
  truePeakDbtp: number | null;
  integratedLufs: number | null;
  lraLu: number | null;
  dcOffsetDbfs: number | null;
  clippedRuns: number | null;
  leadingSilenceSec: number | null;
  trailingSilenceSec: number | null;
  dualMono: boolean | null;
  silent: boolean | null;
  invertedPolarity: boolean | null;
  overFullScaleSamples: number | null;
  effectiveBitDepth: number | null;
  momentaryMaxLufs: number | null;
  shortTermMaxLufs: number | null;
}

/** What rules and views need beyond the JSON fields. */
export interface FileAnalysis {
  fields: FileAnalysisFields;
  /** The earliest clipping runs (times for findings and markers). */
  clipRuns: ClipRun[];
  clippedSamples: number;
  overFullScaleFirstSec: number | null;
  channelPeaksDbfs: Array<number | null>;
  channelTruePeaksDbtp: Array<number | null>;
  /** Frames really decoded; fewer than `expectedFrames` when the file shrank while being read. */
  frames: number;
  expectedFrames: number;
}

export type AnalysisOutcome =
  | { ok: true; analysis: FileAnalysis; overview: Uint8Array }
  | { ok: false; reason: string };

export interface AnalyseFileOptions {
  signal?: AbortSignal;
  /** Fraction done, 0..1, after each chunk. */
  onProgress?: (fraction: number) => void;
}

export function emptyAnalysisFields(): FileAnalysisFields {
  return {
    samplePeakDbfs: null, truePeakDbtp: null, integratedLufs: null, lraLu: null, dcOffsetDbfs: null,
    clippedRuns: null, leadingSilenceSec: null, trailingSilenceSec: null, dualMono: null, silent: null,
    invertedPolarity: null, overFullScaleSamples: null, effectiveBitDepth: null, momentaryMaxLufs: null,
    shortTermMaxLufs: null,
  };
}

/** Decodes one file once and runs every analyser over it. Never throws: failures are outcomes. */
export async function analyseFile(absPath: string, options: AnalyseFileOptions = {}): Promise<AnalysisOutcome> {
  let source;
  try {
    source = await openFileSource(absPath);
  } catch (err) {
    return { ok: false, reason: `cannot be opened: ${(err as Error).message}` };
  }
  try {
    const probe = await probeAudio(source);
    if (!probe.ok) return { ok: false, reason: probe.issues.map((i) => i.message).join('; ') || 'not readable audio' };
    const why = undecodableReason(probe);
    if (why) return { ok: false, reason: why };
    return await analyseProbed(source, probe, options);
  } catch (err) {
    if (options.signal?.aborted) throw err;
    return { ok: false, reason: `analysis failed: ${(err as Error).message}` };
  } finally {
    await source.close().catch(() => undefined);
  }
}

async function analyseProbed(source: Awaited<ReturnType<typeof openFileSource>>, probe: DecodableProbe, options: AnalyseFileOptions): Promise<AnalysisOutcome> {
  const total = probe.format.frames;
  let lastReport = 0;
  const run = await analyseSource(source, probe, [levelsAnalyser, createLoudnessAnalyser, createTruePeakAnalyser, overviewAnalyser()] as const, {
    signal: options.signal,
    onProgress: options.onProgress && (({ framesDone }) => {
      // A report per ~1 % is plenty for a progress bar, and cheap across a worker boundary.
      if (total > 0 && framesDone - lastReport >= total / 100) {
        lastReport = framesDone;
        options.onProgress!(framesDone / total);
      }
    }),
  });
  const [levels, loudness, truePeak, overview] = run.results;
  const fields: FileAnalysisFields = {
    ...emptyAnalysisFields(),
    ...(levelsAnalysisFields(levels) as Partial<FileAnalysisFields>),
    truePeakDbtp: truePeak.truePeakDbtp,
    integratedLufs: loudness.integratedLufs,
    lraLu: loudness.lraLu,
    momentaryMaxLufs: loudness.momentaryMaxLufs,
    shortTermMaxLufs: loudness.shortTermMaxLufs,
  };
  const analysis: FileAnalysis = {
    fields,
    clipRuns: levels.clipping.runs,
    clippedSamples: levels.clipping.clippedSamples,
    overFullScaleFirstSec: levels.overFullScale?.firstSec ?? null,
    channelPeaksDbfs: levels.channelPeaks.map((p) => (p > 0 ? 20 * Math.log10(p) : null)),
    channelTruePeaksDbtp: truePeak.channelTruePeakDbtp,
    frames: run.frames,
    expectedFrames: run.expectedFrames,
  };
  return { ok: true, analysis, overview: serialiseOverview(overview) };
}
