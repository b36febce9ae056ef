import type { PcmChunk } from '../analysis/analyser';
import { openFileSource, type ByteSource } from '../io/fileSource';
import { decodePcm, undecodableReason, type DecodableProbe, type DecodeOptions } from './decode';
import { probeAudio } from './probe';

/** A probe taken earlier of a file that was `size` bytes long then. */
export interface KnownProbe {
  probe: DecodableProbe;
  size: number;
}

/**
 * Pull-style reading over decodePcm: "give me the next n frames" into the caller's arrays, however
 * the decoder cut its chunks. This is what reading several files in lockstep needs (sum stems,
 * compare against a mix, print an alternate mix): every file advances by the same number of frames
 * per step. Memory is the decoder's (bounded) plus the caller's arrays.
 *
 * A cursor built over a source leaves the source to its caller (tests pass in-memory sources);
 * one from `FrameCursor.open` owns the file it opened and closes it with itself.
 */
export class FrameCursor {
  private readonly chunks: AsyncGenerator<PcmChunk, void, undefined>;
  private chunk: PcmChunk | null = null;
  private used = 0;
  private ended = false;
  /** The file `open` opened, closed by `close`; null for a source the caller owns. */
  private owned: ByteSource | null = null;

  constructor(source: ByteSource, readonly probe: DecodableProbe, options: DecodeOptions = {}) {
    this.chunks = decodePcm(source, probe, options);
  }

  /**
   * Opens and probes `absPath` (or takes `known`, the probe of the file at its current size, and
   * reads no header at all) and returns a cursor that closes the file with itself; throws an
   * Error that names `displayPath` and says why when its samples cannot be decoded.
   */
  static async open(absPath: string, displayPath: string, options: DecodeOptions = {}, known?: KnownProbe): Promise<FrameCursor> {
    const source = await openFileSource(absPath);
    try {
      const probe = known && known.size === source.size ? known.probe : await probeAudio(source);
      if (!probe.ok) throw new Error(`${displayPath} is not readable audio: ${probe.issues.map((i) => i.message).join('; ') || 'unknown container'}`);
      const reason = undecodableReason(probe);
      if (reason) throw new Error(`${displayPath} cannot be decoded: ${reason}`);
      const cursor = new FrameCursor(source, probe, options);
      cursor.owned = source;
      return cursor;
    } catch (err) {
      await source.close();
      throw err;
    }
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

  /**
   * Adds `gain` × up to `frames` frames into `mix[channel]` from `offset` on (a float64 sum of
   * several files); returns how many came. Past the end of the data, `mix` is left as it was.
   * `mix` has one array per channel of the file, or fewer to take only the first channels.
   */
  async addInto(mix: readonly Float64Array[], offset: number, frames: number, gain: number): Promise<number> {
    return this.advance(frames, (chunk, from, n, done) => {
      for (let c = 0; c < mix.length; c++) {
        const src = chunk.channels[c]!;
        const dst = mix[c]!;
        for (let i = 0, s = from, d = offset + done; i < n; i++) dst[d++] += gain * src[s++]!;
      }
    });
  }

  /** Decodes and drops `frames` frames; returns how many there were. */
  async skip(frames: number): Promise<number> {
    return this.advance(frames, () => undefined);
  }

  /**
   * Stops the decoder (waits for a read in flight) so the source can be closed; closes it too when
   * `open` opened it.
   */
  async close(): Promise<void> {
    this.ended = true;
    this.chunk = null;
    const owned = this.owned;
    this.owned = null;
    try {
      await this.chunks.return(undefined);
    } finally {
      await owned?.close();
    }
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
