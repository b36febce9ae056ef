import { openFileSource } from '../io/fileSource';
import { probeAudio } from '../audio/probe';
import { streamInfo, undecodableReason, type DecodableProbe } from '../audio/decode';
import { analyseSource } from './analyseFile';
import { levelsAnalyser, levelsAnalysisFields } from './levels';
import { createLoudnessAnalyser } from './loudness';
import { createTruePeakAnalyser } from './truePeak';
import { MIN_BLOCK_FRAMES, recyclingOverviewAnalyser } from './overview';
import { serialisePackedOverview } from './overviewCodec';
import type { ClipRun } from './clipping';
import { toDbfs } from './dbfs';

/** Bump when any analyser's results change: cached results of another version are ignored. */
export const ANALYSER_VERSION = '3.4';

/**
 * The `analysis` object of DESIGN.md's JSON output (unrounded; rounding is for output only).
 * Every audio file carries one; fields are null where a measure does not apply or could not be
 * taken (a codec we cannot decode, digital silence for levels in dB, loudness below
 * MIN_LOUDNESS_RATE). Every number is finite: JSON has no NaN or Infinity.
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
    // The probe's own words when it named the problem (format tag, declared width, compression).
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
  if (streamInfo(probe).totalFrames === 0) return noFrames(probe);
  const total = probe.format.frames;
  let lastReport = 0;
  const run = await analyseSource(source, probe, [levelsAnalyser, createLoudnessAnalyser, createTruePeakAnalyser, recyclingOverviewAnalyser(serialisePackedOverview)] as const, {
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
  const fields: FileAnalysisFields = finiteFields({
    ...emptyAnalysisFields(),
    ...(levelsAnalysisFields(levels) as Partial<FileAnalysisFields>),
    truePeakDbtp: truePeak.truePeakDbtp,
    integratedLufs: loudness.integratedLufs,
    lraLu: loudness.lraLu,
    momentaryMaxLufs: loudness.momentaryMaxLufs,
    shortTermMaxLufs: loudness.shortTermMaxLufs,
  });
  const analysis: FileAnalysis = {
    fields,
    clipRuns: levels.clipping.runs,
    clippedSamples: levels.clipping.clippedSamples,
    overFullScaleFirstSec: finiteOrNull(levels.overFullScale?.firstSec ?? null),
    channelPeaksDbfs: levels.channelPeaks.map(toDbfs),
    channelTruePeaksDbtp: truePeak.channelTruePeakDbtp.map(finiteOrNull),
    frames: run.frames,
    expectedFrames: run.expectedFrames,
  };
  return { ok: true, analysis, overview };
}

function finiteOrNull(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

/**
 * The one place the fields are assembled: whatever an analyser let through, a NaN or infinite
 * number becomes null ("no value"), which is also what JSON.stringify would silently make of it.
 */
function finiteFields(fields: FileAnalysisFields): FileAnalysisFields {
  const out: Record<string, number | boolean | null> = { ...fields };
  for (const [key, value] of Object.entries(out)) {
    if (typeof value === 'number' && !Number.isFinite(value)) out[key] = null;
  }
  return out as unknown as FileAnalysisFields;
}

/**
 * A file whose header is fine but holds no whole frame: nothing to decode, so no analyser runs
 * (their setup is per declared channel, and a header may declare 65535 of them). The fields are
 * what the analysers give for an empty stream: no level, no loudness, silent, no clipping.
 */
function noFrames(probe: DecodableProbe): AnalysisOutcome {
  const { channels, sampleRate } = probe.format;
  const float = probe.format.codec === 'float';
  const stereo = channels === 2 ? false : null;
  const fields: FileAnalysisFields = {
    ...emptyAnalysisFields(),
    clippedRuns: 0,
    leadingSilenceSec: 0,
    trailingSilenceSec: 0,
    dualMono: stereo,
    silent: true,
    invertedPolarity: stereo,
    overFullScaleSamples: float ? 0 : null,
    effectiveBitDepth: 0,
  };
  const none = new Array<number | null>(channels).fill(null);
  const empty = new Float32Array(0);
  const overview = serialisePackedOverview({ channels, sampleRate, totalFrames: 0, blockFrames: MIN_BLOCK_FRAMES, blocks: 0, min: empty, max: empty });
  const analysis: FileAnalysis = {
    fields,
    clipRuns: [],
    clippedSamples: 0,
    overFullScaleFirstSec: null,
    channelPeaksDbfs: none,
    channelTruePeaksDbtp: [...none],
    frames: 0,
    expectedFrames: 0,
  };
  return { ok: true, analysis, overview };
}
