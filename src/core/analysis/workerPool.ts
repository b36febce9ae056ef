import { Worker } from 'node:worker_threads';

/**
 * A small pool of worker threads, one file per worker at a time. Why not one worker per file:
 * starting a worker costs ~30 ms and a few MB; a delivery has hundreds of files.
 *
 * A worker that crashes (a bug on a hostile file, out of memory) or outlives its time bound is
 * terminated and replaced; only its task fails, the rest of the queue goes on. Cancelling a task
 * terminates its worker, so cancellation takes effect within milliseconds, not at the next chunk.
 */

export interface PoolOptions {
  /** Absolute path of the worker script (bundled: dist/analysisWorker.js). */
  workerPath: string;
  size: number;
  /** Per-task time bound in ms from the task's size in bytes; a file that takes longer is a finding. */
  timeoutMs?: (task: PoolTask) => number;
}

export interface PoolTask {
  path: string;
  size: number;
}

/** Messages a worker posts: progress while it works, then exactly one result or error. */
export type WorkerMessage<R> =
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'result'; id: number; result: R }
  | { type: 'error'; id: number; message: string };

export class WorkerCrashError extends Error {}
export class WorkerTimeoutError extends Error {}

interface Job<R> {
  id: number;
  task: PoolTask;
  resolve(result: R): void;
  reject(err: Error): void;
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

interface Slot<R> {
  worker: Worker;
  job: Job<R> | null;
  timer: NodeJS.Timeout | null;
}

export class WorkerPool<R> {
  private readonly slots: Slot<R>[] = [];
  private readonly queue: Job<R>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  run(task: PoolTask, opts: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {}): Promise<R> {
    if (this.closed) return Promise.reject(new Error('the analysis pool is closed'));
    if (opts.signal?.aborted) return Promise.reject(abortError(opts.signal));
    return new Promise<R>((resolve, reject) => {
      // The listener goes with the job: a run's one signal serves a thousand jobs.
      const onAbort = () => this.cancel(job);
      const done = () => opts.signal?.removeEventListener('abort', onAbort);
      const job: Job<R> = {
        id: this.nextId++, task, onProgress: opts.onProgress, signal: opts.signal,
        resolve: (result) => { done(); resolve(result); },
        reject: (err) => { done(); reject(err); },
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** Terminates every worker; queued and running tasks are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the analysis pool closed'));
    await Promise.all(this.slots.splice(0).map((s) => {
      if (s.job) s.job.reject(new Error('the analysis pool closed'));
      if (s.timer) clearTimeout(s.timer);
      return s.worker.terminate();
    }));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.options.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      const ms = this.options.timeoutMs?.(job.task);
      if (ms !== undefined) slot.timer = setTimeout(() => this.fail(slot!, new WorkerTimeoutError(`analysis took longer than ${Math.round(ms / 1000)} s`)), ms);
      slot.worker.postMessage({ id: job.id, path: job.task.path });
    }
  }

  private spawn(): Slot<R> {
    const worker = new Worker(this.options.workerPath);
    worker.unref();
    const slot: Slot<R> = { worker, job: null, timer: null };
    worker.on('message', (msg: WorkerMessage<R>) => {
      const job = slot.job;
      if (!job || msg.id !== job.id) return;
      if (msg.type === 'progress') {
        job.onProgress?.(msg.fraction);
        return;
      }
      this.finish(slot);
      if (msg.type === 'result') job.resolve(msg.result);
      else job.reject(new Error(msg.message));
      this.dispatch();
    });
    worker.on('error', (err) => this.fail(slot, new WorkerCrashError(`the analysis worker crashed: ${err.message}`)));
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) this.fail(slot, new WorkerCrashError(`the analysis worker exited (code ${code})`));
    });
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot<R>): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }

  /** Rejects the slot's job, throws the worker away and carries on with a fresh one. */
  private fail(slot: Slot<R>, err: Error): void {
    const job = slot.job;
    this.finish(slot);
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    void slot.worker.terminate();
    job?.reject(err);
    if (!this.closed) this.dispatch();
  }

  private cancel(job: Job<R>): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      job.reject(abortError(job.signal!));
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    if (slot) this.fail(slot, abortError(job.signal!));
  }
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('cancelled');
}
