import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { e2eContext } from '../harness/e2eContext';
import { readContractNotes } from '../../src/core/spec/contractNotes';
import { openProblems, openViewContainer, parkPointer, runCommand, waitForProblem, waitForTreeRow, webviewContent } from './ui';

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
