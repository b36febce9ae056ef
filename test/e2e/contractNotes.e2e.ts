import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from '../harness/codeServer';
import { e2eContext, saveScreenshot } from '../harness/e2eContext';
import { repoRoot } from '../harness/paths';
import { createFixtureDelivery } from '../fixtures/fixtureDelivery';
import { readContractNotes } from '../../src/core/spec/contractNotes';
import { openProblems, openViewContainer, parkPointer, runCommand, waitForProblem, waitForTreeRow, waitForWorkbench, webviewContent } from './ui';

/** The text with the `"session": …` property cut out: what saving the notes must leave byte for byte. */
function outsideSession(text: string): string {
  const property = findNodeAtLocation(parseTree(text)!, ['session'])!.parent!;
  return text.slice(0, property.offset) + text.slice(property.offset + property.length);
}

/** A person edits the contract notes in the delivery overview and saves them into delivery.json. */
describe('Contract notes in the delivery overview', () => {
  // A session file whose name is markup: it must show as text.
  const oddSession = 'Session/<b>Alt Mix.ptx';
  let specFile: string;
  let original: Buffer;

  before(async () => {
    const { page, workspace } = e2eContext();
    specFile = path.join(workspace, 'delivery.json');
    original = await fs.readFile(specFile);
    await fs.writeFile(path.join(workspace, ...oddSession.split('/')), 'not really a Pro Tools session');
    await runCommand(page, 'View: Close All Editors');
    // The extension is up and its model has both session files before the command is looked for.
    await openViewContainer(page, 'Audio Deliverables');
    await waitForTreeRow(page, 'Delivery', /^Session\s*2$/);
  });

  after(async () => {
    const { page, workspace } = e2eContext();
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'View: Hide Panel');
    await fs.writeFile(specFile, original);
    await fs.rm(path.join(workspace, ...oddSession.split('/')), { force: true });
  });

  it('typing the notes and clicking Save changes exactly the session block of delivery.json on disk', async () => {
    const { page, screenshot } = e2eContext();
    const before = (await fs.readFile(specFile)).toString('utf8');
    await runCommand(page, 'Deliverables: Edit Contract Notes');
    const view = webviewContent(page);
    const form = view.locator('#contract-notes');
    await form.locator('#contract-notes-save').waitFor({ state: 'visible' });
    // The fixture records a handover: both session files are listed as agreed, no warning yet.
    await form.locator('.contract-notes-sessions', { hasText: '2 DAW session files are in this delivery, and the handover is agreed.' }).waitFor();
    assert.equal(await form.locator('#contract-notes-owner input').inputValue(), 'Mix engineer');
    assert.match(await form.innerText(), /The session belongs to the engineer unless a contract says otherwise\. This is not legal advice: ask a lawyer when unsure\./);

    const typed = {
      owner: 'Sam Rivera <img src=x onerror=alert(1)>',
      handover: false,
      contract: 'Mix agreement 2026-03-02 §4',
      notes: 'Session stays with the engineer.\nStems and references only; "no" .ptx // not a comment',
    };
    await form.locator('#contract-notes-owner input').fill(typed.owner);
    await form.locator('#contract-notes-handover').click();
    await form.locator('#contract-notes-contract input').fill(typed.contract);
    await form.locator('#contract-notes-notes textarea').fill(typed.notes);
    await form.locator('#contract-notes-save').click();
    await form.locator('.contract-notes-status.ok', { hasText: 'Saved to delivery.json.' }).waitFor();

    const after = (await fs.readFile(specFile)).toString('utf8');
    assert.notEqual(after, before);
    assert.equal(outsideSession(after), outsideSession(before), 'bytes outside the session block are unchanged');
    assert.deepEqual(readContractNotes(after), { notes: typed, problem: null });
    assert.equal(after.split('\n').length, before.split('\n').length, 'the one-line block stays one line');

    // Handover no longer agreed: both session files are listed next to the notes, names as text.
    const items = form.locator('.contract-notes-sessions.warning li');
    await items.nth(1).waitFor();
    assert.deepEqual((await items.allTextContents()).sort(), [oddSession, 'Session/Song.ptx'].sort());
    assert.equal(await form.locator('.contract-notes-sessions li b, .contract-notes-sessions li img').count(), 0, 'no markup element was made from a name');
    assert.equal(await form.locator('#contract-notes-owner input').inputValue(), typed.owner);
    assert.equal(await form.locator('.contract-notes-status').textContent(), 'Saved to delivery.json.', 'the outcome stays after the re-validated view arrives');

    await parkPointer(page);
    await screenshot('contract-notes');

    // The server re-validated the saved file: the Pro Tools session is a warning now, with the recorded owner.
    await openProblems(page);
    const problem = await waitForProblem(page, /Song\.ptx is a Pro Tools session, but the recorded terms say the session is not handed over/);
    assert.match(await problem.innerText(), /Sam Rivera <img src=x onerror=alert\(1\)>/);
    assert.match(await problem.innerText(), /session\/included/);
  });
});

