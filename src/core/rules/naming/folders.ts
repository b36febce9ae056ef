import type { DeliveryFile } from '../../delivery/model';

/** Every folder (relative path) that holds a file of the delivery, parents before children. */
export function foldersOf(files: readonly Pick<DeliveryFile, 'path'>[]): string[] {
  const folders = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  return [...folders].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The last part of a relative path: the file or folder name. */
export function lastSegment(relPath: string): string {
  return relPath.slice(relPath.lastIndexOf('/') + 1);
}
