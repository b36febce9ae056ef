import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { extensionOf } from './tokens';
import { SESSION_BUNDLE_EXTENSIONS } from './vocabulary';

export interface ScannedEntry {
  /** Relative to the scanned root, forward slashes. */
  path: string;
  size: number;
  mtimeMs: number;
}

export interface ScanOptions {
  /** Stop after this many entries; a delivery of more is reported, not walked forever. */
  maxEntries?: number;
  maxDepth?: number;
  /** Relative paths (forward slashes) to leave out, e.g. the spec file itself. */
  exclude?: ReadonlySet<string>;
}

export interface ScanResult {
  entries: ScannedEntry[];
  /** Folders that could not be read (permissions), with why. */
  errors: Array<{ path: string; message: string }>;
  truncated: boolean;
}

/** Folders that never belong to a delivery's content. */
const SKIPPED_DIRS = new Set(['node_modules', '__MACOSX']);

/**
 * Walks a delivery folder: names, sizes and mtimes only, no file content. Hidden files
 * (.DS_Store, .git) are skipped, symbolic links are not followed (no loops, nothing outside the
 * delivery), and macOS session bundles (.logicx) count as one file.
 */
export async function scanFolder(root: string, options: ScanOptions = {}): Promise<ScanResult> {
  const maxEntries = options.maxEntries ?? 200_000;
  const maxDepth = options.maxDepth ?? 32;
  const result: ScanResult = { entries: [], errors: [], truncated: false };

  async function walk(dirRel: string, depth: number): Promise<void> {
    if (result.truncated) return;
    let names: import('node:fs').Dirent[];
    try {
      names = await fs.readdir(path.join(root, dirRel), { withFileTypes: true });
    } catch (err) {
      result.errors.push({ path: dirRel || '.', message: (err as Error).message });
      return;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    const files: string[] = [];
    for (const d of names) {
      if (d.name.startsWith('.')) continue;
      const rel = dirRel ? `${dirRel}/${d.name}` : d.name;
      if (options.exclude?.has(rel)) continue;
      if (d.isDirectory()) {
        if (SESSION_BUNDLE_EXTENSIONS.has(extensionOf(d.name))) files.push(rel);
        else if (!SKIPPED_DIRS.has(d.name) && depth < maxDepth) subdirs.push(rel);
      } else if (d.isFile()) {
        files.push(rel);
      }
    }
    const stats = await Promise.all(files.map((rel) => statEntry(root, rel)));
    for (const s of stats) {
      if (!s) continue;
      if (result.entries.length >= maxEntries) {
        result.truncated = true;
        return;
      }
      result.entries.push(s);
    }
    for (const sub of subdirs) await walk(sub, depth + 1);
  }

  await walk('', 0);
  return result;
}

async function statEntry(root: string, rel: string): Promise<ScannedEntry | null> {
  try {
    const st = await fs.stat(path.join(root, rel));
    const size = st.isDirectory() ? await bundleSize(path.join(root, rel)) : st.size;
    return { path: rel, size, mtimeMs: st.mtimeMs };
  } catch {
    return null; // vanished between readdir and stat: a file being moved; the next scan sees it
  }
}

/** Total bytes of a session bundle, a few levels deep; good enough for a size column. */
async function bundleSize(dir: string, depth = 0): Promise<number> {
  if (depth > 6) return 0;
  let total = 0;
  try {
    for (const d of await fs.readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) total += await bundleSize(p, depth + 1);
      else if (d.isFile()) total += (await fs.stat(p)).size;
    }
  } catch {
    // unreadable parts of a bundle only make the size smaller
  }
  return total;
}
