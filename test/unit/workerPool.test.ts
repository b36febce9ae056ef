import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { WorkerCrashError, WorkerPool, WorkerTimeoutError } from '../../src/core/analysis/workerPool';

const workerPath = path.join(__dirname, 'helpers', 'poolTestWorker.js');

describe('WorkerPool', () => {
  let pool: WorkerPool<string>;
  afterEach(() => pool.close());

  it('runs tasks on a few workers and keeps their results apart', async () => {
    pool = new WorkerPool<string>({ workerPath, size: 2 });
    const results = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((p) => pool.run({ path: p, size: 1 })));
    assert.deepEqual(results, ['done a', 'done b', 'done c', 'done d', 'done e']);
  });

  it('a crashing worker fails only its task; the queue goes on with a fresh worker', async () => {
    pool = new WorkerPool<string>({ workerPath, size: 1 });
    const crash = pool.run({ path: 'crash', size: 1 });
    const exit = pool.run({ path: 'exit', size: 1 });
    const after = pool.run({ path: 'after', size: 1 });
    await assert.rejects(crash, (e: Error) => e instanceof WorkerCrashError && /boom on a hostile file/.test(e.message));
    await assert.rejects(exit, (e: Error) => e instanceof WorkerCrashError && /code 3/.test(e.message));
    assert.equal(await after, 'done after');
  });

  it('a hanging file hits its time bound and the worker is replaced', async () => {
    pool = new WorkerPool<string>({ workerPath, size: 1, timeoutMs: () => 300 });
    await assert.rejects(pool.run({ path: 'hang', size: 1 }), WorkerTimeoutError);
    assert.equal(await pool.run({ path: 'next', size: 1 }), 'done next');
  });

  it('cancelling a running task terminates its worker at once', async () => {
    pool = new WorkerPool<string>({ workerPath, size: 1 });
    const controller = new AbortController();
    const hang = pool.run({ path: 'hang', size: 1 }, { signal: controller.signal });
    const queued = pool.run({ path: 'queued', size: 1 }, { signal: controller.signal });
    const other = pool.run({ path: 'other', size: 1 });
    controller.abort(new Error('user cancelled'));
    await assert.rejects(hang, /user cancelled/);
    await assert.rejects(queued, /user cancelled/);
    assert.equal(await other, 'done other');
  });

  it('passes progress and worker-reported errors through', async () => {
    pool = new WorkerPool<string>({ workerPath, size: 1 });
    const seen: number[] = [];
    assert.equal(await pool.run({ path: 'progress', size: 1 }, { onProgress: (f) => seen.push(f) }), 'done progress');
    assert.deepEqual(seen, [0.5]);
    await assert.rejects(pool.run({ path: 'error', size: 1 }), /cannot read it/);
  });

  it('rejects work after close', async () => {
    pool = new WorkerPool<string>({ workerPath, size: 1 });
    await pool.close();
    await assert.rejects(pool.run({ path: 'x', size: 1 }), /closed/);
  });
});
