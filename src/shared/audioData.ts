/**
 * Limits and shape of deliverables/pcm (decoded samples for playback), apart from protocol.ts so
 * browser code (the webviews) can use them without the LSP library and core. The peaks request's
 * limit is in overviewLimits.ts.
 */
import { isFiniteNumber, isRecord } from './guards';

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

/** The `pcm` message both webviews get from their host: deliverables/pcm's reply, with the request it answers. */
export type PcmReplyMessage = { type: 'pcm'; requestId: number } & ({ ok: true; body: PcmBody } | { ok: false; error: string });

/**
 * A `pcm` reply from a host as both webviews read it (trusted, but a malformed one must not make
 * the player throw): a request id and either a body of numbers and per-channel base64 text, or an error.
 */
export function isPcmReply(raw: Record<string, unknown>): boolean {
  if (!isFiniteNumber(raw.requestId)) return false;
  if (raw.ok !== true) return raw.ok === false && typeof raw.error === 'string';
  const body = raw.body;
  return isRecord(body) && isFiniteNumber(body.sampleRate) && isFiniteNumber(body.startFrame) && isFiniteNumber(body.frames)
    && Array.isArray(body.channels) && body.channels.every((c) => typeof c === 'string');
}
