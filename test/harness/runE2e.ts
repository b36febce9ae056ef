// `npm run test:e2e`: a real VS Code (code-server) in headless chromium, with the extension under
// development loaded and a fresh fixture delivery open; mocha runs out/test/e2e/**/*.e2e.js here
// in Node, and the specs drive the page they get from e2eContext(). Screenshots go to
// test-results/ (a failed test leaves test-results/failed-<title>.png).
// A harness that cannot start fails the run with a message; it never skips.
//
// `--packaged` (npm run test:packaged, after npm run package): installs the .vsix into the
// server's extensions folder as a user would and runs out/test/packaged/**/*.e2e.js against that
// installed extension instead, so what ships is what is tested.
import Mocha from 'mocha';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cleanup, withTimeout } from './cleanup';
import { saveScreenshot, setE2eContext } from './e2eContext';
import { createFixtureWorkspace } from './fixtureWorkspace';
import { outDir, repoRoot, testResultsDir } from './paths';
import { createRunDir, removeRunDir } from './runDir';
import { startSession } from './session';

const OVERALL_TIMEOUT_MS = 10 * 60_000;
const WORKBENCH_TIMEOUT_MS = 60_000;
const packaged = process.argv.includes('--packaged');
const specsDir = path.join(outDir, 'test', packaged ? 'packaged' : 'e2e');

async function main(): Promise<number> {
  const started = Date.now();
  const cleanup = new Cleanup();
  const runDir = createRunDir('e2e');
  let code = 1;
  try {
    code = await withTimeout(run(runDir, cleanup), OVERALL_TIMEOUT_MS, 'the e2e run');
  } catch (err) {
    console.error(`\n[harness] E2E RUN FAILED: ${err instanceof Error ? err.message : String(err)}`);
    code = 1;
  } finally {
    setE2eContext(undefined);
    await cleanup.run();
  }
  if (code === 0) {
    removeRunDir(runDir);
  } else {
    console.error(`[harness] kept ${runDir} (workspace, code-server log, browser log) for inspection`);
  }
  console.log(`[harness] e2e tests ${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${testResultsDir}`);
  return code;
}

async function run(runDir: string, cleanup: Cleanup): Promise<number> {
  const vsix = packaged ? packagedVsix() : undefined;
  if (!vsix && !fs.existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    throw new Error('dist/extension.js is missing: run `npm run build` first');
  }
  const specs = findSpecs(specsDir);
  if (specs.length === 0) {
    throw new Error(`no *.e2e.js specs under ${specsDir}: run \`npm run compile-tests\` first`);
  }
  const workspace = await createFixtureWorkspace(runDir);

  const { server, browser } = await startSession(runDir, workspace, cleanup, { vsix });
  const { page, context } = browser;

  const reloadWorkbench = async (): Promise<void> => {
    await page.goto(server.workbenchUrl());
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: WORKBENCH_TIMEOUT_MS });
  };
  await reloadWorkbench();

  fs.mkdirSync(testResultsDir, { recursive: true });
  for (const stale of fs.readdirSync(testResultsDir).filter((name) => name.startsWith('failed-'))) {
    fs.rmSync(path.join(testResultsDir, stale), { force: true });
  }
  setE2eContext({
    page,
    browserContext: context,
    server,
    workspace,
    resultsDir: testResultsDir,
    screenshot: (name) => saveScreenshot(page, testResultsDir, name),
    reloadWorkbench,
    installedExtension: vsix ? installedExtensionDir(server.extensionsDir) : undefined,
  });

  // E2E_GREP runs the matching tests only (while working on one spec); CI runs them all.
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', ...(process.env.E2E_GREP ? { grep: process.env.E2E_GREP } : {}) });
  mocha.suite.afterEach(async function screenshotOnFailure(this: Mocha.Context) {
    const test = this.currentTest;
    if (test?.state === 'failed') {
      const file = await saveScreenshot(page, testResultsDir, `failed-${test.fullTitle()}`).catch(() => undefined);
      if (file) {
        console.log(`      screenshot of the failure: ${path.relative(repoRoot, file)}`);
      }
    }
  });
  for (const spec of specs) {
    mocha.addFile(spec);
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  return failures > 0 ? 1 : 0;
}

function manifest(): { name: string; publisher: string; version: string } {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { name: string; publisher: string; version: string };
}

/** The .vsix `npm run package` writes: <name>-<version>.vsix at the repository root. */
function packagedVsix(): string {
  const { name, version } = manifest();
  const vsix = path.join(repoRoot, `${name}-${version}.vsix`);
  if (!fs.existsSync(vsix)) {
    throw new Error(`${path.basename(vsix)} is missing: run \`npm run package\` first`);
  }
  return vsix;
}

/** The folder code-server unpacked the .vsix into: <publisher>.<name>-<version>. */
function installedExtensionDir(extensionsDir: string): string {
  const { name, publisher, version } = manifest();
  const dir = path.join(extensionsDir, `${publisher}.${name}-${version}`);
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    throw new Error(`the .vsix did not install into ${dir} (found: ${fs.readdirSync(extensionsDir).join(', ') || 'nothing'})`);
  }
  return dir;
}

function findSpecs(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...findSpecs(full));
    } else if (entry.name.endsWith('.e2e.js')) {
      found.push(full);
    }
  }
  return found.sort();
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('[harness] e2e harness error:', err);
    process.exit(1);
  },
);
