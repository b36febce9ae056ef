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
