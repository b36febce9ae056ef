/**
 * Checksum manifests (sha256sum format: "<64 hex>  <path>" per line). (Types first; reading,
 * verifying and writing manifests live below them.)
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Delivery } from '../delivery/delivery';
import { mapLimit } from '../util/mapLimit';
import { absolutePath, relativePath } from '../delivery/deliveryPath';

export interface ChecksumOutcome {
  /** Manifest path relative to the delivery root. */
  manifest: string;
  /** The spec names a manifest that is not there. */
  manifestMissing: boolean;
  /** Files whose SHA-256 differs from the manifest's. */
  mismatches: Array<{ path: string; expected: string; actual: string }>;
  /** Audio files of the delivery the manifest does not list. */
  unlisted: string[];
  /** Manifest entries whose file is not in the delivery. */
  absent: string[];
}

/** One line of a manifest: the expected hash and the path as written (relative to the manifest). */
export interface ManifestEntry {
  /** Lower-case hex SHA-256. */
  hash: string;
  /** The name as the line gives it, unescaped, with forward slashes. */
  path: string;
  /** 1-based line number, for messages. */
  line: number;
}

export interface ParsedManifest {
  entries: ManifestEntry[];
  /** Lines that are neither entries, comments nor blank (sha256sum -c calls them "improperly formatted"). */
  badLines: number[];
}

/** Bytes read per step while hashing: memory stays flat whatever the file size. */
export const HASH_CHUNK_BYTES = 1 << 20;

/** A manifest is text; anything larger than this is not one (and is not read into memory). */
export const MAX_MANIFEST_BYTES = 64 << 20;

/** SHA-256 of a file as lower-case hex, read in bounded chunks (never the whole file at once). */
export async function sha256File(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(HASH_CHUNK_BYTES);
  const handle = await fs.open(file, 'r');
  try {
    let position = 0;
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

const TEXT_LINE = /^(\\?)([0-9a-fA-F]{64}) [ *](.+)$/;
const TAGGED_LINE = /^(\\?)SHA256 \((.+)\) = ([0-9a-fA-F]{64})$/;

/**
 * Reads sha256sum output: "<hex>  <name>" (text mode), "<hex> *<name>" (binary mode) and the
 * BSD-style "SHA256 (<name>) = <hex>" that `sha256sum --tag` writes. CRLF, blank lines and
 * "#" comments are tolerated. A line starting with "\" has an escaped name, as GNU coreutils
 * writes names holding "\", a newline or a carriage return. On lines without that mark a "\" can
 * only come from a Windows tool, so it is read as a folder separator.
 */
export function parseManifest(text: string): ParsedManifest {
  const entries: ManifestEntry[] = [];
  const badLines: number[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const plain = TEXT_LINE.exec(line);
    const tagged = plain ? null : TAGGED_LINE.exec(line);
    const escaped = (plain?.[1] ?? tagged?.[1]) === '\\';
    const hash = plain?.[2] ?? tagged?.[3];
    const name = plain?.[3] ?? tagged?.[2];
    const unescaped = hash && name ? (escaped ? unescapeName(name) : name.replace(/\\/g, '/')) : null;
    if (!hash || unescaped === null || unescaped === '') {
      badLines.push(i + 1);
      return;
    }
    entries.push({ hash: hash.toLowerCase(), path: unescaped, line: i + 1 });
  });
  return { entries, badLines };
}

/** GNU escapes: "\\" → "\", "\n" → newline, "\r" → carriage return; anything else is malformed. */
function unescapeName(name: string): string | null {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = name[++i];
    if (next === '\\') out += '\\';
    else if (next === 'n') out += '\n';
    else if (next === 'r') out += '\r';
    else return null;
  }
  return out;
}

/** A manifest line for `name` that `sha256sum -c` reads back exactly. */
export function formatManifestLine(hash: string, name: string): string {
  if (!/[\\\n\r]/.test(name)) return `${hash}  ${name}\n`;
  const escaped = name.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  return `\\${hash}  ${escaped}\n`;
}

export interface VerifyOptions {
  signal?: AbortSignal;
  /** Files hashed at once; hashing is disk-bound, so two is plenty. */
  concurrency?: number;
  /** Hashes one file (absolute path); defaults to sha256File. A caller may plug in a cache by path+size+mtime. */
  hashFile?: (absPath: string, signal?: AbortSignal) => Promise<string>;
}

/**
 * Checks the delivery against the manifest delivery.json names (`checksums`): hashes every file
 * the manifest lists, and lists the audio files it does not. Null when the spec names no manifest.
 * Reads only; an entry whose file cannot be read counts as a mismatch with `actual` "" (empty).
 */
