import * as assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../src/extension';
import type { TreeNode } from '../../src/providers/deliveryTreeModel';
import { writeFixtureWav } from '../fixtures/fixtureDelivery';

const EXTENSION_ID = 'audio-deliverables.audio-deliverables';
const ADDED = 'Multitracks/06 Tom 16bit.wav';

/** A finding's rule page is one click away: from its diagnostic's code, and from the tree's tooltip. */
describe('Rule docs links', () => {
  let api: AudioDeliverablesApi;
  let extensionUri: vscode.Uri;
  let added: vscode.Uri;

  before(async () => {
    const ext = vscode.extensions.getExtension<AudioDeliverablesApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    api = await ext.activate();
    extensionUri = ext.extensionUri;
    added = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...ADDED.split('/'));
  });

  after(async () => {
    await fs.rm(added.fsPath, { force: true });
    // Leave the delivery as the next suites expect it: no diagnostics on the removed file.
    await diagnosticsSettle(added, (d) => d.length === 0);
    await treeSettles(async () => (await fileNode(path.basename(ADDED))) === undefined);
  });

  it('the diagnostic code targets the page shipped in the extension, and the tree tooltip links to it', async () => {
    await writeFixtureWav(added.fsPath, { channels: 1, sampleRate: 48000, bitDepth: '16', seconds: 1 });
    const diagnostics = await diagnosticsSettle(added, (d) => d.some((x) => codeOf(x)?.value === 'format/bit-depth'));
    const code = codeOf(diagnostics.find((x) => codeOf(x)?.value === 'format/bit-depth')!)!;
    const page = vscode.Uri.joinPath(extensionUri, 'docs', 'rules', 'format', 'bit-depth.md');
    assert.equal(code.target.toString(), page.toString());
    assert.ok(existsSync(page.fsPath), page.fsPath);

    // The tree's model follows the same validation; it may arrive a moment after the diagnostics.
    const link = `[format/bit-depth](${page.toString()})`;
    await treeSettles(async () => (await tooltipOf(path.basename(ADDED))).includes(link));
  });

  async function fileNode(label: string): Promise<TreeNode | undefined> {
    const groups = await api.tree.getChildren();
    const files: TreeNode[] = (await Promise.all(groups.map((g) => api.tree.getChildren(g)))).flat();
    return files.find((n) => api.tree.getTreeItem(n).label === label);
  }

  async function tooltipOf(label: string): Promise<string> {
    const node = await fileNode(label);
    const tooltip = node && api.tree.getTreeItem(node).tooltip;
    return tooltip instanceof vscode.MarkdownString ? tooltip.value : '';
  }

  /** Resolves once `check` holds for the tree, re-checking after every tree change. */
  function treeSettles(check: () => Promise<boolean>): Promise<void> {
    return new Promise<void>((resolve) => {
      const evaluate = async (): Promise<void> => {
        if (await check()) {
          sub.dispose();
          resolve();
        }
      };
      const sub = api.tree.onDidChangeTreeData(() => void evaluate());
      void evaluate();
    });
  }
});

function codeOf(d: vscode.Diagnostic): { value: string | number; target: vscode.Uri } | undefined {
  return typeof d.code === 'object' ? d.code : undefined;
}

/** Resolves with a file's diagnostics once `check` holds for them, re-checking on every change. */
function diagnosticsSettle(uri: vscode.Uri, check: (d: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const evaluate = (): boolean => {
      const current = vscode.languages.getDiagnostics(uri);
      if (!check(current)) return false;
      sub.dispose();
      resolve(current);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) evaluate();
    });
    evaluate();
  });
}
