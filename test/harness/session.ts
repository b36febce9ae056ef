// code-server and chromium started side by side for one run, both registered for clean-up, with
// the page's errors and console kept in <runDir>/browser.log.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser, type Browser } from './browser';
import type { Cleanup } from './cleanup';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import { repoRoot } from './paths';

export interface Session {
  readonly server: CodeServer;
  readonly browser: Browser;
  /** Appends a line to <runDir>/browser.log. */
  log(line: string): void;
}

/**
 * What a session may change of the code-server start (see CodeServerOptions). `vsix`: install
 * that package and run it, instead of the extension under development (loaded through the URL).
 */
export type SessionOptions = Pick<CodeServerOptions, 'trust' | 'settings' | 'env' | 'vsix'>;

export async function startSession(runDir: string, workspace: string, cleanup: Cleanup, options: SessionOptions = {}): Promise<Session> {
  const extension = options.vsix ? {} : { extensionDevelopmentPath: repoRoot };
  const [server, browser] = await Promise.allSettled([
    startCodeServer({ ...options, folder: workspace, ...extension, runDir: path.join(runDir, 'server') }),
    launchBrowser({ dir: path.join(runDir, 'browser') }),
  ]);
  if (server.status === 'fulfilled') {
    cleanup.add(() => server.value.stop());
    console.log(`[harness] code-server ${server.value.url} (pid ${server.value.pid}, log ${server.value.logFile})`);
  }
  if (browser.status === 'fulfilled') {
    cleanup.add(() => browser.value.close());
  }
  if (server.status === 'rejected') {
    throw server.reason;
  }
  if (browser.status === 'rejected') {
    throw new Error(`chromium did not start: ${String(browser.reason)}`);
  }
  const browserLog = path.join(runDir, 'browser.log');
  const log = (line: string): void => fs.appendFileSync(browserLog, `${line}\n`);
  const { page } = browser.value;
  page.on('pageerror', (error) => log(`[pageerror] ${error.stack ?? error.message}`));
  page.on('console', (message) => log(`[console.${message.type()}] ${message.text()}`));
  return { server: server.value, browser: browser.value, log };
}
