import { parentPort } from 'node:worker_threads';

/** A worker for pool tests: behaves by the task's path (crash, exit, hang, progress, or echo). */
parentPort!.on('message', (task: { id: number; path: string }) => {
  if (task.path === 'crash') throw new Error('boom on a hostile file');
  if (task.path === 'exit') process.exit(3);
  if (task.path === 'hang') for (;;);
  if (task.path === 'progress') parentPort!.postMessage({ type: 'progress', id: task.id, fraction: 0.5 });
  if (task.path === 'error') {
    parentPort!.postMessage({ type: 'error', id: task.id, message: 'cannot read it' });
    return;
  }
  parentPort!.postMessage({ type: 'result', id: task.id, result: `done ${task.path}` });
});
