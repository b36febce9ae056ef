import * as fsModule from 'node:fs';
import { promises as fs } from 'node:fs';
import { isMainThread, parentPort } from 'node:worker_threads';
import { analyseFile } from '../../../src/core/analysis/fileAnalysis';
import { decodePcm, undecodableReason, type DecodableProbe } from '../../../src/core/audio/decode';
import { probeAudio } from '../../../src/core/audio/probe';
import { memorySource, type ByteSource } from '../../../src/core/io/fileSource';

/**
 * The robustness tests' worker (run through the project's WorkerPool, one file per task, with a
 * hard time bound): whatever a hostile file does to the engine — throw, loop forever, allocate
 * gigabytes — happens in a thread the pool can terminate, and the test reports it as a failure
 * instead of hanging CI. For one file on disk it
 *   1. probes the bytes from memory through a source that records every read,
 *   2. decodes them fully from memory when the probe says it can (the same recording),
 *   3. probes and starts decoding the same header followed by 3 GiB of virtual zeros, so any
 *      read sized from a declared length (a 4 GB data chunk, a 2^63 ds64 size) would show,
 *   4. runs the real analyseFile on the file, recording every read it makes of the file,
 * timing each step. It reports; the test decides what is acceptable.
 */

export interface ReadStats {
  reads: number;
  /** Largest single read requested, in bytes. */
  maxRead: number;
  /** Bytes requested in all. */
  totalBytes: number;
}

export interface StepReport {
  ms: number;
  /** The message of anything thrown (a step that must never throw). */
  threw: string | null;
}

export interface CaseReport {
  size: number;
  probe: StepReport & {
    ok: boolean;
    container: string;
    issues: Array<{ code: string; message: string }>;
    channels: number | null;
    frames: number | null;
    /** Why decodePcm would refuse the probe (null when it can decode it, or when the probe failed). */
    undecodable: string | null;
    reads: ReadStats;
  };
  /** Null when the probe gave nothing to decode. */
  decode: (StepReport & { frames: number; reads: ReadStats }) | null;
  /** The header followed by 3 GiB of zeros: only reads are judged (the first chunks are decoded). */
  padded: StepReport & { probeReads: ReadStats; decodeReads: ReadStats | null };
  analysis: StepReport & {
    /** The reads analyseFile made of the file on disk; `bytesRead` is what they returned. */
    reads: ReadStats & { bytesRead: number };
    ok: boolean | null;
    reason: string | null;
    frames: number | null;
    /** The JSON `analysis` fields when analysed. */
    fields: Record<string, number | boolean | null> | null;
    nonFinite: string[];
  };
}

/** Wraps a source and records the length of every read asked of it. */
export function recordingSource(inner: ByteSource): ByteSource & { stats: ReadStats } {
  const stats: ReadStats = { reads: 0, maxRead: 0, totalBytes: 0 };
  return {
    stats,
    size: inner.size,
    read(buffer, offset, length, position) {
      stats.reads++;
      stats.maxRead = Math.max(stats.maxRead, length);
      stats.totalBytes += length;
      return inner.read(buffer, offset, length, position);
    },
    close: () => inner.close(),
  };
}

/** `head` followed by zeros up to `size` bytes, none of them in memory. */
export function paddedSource(head: Uint8Array, size: number): ByteSource {
  return {
    size,
    async read(buffer, offset, length, position) {
      if (position >= size) return 0;
      const n = Math.min(length, size - position);
      const fromHead = Math.max(0, Math.min(n, head.length - position));
      if (fromHead > 0) buffer.set(head.subarray(position, position + fromHead), offset);
      buffer.fill(0, offset + fromHead, offset + n);
      return n;
    },
    close: async () => undefined,
  };
}

export const PADDING_BYTES = 3 * 1024 ** 3;
/** Chunks decoded from the padded source: enough to see the decoder's read pattern. */
const PADDED_CHUNKS = 8;

/** The reads the decoder makes for its first chunks of `head` followed by PADDING_BYTES of zeros. */
export async function paddedDecodeReads(head: Uint8Array, probe: DecodableProbe): Promise<ReadStats> {
  const reads = recordingSource(paddedSource(head, head.length + PADDING_BYTES));
  let n = 0;
  for await (const chunk of decodePcm(reads, probe)) {
    void chunk;
    if (++n >= PADDED_CHUNKS) break;
  }
  return reads.stats;
}

/**
 * Runs `fn` with fs.promises.open wrapped so every read through a handle it opens is counted in
 * `stats`: the work an analysis does on the real file, whatever the machine's load. A worker runs
 * one task at a time, so nothing else opens files meanwhile.
 */
