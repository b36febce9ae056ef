import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../src/extension';
import { activateExtension } from './helpers/extension';
import { parseSpec } from '../../src/core/spec/loadSpec';

/** Commands that write, as an engineer uses them; each test leaves the workspace as it found it. */
describe('Writing commands', () => {
  let api: AudioDeliverablesApi;
  let root: vscode.Uri;

  before(async () => {
    ({ api, root } = await activateExtension());
  });

  async function groupCounts(): Promise<Record<string, string>> {
    const groups = await api.tree.getChildren();
    return Object.fromEntries(groups.map((g) => {
      const item = api.tree.getTreeItem(g);
      return [String(item.label), String(item.description)];
    }));
  }

  /** Resolves when `check` holds for the tree's group counts, re-checking after every change. */
  function countsSettle(check: (counts: Record<string, string>) => boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const evaluate = async () => {
        if (check(await groupCounts())) {
          sub.dispose();
          resolve();
        }
      };
      const sub = api.tree.onDidChangeTreeData(() => void evaluate());
      void evaluate();
    });
  }

  it('Set Role writes a roles override into delivery.json and moves the file to its group', async () => {
    const specUri = vscode.Uri.joinPath(root, 'delivery.json');
    const before = new TextDecoder().decode(await vscode.workspace.fs.readFile(specUri));
    await vscode.commands.executeCommand('audioDeliverables.setRole', vscode.Uri.joinPath(root, 'Misc', 'readme.nfo'), 'document');
    const after = new TextDecoder().decode(await vscode.workspace.fs.readFile(specUri));
    assert.deepEqual({ ...parseSpec(after).spec.roles }, { 'Misc/readme.nfo': 'document' });
    assert.match(after, /\/\/ a fixture delivery for tests/, 'the comment survives');
    await countsSettle((c) => c['Documents'] === '2' && c['Other'] === '0');
    await vscode.workspace.fs.writeFile(specUri, new TextEncoder().encode(before));
    await countsSettle((c) => c['Documents'] === '1' && c['Other'] === '1');
  });

  it('New Delivery creates the folders and a delivery.json of the preset, and refuses an existing one', async () => {
    const folder = vscode.Uri.joinPath(root, 'Misc', 'New Song');
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.commands.executeCommand('audioDeliverables.newDelivery', folder, 'streaming-master', { artist: 'Ada', title: 'Dark' });
    const names = (await vscode.workspace.fs.readDirectory(folder)).map(([n]) => n).sort();
    assert.deepEqual(names, ['Docs', 'Multitracks', 'References', 'Session', 'Stems', 'delivery.json']);
    const spec = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'delivery.json')));
    const parsed = parseSpec(spec);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual([parsed.spec.preset, parsed.spec.project?.artist, parsed.spec.project?.title], ['streaming-master', 'Ada', 'Dark']);
    // A second run must not touch the file.
    await vscode.commands.executeCommand('audioDeliverables.newDelivery', folder, 'music-mix', { artist: 'X', title: 'Y' });
    assert.equal(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'delivery.json'))), spec);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });
});
