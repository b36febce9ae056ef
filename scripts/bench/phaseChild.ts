/**
 * One phase of `npm run bench` in a process of its own that loads nothing but the phase's code, so
 * the peak RSS it reports is the analysis's own, not the bench harness's (playwright-core, the
 * LSP client and the test harness that the rest of bench.js imports weigh about 70 MB). Prints
 * the phase's result as one JSON line. Run alone to profile a phase:
 *
 *   node --cpu-prof out/scripts/bench/phaseChild.js single DIR
 */
import { PHASES, isPhaseName, runPhase } from './benchPhases';

async function main(): Promise<void> {
  const [phase, root] = process.argv.slice(2);
  if (!phase || !isPhaseName(phase) || !root) throw new Error(`usage: phaseChild.js ${PHASES.join('|')} ROOT`);
  process.stdout.write(`${JSON.stringify(await runPhase(phase, root))}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
