import { decodePcm, streamInfo, type DecodableProbe, type DecodeOptions } from '../audio/decode';
import type { ByteSource } from '../io/fileSource';
import type { Analyser, AnalyserFactory } from './analyser';

/**
 * Decodes a file once and feeds every chunk to every analyser: levels, overview, loudness, true
 * peak… whatever factories the caller passes, in one read of the file.
 */

export interface AnalyseProgress {
  framesDone: number;
  /** Frames expected (from the probe); framesDone may stop short if the file is cut while read. */
  totalFrames: number;
}

export interface AnalyseOptions extends DecodeOptions {
  /** Called after each chunk (every DEFAULT_CHUNK_FRAMES frames); throttle on the receiving side. */
  onProgress?: (progress: AnalyseProgress) => void;
}

/** The result type of each factory, position for position. */
export type AnalyserResults<F extends readonly AnalyserFactory<unknown>[]> = {
  -readonly [K in keyof F]: F[K] extends AnalyserFactory<infer R> ? R : never;
};

export interface AnalyseRun<T> {
  results: T;
  /** Frames decoded and analysed. */
  frames: number;
  /** Frames the probe promised; more than `frames` when the file shrank during the read. */
  expectedFrames: number;
}

/**
 * Runs `factories` over the decoded samples of `probe`'s file. Analysers never see a NaN or an
 * infinite sample: the decoder hands out 0 instead and counts them (PcmChunk.nonFinite). Throws
 * UndecodableError for codecs the decoder cannot read, and the signal's reason when aborted.
 */
export async function analyseSource<const F extends readonly AnalyserFactory<unknown>[]>(
  source: ByteSource,
  probe: DecodableProbe,
  factories: F,
  options: AnalyseOptions = {},
): Promise<AnalyseRun<AnalyserResults<F>>> {
  const info = streamInfo(probe);
  const analysers: Analyser<unknown>[] = factories.map((make) => make(info));
  let frames = 0;
  // Block stats come with each chunk (blockStats.ts), computed while decoding where possible.
  for await (const chunk of decodePcm(source, probe, { ...options, finiteOnly: true, withStats: true })) {
    for (const analyser of analysers) analyser.push(chunk);
    frames = chunk.startFrame + chunk.frames;
    options.onProgress?.({ framesDone: frames, totalFrames: info.totalFrames });
  }
  const results = analysers.map((a) => a.finish()) as AnalyserResults<F>;
  return { results, frames, expectedFrames: info.totalFrames };
}
