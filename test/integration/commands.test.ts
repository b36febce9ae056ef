import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../src/extension';
import { activateExtension } from './helpers/extension';
import type { TreeNode } from '../../src/providers/deliveryTreeModel';
import type { ChecksumsVerified } from '../../src/shared/protocol';
import type { NullTestOutcome } from '../../src/core/analysis/nullTest';
import type { RenameResult } from '../../src/commands/renameToConvention';
import { parseSpec } from '../../src/core/spec/loadSpec';
import { specEdits } from '../../src/core/spec/editSpec';

/**
 * The commands of issue 5 that act on a delivery, run with their optional arguments (which skip
 * the pickers), on the fixture delivery (test/fixtures/fixtureDelivery.ts). Each test removes
 * what it made and waits until the tree is back to what it was.
 */
describe('Delivery commands', () => {
  let api: AudioDeliverablesApi;
  let root: vscode.Uri;
  /** "Role group" → file names, as the tree showed them before the first test. */
  let initial: Record<string, string[]>;

  before(async () => {
    ({ api, root } = await activateExtension());
    initial = await treeFiles();
    assert.deepEqual(initial['Stems'], ['Song_STEM_Bass.wav', 'Song_STEM_Drums.wav', 'Song_STEM_Vox.wav']);
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const uri = (rel: string) => vscode.Uri.joinPath(root, ...rel.split('/'));
  const read = async (rel: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(rel)));
  const exists = (u: vscode.Uri) => vscode.workspace.fs.stat(u).then(() => true, () => false);

  /** Every group of the tree with its file names. */
  async function treeFiles(): Promise<Record<string, string[]>> {
    const groups = await api.tree.getChildren();
    const out: Record<string, string[]> = {};
    for (const g of groups) {
      out[String(api.tree.getTreeItem(g).label)] = (await api.tree.getChildren(g)).map((f) => String(api.tree.getTreeItem(f).label));
    }
    return out;
  }

  /** Resolves when `check` holds for the tree, re-checking after every tree change (never a sleep). */
  function treeSettles(check: (files: Record<string, string[]>, nodes: TreeNode[]) => boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      let done = false;
      const evaluate = async () => {
        if (done) return;
        const nodes = await api.tree.getChildren();
        if (!done && check(await treeFiles(), nodes)) {
          done = true;
          sub.dispose();
          resolve();
        }
      };
      const sub = api.tree.onDidChangeTreeData(() => void evaluate());
      void evaluate();
    });
  }

  const backToInitial = () => treeSettles((files) => JSON.stringify(files) === JSON.stringify(initial));

  /** The findings the tree carries for the delivery (what the Problems panel shows). */
  const findingsOf = (nodes: TreeNode[]) => nodes[0]?.delivery.findings ?? [];

  it('Export Report writes a new Markdown report in the delivery root, and never overwrites one', async () => {
    const made: vscode.Uri[] = [];
    try {
      const first = await vscode.commands.executeCommand<vscode.Uri>('audioDeliverables.exportReport', 'markdown');
      made.push(first);
      assert.ok(first, 'the command returns the new file');
      assert.equal(path.dirname(first.fsPath), root.fsPath);
      const base = path.basename(first.fsPath, '.md');
      assert.match(base, /^Delivery Report \d{4}-\d{2}-\d{2}$/);
      const text = await read(`${base}.md`);
      assert.match(text, /^# Delivery report: Test – Song$/m, 'the report names the delivery (artist – title)');
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, first.fsPath, 'the report is opened');

      const second = await vscode.commands.executeCommand<vscode.Uri>('audioDeliverables.exportReport', 'markdown');
      made.push(second);
      assert.equal(path.basename(second.fsPath), `${base} (2).md`);
      assert.equal(await read(`${base}.md`), text, 'the first report is untouched');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const u of made) if (u) await vscode.workspace.fs.delete(u);
    }
    await backToInitial();
  });

  it('Write Checksums writes checksums.sha256 that verifies, records it, and refuses a second write', async () => {
    const specBefore = await read('delivery.json');
    const manifest = await vscode.commands.executeCommand<vscode.Uri>('audioDeliverables.writeChecksums');
    try {
      assert.equal(manifest?.fsPath, uri('checksums.sha256').fsPath);
      const lines = (await read('checksums.sha256')).trim().split('\n');
      assert.equal(lines.length, 13, 'every file of the fixture but delivery.json');
      assert.ok(lines.every((l) => /^[0-9a-f]{64} {2}\S/.test(l)), 'sha256sum format');
      assert.ok(lines.some((l) => l.endsWith('  Stems/Song_STEM_Vox.wav')));
      assert.equal(parseSpec(await read('delivery.json')).spec.checksums, 'checksums.sha256', 'delivery.json names the manifest');
      assert.match(await read('delivery.json'), /\/\/ a fixture delivery for tests/, 'the spec keeps its comment');

      const verified = await vscode.commands.executeCommand<ChecksumsVerified>('audioDeliverables.verifyChecksums');
      assert.deepEqual(verified, { manifest: 'checksums.sha256', named: true, checked: 13, mismatches: [], unreadable: [], absent: [], unlisted: [] });
      // Re-validated with the manifest: no integrity finding on any file.
      await treeSettles((files, nodes) => files['Documents']!.includes('checksums.sha256') && !findingsOf(nodes).some((f) => f.rule.startsWith('integrity/')));

      const text = await read('checksums.sha256');
      const again = await vscode.commands.executeCommand('audioDeliverables.writeChecksums');
      assert.equal(again, undefined, 'a second write is refused');
      assert.equal(await read('checksums.sha256'), text, 'and the manifest is untouched');
    } finally {
      await vscode.workspace.fs.writeFile(uri('delivery.json'), new TextEncoder().encode(specBefore));
      await vscode.workspace.fs.delete(uri('checksums.sha256')).then(undefined, () => undefined);
    }
    await backToInitial();
  });

  it('Print Alternate Mix renders a new file from the stems that appears in the tree', async () => {
    const made: vscode.Uri[] = [];
    try {
      const printed = await vscode.commands.executeCommand<vscode.Uri>('audioDeliverables.printAltMix', 'instrumental');
      made.push(printed);
      assert.equal(printed?.fsPath, uri('References/Test_Song_Instrumental.wav').fsPath);
      await treeSettles((files) => files['References']!.includes('Test_Song_Instrumental.wav'));
      const info = await api.fileInfo(printed.fsPath);
      // Drums and bass (24-bit) without the float vocal: 24-bit, as wide as its widest stem.
      assert.deepEqual([info?.file.role, info?.file.kind, info?.file.description], ['reference', 'instrumental', '48 kHz · 24-bit · stereo · 0:02']);

      // A second print never overwrites the first: it takes the next free name.
      const second = await vscode.commands.executeCommand<vscode.Uri>('audioDeliverables.printAltMix', 'instrumental');
      made.push(second);
      assert.equal(second?.fsPath, uri('References/Test_Song_Instrumental (2).wav').fsPath);
    } finally {
      for (const u of made) if (u) await vscode.workspace.fs.delete(u);
    }
    await backToInitial();
  });

  it('Run Null Test gives the residual of the stems against a mix, or why there is none', async () => {
    // The fixture's main mix is 44.1 kHz and its stems 48 kHz: no number, and the outcome says why.
    const refused = await vscode.commands.executeCommand<NullTestOutcome>('audioDeliverables.nullTest', 'References/Song_Main.wav');
    assert.ok(refused && !refused.ok, 'an outcome without a number');
    assert.equal(refused.mix, 'References/Song_Main.wav');
    assert.match(refused.reason, /44\.1 kHz/);

    // Against an instrumental printed from the stems, the residual is the vocal stem: the
    // fixture's 0.25 sine, so a peak of 20·log10(0.25) = -12.04 dBFS.
    const instrumental = await vscode.commands.executeCommand<vscode.Uri>('audioDeliverables.printAltMix', 'instrumental');
    try {
      const outcome = await vscode.commands.executeCommand<NullTestOutcome>('audioDeliverables.nullTest', 'References/Test_Song_Instrumental.wav');
      assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.reason : 'no outcome');
      assert.deepEqual(outcome.stems, ['Stems/Song_STEM_Bass.wav', 'Stems/Song_STEM_Drums.wav', 'Stems/Song_STEM_Vox.wav']);
      assert.ok(Math.abs(outcome.residualPeakDbfs! - 20 * Math.log10(0.25)) < 0.05, String(outcome.residualPeakDbfs));
      assert.equal(outcome.offsetSamples, null);

      const outside = await vscode.commands.executeCommand('audioDeliverables.nullTest', '../outside.wav');
      assert.equal(outside, undefined, 'a mix outside the delivery is refused by the server');
    } finally {
      await vscode.workspace.fs.delete(instrumental);
    }
    await backToInitial();
  });

  it('Rename to Naming Convention renames in one edit, and one Undo restores every name', async () => {
    const specUri = uri('delivery.json');
    const specBefore = await read('delivery.json');
    const original = ['References/Song_Instrumental.wav', 'References/Song_Main.wav', 'Stems/Song_STEM_Bass.wav', 'Stems/Song_STEM_Drums.wav', 'Stems/Song_STEM_Vox.wav'];
    const renamed = original.map((rel) => rel.replace(/\/Song_/, '/Test_Song_'));
    try {
      // A naming pattern, added the way a person edits the spec (an undoable text edit), then saved.
      const doc = await vscode.workspace.openTextDocument(specUri);
      const edit = new vscode.WorkspaceEdit();
      for (const e of specEdits(doc.getText(), ['naming', 'pattern'], '{artist}_{title}_{name}')) {
        edit.replace(specUri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
      }
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await doc.save());
      await treeSettles((_, nodes) => findingsOf(nodes).filter((f) => f.rule === 'naming/pattern').length === 5);

      const result = await vscode.commands.executeCommand<RenameResult>('audioDeliverables.renameToConvention', 'all');
      assert.deepEqual(result.skipped, []);
      assert.deepEqual(result.renamed.map((r) => path.relative(root.fsPath, r.to).split(path.sep).join('/')).sort(), renamed);
      for (const rel of renamed) assert.ok(await exists(uri(rel)), `${rel} is there`);
      for (const rel of original) assert.ok(!(await exists(uri(rel))), `${rel} is gone`);
      await treeSettles((files) => files['Stems']!.join() === 'Test_Song_STEM_Bass.wav,Test_Song_STEM_Drums.wav,Test_Song_STEM_Vox.wav');

      // Undo is a multi-command: a focused text editor undoes its own text; the Explorer undoes
      // only its own file operations; an active custom editor undoes the last edit of ITS file.
      // The renames are one workspace-wide undo element whose files are the renamed WAVs, so the
      // way to reach it is an editor of one of them: the built-in audio preview (a custom editor).
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('vscode.openWith', uri('Stems/Test_Song_STEM_Drums.wav'), 'vscode.audioPreview');
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      assert.ok(tab instanceof vscode.TabInputCustom && tab.uri.fsPath === uri('Stems/Test_Song_STEM_Drums.wav').fsPath, 'the renamed file is the active custom editor');
      await vscode.commands.executeCommand('undo');

      for (const rel of original) assert.ok(await exists(uri(rel)), `${rel} is back`);
      for (const rel of renamed) assert.ok(!(await exists(uri(rel))), `${rel} is gone again`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // Whatever happened above, the fixture's names and spec come back.
      for (const [i, rel] of renamed.entries()) {
        if (await exists(uri(rel)) && !(await exists(uri(original[i]!)))) await vscode.workspace.fs.rename(uri(rel), uri(original[i]!), { overwrite: false });
      }
      await vscode.workspace.fs.writeFile(specUri, new TextEncoder().encode(specBefore));
    }
    await treeSettles((files, nodes) => JSON.stringify(files) === JSON.stringify(initial) && !findingsOf(nodes).some((f) => f.rule === 'naming/pattern'));
  });
});
