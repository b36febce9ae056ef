/**
 * `npm run fuzz`: the fuzz properties of test/unit/fuzz.test.ts for longer, with a fresh random
 * seed each time (printed first, so a failure can be replayed with FUZZ_SEED=…).
 *   FUZZ_RUNS=n   runs per property (default 20,000: about 30 s on a busy 2-core machine)
 *   FUZZ_SEED=n   replay one seed instead of a random one
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
const runs = process.env.FUZZ_RUNS ?? '20000';
console.log(`fuzz: seed ${seed}, ${runs} runs per property (replay: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npm run fuzz)`);
const repo = path.resolve(__dirname, '..', '..');
const result = spawnSync(process.execPath, [require.resolve('mocha/bin/mocha.js'), '--timeout', '0', path.join(repo, 'out', 'test', 'unit', 'fuzz.test.js')], {
  cwd: repo,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs },
});
console.log(`fuzz: seed ${seed} ${result.status === 0 ? 'passed' : 'FAILED'}`);
process.exit(result.status ?? 1);
