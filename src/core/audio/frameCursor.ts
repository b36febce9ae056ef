import type { PcmChunk } from '../analysis/analyser';
import type { ByteSource } from '../io/fileSource';
import { decodePcm, type DecodableProbe, type DecodeOptions } from './decode';

/**
 * Pull-style reading over decodePcm: "give me the next n frames" into the caller's arrays, however
 * the decoder cut its chunks. This is what reading several files in lockstep needs (sum stems,
 * compare against a mix): every file advances by the same number of frames per step. Memory is the
 * decoder's (bounded) plus the caller's arrays.
 */
export class FrameCursor {
  private readonly chunks: AsyncGenerator<PcmChunk, void, undefined>;
  private chunk: PcmChunk | null = null;
  private used = 0;
  private ended = false;

  constructor(source: ByteSource, probe: DecodableProbe, options: DecodeOptions = {}) {
    this.chunks = decodePcm(source, probe, options);
  }

  /**
   * Copies up to `frames` frames into `dest[channel]` from `offset` on; returns how many came
   * (fewer only at the end of the data). `dest` must have one array per channel of the file.
   */
  async read(dest: readonly Float32Array[], offset: number, frames: number): Promise<number> {
    return this.advance(frames, (chunk, from, n, done) => {
      dest.forEach((out, ch) => out.set(chunk.channels[ch]!.subarray(from, from + n), offset + done));
    });
  }

  /** Decodes and drops `frames` frames; returns how many there were. */
  async skip(frames: number): Promise<number> {
    return this.advance(frames, () => undefined);
  }

  /** Stops the decoder (waits for a read in flight) so the source can be closed. */
  async close(): Promise<void> {
    this.ended = true;
    this.chunk = null;
    await this.chunks.return(undefined);
  }

  private async advance(frames: number, take: (chunk: PcmChunk, from: number, n: number, done: number) => void): Promise<number> {
    let done = 0;
    while (done < frames) {
      if (!this.chunk || this.used >= this.chunk.frames) {
        if (this.ended) break;
        // The decoder reuses its arrays: the previous chunk is fully used before asking again.
        const next = await this.chunks.next();
        if (next.done) {
          this.ended = true;
          this.chunk = null;
          break;
        }
        this.chunk = next.value;
        this.used = 0;
      }
      const n = Math.min(frames - done, this.chunk.frames - this.used);
      take(this.chunk, this.used, n, done);
      this.used += n;
      done += n;
    }
    return done;
  }
}
