/**
 * Huge deliveries (issue 7): 5,000 small files validated with every header and peak right, and a
 * sparse RF64 over 4 GiB (test/fixtures/hugeDelivery.ts) read exactly, analysed in flat memory
 * and cancelled within a second, in process and in a worker of the pool. Speed is `npm run bench`'s
 * business (its "huge" figures); these tests assert results and cancellation only.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { analyseFile, type AnalysisOutcome } from '../../src/core/analysis/fileAnalysis';
import { WorkerPool } from '../../src/core/analysis/workerPool';
import { decodePcm } from '../../src/core/audio/decode';
import { probeAudio } from '../../src/core/audio/probe';
import { openFileSource } from '../../src/core/io/fileSource';
import type { Validation } from '../../src/core/validate';
import { MANY_FILES, MANY_FRAMES, writeManyFilesDelivery, writeSparseRf64, type ManyFile, type SparseRf64 } from '../fixtures/hugeDelivery';
import { validateWithWorkers } from './helpers/ruleFixtures';
import { makeTempDir } from './helpers/tempDir';

/** How long an abort may take to end an analysis: the issue's "within a second". */
const CANCEL_MS = 1000;
/** Memory an analysis may add while it streams through the huge file (a few buffers and the analysers). */
const FLAT_RSS_MB = 200;
const analysisWorkerPath = path.join(__dirname, '..', '..', 'src', 'core', 'analysis', 'analysisWorker.js');

const rssMb = () => process.memoryUsage.rss() / 1e6;

describe('huge deliveries', function () {
  this.timeout(180_000);

  describe(`${MANY_FILES} small files`, () => {
    let files: ManyFile[];
    let validation: Validation;
    let cleanup: () => Promise<void>;

    before(async () => {
      const temp = await makeTempDir('ad-many-');
      cleanup = temp.cleanup;
      files = await writeManyFilesDelivery(temp.dir);
      validation = await validateWithWorkers(temp.dir);
    });
    after(() => cleanup());

    it('every file is listed with its exact header, analysed, and its sample peak is the one written', () => {
      const reports = new Map(validation.result.files.map((f) => [f.path, f]));
      assert.equal(validation.delivery.files.filter((f) => f.path.endsWith('.wav')).length, MANY_FILES);
      const wrong: string[] = [];
      for (const f of files) {
        const report = reports.get(f.rel);
        const stored = validation.delivery.analyses.get(f.rel);
        if (!report?.format || report.format.frames !== MANY_FRAMES || report.format.sampleRate !== 48_000 || report.format.bitDepth !== 16) {
          wrong.push(`${f.rel}: format ${JSON.stringify(report?.format)}`);
        } else if (!stored?.ok) {
          wrong.push(`${f.rel}: not analysed (${stored ? stored.reason : 'no analysis'})`);
        } else if (Math.abs((stored.analysis.fields.samplePeakDbfs ?? -Infinity) - f.peakDbfs) > 0.001) {
          wrong.push(`${f.rel}: sample peak ${stored.analysis.fields.samplePeakDbfs} dBFS, written ${f.peakDbfs.toFixed(4)}`);
        }
      }
      assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} files wrong`);
      // No file is a defect: the format rules stay silent on all of them.
      assert.deepEqual(validation.findings.filter((f) => f.rule === 'format/unreadable' || f.rule === 'format/truncated'), []);
    });
  });

  describe('a sparse RF64 over 4 GiB', () => {
    let huge: SparseRf64;
    let cleanup: () => Promise<void>;

    before(async () => {
      const temp = await makeTempDir('ad-huge-');
      cleanup = temp.cleanup;
      huge = await writeSparseRf64(path.join(temp.dir, 'Huge_Mix_24b.wav'));
    });
    after(() => cleanup());

    it('is really sparse (a few KB on disk), and its header is read exactly: 64-bit sizes from ds64', async () => {
      const st = await fs.stat(huge.path);
      assert.equal(st.size, huge.dataOffset + huge.dataBytes);
      assert.ok(st.size > 2 ** 32);
      assert.ok(st.blocks * 512 < 16 * 1024 * 1024, `${st.blocks * 512} bytes on disk: the file is not sparse`);
      const source = await openFileSource(huge.path);
      try {
        const probe = await probeAudio(source);
        assert.ok(probe.ok, JSON.stringify(probe.issues));
        assert.deepEqual(probe.issues, []);
        assert.deepEqual(
          { container: probe.format.container, rate: probe.format.sampleRate, channels: probe.format.channels, bits: probe.format.bitDepth, frames: probe.format.frames },
          { container: 'rf64', rate: huge.sampleRate, channels: huge.channels, bits: huge.bitDepth, frames: huge.frames },
        );
        assert.equal(probe.format.frames, 805_306_368);
        assert.equal(probe.details.dataOffset, huge.dataOffset);
        assert.equal(probe.details.dataDeclaredBytes, huge.dataBytes);
        // The first decoded second is the -12 dBFS tone written there.
        let peak = 0;
        let frames = 0;
        for await (const chunk of decodePcm(source, probe)) {
          for (const ch of chunk.channels) for (let i = 0; i < chunk.frames; i++) peak = Math.max(peak, Math.abs(ch[i]!));
          frames += chunk.frames;
          if (frames >= huge.sampleRate) break;
        }
        assert.ok(Math.abs(20 * Math.log10(peak) + 12) < 0.01, `first second peaks at ${(20 * Math.log10(peak)).toFixed(3)} dBFS`);
      } finally {
        await source.close();
      }
    });

    it(`in process: memory stays flat while it streams, and an abort ends the analysis within ${CANCEL_MS} ms`, async () => {
      const controller = new AbortController();
      const before = rssMb();
      let peak = before;
      let abortedAt = 0;
      const analysis: Promise<AnalysisOutcome> = analyseFile(huge.path, {
        signal: controller.signal,
        onProgress: (fraction) => {
          peak = Math.max(peak, rssMb());
          // 5 % is 240 MB streamed: far more than the memory bound, so a file held in memory would show.
          if (fraction >= 0.05 && abortedAt === 0) {
            abortedAt = performance.now();
            controller.abort(new Error('cancelled by the test'));
          }
        },
      });
      await assert.rejects(analysis, /cancelled by the test/);
      const took = performance.now() - abortedAt;
      assert.ok(abortedAt > 0, 'the analysis never reported progress');
      assert.ok(took < CANCEL_MS, `the analysis ended ${Math.round(took)} ms after the abort`);
      assert.ok(peak - before < FLAT_RSS_MB, `RSS grew ${Math.round(peak - before)} MB while streaming 240 MB`);
    });

    it(`in a worker of the pool (as the server runs it): an abort terminates it within ${CANCEL_MS} ms`, async () => {
      const pool = new WorkerPool<AnalysisOutcome>({ workerPath: analysisWorkerPath, size: 1 });
      try {
        const controller = new AbortController();
        let abortedAt = 0;
        const run = pool.run({ path: huge.path, size: huge.dataOffset + huge.dataBytes }, {
          signal: controller.signal,
          onProgress: () => {
            if (abortedAt !== 0) return;
            abortedAt = performance.now();
            controller.abort(new Error('cancelled by the test'));
          },
        });
        await assert.rejects(run, /cancelled by the test/);
        const took = performance.now() - abortedAt;
        assert.ok(abortedAt > 0, 'the worker never reported progress');
        assert.ok(took < CANCEL_MS, `the worker's task ended ${Math.round(took)} ms after the abort`);
      } finally {
        await pool.close();
      }
    });
  });
});
