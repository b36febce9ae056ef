import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Analysis results on disk, keyed by path + size + mtime + analyser version: a file that has not
 * changed is never decoded twice, and a new analyser version never reads an old result. Lives in
 * the user's cache folder (CLI) or the extension's storage, never inside a delivery.
 */
export interface CacheKey {
  path: string;
  size: number;
  mtimeMs: number;
}

export class AnalysisCache<T> {
  constructor(private readonly dir: string, private readonly version: string) {}

  async get(key: CacheKey): Promise<T | null> {
    try {
      const text = await fs.readFile(this.fileFor(key), 'utf8');
      const entry = JSON.parse(text) as { key: string; value: T };
      return entry.key === this.keyString(key) ? entry.value : null;
    } catch {
      return null; // missing or unreadable (a half-written entry of a crashed run): analyse again
    }
  }

  async set(key: CacheKey, value: T): Promise<void> {
    await this.writeAtomically(this.fileFor(key), JSON.stringify({ key: this.keyString(key), value }));
  }

  /** A binary sidecar of an entry (the waveform overview), under the same key. */
  async getBytes(key: CacheKey, kind: string): Promise<Uint8Array | null> {
    try {
      const bytes = await fs.readFile(`${this.fileFor(key)}.${kind}`);
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch {
      return null;
    }
  }

  async setBytes(key: CacheKey, kind: string, bytes: Uint8Array): Promise<void> {
    await this.writeAtomically(`${this.fileFor(key)}.${kind}`, bytes);
  }

  private async writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, file); // atomic: readers see the old entry or the new one, never half
    } catch {
      await fs.rm(tmp, { force: true }).catch(() => undefined); // a cache that cannot write only costs time
    }
  }

  private keyString(key: CacheKey): string {
    return JSON.stringify([this.version, path.resolve(key.path), key.size, key.mtimeMs]);
  }

  private fileFor(key: CacheKey): string {
    const hash = createHash('sha256').update(this.keyString(key)).digest('hex');
    return path.join(this.dir, hash.slice(0, 2), `${hash.slice(2)}.json`);
  }
}

/** The per-user cache folder of the CLI: $XDG_CACHE_HOME, ~/Library/Caches or %LOCALAPPDATA%. */
export function userCacheDir(): string {
  const home = os.homedir();
  if (process.env.XDG_CACHE_HOME) return path.join(process.env.XDG_CACHE_HOME, 'audio-deliverables');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches', 'audio-deliverables');
  if (process.platform === 'win32') return path.join(process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'), 'audio-deliverables', 'Cache');
  return path.join(home, '.cache', 'audio-deliverables');
}
