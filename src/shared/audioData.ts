/**
 * Limits and shape of deliverables/pcm (decoded samples for playback), apart from protocol.ts so
 * browser code (the webviews) can use them without the LSP library and core. The peaks request's
 * limit is in overviewLimits.ts.
 */

/** Longest range one deliverables/pcm request may ask for, and most samples over all channels. */
export const MAX_PCM_SECONDS = 4;
export const MAX_PCM_SAMPLES = 1 << 21;

/** The most frames of a file at `sampleRate` with `channels` one deliverables/pcm request may ask for. */
export function maxPcmFrames(sampleRate: number, channels: number): number {
  return Math.max(1, Math.min(Math.floor(MAX_PCM_SECONDS * sampleRate), Math.floor(MAX_PCM_SAMPLES / Math.max(1, channels))));
}

/** The reply body of deliverables/pcm. */
export interface PcmBody {
  sampleRate: number;
  startFrame: number;
  /** Frames decoded: fewer than asked at the end of the file, 0 past it. */
  frames: number;
  /** Per channel, the samples as little-endian Float32 in base64 (JSON-RPC carries text). */
  channels: string[];
}
