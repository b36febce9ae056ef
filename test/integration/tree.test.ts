import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../src/extension';
import type { TreeNode } from '../../src/providers/deliveryTreeModel';
import { settles } from './helpers/settle';

const EXTENSION_ID = 'audio-deliverables.audio-deliverables';

/** The tree of the fixture delivery (test/fixtures/fixtureDelivery.ts), as the provider gives it. */
describe('Delivery tree', () => {
  let api: AudioDeliverablesApi;

  before(async () => {
    const ext = vscode.extensions.getExtension<AudioDeliverablesApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    api = await ext.activate();
  });

  async function labelled(nodes: TreeNode[]): Promise<Array<[string, string]>> {
    return nodes.map((n) => {
      const item = api.tree.getTreeItem(n);
      return [String(item.label), String(item.description)];
    });
  }

  it('shows every role with its count', async () => {
    const groups = await api.tree.getChildren();
    assert.deepEqual(await labelled(groups), [
      ['Multi-tracks', '4'],
      ['Stems', '3'],
      ['References', '2'],
      ['Effect prints', '1'],
      ['Session', '1'],
      ['Documents', '1'],
      ['Other', '1'],
    ]);
  });

  it('describes each file by its format and, once analysed, its loudness', async () => {
    const files = async (group: string) => {
      const groups = await api.tree.getChildren();
      return labelled(await api.tree.getChildren(groups.find((g) => api.tree.getTreeItem(g).label === group)));
    };
    // The analysis of a delivery is published at once: the multi-tracks stand for every file.
    await settles(api.tree.onDidChangeTreeData, () => files('Multi-tracks'), (rows) => rows.every(([, d]) => d.includes('LUFS')), 'the analysis in the tree');
    assert.deepEqual(await files('Multi-tracks'), [
      ['01 Kick In.wav', '48 kHz · 24-bit · mono · 0:02 · -16.0 LUFS'],
      ['02 Snare Top.wav', '48 kHz · 24-bit · mono · 0:02 · -16.0 LUFS'],
      ['03 Bass DI.wav', '48 kHz · 24-bit · mono · 0:02 · -16.0 LUFS'],
      ['04 Overheads.wav', '48 kHz · 24-bit · stereo · 0:02 · -12.9 LUFS'],
    ]);
    assert.deepEqual(await files('Stems'), [
      ['Song_STEM_Bass.wav', '48 kHz · 24-bit · stereo · 0:02 · -12.9 LUFS'],
      ['Song_STEM_Drums.wav', '48 kHz · 24-bit · stereo · 0:02 · -12.9 LUFS'],
      ['Song_STEM_Vox.wav', '48 kHz · 32-bit float · stereo · 0:02 · -12.9 LUFS'],
    ]);
    assert.deepEqual(await files('References'), [
      ['Song_Instrumental.wav', '44.1 kHz · 16-bit · stereo · 0:03 · -12.9 LUFS'],
      ['Song_Main.wav', '44.1 kHz · 16-bit · stereo · 0:03 · -12.9 LUFS'],
    ]);
    assert.deepEqual(await files('Effect prints'), [['05 Vox Verb Print.wav', '48 kHz · 24-bit · stereo · 0:02 · -12.9 LUFS']]);
    assert.deepEqual(await files('Session'), [['Song.ptx', '30 B']]);
    // The tooltip carries the measured levels (Markdown, user text escaped).
    const [multitracks] = await api.tree.getChildren();
    const [kick] = await api.tree.getChildren(multitracks);
    const tooltip = (api.tree.getTreeItem(kick!).tooltip as vscode.MarkdownString).value;
    assert.ok(tooltip.includes('- Sample peak: \\-12\\.0 dBFS\n- True peak: \\-12\\.0 dBTP\n- Integrated loudness: \\-16\\.0 LUFS'), tooltip);
  });

  it('a file row opens the file and carries its path', async () => {
    const groups = await api.tree.getChildren();
    const [kick] = await api.tree.getChildren(groups[0]);
    const item = api.tree.getTreeItem(kick!);
    const root = vscode.workspace.workspaceFolders![0]!.uri;
    assert.equal(item.resourceUri?.fsPath, vscode.Uri.joinPath(root, 'Multitracks', '01 Kick In.wav').fsPath);
    assert.equal(item.command?.command, 'vscode.open');
  });

  /** Resolves when `check` holds for the tree, re-checking after every tree change. */
  function treeSettles(check: (groups: Array<[string, string]>) => boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const evaluate = async () => {
        if (check(await labelled(await api.tree.getChildren()))) {
          sub.dispose();
          resolve();
        }
      };
      const sub = api.tree.onDidChangeTreeData(() => void evaluate());
      void evaluate();
    });
  }

  it('carries the measured levels once the server has analysed the files', async () => {
    const levelsOf = async () => {
      const [multitracks] = await api.tree.getChildren();
      const [kick] = await api.tree.getChildren(multitracks);
      return kick?.type === 'file' ? kick.file.analysis : null;
    };
    await new Promise<void>((resolve) => {
      const evaluate = async () => {
        if (typeof (await levelsOf())?.samplePeakDbfs === 'number') {
          sub.dispose();
          resolve();
        }
      };
      const sub = api.tree.onDidChangeTreeData(() => void evaluate());
      void evaluate();
    });
    const levels = await levelsOf();
    // The fixture's kick is a 0.25-amplitude sine written at 24 bits: 20·log10(0.25) = -12.04 dBFS.
    assert.ok(Math.abs(levels!.samplePeakDbfs! - 20 * Math.log10(0.25)) < 0.001, String(levels!.samplePeakDbfs));
    assert.equal(levels!.clippedRuns, 0);
    assert.equal(levels!.silent, false);
  });

  it('a new file appears after the watcher reports it, and goes when deleted', async () => {
    const root = vscode.workspace.workspaceFolders![0]!.uri;
    const contract = vscode.Uri.joinPath(root, 'Docs', 'Contract.pdf');
    await vscode.workspace.fs.writeFile(contract, new TextEncoder().encode('%PDF-1.4'));
    await treeSettles((groups) => groups[5]![1] === '2');
    await vscode.workspace.fs.delete(contract);
    await treeSettles((groups) => groups[5]![1] === '1');
  });
});
