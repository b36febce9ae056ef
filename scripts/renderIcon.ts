// Renders media/icon.svg to media/icon.png (128×128, transparent background) in headless
// chromium: the marketplace wants a PNG icon. Run after editing the SVG (the PNG is committed):
//   npm run compile-tests && node out/scripts/renderIcon.js
import * as fs from 'node:fs';
import * as path from 'node:path';
import { launchBrowser } from '../test/harness/browser';
import { repoRoot } from '../test/harness/paths';
import { createRunDir, removeRunDir } from '../test/harness/runDir';

const SIZE = 128;

async function main(): Promise<void> {
  const svg = fs.readFileSync(path.join(repoRoot, 'media', 'icon.svg'), 'utf8');
  const runDir = createRunDir('icon');
  const browser = await launchBrowser({ dir: runDir, viewport: { width: SIZE, height: SIZE } });
  try {
    await browser.page.setContent(`<!doctype html><html><body style="margin:0;overflow:hidden">${svg}</body></html>`);
    const png = path.join(repoRoot, 'media', 'icon.png');
    await browser.page.screenshot({ path: png, omitBackground: true, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
    console.log(`${path.relative(repoRoot, png)}: ${fs.statSync(png).size} bytes`);
  } finally {
    await browser.close();
    removeRunDir(runDir);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
