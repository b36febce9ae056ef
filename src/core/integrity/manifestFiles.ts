import { promises as fs } from 'node:fs';
import type { Delivery } from '../delivery/delivery';
import { extensionOf } from '../delivery/tokens';
import { SESSION_BUNDLE_EXTENSIONS } from '../delivery/vocabulary';
import { absolutePath } from '../delivery/deliveryPath';

/** The manifest's name at the delivery root when delivery.json names none. */
export const DEFAULT_MANIFEST_NAME = 'checksums.sha256';

/**
 * Every file a manifest of the delivery lists: the scanned files (delivery.json and hidden files
 * are not among them), each session bundle (a .logicx is a folder) file by file, as sha256sum
 * hashes files only. Throws when the scan was incomplete: a manifest that silently leaves files
 * out would vouch for less than the delivery holds.
 */
export async function manifestFiles(delivery: Delivery): Promise<string[]> {
  if (delivery.scanTruncated) throw new Error('the delivery holds more files than a scan reads; no manifest was written');
  const unreadable = delivery.scanErrors[0];
  if (unreadable) throw new Error(`${unreadable.path} cannot be read (${unreadable.message}); no manifest was written, as it would leave files out`);
  const files: string[] = [];
  for (const f of delivery.files) {
    const st = SESSION_BUNDLE_EXTENSIONS.has(extensionOf(f.path)) ? await fs.lstat(absolutePath(delivery.root, f.path)) : null;
    if (st?.isDirectory()) files.push(...(await filesUnder(delivery.root, f.path)));
    else files.push(f.path);
  }
  return files;
}

/** Regular files under a folder, recursively; hidden names skipped and links not followed, as the scan does. */
async function filesUnder(root: string, rel: string): Promise<string[]> {
  const found: string[] = [];
  for (const d of await fs.readdir(absolutePath(root, rel), { withFileTypes: true })) {
    if (d.name.startsWith('.')) continue;
    const child = `${rel}/${d.name}`;
    if (d.isDirectory()) found.push(...(await filesUnder(root, child)));
    else if (d.isFile()) found.push(child);
  }
  return found;
}
