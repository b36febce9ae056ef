// Smoke e2e: the workbench comes up with the extension loaded, and its view container is in the
// activity bar and opens.
import * as assert from 'node:assert/strict';
import { e2eContext } from '../harness/e2eContext';
import { activityBarItem, openViewContainer, waitForWorkbench } from './ui';

describe('workbench', () => {
  it('is up with the Audio Deliverables container in the activity bar', async () => {
    const { page, screenshot } = e2eContext();
    await waitForWorkbench(page);
    await activityBarItem(page, 'Audio Deliverables').waitFor({ state: 'visible' });
    await openViewContainer(page, 'Audio Deliverables');
    const title = await page.locator('.part.sidebar .composite.title h2').innerText();
    assert.match(title, /Audio Deliverables/i);
    await screenshot('workbench');
  });
});
