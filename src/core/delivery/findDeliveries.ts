import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { SPEC_FILE_NAME } from '../spec/spec';
import { roleOfFolderName } from './classify';

/**
 * Finds the delivery roots under a workspace folder: every folder holding a delivery.json (an
 * album: one per song), or, where there is none, the top folder if it looks like a delivery
 * (it or a direct child is named like Multitracks / Stems / References). Hidden folders and
 * node_modules are skipped; the search stops at `maxDepth`.
 */
export async function findDeliveries(folder: string, maxDepth = 4): Promise<string[]> {
  const withSpec: string[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === SPEC_FILE_NAME)) {
      withSpec.push(dir);
      return; // a delivery does not nest another
    }
    if (depth >= maxDepth) return;
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') await walk(path.join(dir, e.name), depth + 1);
    }
  }
  await walk(folder, 0);
  if (withSpec.length > 0) return withSpec.sort();
  return (await looksLikeDelivery(folder)) ? [folder] : [];
}

async function looksLikeDelivery(folder: string): Promise<boolean> {
  if (roleOfFolderName(path.basename(folder))) return true;
  try {
    const entries = await fs.readdir(folder, { withFileTypes: true });
    return entries.some((e) => e.isDirectory() && roleOfFolderName(e.name) !== null);
  } catch {
    return false;
  }
}