/**
 * Restricted Mode: a second code-server that keeps workspace trust on, a window whose user
 * answers "No, I don't trust the authors". The notes show, but nothing can be saved.
 */
describe('Contract notes in Restricted Mode', function () {
  this.timeout(180_000);
  let dir: string;
  let server: CodeServer | undefined;
  let page: Page | undefined;

  before(async () => {
    const { workspace } = e2eContext();
    dir = path.join(path.dirname(workspace), 'untrusted-delivery');
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    await createFixtureDelivery(dir);
    server = await startCodeServer({ folder: dir, extensionDevelopmentPath: repoRoot, trust: true, runDir: path.join(path.dirname(workspace), 'untrusted-server') });
    page = await e2eContext().browserContext.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
  });

  after(async () => {
    await page?.close();
    await server?.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('shows the notes read-only and says why; Edit Contract Notes is not offered', async () => {
    const window = page!;
    await window.goto(server!.workbenchUrl());
    await waitForWorkbench(window);
    const dialog = window.locator('.monaco-dialog-box', { hasText: 'Do you trust the authors' });
    await dialog.waitFor({ state: 'visible', timeout: 60_000 });
    await dialog.getByRole('button', { name: "No, I don't trust the authors" }).click();
    await dialog.waitFor({ state: 'hidden' });
    await openViewContainer(window, 'Audio Deliverables');
    await waitForTreeRow(window, 'Delivery', /^Session\s*1$/);

    await runCommand(window, 'Deliverables: Open Delivery Overview');
    const form = webviewContent(window).locator('#contract-notes');
    const reason = form.locator('.contract-notes-reason', { hasText: 'This workspace is in Restricted Mode: trust it to edit the contract notes.' });
    await reason.scrollIntoViewIfNeeded({ timeout: 60_000 });
    assert.equal(await form.locator('#contract-notes-owner input').inputValue(), 'Mix engineer', 'the recorded notes still show');
    for (const id of ['#contract-notes-owner', '#contract-notes-handover', '#contract-notes-contract', '#contract-notes-notes', '#contract-notes-save']) {
      assert.equal(await form.locator(id).evaluate((el) => (el as unknown as { disabled: boolean }).disabled), true, `${id} is disabled`);
    }
    await parkPointer(window);
    await saveScreenshot(window, e2eContext().resultsDir, 'contract-notes-restricted');

    // The palette does not offer the command that writes (its "when" needs a trusted workspace).
    await window.keyboard.press('F1');
    const input = window.locator('.quick-input-widget input.input');
    await input.fill('>Deliverables: Open Delivery Overview');
    await window.locator('.quick-input-widget .monaco-list-row', { hasText: 'Open Delivery Overview' }).first().waitFor();
    await input.fill('>Deliverables: Edit Contract Notes');
    // The list has been filtered again once the row above is gone.
    await window.locator('.quick-input-widget .monaco-list-row', { hasText: 'Open Delivery Overview' }).waitFor({ state: 'detached' });
    assert.equal(await window.locator('.quick-input-widget .monaco-list-row', { hasText: 'Edit Contract Notes' }).count(), 0);
    await window.keyboard.press('Escape');
  });
});
