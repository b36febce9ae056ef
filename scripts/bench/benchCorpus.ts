/**
 * The benchmark corpus: the demo delivery rendered at a given length into the temp folder, reused
 * by later runs once complete. A marker file, written last, says the corpus is whole and which
 * corpus version, length and generator code produced it; anything else is regenerated.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeliveryAnalyzer } from '../../src/core/analysis/deliveryAnalyzer';
import { loadDelivery } from '../../src/core/delivery/delivery';
import { generateDemoDelivery } from '../demo/generateDemo';

/** Bump when the corpus layout changes; generator code changes are caught by the fingerprint. */
export const CORPUS_VERSION = 1;
export const DEFAULT_SECONDS = 240;
const MARKER = '.bench-corpus-complete.json';

export interface CorpusFile {
  /** Relative to the corpus root, forward slashes. */
  path: string;
  absPath: string;
  size: number;
  channels: number;
  bitDepth: number;
  /** Top folder: Multitracks, Stems or References. */
  group: string;
}

interface Marker {
  corpusVersion: number;
  seconds: number;
  generator: string;
}

export function corpusRoot(seconds: number): string {
  const suffix = seconds === DEFAULT_SECONDS ? '' : `-${seconds}s`;
  return path.join(os.tmpdir(), `audio-deliverables-bench-v${CORPUS_VERSION}${suffix}`);
}

/** Returns the corpus root and, when it had to be written, how long that took in seconds. */
export async function ensureCorpus(seconds: number, fresh: boolean): Promise<{ root: string; generatedSec: number | null }> {
  const root = corpusRoot(seconds);
  const wanted: Marker = { corpusVersion: CORPUS_VERSION, seconds, generator: await generatorFingerprint() };
  if (!fresh && (await readMarker(root)) === JSON.stringify(wanted)) return { root, generatedSec: null };
  await fs.rm(root, { recursive: true, force: true }); // our own folder: stale, partial or --fresh
  const started = performance.now();
  await generateDemoDelivery(root, { seconds });
  await fs.writeFile(path.join(root, MARKER), JSON.stringify(wanted));
  return { root, generatedSec: (performance.now() - started) / 1000 };
}

async function readMarker(root: string): Promise<string | null> {
  try {
    return await fs.readFile(path.join(root, MARKER), 'utf8');
  } catch {
    return null;
  }
}

/** Hash of the compiled generator code, so a changed synthesiser never reuses an old corpus. */
async function generatorFingerprint(): Promise<string> {
  const demoDir = path.join(__dirname, '..', 'demo');
  const synthDir = path.join(demoDir, 'synth');
  const sources = [
    path.join(demoDir, 'generateDemo.js'),
    path.join(__dirname, '..', '..', 'src', 'core', 'audio', 'wavWriter.js'),
    ...(existsSync(synthDir) ? (await fs.readdir(synthDir)).filter((f) => f.endsWith('.js')).sort().map((f) => path.join(synthDir, f)) : []),
  ];
  const hash = createHash('sha256');
  for (const file of sources) hash.update(await fs.readFile(file));
  return hash.digest('hex').slice(0, 16);
}

/** The analysable audio files of the corpus, as the delivery scan sees them. */
export async function listCorpusAudio(root: string): Promise<CorpusFile[]> {
  const delivery = await loadDelivery(root);
  return delivery.files
    .filter(DeliveryAnalyzer.analysable)
    .map((f) => ({
      path: f.path,
      absPath: path.join(root, ...f.path.split('/')),
      size: f.size,
      channels: f.format?.channels ?? 0,
      bitDepth: f.format?.bitDepth ?? 0,
      group: f.path.split('/')[0],
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Reads every file once through a reused buffer, so timed phases measure CPU, not the disk. */
export async function warmPageCache(files: readonly CorpusFile[]): Promise<number> {
  const started = performance.now();
  const buffer = Buffer.allocUnsafe(4 << 20);
  for (const file of files) {
    const handle = await fs.open(file.absPath, 'r');
    try {
      while ((await handle.read(buffer, 0, buffer.length, null)).bytesRead > 0) { /* reading is the point */ }
    } finally {
      await handle.close();
    }
  }
  return (performance.now() - started) / 1000;
}
