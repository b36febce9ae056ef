import fc from 'fast-check';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { everyCut, PROPERTIES, type PropertyName } from './fuzzProperties';

/**
 * Runs one fuzz property (or the every-offset cut sweep) in a worker thread for fuzz.test.ts,
 * which terminates the thread when it overstays: a reader that loops forever fails the test with
 * the seed to replay it, instead of hanging CI.
 */

export type FuzzTask = { name: PropertyName; seed: number; numRuns: number } | { name: 'every cut' };
export type FuzzOutcome = { ok: true; runs: number } | { ok: false; message: string };

async function run(task: FuzzTask): Promise<FuzzOutcome> {
  if (task.name === 'every cut') return { ok: true, runs: await everyCut() };
  const details = await fc.check(PROPERTIES[task.name] as fc.IAsyncProperty<unknown> | fc.IProperty<unknown>, { seed: task.seed, numRuns: task.numRuns });
  if (!details.failed) return { ok: true, runs: details.numRuns };
  return { ok: false, message: fc.defaultReportMessage(details) ?? 'failed' };
}

const port = parentPort;
if (!isMainThread && port) {
  run(workerData as FuzzTask).then(
    (outcome) => port.postMessage(outcome),
    (err: unknown) => port.postMessage({ ok: false, message: err instanceof Error ? err.stack ?? err.message : String(err) } satisfies FuzzOutcome),
  );
}
