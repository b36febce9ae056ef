/**
 * Property-based fuzzing (fast-check) of the header readers (RIFF, RF64, RIFX, BW64, AIFF,
 * AIFF-C) and the delivery.json loader; the properties are in helpers/fuzzProperties.ts, the
 * files they build in helpers/fuzzFiles.ts. Complements robustness.test.ts (a fixed set of ~1,400
 * malformed files through the whole engine): here the inputs are generated per run, combined
 * freely (chunk order × extra chunks × one defect) and shrunk to a minimal case on failure.
 *
 * Each property runs in its own worker thread, terminated after HARD_BOUND_MS: a hang fails with
 * the seed instead of hanging CI.
 *
 * Environment (npm run fuzz sets them for a long run; see scripts/fuzz.ts):
 *   FUZZ_SEED=n   the fast-check seed (default 20251207, fixed so CI is reproducible)
 *   FUZZ_RUNS=n   runs per property (default: a modest number per property for the unit suite)
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PropertyName } from './helpers/fuzzProperties';
import type { FuzzOutcome, FuzzTask } from './helpers/fuzzWorker';

const SEED = Number(process.env.FUZZ_SEED ?? 20251207);
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : null;
/** Runs per property in the unit suite: ~1-3 s each on a busy 2-core machine. */
const CI_RUNS: Record<PropertyName, number> = {
  'RIFF/RF64/RIFX/BW64 models with one defect': 400,
  'AIFF/AIFF-C models with one defect': 300,
  'random bytes behind real magics': 400,
  'delivery.json: any text, mutated specs, any JSON': 400,
  'delivery.json: a wrong value at a known field': 300,
};
/** A worker still running after this has hung (or crawls): it is terminated and the test fails. */
const HARD_BOUND_MS = RUNS ? 3_600_000 : 90_000;

const workerPath = path.join(__dirname, 'helpers', 'fuzzWorker.js');

function runInWorker(task: FuzzTask): Promise<FuzzOutcome> {
  return new Promise((resolve) => {
    const worker = new Worker(workerPath, { workerData: task });
    const timer = setTimeout(() => {
      void worker.terminate();
      resolve({ ok: false, message: `still running after ${HARD_BOUND_MS / 1000} s: a reader hangs (terminated)` });
    }, HARD_BOUND_MS);
    const done = (outcome: FuzzOutcome) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    };
    worker.once('message', done);
    worker.once('error', (err) => done({ ok: false, message: `the worker died: ${err.stack ?? err.message}` }));
    worker.once('exit', (code) => done({ ok: false, message: `the worker exited (code ${code}) without a result` }));
  });
}

describe(`fuzzing the header readers and the spec loader (fast-check seed ${SEED}${RUNS ? `, ${RUNS} runs each` : ''})`, function () {
  this.timeout(HARD_BOUND_MS + 10_000);

  for (const name of Object.keys(CI_RUNS) as PropertyName[]) {
    it(`${name}: no throw, no hang, no read sized from a declared length, the defect named`, async () => {
      const numRuns = RUNS ?? CI_RUNS[name];
      const outcome = await runInWorker({ name, seed: SEED, numRuns });
      if (!outcome.ok) assert.fail(`${outcome.message}\n(replay: FUZZ_SEED=${SEED} FUZZ_RUNS=${numRuns} npm run fuzz)`);
      assert.equal(outcome.runs, numRuns);
    });
  }

  it('small RIFF, RF64, RIFX and AIFF-C files cut at every byte offset: the outcome each cut calls for', async () => {
    const outcome = await runInWorker({ name: 'every cut' });
    if (!outcome.ok) assert.fail(outcome.message);
    assert.ok(outcome.runs > 400, `only ${outcome.runs} cuts probed`);
  });
});
