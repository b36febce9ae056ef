import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';

/**
 * The real analysis worker, except that its thread dies (exit code 70, as an abort in native code
 * would end it) on any file whose name holds "DIES": for crash isolation tests of the server.
 */
parentPort!.on('message', (task: { path: string }) => {
  if (path.basename(task.path).includes('DIES')) process.exit(70);
});
// Registered second: it never sees a task the listener above ended the thread for.
import '../../../src/core/analysis/analysisWorker';