async function recordingFileReads<T>(stats: ReadStats & { bytesRead: number }, fn: () => Promise<T>): Promise<T> {
  const realOpen = fsModule.promises.open;
  fsModule.promises.open = (async (...args: Parameters<typeof realOpen>) => {
    const handle = await realOpen(...args);
    const realRead = handle.read.bind(handle) as (b: Uint8Array, o: number, l: number, p: number) => Promise<{ bytesRead: number; buffer: Uint8Array }>;
    (handle as unknown as { read: typeof realRead }).read = async (buffer, offset, length, position) => {
      stats.reads++;
      stats.maxRead = Math.max(stats.maxRead, length);
      stats.totalBytes += length;
      const result = await realRead(buffer, offset, length, position);
      stats.bytesRead += result.bytesRead;
      return result;
    };
    return handle;
  }) as typeof realOpen;
  try {
    return await fn();
  } finally {
    fsModule.promises.open = realOpen;
  }
}

function message(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T | null; threw: string | null }> {
  const start = performance.now();
  try {
    const value = await fn();
    return { ms: performance.now() - start, value, threw: null };
  } catch (err) {
    return { ms: performance.now() - start, value: null, threw: message(err) };
  }
}

/** Numbers of the JSON `analysis` object that are NaN or infinite (null is how "no value" is said). */
function nonFiniteFields(fields: object): string[] {
  return Object.entries(fields)
    .filter(([, v]) => typeof v === 'number' && !Number.isFinite(v))
    .map(([k, v]) => `${k}=${String(v)}`);
}

export async function examine(path: string): Promise<CaseReport> {
  const bytes = new Uint8Array(await fs.readFile(path));

  const memory = recordingSource(memorySource(bytes));
  const probed = await timed(() => probeAudio(memory));
  const result = probed.value;
  const undecodable = result?.ok ? undecodableReason(result) : null;
  const probe: CaseReport['probe'] = {
    ms: probed.ms,
    threw: probed.threw,
    ok: result?.ok ?? false,
    container: result ? (result.ok ? result.format.container : result.container) : 'unknown',
    issues: result ? result.issues.map((i) => ({ code: i.code, message: i.message })) : [],
    channels: result?.ok ? result.format.channels : null,
    frames: result?.ok ? result.format.frames : null,
    undecodable,
    reads: { ...memory.stats },
  };

  let decode: CaseReport['decode'] = null;
  if (result?.ok && !undecodable) {
    const reads = recordingSource(memorySource(bytes));
    let frames = 0;
    const run = await timed(async () => {
      for await (const chunk of decodePcm(reads, result)) frames += chunk.frames;
    });
    decode = { ms: run.ms, threw: run.threw, frames, reads: reads.stats };
  }

  const padded = recordingSource(paddedSource(bytes, bytes.length + PADDING_BYTES));
  let decodeReads: ReadStats | null = null;
  const paddedRun = await timed(async () => {
    const big = await probeAudio(padded);
    const probeReads = { ...padded.stats };
    if (big.ok && !undecodableReason(big)) decodeReads = await paddedDecodeReads(bytes, big);
    return probeReads;
  });

  const analysisReads = { reads: 0, maxRead: 0, totalBytes: 0, bytesRead: 0 };
  const analysed = await timed(() => recordingFileReads(analysisReads, () => analyseFile(path)));
  const outcome = analysed.value;
  return {
    size: bytes.length,
    probe,
    decode,
    padded: { ms: paddedRun.ms, threw: paddedRun.threw, probeReads: paddedRun.value ?? padded.stats, decodeReads },
    analysis: {
      ms: analysed.ms,
      threw: analysed.threw,
      reads: analysisReads,
      ok: outcome ? outcome.ok : null,
      reason: outcome && !outcome.ok ? outcome.reason : null,
      frames: outcome?.ok ? outcome.analysis.frames : null,
      fields: outcome?.ok ? { ...outcome.analysis.fields } : null,
      nonFinite: outcome?.ok ? nonFiniteFields(outcome.analysis.fields) : [],
    },
  };
}

// As a worker of the project's WorkerPool: one { id, path } per message, one result back.
const port = parentPort;
if (!isMainThread && port) {
  port.on('message', (task: { id: number; path: string }) => {
    void examine(task.path).then(
      (result) => port.postMessage({ type: 'result', id: task.id, result }),
      (err: unknown) => port.postMessage({ type: 'error', id: task.id, message: message(err) }),
    );
  });
}
