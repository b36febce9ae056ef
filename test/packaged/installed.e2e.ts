// The packaged extension, as a user gets it: `npm run package` built the .vsix, the runner
// (runE2e --packaged) installed it with `code-server --install-extension` and opened the fixture
// delivery with no extensionDevelopmentPath. Everything here runs against the installed folder.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { e2eContext } from '../harness/e2eContext';
import { repoRoot } from '../harness/paths';
import { writeFixtureWav } from '../fixtures/fixtureDelivery';
import { RULES, ruleDocPath } from '../../src/core/rules';
import { openProblems, openViewContainer, openWaveformEditor, parkPointer, runCommand, waitForProblem, waitForTreeRow, waitForWaveformDrawn, webviewContent, webviewFrames } from '../e2e/ui';
import { listPackage, manifestPaths, SHIPPED_BY_VSCE, VSIX_BUDGET_BYTES, unwantedInPackage } from './packageContents';

/** A 16-bit multi-track: a format/bit-depth error in any preset, so the clean fixture has a finding. */
const SIXTEEN_BIT = 'Multitracks/06 Tom 16bit.wav';

function installed(): string {
  const dir = e2eContext().installedExtension;
  assert.ok(dir, 'installedExtension is set in a --packaged run');
  return dir;
}

describe('Packaged extension (.vsix installed into code-server)', () => {
  before(async () => {
    await writeFixtureWav(path.join(e2eContext().workspace, ...SIXTEEN_BIT.split('/')), { channels: 1, sampleRate: 48000, bitDepth: '16', seconds: 1 });
  });

  after(async () => {
    await fsp.rm(path.join(e2eContext().workspace, ...SIXTEEN_BIT.split('/')), { force: true });
  });

  describe('what the package holds', () => {
    it('the bundles, rule pages, media and metadata; no sources, tests, maps or node_modules; within its size budget', () => {
      const dir = installed();
      const files = listPackage(dir);
      for (const needed of [...SHIPPED_BY_VSCE, 'dist/extension.js', 'dist/languageClient.js', 'dist/server.js', 'dist/analysisWorker.js', 'dist/cli.js', 'dist/kWeighting.wasm', 'dist/truePeak.wasm', 'dist/pcm24.wasm', 'media/icon.png', 'schemas/delivery.schema.json']) {
        assert.ok(files.includes(needed), `${needed} is in the package`);
      }
      const docs = files.filter((f) => f.startsWith('docs/rules/')).sort();
      assert.deepEqual(docs, RULES.map((r) => ruleDocPath(r.id)).sort());
      assert.deepEqual(unwantedInPackage(files), []);
      const vsix = fs.readdirSync(repoRoot).find((f) => f.endsWith('.vsix'));
      const size = fs.statSync(path.join(repoRoot, vsix!)).size;
      console.log(`      ${vsix}: ${(size / 1024).toFixed(0)} KB, ${files.length} files`);
      assert.ok(size < VSIX_BUDGET_BYTES, `${vsix} is ${size} bytes, over the ${VSIX_BUDGET_BYTES}-byte budget`);
    });

    it('every file package.json points at (main, bin, icons, schema, walkthrough media) is there', () => {
      const dir = installed();
      const pointed = manifestPaths(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')));
      assert.ok(pointed.length >= 10, pointed.join(', '));
      for (const rel of pointed) assert.ok(fs.existsSync(path.join(dir, rel)), `${rel} (named in package.json) is in the package`);
    });

    it('the CLI runs from the installed folder alone: bundled analysis worker, docs of every rule', () => {
      const dir = installed();
      const { workspace } = e2eContext();
      const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(dir, 'dist', 'cli.js'), ...args], {
        cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NODE_PATH: '' },
      });
      const check = cli('check', workspace, '--format', 'json', '--no-cache', '--jobs', '2');
      assert.equal(check.status, 1, check.stderr);
      const result = JSON.parse(check.stdout) as { files: Array<{ path: string; analysis: { samplePeakDbfs: number | null } | null }>; findings: Array<{ rule: string; file: string | null }> };
      assert.deepEqual(result.findings.map((f) => [f.rule, f.file]), [['format/bit-depth', SIXTEEN_BIT]]);
      // Measured by the worker bundle: the fixture's sine peaks at -12 dBFS.
      const kick = result.files.find((f) => f.path === 'Multitracks/01 Kick In.wav');
      assert.equal(kick?.analysis?.samplePeakDbfs, -12);

      const rules = cli('rules', '--format', 'json');
      assert.equal(rules.status, 0, rules.stderr);
      const listed = JSON.parse(rules.stdout) as Array<{ id: string; docs: string }>;
      assert.deepEqual(listed.map((r) => r.id), RULES.map((r) => r.id));
      for (const r of listed) {
        assert.equal(r.docs, path.join(dir, ruleDocPath(r.id)));
        assert.ok(fs.existsSync(r.docs), r.docs);
      }
    });
  });

  describe('in the workbench', () => {
    it('the Delivery tree shows the fixture delivery', async () => {
      const { page } = e2eContext();
      await openViewContainer(page, 'Audio Deliverables');
      for (const [label, count] of [['Multi-tracks', 5], ['Stems', 3], ['References', 2], ['Effect prints', 1], ['Session', 1]] as const) {
        await waitForTreeRow(page, 'Delivery', new RegExp(`^${label}\\s*${count}$`));
      }
      const kick = await waitForTreeRow(page, 'Delivery', /01 Kick In\.wav/);
      assert.match(await kick.innerText(), /48 kHz · 24-bit · mono · 0:02/);
    });

    it('the server publishes diagnostics; the rule code opens its page shipped in the package', async () => {
      const { page, screenshot } = e2eContext();
      await openProblems(page);
      const problem = await waitForProblem(page, /is 16-bit; multi-tracks must be 24-bit or 32-bit/);
      const code = problem.locator('a.monaco-link', { hasText: 'format/bit-depth' });
      await code.waitFor({ state: 'visible' });
      // The link's target is the page inside the installed extension (a remote file of the
      // workbench), not the repository.
      assert.equal(await code.getAttribute('href'), e2eContext().server.remoteUri(path.join(installed(), ruleDocPath('format/bit-depth'))));
      await parkPointer(page);
      await screenshot('packaged-problems');
      await code.click();
      await openedDocsPage('format/bit-depth');
    });

    it('the tree tooltip of a file links its findings to their pages', async () => {
      const { page } = e2eContext();
      const row = await waitForTreeRow(page, 'Delivery', /06 Tom 16bit\.wav/);
      // Into the row from elsewhere, in steps: the hover starts on the pointer entering the row.
      await parkPointer(page);
      const box = await row.boundingBox();
      assert.ok(box, 'the row is on screen');
      await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2, { steps: 5 });
      const link = page.locator('.monaco-hover a', { hasText: 'format/bit-depth' });
      await link.waitFor({ state: 'visible' });
      await link.click();
      await openedDocsPage('format/bit-depth');
    });

    it('the getting-started walkthrough lists its six steps, draws its media, and its first step ticks off from its button', async () => {
      const { page, screenshot } = e2eContext();
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input.input');
      await input.fill('>Welcome: Open Walkthrough...');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Welcome: Open Walkthrough...' }).first().click();
      await page.locator('.quick-input-widget input.input[placeholder="Select a walkthrough to open"]').waitFor({ state: 'visible' });
      const pick = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get Started with Audio Deliverables' });
      await pick.waitFor({ state: 'visible' });
      await pick.click();
      const steps = page.locator('.gettingStartedContainer .getting-started-step .step-title');
      await steps.nth(5).waitFor({ state: 'visible' });
      assert.deepEqual((await steps.allInnerTexts()).map((t) => t.trim()), [
        'Open a delivery', 'Pick a preset', 'Read the Problems panel', 'Open the overview', 'Print an alternate mix', 'Record the contract notes',
      ]);
      // The first step's SVG, drawn in the walkthrough's media webview with the theme's colours.
      await webviewContent(page).locator('text', { hasText: 'AUDIO DELIVERABLES: DELIVERY' }).waitFor({ state: 'attached' });
      // VS Code creates its walkthrough service when a walkthrough first opens: a delivery already
      // shown by then never ticks "Open a delivery" through its context key or view (the service
      // only ticks on changes it sees). Its button does: it shows the Delivery view.
      const first = page.locator('.gettingStartedContainer .getting-started-step').first();
      await first.locator('.codicon-getting-started-step-unchecked').waitFor({ state: 'visible' });
      await parkPointer(page);
      await screenshot('packaged-walkthrough');
      await first.getByRole('button', { name: 'Show the Delivery View' }).click();
      await first.locator('.codicon-getting-started-step-checked').waitFor({ state: 'visible' });
    });

    it('the extension page shows the icon, the README and the changelog from the package', async () => {
      const { page, screenshot } = e2eContext();
      await runCommand(page, 'Extensions: Show Enabled Extensions');
      const entry = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Audio Deliverables' }).first();
      await entry.waitFor({ state: 'visible' });
      await entry.click();
      const header = page.locator('.extension-editor .header', { hasText: 'Audio Deliverables' });
      await header.waitFor({ state: 'visible' });
      // The 128×128 icon, decoded: a broken image has no natural size.
      assert.equal(await header.locator('img.icon').evaluate('new Promise((r, j) => { const i = document.querySelector(".extension-editor .header img.icon"); const done = () => r(i.naturalWidth); if (i.complete) done(); else { i.addEventListener("load", done); i.addEventListener("error", j); } })'), 128);
      await webviewContent(page).locator('h2', { hasText: 'Set up and run' }).waitFor({ state: 'visible' });
      await screenshot('packaged-extension-page');
      await page.locator('.extension-editor .navbar .action-label', { hasText: 'Changelog' }).click();
      await webviewContent(page).locator('h2', { hasText: '0.1.0' }).waitFor({ state: 'visible' });
    });

    it('the waveform editor opens a file and draws its signal (webview bundle, CSS and elements all from the package)', async () => {
      const { page, screenshot } = e2eContext();
      const view = await openWaveformEditor(page, path.basename(SIXTEEN_BIT));
      await waitForWaveformDrawn(view);
      const { content } = await webviewFrames(page);
      // A -12 dBFS sine (peaks at ±0.25): columns drawn as bars several rows tall, not flat lines.
      const tallest = await content.evaluate(`(() => {
        const canvas = document.querySelector('canvas.peaks');
        const { width, height } = canvas;
        const data = canvas.getContext('2d').getImageData(0, 0, width, height).data;
        let best = 0;
        for (let x = 0; x < width; x++) {
          let rows = 0;
          for (let y = 0; y < height; y++) if (data[(y * width + x) * 4 + 3] > 0) rows++;
          best = Math.max(best, rows);
        }
        return best / height;
      })()`);
      assert.ok(typeof tallest === 'number' && tallest > 0.1, `the tallest column covers ${String(tallest)} of the canvas`);
      await screenshot('packaged-waveform');
      await runCommand(page, 'View: Close All Editors');
    });

    it('the delivery overview opens with one lane per stem plus the mix', async () => {
      const { page } = e2eContext();
      await runCommand(page, 'Deliverables: Open Delivery Overview');
      const view = webviewContent(page);
      // The fixture's three stems and its main mix.
      await view.locator('#timeline .lane canvas').nth(3).waitFor({ state: 'visible' });
      assert.equal(await view.locator('#timeline .lane').count(), 4);
      await view.locator('#checklist').waitFor({ state: 'attached' });
      await runCommand(page, 'View: Close All Editors');
    });
  });
});

/** Waits for an editor tab of the rule's page and for its first line (the page's title). */
async function openedDocsPage(rule: string): Promise<void> {
  const { page } = e2eContext();
  const name = `${rule.slice(rule.indexOf('/') + 1)}.md`;
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible' });
  await page.locator('.editor-instance .view-lines', { hasText: `# ${rule}` }).waitFor({ state: 'visible' });
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.tabs-container .tab', { hasText: name }).waitFor({ state: 'detached' });
}
