// `npm run test:integration`: runs out/test/integration (mocha, inside a real VS Code extension
// host) against a fresh fixture delivery.
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
import * as util from 'node:util';
import { Cleanup, withTimeout } from './cleanup';
import { createFixtureWorkspace } from './fixtureWorkspace';
import { outDir, repoRoot } from './paths';
import { createRunDir, removeRunDir, tailOfFile } from './runDir';
import { startSession } from './session';

const OVERALL_TIMEOUT_MS = 5 * 60_000;
const testsIndex = path.join(outDir, 'test', 'integration', 'index.js');
const NETWORK_ERRORS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH']);

const t0 = Date.now();
const stamp = (): string => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** Workbench start-up chatter that comes through codeAutomationLog too; kept in browser.log only. */
const WORKBENCH_CHATTER = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket \(/,
  /^Ignoring fetching additional builtin extensions/,
  /^\[Service Worker\]/,
  /^ChatSessionStore:/,
  /^Updating additional builtin extensions cache/,
  /^Creation of workbench contribution/,
];

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
  const workspace = await createFixtureWorkspace(runDir);
  const host = testHost();
  if (host !== 'code-server') {
    const desktop = await runOnDesktop(workspace, runDir, host === 'desktop');
    if (desktop !== 'unavailable') {
      return desktop;
    }
  }
  return runOnCodeServer(workspace, runDir, cleanup);
}

function requireBuilt(): void {
  const needed: [string, string][] = [
    [path.join(repoRoot, 'dist', 'extension.js'), 'npm run build'],
    [testsIndex, 'npm run compile-tests'],
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
async function runOnDesktop(workspace: string, runDir: string, required: boolean): Promise<number | 'unavailable'> {
  console.log('[harness] trying a desktop VS Code (@vscode/test-electron)');
  try {
    return await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsIndex,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      reporter: downloadReporter(),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
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

async function runOnCodeServer(workspace: string, runDir: string, cleanup: Cleanup): Promise<number> {
  const { server, browser, log } = await startSession(runDir, workspace, cleanup);
  console.log(`[harness] code-server and chromium up at ${stamp()}`);

  let reportExit: (code: number) => void = () => undefined;
  const exitCode = new Promise<number>((resolve) => {
    reportExit = resolve;
  });
  // Both before page.goto: the workbench looks them up when the tests start and end.
  await browser.context.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
    const parts = Array.isArray(args) ? args : [args];
    const text = util.format(...parts);
    log(`${stamp()} [${String(type)}] ${text}`);
    if (!WORKBENCH_CHATTER.some((pattern) => pattern.test(text))) {
      process.stdout.write(`${text}\n`);
    }
  });
  await browser.context.exposeFunction('codeAutomationExit', (code: unknown) => {
    reportExit(typeof code === 'number' ? code : 1);
  });

  const { page } = browser;
  const crashed = new Promise<never>((_, reject) => {
    page.once('crash', () => reject(new Error('the browser page crashed')));
    page.once('close', () => reject(new Error('the browser page closed before the tests finished')));
  });
  crashed.catch(() => undefined); // only observed through the race below

  await page.goto(server.workbenchUrl({ extensionTestsPath: testsIndex }));
  console.log(`[harness] workbench page loaded at ${stamp()}`);
  try {
    return await Promise.race([exitCode, crashed]);
  } catch (err) {
    console.error(`--- ${server.logFile} (tail) ---\n${tailOfFile(server.logFile)}`);
    throw err;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('[harness] integration harness error:', err);
    process.exit(1);
  },
);
