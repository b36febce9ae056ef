/**
 * Activation time of the extension in the real VS Code (code-server): a fresh VS Code per sample,
 * on an empty folder, timing extensionHost activate() from activationProbe.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cleanup } from '../../test/harness/cleanup';
import { outDir } from '../../test/harness/paths';
import { createRunDir, removeRunDir } from '../../test/harness/runDir';
import { runTestsInCodeServer } from '../../test/harness/runInCodeServer';
import { ACTIVATION_PREFIX } from './activationLine';

export const ACTIVATION_GOAL_MS = 50;

/** One activation time per fresh VS Code, in ms. */
export async function measureActivation(samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const runDir = createRunDir('bench-activation');
    const workspace = path.join(runDir, 'empty');
    fs.mkdirSync(workspace);
    const cleanup = new Cleanup();
    let ms: number | null = null;
    try {
      const code = await runTestsInCodeServer({
        workspace, runDir, cleanup,
        testsIndex: path.join(outDir, 'scripts', 'bench', 'activationProbe.js'),
        onLine: (text) => {
          if (text.startsWith(ACTIVATION_PREFIX)) ms = Number(text.slice(ACTIVATION_PREFIX.length));
          else if (/error/i.test(text)) console.log(`    ${text}`);
        },
      });
      if (code !== 0 || ms === null) throw new Error(`the activation probe failed (exit code ${code}); see ${runDir}`);
      times.push(ms);
    } finally {
      await cleanup.run();
    }
    removeRunDir(runDir);
  }
  return times;
}