export async function verifyChecksums(delivery: Delivery, options: VerifyOptions = {}): Promise<ChecksumOutcome | null> {
  const named = delivery.effective.checksums;
  if (named === null) return null;
  const manifestAbs = path.resolve(delivery.root, named);
  const manifest = relativePath(delivery.root, manifestAbs);
  const outcome: ChecksumOutcome = { manifest, manifestMissing: false, mismatches: [], unlisted: [], absent: [] };
  const text = await readManifestText(manifestAbs);
  if (text === null) return { ...outcome, manifestMissing: true };

  const manifestDir = path.dirname(manifestAbs);
  // NFC keys: a manifest written on Linux must find the same names read back from macOS.
  const deliveryPaths = new Map(delivery.files.map((f) => [f.path.normalize('NFC'), f.path]));
  const listed = new Set<string>();
  const toHash = new Map<string, string>(); // relative path → expected hash; a repeated entry counts once
  for (const entry of parseManifest(text).entries) {
    const rel = relativePath(delivery.root, path.resolve(manifestDir, entry.path));
    const known = deliveryPaths.get(rel.normalize('NFC'));
    if (known !== undefined) {
      listed.add(known);
      if (!toHash.has(known)) toHash.set(known, entry.hash);
    } else if (await isFileInside(delivery.root, rel)) {
      if (!toHash.has(rel)) toHash.set(rel, entry.hash); // outside the scan (delivery.json, hidden files)
    } else {
      outcome.absent.push(rel);
    }
  }

  await mapLimit([...toHash], options.concurrency ?? 2, async ([rel, expected]) => {
    let actual: string;
    try {
      actual = await (options.hashFile ?? sha256File)(absolutePath(delivery.root, rel), options.signal);
    } catch (err) {
      if (options.signal?.aborted) throw err;
      actual = '';
    }
    if (actual !== expected) outcome.mismatches.push({ path: rel, expected, actual });
  });
  outcome.mismatches.sort((a, b) => compare(a.path, b.path));
  outcome.unlisted = delivery.files.filter((f) => f.audio && !listed.has(f.path)).map((f) => f.path);
  return outcome;
}

export interface WriteManifestOptions {
  signal?: AbortSignal;
  /** Called after each file is hashed, for progress output. */
  onFile?: (relPath: string, done: number, total: number) => void;
}

export interface WrittenManifest {
  /** Absolute path of the manifest written. */
  manifest: string;
  entries: Array<{ path: string; hash: string }>;
}

/** Thrown when the manifest path is taken: an existing manifest is never overwritten. */
export class ManifestExistsError extends Error {
  readonly code = 'EEXIST';
  constructor(readonly manifest: string) {
    super(`${manifest} already exists and was not overwritten; verify against it, or write the new manifest under another name.`);
    this.name = 'ManifestExistsError';
  }
}

/**
 * Writes a sha256sum manifest of `files` (paths relative to `root`, forward slashes), with each
 * name relative to the manifest's folder, so `sha256sum -c` run there accepts it. NEVER
 * overwrites: the file is created with 'wx' before any hashing, and ManifestExistsError is thrown
 * when it exists. On any failure the partial manifest this call created is removed.
 */
export async function writeManifest(root: string, files: readonly string[], manifestPath: string, options: WriteManifestOptions = {}): Promise<WrittenManifest> {
  const manifestAbs = path.resolve(root, manifestPath);
  const manifestDir = path.dirname(manifestAbs);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(manifestAbs, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ManifestExistsError(manifestAbs);
    throw err;
  }
  const sorted = [...new Set(files)].filter((f) => path.resolve(root, f) !== manifestAbs).sort(compare);
  const entries: WrittenManifest['entries'] = [];
  try {
    for (const rel of sorted) {
      const abs = path.resolve(root, rel);
      const hash = await sha256File(abs, options.signal);
      await handle.write(formatManifestLine(hash, relativePath(manifestDir, abs)));
      entries.push({ path: rel, hash });
      options.onFile?.(rel, entries.length, sorted.length);
    }
    await handle.close();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(manifestAbs, { force: true });
    throw err;
  }
  return { manifest: manifestAbs, entries };
}

async function readManifestText(file: string): Promise<string | null> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile() || st.size > MAX_MANIFEST_BYTES) return null;
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** A regular file under the root, also once symbolic links are resolved: a manifest never makes us read elsewhere. */
async function isFileInside(root: string, rel: string): Promise<boolean> {
  if (rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) return false;
  try {
    const abs = absolutePath(root, rel);
    if (!(await fs.lstat(abs)).isFile()) return false;
    const [realRoot, realFile] = await Promise.all([fs.realpath(root), fs.realpath(abs)]);
    return realFile.startsWith(realRoot + path.sep);
  } catch {
    return false;
  }
}


/** Code-unit order, the same on every machine (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
