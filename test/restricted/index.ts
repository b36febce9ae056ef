// The extensionTestsPath module of the Restricted Mode suite: the harness opens its workspace with
// workspace trust on and never grants it (runIntegration.ts, SUITES).
import { runMochaIn } from '../integration/index';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}
