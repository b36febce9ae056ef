/**
 * Fixtures for the stems null test: deliveries of stems plus a mix built from them exactly (a sum,
 * a gain change, a delay), so every expected residual can be computed by hand.
 */
import type { WavWriteFormat } from '../../../src/core/audio/wavWriter';
import type { ByteSource } from '../../../src/core/io/fileSource';
import { putFile, putWav, specWith, type Signal } from './ruleFixtures';

export const RATE = 48_000;
export const STEREO_FLOAT: WavWriteFormat = { sampleRate: RATE, channels: 2, bitDepth: 32, float: true };
export const STEREO_24: WavWriteFormat = { sampleRate: RATE, channels: 2, bitDepth: 24 };

/**
 * White noise of `amplitude`, a pure function of (frame, channel, seed) so that a mix can be
 * written as a sum of stems without keeping them in memory. Zero before frame 0.
 */
export function noise(amplitude: number, seed: number): Signal {
  return (i, c) => {
    if (i < 0) return 0;
    let t = Math.imul(i, 0x9e3779b1) ^ Math.imul(c + 1, 0x85ebca77) ^ Math.imul(seed, 0xc2b2ae3d);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return amplitude * (((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1);
  };
}

/** A signal rounded to what a 32-bit float file stores. */
export function asFloat32(signal: Signal): Signal {
  return (i, c) => Math.fround(signal(i, c));
}

/** A signal rounded to 24-bit integer codes (what a 24-bit file stores, exactly). */
export function as24Bit(signal: Signal): Signal {
  return (i, c) => Math.round(signal(i, c) * 2 ** 23) / 2 ** 23;
}

/** Σ signals, sample by sample (in float64: the test's own sum, not the code under test). */
export function sum(...signals: Signal[]): Signal {
  return (i, c) => signals.reduce((acc, s) => acc + s(i, c), 0);
}

export function delayed(signal: Signal, frames: number): Signal {
  return (i, c) => (i - frames < 0 ? 0 : signal(i - frames, c));
}

export function silentUntil(signal: Signal, frame: number): Signal {
  return (i, c) => (i < frame ? 0 : signal(i, c));
}

export interface NullTestFile {
  path: string;
  signal: Signal;
  frames: number;
  format?: WavWriteFormat;
}

export const MIX_PATH = 'References/Song_Main.wav';

/** Writes stems, a mix and a delivery.json asking for the null test against MIX_PATH. */
export async function writeNullTestDelivery(dir: string, files: readonly NullTestFile[], maxResidualDb = -40): Promise<void> {
  for (const f of files) await putWav(dir, f.path, f.format ?? STEREO_FLOAT, f.frames, f.signal);
  await putFile(dir, 'delivery.json', specWith({ stems: { folder: 'Stems', nullTest: { mix: MIX_PATH, maxResidualDb } } }));
}

/** A ByteSource that records the largest single read, to prove nothing reads a whole file. */
export function recordingSource(inner: ByteSource): ByteSource & { maxRead: number; bytesRead: number } {
  const wrapped = {
    size: inner.size,
    maxRead: 0,
    bytesRead: 0,
    async read(buffer: Uint8Array, offset: number, length: number, position: number) {
      wrapped.maxRead = Math.max(wrapped.maxRead, length);
      const n = await inner.read(buffer, offset, length, position);
      wrapped.bytesRead += n;
      return n;
    },
    close: () => inner.close(),
  };
  return wrapped;
}
