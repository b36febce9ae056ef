import { FrameCursor, type KnownProbe } from './frameCursor';

/**
 * A few seconds of decoded samples from anywhere in a file, for playback in a webview: the decoder
 * seeks to the first frame (nothing before it is read) and stops after `frames`. Memory is the
 * decoder's read buffers plus the frames asked for, which callers bound (MAX_PCM_SECONDS).
 */
export interface PcmRange {
  sampleRate: number;
  /** First frame of `channels` in the file, and how many frames came (fewer at the end of the file). */
  startFrame: number;
  frames: number;
  /** One array per channel of the file, `frames` long. */
  channels: Float32Array[];
}

/**
 * Decodes [startFrame, startFrame + frames) of `absPath`; throws an Error naming `displayPath` when
 * it cannot. With `known` (the server's memoised probe), only the asked range is read.
 */
export async function readPcmRange(absPath: string, displayPath: string, startFrame: number, frames: number, known?: KnownProbe): Promise<PcmRange> {
  const cursor = await FrameCursor.open(absPath, displayPath, { startFrame, finiteOnly: true, chunkFrames: Math.max(1, Math.min(frames, 16_384)) }, known);
  try {
    const { channels, sampleRate } = cursor.probe.format;
    const out = Array.from({ length: channels }, () => new Float32Array(frames));
    const got = await cursor.read(out, 0, frames);
    return { sampleRate, startFrame, frames: got, channels: got === frames ? out : out.map((c) => c.slice(0, got)) };
  } finally {
    await cursor.close();
  }
}
