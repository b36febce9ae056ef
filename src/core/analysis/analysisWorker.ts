import { parentPort } from 'node:worker_threads';
import { analyseFile } from './fileAnalysis';
import type { WorkerMessage } from './workerPool';
import type { AnalysisOutcome } from './fileAnalysis';

/**
 * Worker-thread entry (bundled as dist/analysisWorker.js): analyses one file per message. Runs
 * in its own thread so decoding never blocks the server's message loop, and so a crash on a
 * hostile file takes down only this worker, which the pool replaces.
 */
const port = parentPort;
if (!port) throw new Error('analysisWorker must run in a worker thread');

port.on('message', (task: { id: number; path: string }) => {
  void (async () => {
    const post = (msg: WorkerMessage<AnalysisOutcome>, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);
    try {
      const result = await analyseFile(task.path, { onProgress: (fraction) => post({ type: 'progress', id: task.id, fraction }) });
      post({ type: 'result', id: task.id, result }, result.ok ? [result.overview.buffer as ArrayBuffer] : []);
    } catch (err) {
      post({ type: 'error', id: task.id, message: (err as Error).message });
    }
  })();
});
