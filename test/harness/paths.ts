// Where things are, computed from this file's compiled location (out/test/harness/), so the
// harness works from any working directory.
import * as path from 'node:path';

/** The extension's repository root (holds package.json). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Compiled tests and fixtures (tsc -p tsconfig.test.json). */
export const outDir = path.join(repoRoot, 'out');

/** Where e2e screenshots and other test artefacts go. */
export const testResultsDir = path.join(repoRoot, 'test-results');

/** code-server, installed by `npm run test-host:install` into its own folder. */
export const testHostDir = path.join(repoRoot, 'test', 'host');
export const codeServerEntry = path.join(testHostDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** Debian's chromium (apt-get install chromium). */
export const chromiumPath = '/usr/bin/chromium';
