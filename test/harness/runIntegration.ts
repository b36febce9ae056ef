// `npm run test:integration`: runs each suite of SUITES (mocha, inside a real VS Code extension
// host) against a fresh fixture delivery of its own: out/test/integration, then
// out/test/restricted with workspace trust on and not granted (Restricted Mode).
//
// First tries a desktop VS Code through @vscode/test-electron (a developer's laptop can download
// one; VSCODE_EXECUTABLE_PATH names an installed one). Where it cannot be downloaded (ENOTFOUND
// and friends, in well under a second) it runs the same suite in code-server + headless chromium:
// the workbench URL's payload carries extensionDevelopmentPath and extensionTestsPath, the
// extension host's console comes back through window.codeAutomationLog and the result through
// window.codeAutomationExit. AUDIO_DELIVERABLES_TEST_HOST=code-server|desktop forces one host.
//
// A harness that cannot start fails the run with a message; it never skips.
import { ProgressReportStage, runTests, TestRunFailedError, type ProgressReporter } from '@vscode/test-electron';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cleanup, withTimeout } from './cleanup';
import { createFixtureWorkspace } from './fixtureWorkspace';
import { outDir, repoRoot } from './paths';
import { createRunDir, removeRunDir } from './runDir';
import { runTestsInCodeServer } from './runInCodeServer';

const OVERALL_TIMEOUT_MS = 8 * 60_000;
const NETWORK_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH']);

interface Suite {
  /** Folder under out/test whose index.js is the extensionTestsPath; also the run sub-folder. */
  name: string;
  /** Keep workspace trust on (and so not granted): the suite sees Restricted Mode. */
  trust: boolean;
  /** User settings for the suite's VS Code (code-server only). */
  settings?: Record<string, unknown>;
}

/** Each suite runs in a VS Code of its own. */
const SUITES: readonly Suite[] = [
  { name: 'integration', trust: false },
  // No trust prompt: nobody answers it, the workspace simply stays untrusted.
  { name: 'restricted', trust: true, settings: { 'security.workspace.trust.startupPrompt': 'never' } },
];

const testsIndexOf = (suite: Suite): string => path.join(outDir, 'test', suite.name, 'index.js');

type Host = 'auto' | 'desktop' | 'code-server';

async function main(): Promise<number> {
  const started = Date.now();
  const cleanup = new Cleanup();
  const runDir = createRunDir('integration');
  let code = 1;
  try {
    code = await withTimeout(run(runDir, cleanup), OVERALL_TIMEOUT_MS, 'the integration run');
  } catch (err) {
    console.error(`\n[harness] INTEGRATION RUN FAILED: ${err instanceof Error ? err.message : String(err)}`);
    code = 1;
  } finally {
    await cleanup.run();
  }
  if (code === 0) {
    removeRunDir(runDir);
  } else {
    console.error(`[harness] kept ${runDir} (workspace, code-server log, browser log) for inspection`);
  }
  console.log(`[harness] integration tests ${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return code;
}

async function run(runDir: string, cleanup: Cleanup): Promise<number> {
  requireBuilt();
  let host = testHost();
  let code = 0;
  for (const suite of SUITES) {
    console.log(`\n[harness] suite ${suite.name}${suite.trust ? ' (workspace trust on, not granted)' : ''}`);
    const suiteDir = path.join(runDir, suite.name);
    fs.mkdirSync(suiteDir);
    const workspace = await createFixtureWorkspace(suiteDir);
    let result: number | 'unavailable' = 'unavailable';
    if (host !== 'code-server') {
      result = await runOnDesktop(workspace, suiteDir, suite, host === 'desktop');
      if (result === 'unavailable') host = 'code-server';
    }
    if (result === 'unavailable') {
      // One VS Code at a time: this suite's server and browser are gone before the next starts.
      const suiteCleanup = new Cleanup();
      cleanup.add(() => suiteCleanup.run());
      try {
        result = await runTestsInCodeServer({ workspace, runDir: suiteDir, cleanup: suiteCleanup, testsIndex: testsIndexOf(suite), trust: suite.trust, settings: suite.settings });
      } finally {
        await suiteCleanup.run();
      }
    }
    console.log(`[harness] suite ${suite.name} ${result === 0 ? 'passed' : `FAILED (exit code ${result})`}`);
    if (code === 0) code = result;
  }
  return code;
}

function requireBuilt(): void {
  const needed: [string, string][] = [
    [path.join(repoRoot, 'dist', 'extension.js'), 'npm run build'],
    ...SUITES.map((suite): [string, string] => [testsIndexOf(suite), 'npm run compile-tests']),
  ];
  for (const [file, command] of needed) {
    if (!fs.existsSync(file)) {
      throw new Error(`${path.relative(repoRoot, file)} is missing: run \`${command}\` first`);
    }
  }
}

function testHost(): Host {
  const value = process.env.AUDIO_DELIVERABLES_TEST_HOST ?? 'auto';
  if (value !== 'auto' && value !== 'desktop' && value !== 'code-server') {
    throw new Error(`AUDIO_DELIVERABLES_TEST_HOST must be auto, desktop or code-server, not "${value}"`);
  }
  return value;
}

/** The exit code of a desktop run, or 'unavailable' when VS Code cannot be downloaded here. */
async function runOnDesktop(workspace: string, runDir: string, suite: Suite, required: boolean): Promise<number | 'unavailable'> {
  console.log('[harness] trying a desktop VS Code (@vscode/test-electron)');
  try {
    return await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsIndexOf(suite),
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      reporter: downloadReporter(),
      launchArgs: [
        workspace,
        '--disable-extensions',
        ...(suite.trust ? [] : ['--disable-workspace-trust']),
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir', path.join(runDir, 'desktop-user-data'),
      ],
    });
  } catch (err) {
    if (err instanceof TestRunFailedError) {
      return err.code ?? 1;
    }
    const code = (err as { code?: unknown } | undefined)?.code;
    if (!required && typeof code === 'string' && NETWORK_ERRORS.has(code)) {
      console.log(`[harness] desktop VS Code cannot be downloaded here (${code}); running in code-server + chromium`);
      return 'unavailable';
    }
    throw err;
  }
}

/** One line per download stage (the default spinner garbles a non-terminal log). */
function downloadReporter(): ProgressReporter {
  let last: string | undefined;
  return {
    report(report): void {
      if (report.stage !== last) {
        last = report.stage;
        const detail = report.stage === ProgressReportStage.ResolvedVersion ? ` ${report.version}` : '';
        console.log(`[harness] test-electron: ${report.stage}${detail}`);
      }
    },
    error(): void {
      // The error also rejects runTests, which decides what it means.
    },
  };
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('[harness] integration harness error:', err);
    process.exit(1);
  },
);
