import { openFileSource, type ByteSource } from '../io/fileSource';
import { probeAudio } from '../audio/probe';
import { decodePcm, undecodableReason } from '../audio/decode';
import type { PcmChunk } from '../analysis/analyser';

/** What a stem's header says about its samples. */
export interface StemStreamInfo {
  sampleRate: number;
  channels: number;
  bitDepth: number;
  float: boolean;
  frames: number;
  timeReference: number | null;
}

/**
 * Reads one file's samples in exactly the block sizes its caller asks for, whatever chunk sizes
 * the decoder yields, so several files can be walked in lockstep (alternate mixes, sums). Memory
 * is one decoder chunk per file.
 */
export class StemReader {
  private chunk: PcmChunk | null = null;
  private offset = 0;

  private constructor(
    readonly info: StemStreamInfo,
    private readonly source: ByteSource,
    private readonly chunks: AsyncGenerator<PcmChunk, void, undefined>,
  ) {}

  /** Opens and probes `absPath`; throws an Error that says why when its samples cannot be decoded. */
  static async open(absPath: string, displayPath: string, signal?: AbortSignal): Promise<StemReader> {
    const source = await openFileSource(absPath);
    try {
      const probe = await probeAudio(source);
      if (!probe.ok) throw new Error(`${displayPath} is not readable audio: ${probe.issues.map((i) => i.message).join('; ') || 'unknown container'}`);
      const reason = undecodableReason(probe);
      if (reason) throw new Error(`${displayPath} cannot be decoded: ${reason}`);
      const f = probe.format;
      const info = { sampleRate: f.sampleRate, channels: f.channels, bitDepth: f.bitDepth, float: f.codec === 'float', frames: f.frames, timeReference: f.timeReference };
      return new StemReader(info, source, decodePcm(source, probe, { signal }));
    } catch (err) {
      await source.close();
      throw err;
    }
  }

  /**
   * Adds `gain` × the next `frames` frames into `mix` (one array per channel, from index 0).
   * Returns the frames added: fewer once the file ends, and the rest of `mix` is left as it was.
   */
  async addInto(mix: Float64Array[], frames: number, gain: number): Promise<number> {
    let done = 0;
    while (done < frames) {
      if (this.chunk === null || this.offset >= this.chunk.frames) {
        const next = await this.chunks.next();
        if (next.done) {
          this.chunk = null;
          break;
        }
        this.chunk = next.value;
        this.offset = 0;
      }
      const n = Math.min(frames - done, this.chunk.frames - this.offset);
      for (let c = 0; c < mix.length; c++) {
        const src = this.chunk.channels[c];
        const dst = mix[c];
        for (let i = 0, s = this.offset, d = done; i < n; i++) dst[d++] += gain * src[s++];
      }
      this.offset += n;
      done += n;
    }
    return done;
  }

  /** Ends the decoder (it waits for its read in flight) and closes the file. */
  async close(): Promise<void> {
    try {
      await this.chunks.return();
    } finally {
      await this.source.close();
    }
  }
}
