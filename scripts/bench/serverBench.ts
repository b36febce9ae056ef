/**
 * The language server's figures (issue 5): time to the first tree of a 1,000-file delivery, and
 * re-validation of an unchanged, already analysed delivery. The real dist/server.js is forked
 * over Node IPC as the extension starts it, and driven by a plain LSP client.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openWavWriter } from '../../src/core/audio/wavWriter';
import { ModelRequest, ValidateRequest } from '../../src/shared/protocol';
import { startServerClient, type ServerClient } from '../../test/harness/lspClient';
import { median } from './median';

export const SERVER_GOALS = { firstTreeSec: 1, revalidateSec: 0.5 } as const;
const FILES = 1000;
const LAYOUT_VERSION = 1;
const REVALIDATIONS = 5;

export interface ServerBenchResult {
  files: number;
  bytes: number;
  /** Fork of the server → its answer to initialize (process up, bundle loaded). */
  serverUpSec: number;
  /** Fork of the server → model with every file (headers read), no cache. */
  firstTreeSec: number;
  /** Fork → the first analysis run has ended (every file decoded and measured). */
  firstAnalysisSec: number;
  /** deliverables/validate → its analysis run has ended, all from the cache: median and each run. */
  revalidateSec: number;
  revalidateRuns: number[];
  /** A new server process with the cache in place: fork → tree, fork → fully validated. */
  warmFirstTreeSec: number;
  warmValidatedSec: number;
  diagnostics: number;
}

/** A delivery of 1,000 short WAVs (700 multi-tracks, 200 stems, 100 references) in the temp folder, reused. */
export async function ensureManyFileDelivery(): Promise<string> {
  const root = path.join(os.tmpdir(), `audio-deliverables-bench-files-v${LAYOUT_VERSION}-${FILES}`);
  const done = path.join(root, '.complete');
  if (existsSync(done)) return root;
  await fs.rm(root, { recursive: true, force: true });
  const folders: Array<[string, number, number]> = [['Multitracks', 700, 1], ['Stems', 200, 2], ['References', 100, 2]];
  let n = 0;
  for (const [folder, count, channels] of folders) {
    await fs.mkdir(path.join(root, folder), { recursive: true });
    for (let i = 1; i <= count; i++, n++) {
      const name = `${folder === 'Stems' ? 'Ada_Lights_STEM_' : 'Ada_Lights_'}Take ${String(i).padStart(4, '0')}.wav`;
      await writeShortWav(path.join(root, folder, name), channels, n);
    }
  }
  await fs.writeFile(path.join(root, 'delivery.json'), '{ "preset": "music-mix", "project": { "artist": "Ada", "title": "Lights" } }\n');
  await fs.writeFile(done, '');
  return root;
}

/** 0.25 s of a quiet sine at 48 kHz / 24-bit, a different pitch per file. */
async function writeShortWav(file: string, channels: number, index: number): Promise<void> {
  const frames = 12000;
  const writer = await openWavWriter(file, { sampleRate: 48000, channels, bitDepth: 24 });
  const hz = 110 + (index % 200) * 5;
  const data = Array.from({ length: channels }, () => Float32Array.from({ length: frames }, (_, i) => 0.1 * Math.sin((2 * Math.PI * hz * i) / 48000)));
  await writer.write(data);
  await writer.close();
}

export async function runServerBench(serverPath: string, root: string): Promise<ServerBenchResult> {
  const storagePath = await fs.mkdtemp(path.join(os.tmpdir(), 'ad-bench-storage-'));
  try {
    const cold = await timedStart(serverPath, root, storagePath);
    const revalidateRuns: number[] = [];
    let diagnostics = 0;
    try {
      for (let i = 0; i < REVALIDATIONS; i++) revalidateRuns.push(await timedRevalidation(cold.client));
      diagnostics = [...cold.client.diagnostics.values()].reduce((n, d) => n + d.length, 0);
    } finally {
      await cold.client.stop();
    }
    const warm = await timedStart(serverPath, root, storagePath);
    await warm.client.stop();
    return {
      files: cold.files, bytes: cold.bytes, serverUpSec: cold.upSec,
      firstTreeSec: cold.treeSec, firstAnalysisSec: cold.analysedSec,
      revalidateSec: median(revalidateRuns), revalidateRuns,
      warmFirstTreeSec: warm.treeSec, warmValidatedSec: warm.analysedSec,
      diagnostics,
    };
  } finally {
    await fs.rm(storagePath, { recursive: true, force: true });
  }
}

async function timedStart(serverPath: string, root: string, storagePath: string): Promise<{ client: ServerClient; upSec: number; treeSec: number; analysedSec: number; files: number; bytes: number }> {
  const t0 = performance.now();
  const client = await startServerClient({ serverPath, folder: root, storagePath, settings: { analysis: { onOpen: true } } });
  const upSec = (performance.now() - t0) / 1000;
  const model = await client.request(ModelRequest, {});
  const treeSec = (performance.now() - t0) / 1000;
  await client.firstAnalysis;
  const analysedSec = (performance.now() - t0) / 1000;
  const files = model.deliveries.reduce((n, d) => n + d.files.length, 0);
  const bytes = model.deliveries.reduce((n, d) => n + d.files.reduce((m, f) => m + f.size, 0), 0);
  return { client, upSec, treeSec, analysedSec, files, bytes };
}

/** What the Validate command asks: scan, probe, analyse (all cached), check, publish. */
async function timedRevalidation(client: ServerClient): Promise<number> {
  const ended = client.nextProgressEnd();
  const t0 = performance.now();
  await client.request(ValidateRequest, {});
  await ended;
  return (performance.now() - t0) / 1000;
}
