// Runs a compiled extension-tests module (its run() is called by the extension host) in
// code-server + headless chromium: the workbench URL's payload carries extensionDevelopmentPath
// and extensionTestsPath, the extension host's console comes back through
// window.codeAutomationLog and the result through window.codeAutomationExit.
import * as util from 'node:util';
import type { Cleanup } from './cleanup';
import { tailOfFile } from './runDir';
import { startSession, type SessionOptions } from './session';

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

export interface CodeServerTestRun extends SessionOptions {
  workspace: string;
  runDir: string;
  cleanup: Cleanup;
  /** Absolute path of the compiled module whose run() the extension host calls. */
  testsIndex: string;
  /** Each line the extension host logs (default: printed, chatter left out). */
  onLine?: (text: string) => void;
}

const t0 = Date.now();
const stamp = (): string => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** The exit code the workbench reports when the tests module's run() settles. */
export async function runTestsInCodeServer(run: CodeServerTestRun): Promise<number> {
  const { server, browser, log } = await startSession(run.runDir, run.workspace, run.cleanup, { trust: run.trust, settings: run.settings, env: run.env });
  console.log(`[harness] code-server and chromium up at ${stamp()}`);

  let reportExit: (code: number) => void = () => undefined;
  const exitCode = new Promise<number>((resolve) => {
    reportExit = resolve;
  });
  const onLine = run.onLine ?? ((text: string) => process.stdout.write(`${text}\n`));
  // Both before page.goto: the workbench looks them up when the tests start and end.
  await browser.context.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
    const parts = Array.isArray(args) ? args : [args];
    const text = util.format(...parts);
    log(`${stamp()} [${String(type)}] ${text}`);
    if (!WORKBENCH_CHATTER.some((pattern) => pattern.test(text))) {
      onLine(text);
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

  await page.goto(server.workbenchUrl({ extensionTestsPath: run.testsIndex }));
  console.log(`[harness] workbench page loaded at ${stamp()}`);
  try {
    return await Promise.race([exitCode, crashed]);
  } catch (err) {
    console.error(`--- ${server.logFile} (tail) ---\n${tailOfFile(server.logFile)}`);
    throw err;
  }
}
