import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { e2eContext } from '../harness/e2eContext';
import { writeFixtureWav } from '../fixtures/fixtureDelivery';
import { openProblems, openViewContainer, parkPointer, problemRows, waitForProblem, waitForTreeRow, widenSideBar } from './ui';

/** What a person sees when a file breaks the spec: a Problems row with the rule code, a badge. */
describe('Problems panel and badges', () => {
  const added = 'Multitracks/06 Tom 16bit.wav';

  after(async () => {
    await fs.rm(path.join(e2eContext().workspace, ...added.split('/')), { force: true });
  });

  it('a 16-bit multi-track shows as a format/bit-depth problem and a badge in the tree', async () => {
    const { page, workspace, screenshot } = e2eContext();
    await writeFixtureWav(path.join(workspace, ...added.split('/')), { channels: 1, sampleRate: 48000, bitDepth: '16', seconds: 1 });
    await openViewContainer(page, 'Audio Deliverables');
    const row = await waitForTreeRow(page, 'Delivery', /06 Tom 16bit\.wav/);
    await openProblems(page);
    const problem = await waitForProblem(page, /is 16-bit; multi-tracks must be 24-bit or 32-bit/);
    assert.match(await problem.innerText(), /format\/bit-depth/);
    const texts = await problemRows(page).allInnerTexts();
    assert.ok(texts.some((t) => t.includes('06 Tom 16bit.wav')), texts.join(' | '));
    // The tree row is decorated like the Explorer's: coloured, with the problem count as a badge
    // (VS Code draws the badge from the diagnostics in CSS, so the class is what can be asserted).
    await row.locator('.monaco-icon-label[class*="monaco-decoration-itemColor"]').waitFor({ state: 'visible' });
    await widenSideBar(page, 520);
    await parkPointer(page);
    await screenshot('problems');
  });
});
