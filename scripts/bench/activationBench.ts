/**
 * Activation time of the extension in the real VS Code (code-server): a fresh VS Code per sample,
 * on an empty folder, timing the extension host's activation from activationProbe.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cleanup } from '../../test/harness/cleanup';
import { outDir } from '../../test/harness/paths';
import { createRunDir, removeRunDir } from '../../test/harness/runDir';
import { runTestsInCodeServer } from '../../test/harness/runInCodeServer';
import { ACTIVATION_PREFIX, type ActivationSample } from './activationLine';

export const ACTIVATION_GOAL_MS = 50;

/** One activation per fresh VS Code. */
export async function measureActivation(samples: number): Promise<ActivationSample[]> {
  const times: ActivationSample[] = [];
  for (let i = 0; i < samples; i++) {
    const runDir = createRunDir('bench-activation');
    const workspace = path.join(runDir, 'empty');
    fs.mkdirSync(workspace);
    const cleanup = new Cleanup();
    let sample: ActivationSample | null = null;
    try {
      const code = await runTestsInCodeServer({
        workspace, runDir, cleanup,
        testsIndex: path.join(outDir, 'scripts', 'bench', 'activationProbe.js'),
        onLine: (text) => {
          if (text.startsWith(ACTIVATION_PREFIX)) sample = JSON.parse(text.slice(ACTIVATION_PREFIX.length)) as ActivationSample;
          else if (/error/i.test(text)) console.log(`    ${text}`);
        },
      });
      if (code !== 0 || sample === null) throw new Error(`the activation probe failed (exit code ${code}); see ${runDir}`);
      times.push(sample);
    } finally {
      await cleanup.run();
    }
    removeRunDir(runDir);
  }
  return times;
}
