import * as assert from 'node:assert/strict';
import { e2eContext } from '../harness/e2eContext';
import { openViewContainer, parkPointer, treeRowTexts, waitForTreeRow, widenSideBar } from './ui';

/** What a person sees in the Audio Deliverables view for the fixture delivery. */
describe('Delivery tree on screen', () => {
  it('shows the role groups with counts and the files with their format and loudness', async () => {
    const { page, screenshot } = e2eContext();
    await openViewContainer(page, 'Audio Deliverables');
    for (const [label, count] of [['Multi-tracks', 4], ['Stems', 3], ['References', 2], ['Effect prints', 1]] as const) {
      await waitForTreeRow(page, 'Delivery', new RegExp(`^${label}\\s*${count}$`));
    }
    // Once analysed, a file's row adds its loudness (the fixture's mono sine: -16.0 LUFS).
    const kick = await waitForTreeRow(page, 'Delivery', /01 Kick In\.wav.*LUFS/s);
    assert.match(await kick.innerText(), /01 Kick In\.wav\s*48 kHz · 24-bit · mono · 0:02 · -16\.0 LUFS/);
    const vox = await waitForTreeRow(page, 'Delivery', /Song_STEM_Vox\.wav/);
    assert.match(await vox.innerText(), /48 kHz · 32-bit float · stereo · 0:02/);
    const rows = await treeRowTexts(page, 'Delivery');
    const top = rows.filter((r) => r.level === 1).map((r) => `${r.label} ${r.description}`);
    assert.deepEqual(top.slice(0, 2), ['Multi-tracks 4', 'Stems 3']);
    const firstFile = rows.find((r) => r.level === 2);
    assert.deepEqual(firstFile && [firstFile.label, firstFile.description], ['01 Kick In.wav', '48 kHz · 24-bit · mono · 0:02 · -16.0 LUFS']);
    await widenSideBar(page, 520);
    await parkPointer(page);
    await screenshot('tree');
  });
});
