/**
 * What was learnt of a file while it stays unchanged: the one in-memory memo keyed by absolute path,
 * valid while the file's size and mtime are those it was learnt at (the same key the analysis
 * cache uses on disk). A changed file misses and its entry is replaced by the next `set`.
 */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export class FileMemo<T> {
  private readonly entries = new Map<string, FileStamp & { value: T }>();

  /** `maxEntries`: a bound, not an LRU: a full memo is emptied and refills from its source. */
  constructor(private readonly maxEntries = Infinity) {}

  /** The value learnt of `absPath` at exactly this size and mtime, else undefined. */
  get(absPath: string, stamp: FileStamp): T | undefined {
    const held = this.entries.get(absPath);
    return held && held.size === stamp.size && held.mtimeMs === stamp.mtimeMs ? held.value : undefined;
  }

  set(absPath: string, stamp: FileStamp, value: T): void {
    if (this.entries.size >= this.maxEntries && !this.entries.has(absPath)) this.entries.clear();
    this.entries.set(absPath, { size: stamp.size, mtimeMs: stamp.mtimeMs, value });
  }

  /** Drops the entries of paths `keep` refuses (files no longer held). */
  retain(keep: (absPath: string) => boolean): void {
    for (const absPath of this.entries.keys()) if (!keep(absPath)) this.entries.delete(absPath);
  }

  get size(): number {
    return this.entries.size;
  }
}
