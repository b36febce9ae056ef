import { promises as fs } from 'node:fs';

/**
 * The one way core reads bytes: positional reads into a caller's buffer. Readers never ask for a
 * whole file, so a 4 GB RF64 costs no more memory than a 4 KB WAV, and tests feed in-memory bytes.
 */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Reads up to `length` bytes at `position` into `buffer` at `offset`; returns bytes read (0 at end). */
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

/** A ByteSource over a file on disk, opened read-only (a validation run never writes). */
export async function openFileSource(path: string): Promise<ByteSource> {
  const handle = await fs.open(path, 'r');
  try {
    const { size } = await handle.stat();
    return {
      size,
      async read(buffer, offset, length, position) {
        const { bytesRead } = await handle.read(buffer, offset, length, position);
        return bytesRead;
      },
      close: () => handle.close(),
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** A ByteSource over bytes in memory: for tests and for the fuzzers. */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    async read(buffer, offset, length, position) {
      if (position >= bytes.length) return 0;
      const n = Math.min(length, bytes.length - position);
      buffer.set(bytes.subarray(position, position + n), offset);
      return n;
    },
    close: async () => undefined,
  };
}

/** Reads exactly `length` bytes at `position` (fewer only at end of source) into a new buffer. */
export async function readAt(source: ByteSource, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(Math.max(0, Math.min(length, source.size - position)));
  let filled = 0;
  while (filled < buffer.length) {
    const n = await source.read(buffer, filled, buffer.length - filled, position + filled);
    if (n === 0) break;
    filled += n;
  }
  return filled === buffer.length ? buffer : buffer.subarray(0, filled);
}

/** Opens `path`, reads `length` bytes at `position` (fewer at its end), and closes it. */
export async function readFileRange(path: string, position: number, length: number): Promise<Uint8Array> {
  const source = await openFileSource(path);
  try {
    return await readAt(source, position, length);
  } finally {
    await source.close();
  }
}

/** First window of a ReadAhead: a whole ordinary header (fmt, bext, LIST…) in one read. */
export const READ_AHEAD_MIN = 4 * 1024;
/** Largest window: no single read of a header walk is ever larger, whatever a header declares. */
export const READ_AHEAD_MAX = 64 * 1024;

/**
 * Small reads near each other through one buffer, for header walks: every read of a ByteSource
 * is a trip through the I/O pool, and a walk asks for 8 bytes per chunk. The window starts at
 * READ_AHEAD_MIN bytes and doubles, up to READ_AHEAD_MAX, each time the walk runs on past it, so a
 * file of 10,000 small chunks costs a handful of reads; a jump far ahead (past the sample data)
 * reads a small window again. No read is larger than READ_AHEAD_MAX unless one `at` asks for more.
 * Windows are never reused or written once read, so the views `at` returns stay valid for as
 * long as the caller keeps them.
 */
export class ReadAhead {
  private window: Uint8Array = new Uint8Array(0);
  private start = 0;
  private size = READ_AHEAD_MIN;

  constructor(readonly source: ByteSource) {}

  /** The bytes at [position, position + length), fewer only at the end of the source. */
  async at(position: number, length: number): Promise<Uint8Array> {
    const offset = position - this.start;
    const end = this.start + this.window.length;
    if (offset >= 0 && position + length <= end) return this.window.subarray(offset, offset + length);
    // Running on from the window (within one more window of it) means many small chunks: read
    // more at once. Anything else is a jump: start small again.
    const runningOn = offset >= 0 && position <= end + this.size;
    this.size = runningOn ? Math.min(2 * this.size, READ_AHEAD_MAX) : READ_AHEAD_MIN;
    const want = Math.max(length, this.size);
    this.window = await readAt(this.source, position, want);
    this.start = position;
    return this.window.subarray(0, Math.min(length, this.window.length));
  }
}
