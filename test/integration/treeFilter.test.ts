import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../src/extension';
import { activateExtension } from './helpers/extension';
import { writeFixtureWav } from '../fixtures/fixtureDelivery';
import { FIXTURE_PROBLEMS } from '../fixtures/problemDelivery';
import { settles } from './helpers/settle';

/** The Delivery view's "only files with problems" toggle, on the fixture delivery. */
describe('Delivery tree filter: only files with problems', () => {
  let api: AudioDeliverablesApi;
  let root: vscode.Uri;
  // A DAW default name: a warning from the header pass alone.
  const generic = FIXTURE_PROBLEMS.find((p) => p.expected.some((e) => e.endsWith('naming/generic')))!.write;

  before(async () => {
    ({ api, root } = await activateExtension());
  });

  after(async () => {
    await vscode.commands.executeCommand('audioDeliverables.showAllFiles');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(root, ...generic.path.split('/'))).then(undefined, () => undefined);
    await treeSettles((rows) => rows.length === 7 && rows[0] === 'Multi-tracks 4 [01 Kick In.wav, 02 Snare Top.wav, 03 Bass DI.wav, 04 Overheads.wav]');
  });

  /** Each top row as "label count [children]". */
  async function rows(): Promise<string[]> {
    const out: string[] = [];
    for (const g of await api.tree.getChildren()) {
      const item = api.tree.getTreeItem(g);
      const children = (await api.tree.getChildren(g)).map((c) => String(api.tree.getTreeItem(c).label));
      out.push(`${String(item.label)} ${String(item.description)} [${children.join(', ')}]`);
    }
    return out;
  }

  const treeSettles = (check: (rows: string[]) => boolean) => settles(api.tree.onDidChangeTreeData, rows, check, 'the tree rows');

  it('hides every file of a clean delivery, shows a file once it has a problem, and shows all again when off', async () => {
    assert.equal(api.tree.onlyProblems, false, 'off by default');
    assert.equal((await rows()).length, 7);

    await vscode.commands.executeCommand('audioDeliverables.showOnlyProblems');
    assert.equal(api.tree.onlyProblems, true);
    assert.deepEqual(await rows(), [], 'the fixture has no problem');

    await writeFixtureWav(vscode.Uri.joinPath(root, ...generic.path.split('/')).fsPath, generic);
    assert.deepEqual(await treeSettles((r) => r.length > 0), ['Multi-tracks 1 [Audio 1_03.wav]']);

    await vscode.commands.executeCommand('audioDeliverables.showAllFiles');
    assert.equal(api.tree.onlyProblems, false);
    const all = await rows();
    assert.equal(all.length, 7);
    assert.equal(all[0], 'Multi-tracks 5 [01 Kick In.wav, 02 Snare Top.wav, 03 Bass DI.wav, 04 Overheads.wav, Audio 1_03.wav]');
  });
});
