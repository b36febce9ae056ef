import type { PcmChunk } from './analyser';
import { fromDbfs } from './dbfs';

/**
 * Leading / trailing silence and whole-file silence. A frame is sound when any channel reaches
 * SILENCE_THRESHOLD_DBFS; -90 dBFS sits just above one 16-bit LSB (-90.3 dBFS), so 16-bit dither
 * of ±1 LSB counts as silence while anything a listener could hear does not. The scans run only
 * from the edges inward (forward until the first sound, backward from each chunk's end), so music
 * costs a few samples per chunk.
 */

export const SILENCE_THRESHOLD_DBFS = -90;

export interface SilenceResult {
  thresholdDbfs: number;
  /** Seconds before the first frame at or above the threshold (the whole length when silent). */
  leadingSec: number;
  /** Seconds after the last such frame (the whole length when silent). */
  trailingSec: number;
  /** No sample reaches the threshold (includes digital silence and empty files). */
  silent: boolean;
}

export class SilenceEdges {
  private readonly threshold = fromDbfs(SILENCE_THRESHOLD_DBFS);
  private firstSound = -1;
  private lastSound = -1;

  /** `chunkPeaks[c]` is the chunk's max |x| on channel c: quiet channels are skipped outright. */
  push(chunk: PcmChunk, chunkPeaks: Float64Array): void {
    const n = chunk.frames;
    const thr = this.threshold;
    if (this.firstSound < 0) {
      let first = n;
      for (let c = 0; c < chunk.channels.length; c++) {
        if (chunkPeaks[c]! < thr) continue;
        const d = chunk.channels[c]!;
        for (let i = 0; i < first; i++) {
          if (Math.abs(d[i]!) >= thr) {
            first = i;
            break;
          }
        }
      }
      if (first < n) this.firstSound = chunk.startFrame + first;
    }
    let last = -1;
    for (let c = 0; c < chunk.channels.length; c++) {
      if (chunkPeaks[c]! < thr) continue;
      const d = chunk.channels[c]!;
      for (let i = n - 1; i > last; i--) {
        if (Math.abs(d[i]!) >= thr) {
          last = i;
          break;
        }
      }
    }
    if (last >= 0) this.lastSound = chunk.startFrame + last;
  }

  finish(totalFrames: number, sampleRate: number): SilenceResult {
    const silent = this.firstSound < 0;
    const leading = silent ? totalFrames : this.firstSound;
    const trailing = silent ? totalFrames : totalFrames - this.lastSound - 1;
    return { thresholdDbfs: SILENCE_THRESHOLD_DBFS, leadingSec: leading / sampleRate, trailingSec: trailing / sampleRate, silent };
  }
}
