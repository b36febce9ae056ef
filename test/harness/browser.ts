// Debian's chromium driven by playwright-core, with a fresh profile and its own HOME/XDG folders
// (never `npx playwright install`: it downloads a browser, which fails here).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath } from './paths';

/** Without the networking flags chromium keeps trying hosts this closed network refuses. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserOptions {
  /** A folder of this run: the profile, HOME and XDG folders are made inside it. */
  dir: string;
  /** false opens a window (needs a display); default true. */
  headless?: boolean;
  viewport?: { width: number; height: number };
}

export interface Browser {
  readonly context: BrowserContext;
  /** The context's first page. */
  readonly page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(options: BrowserOptions): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: as root, run \`apt-get update && apt-get install -y chromium\``);
  }
  const headless = options.headless ?? true;
  const profileDir = path.join(options.dir, 'profile');
  const home = path.join(options.dir, 'home');
  const tmp = path.join(options.dir, 'tmp');
  for (const dir of [profileDir, home, tmp]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless,
    args: headless ? CHROMIUM_ARGS : CHROMIUM_ARGS.filter((arg) => arg !== '--headless'),
    viewport: options.viewport ?? { width: 1400, height: 900 },
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      TMPDIR: tmp,
    },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  let closing: Promise<void> | undefined;
  return {
    context,
    page,
    close(): Promise<void> {
      closing ??= context.close().catch(() => undefined);
      return closing;
    },
  };
}
