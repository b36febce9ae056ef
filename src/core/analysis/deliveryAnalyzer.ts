import * as os from 'node:os';
import * as path from 'node:path';
import type { DeliveryFile } from '../delivery/model';
import { mapLimit } from '../util/mapLimit';
import { AnalysisCache, type CacheKey } from './analysisCache';
import { analyseFile, ANALYSER_VERSION, type AnalysisOutcome, type FileAnalysis } from './fileAnalysis';
import { WorkerPool } from './workerPool';
import { PCM_CONTAINERS } from '../audio/decode';
import { sha256File } from '../integrity/checksums';
import { promises as fs } from 'node:fs';
import { FileMemo } from '../util/fileMemo';
import { absolutePath } from '../delivery/deliveryPath';

/** Analyses kept in memory at most (a few hundred bytes each). */
const MAX_RECENT = 50_000;

/** What is kept per analysed file: the analysis, or why there is none. */
export type StoredAnalysis = { ok: true; analysis: FileAnalysis } | { ok: false; reason: string };

export interface AnalyzerOptions {
  /** Worker threads; 0 analyses on the calling thread (benchmarks, tests). Default: the core count. */
  jobs?: number;
  /** Cache folder; null for none (`--no-cache`). */
  cacheDir: string | null;
  /** The worker script; default analysisWorker.js beside this module (or beside the bundle). */
  workerPath?: string;
}

export interface AnalyseProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

/**
 * Analyses the audio files of a delivery: cache first (path + size + mtime + analyser version),
 * the rest in worker threads, largest files first so the pool stays busy to the end. A file that
 * cannot be analysed (crash, time bound, undecodable codec) gets a reason, and the others go on.
 */
export class DeliveryAnalyzer {
  private readonly pool: WorkerPool<AnalysisOutcome> | null;
  private readonly cache: AnalysisCache<StoredAnalysis> | null;
  private readonly hashCache: AnalysisCache<string> | null;
  /**
   * With a cache: the analyses of this analyzer's life also in memory, by absolute path, so a
   * re-validation of unchanged files reads no cache file at all (1,000 files: 1,000 opens saved).
   */
  private readonly recent = new FileMemo<StoredAnalysis>(MAX_RECENT);
  readonly jobs: number;

  constructor(options: AnalyzerOptions) {
    this.jobs = options.jobs ?? Math.max(1, os.availableParallelism());
    this.cache = options.cacheDir ? new AnalysisCache<StoredAnalysis>(options.cacheDir, ANALYSER_VERSION) : null;
    this.hashCache = options.cacheDir ? new AnalysisCache<string>(options.cacheDir, 'sha256') : null;
    this.pool = this.jobs > 0
      ? new WorkerPool<AnalysisOutcome>({
        workerPath: options.workerPath ?? path.join(__dirname, 'analysisWorker.js'),
        size: this.jobs,
        // Generous: 2 minutes plus 1 s per 10 MB (a healthy file runs at hundreds of MB/s).
        timeoutMs: (task) => 120_000 + task.size / 10_000,
      })
      : null;
  }

  /**
   * Files worth decoding: audio whose header was read, stored as uncompressed PCM or float in a
   * layout the decoder reads (the probe flags the rest unsupported: 36-bit integers, 16-bit float…).
   */
  static analysable(f: DeliveryFile): boolean {
    return f.format !== null && f.format.codec !== 'other' && PCM_CONTAINERS.has(f.format.container) && f.format.frames > 0 &&
      !(f.probe?.issues.some((i) => i.code === 'unsupported') ?? false);
  }

  async analyse(root: string, files: readonly DeliveryFile[], opts: { signal?: AbortSignal; onProgress?: (p: AnalyseProgress) => void } = {}): Promise<Map<string, StoredAnalysis>> {
    const todo = files.filter(DeliveryAnalyzer.analysable).sort((a, b) => b.size - a.size);
    const progress: AnalyseProgress = { filesDone: 0, filesTotal: todo.length, bytesDone: 0, bytesTotal: todo.reduce((n, f) => n + f.size, 0) };
    const results = new Map<string, StoredAnalysis>();
    await mapLimit(todo, Math.max(1, this.jobs) * 2, async (f) => {
      const stored = await this.analyseOne(absolutePath(root, f.path), f, opts.signal);
      results.set(f.path, stored);
      progress.filesDone++;
      progress.bytesDone += f.size;
      opts.onProgress?.({ ...progress });
    });
    return results;
  }

  /**
   * The analyses this analyzer holds in memory for `files` whose size and mtime are unchanged,
   * without any I/O: what a fast pass can show at once.
   */
  known(root: string, files: readonly DeliveryFile[]): Map<string, StoredAnalysis> {
    const out = new Map<string, StoredAnalysis>();
    for (const f of files) {
      const held = this.recent.get(absolutePath(root, f.path), f);
      if (held) out.set(f.path, held);
    }
    return out;
  }

  /** The cached waveform overview of a file (serialised pyramid), if analysed with a cache. */
  overview(absPath: string, f: Pick<DeliveryFile, 'size' | 'mtimeMs'>): Promise<Uint8Array | null> {
    return this.cache?.getBytes({ path: absPath, size: f.size, mtimeMs: f.mtimeMs }, 'overview') ?? Promise.resolve(null);
  }

  /** SHA-256 of a file, from the cache while its size and mtime are unchanged. */
  readonly sha256 = async (absPath: string, signal?: AbortSignal): Promise<string> => {
    if (!this.hashCache) return sha256File(absPath, signal);
    const st = await fs.stat(absPath);
    const key = { path: absPath, size: st.size, mtimeMs: st.mtimeMs };
    const cached = await this.hashCache.get(key);
    if (cached) return cached;
    const hash = await sha256File(absPath, signal);
    await this.hashCache.set(key, hash);
    return hash;
  };

  close(): Promise<void> {
    return this.pool?.close() ?? Promise.resolve();
  }

  private async analyseOne(absPath: string, f: DeliveryFile, signal?: AbortSignal): Promise<StoredAnalysis> {
    const key = { path: absPath, size: f.size, mtimeMs: f.mtimeMs };
    const known = this.recent.get(absPath, f);
    if (known) return known;
    const stored = await this.analyseUncached(absPath, key, signal);
    // Full, the memo empties and refills from the disk cache.
    if (stored.remember && this.cache) this.recent.set(absPath, f, stored.result);
    return stored.result;
  }

  /** From the disk cache, else decoded in a worker; `remember` is false for what must be tried again. */
  private async analyseUncached(absPath: string, key: CacheKey, signal?: AbortSignal): Promise<{ result: StoredAnalysis; remember: boolean }> {
    const cached = await this.cache?.get(key);
    if (cached) return { result: cached, remember: true };
    let outcome: AnalysisOutcome;
    try {
      outcome = this.pool ? await this.pool.run({ path: absPath, size: key.size }, { signal }) : await analyseFile(absPath, { signal });
    } catch (err) {
      if (signal?.aborted) throw err;
      // Crash or time bound: neither cached nor remembered, tried again next run.
      return { result: { ok: false, reason: (err as Error).message }, remember: false };
    }
    const stored: StoredAnalysis = outcome.ok ? { ok: true, analysis: outcome.analysis } : { ok: false, reason: outcome.reason };
    if (this.cache) {
      if (outcome.ok) await this.cache.setBytes(key, 'overview', outcome.overview);
      await this.cache.set(key, stored);
    }
    return { result: stored, remember: true };
  }
}
