/**
 * The "huge" part of `npm run bench` (issue 7): peak RSS and time for
 *   - a delivery of 5,000 small files, validated with two analysis workers;
 *   - a sparse 4.5 GiB RF64 (test/fixtures/hugeDelivery.ts): header read, full analysis, and how
 *     long an abort takes to end that analysis.
 * Each measurement runs in a child process of its own (`hugeBench.js --child KIND PATH`), so its
 * peak RSS is its own. The fixtures go to a fresh temp folder, removed afterwards.
 * Runs alone too: node out/scripts/bench/hugeBench.js
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeliveryAnalyzer } from '../../src/core/analysis/deliveryAnalyzer';
import { analyseFile } from '../../src/core/analysis/fileAnalysis';
import { probeFile } from '../../src/core/audio/probeFile';
import { validateDelivery } from '../../src/core/validate';
import { MANY_FILES, writeManyFilesDelivery, writeSparseRf64 } from '../../test/fixtures/hugeDelivery';
import { runJsonChild } from './jsonChild';

const KINDS = ['many', 'rf64-header', 'rf64-analysis', 'rf64-cancel'] as const;
type Kind = (typeof KINDS)[number];

interface Measurement {
  kind: Kind;
  wallSec: number;
  peakRssMb: number;
  /** What was measured, for a person to check (counts, peak level, abort latency). */
  note: string;
}

const peakRssMb = (): number => (process.resourceUsage().maxRSS * 1024) / 1e6;

async function measure(kind: Kind, target: string): Promise<Measurement> {
  const started = performance.now();
  let note: string;
  switch (kind) {
    case 'many': {
      const analyzer = new DeliveryAnalyzer({ jobs: 2, cacheDir: null });
      const v = await validateDelivery(target, { analyzer }).finally(() => analyzer.close());
      const analysed = [...v.delivery.analyses.values()].filter((a) => a.ok).length;
      note = `${v.delivery.files.length} files listed, ${analysed} analysed, ${v.findings.length} findings`;
      break;
    }
    case 'rf64-header': {
      const probed = await probeFile(target, path.basename(target));
      note = probed.format ? `${probed.format.frames} frames, ${probed.format.container}, ${probed.issues.length} issues` : `refused: ${JSON.stringify(probed.issues)}`;
      break;
    }
    case 'rf64-analysis': {
      const outcome = await analyseFile(target);
      note = outcome.ok ? `${outcome.analysis.frames} frames, sample peak ${outcome.analysis.fields.samplePeakDbfs?.toFixed(2)} dBFS (written: -3.00)` : `failed: ${outcome.reason}`;
      break;
    }
    case 'rf64-cancel': {
      const controller = new AbortController();
      let abortedAt = 0;
      await analyseFile(target, {
        signal: controller.signal,
        onProgress: (fraction) => {
          if (fraction >= 0.05 && abortedAt === 0) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      }).catch(() => undefined);
      note = `abort at 5 % ended the analysis ${(performance.now() - abortedAt).toFixed(1)} ms later`;
      break;
    }
  }
  return { kind, wallSec: (performance.now() - started) / 1000, peakRssMb: peakRssMb(), note };
}

/** Writes the fixtures, measures each kind in its own process, prints a table. */
export async function runHugeBench(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ad-bench-huge-'));
  try {
    console.log(`\nHuge deliveries (issue 7; each in its own child process; peak RSS = that process's maxRSS):`);
    const many = path.join(dir, 'many');
    await fs.mkdir(many);
    let t0 = performance.now();
    await writeManyFilesDelivery(many);
    console.log(`  wrote ${MANY_FILES} small WAVs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    const huge = await writeSparseRf64(path.join(dir, 'Huge_Mix_24b.wav'));
    const st = await fs.stat(huge.path);
    console.log(`  wrote a sparse RF64 of ${(st.size / 2 ** 30).toFixed(2)} GiB (${(st.blocks * 512 / 1e6).toFixed(1)} MB on disk) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const rows: Array<[string, Kind, string]> = [
      [`${MANY_FILES} small files, validated (2 workers)`, 'many', many],
      ['4.5 GiB RF64, header read', 'rf64-header', huge.path],
      ['4.5 GiB RF64, full analysis (1 thread)', 'rf64-analysis', huge.path],
      ['4.5 GiB RF64, abort at 5 %', 'rf64-cancel', huge.path],
    ];
    for (const [label, kind, target] of rows) {
      const m = await runJsonChild<Measurement>(__filename, ['--child', kind, target]);
      console.log(!m.ok
        ? `  ${label.padEnd(44)} ${m.note}`
        : `  ${label.padEnd(44)} ${m.value.wallSec.toFixed(2).padStart(7)} s  peak RSS ${m.value.peakRssMb.toFixed(0).padStart(4)} MB  ${m.value.note}`);
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const [flag, kind, target] = process.argv.slice(2);
  const main = flag === '--child' && (KINDS as readonly string[]).includes(kind ?? '') && target
    ? measure(kind as Kind, target).then((m) => { process.stdout.write(`${JSON.stringify(m)}\n`); })
    : runHugeBench();
  main.catch((err: unknown) => {
    console.error(`hugeBench: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
