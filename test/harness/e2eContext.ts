// What the e2e specs get from runE2e: the playwright page showing the workbench (with the
// extension loaded and the fixture delivery open), the server, and a screenshot helper.
// Specs call e2eContext() inside their hooks/tests (not at module load).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { CodeServer } from './codeServer';

export interface E2eContext {
  /** The page showing the workbench; `.monaco-workbench` was visible before the first spec. */
  readonly page: Page;
  readonly browserContext: BrowserContext;
  readonly server: CodeServer;
  /** Absolute path of the fixture delivery the workbench has open. */
  readonly workspace: string;
  /** test-results/ at the repository root. */
  readonly resultsDir: string;
  /** Saves a screenshot of the page as test-results/<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  /** Loads the workbench again (fresh window on the same server) and waits until it is up. */
  reloadWorkbench(): Promise<void>;
  /** In a --packaged run: the folder the .vsix was installed into (what the workbench runs). */
  readonly installedExtension?: string;
}

let current: E2eContext | undefined;

export function e2eContext(): E2eContext {
  if (!current) {
    throw new Error('e2eContext() is only available in specs run by `npm run test:e2e` (out/test/harness/runE2e.js)');
  }
  return current;
}

export function setE2eContext(context: E2eContext | undefined): void {
  current = context;
}

export async function saveScreenshot(page: Page, resultsDir: string, name: string): Promise<string> {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '')}.png`);
  await page.screenshot({ path: file });
  return file;
}
