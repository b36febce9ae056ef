import * as path from 'node:path';

/**
 * The model names files relative to their delivery root with forward slashes (DESIGN.md JSON
 * shape); the file system wants native absolute paths. The one way between the two.
 */

/** "Stems/Drums.wav" under `root` → the native absolute path. */
export function absolutePath(root: string, rel: string): string {
  return path.join(root, ...rel.split('/'));
}

/** A native path under `root` → its delivery-relative path with forward slashes ("../x" when outside). */
export function relativePath(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}
