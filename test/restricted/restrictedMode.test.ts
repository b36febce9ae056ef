import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../src/extension';
import { activateExtension } from '../integration/helpers/extension';
import type { NullTestOutcome } from '../../src/core/analysis/nullTest';
import { FIXTURE_PROBLEMS, writeFixtureProblems } from '../fixtures/problemDelivery';
import { diagnosticsSettle } from '../integration/helpers/diagnostics';

/** Every file of the workspace with its size and mtime: what "nothing was written" is checked against. */
async function snapshot(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) out.push(`${path.relative(base, abs)}/`, ...(await snapshot(abs, base)));
    else {
      const st = await fs.stat(abs);
      out.push(`${path.relative(base, abs)} ${st.size} ${st.mtimeMs}`);
    }
  }
  return out.sort();
}

/**
 * Restricted Mode: the workspace is opened with workspace trust on and not granted. Reading works
 * (tree, diagnostics, read-only commands); every command that writes refuses and writes nothing,
 * however it is called.
 */
describe('Restricted Mode (workspace not trusted)', () => {
  let api: AudioDeliverablesApi;
  let root: vscode.Uri;

  before(async () => {
    ({ api, root } = await activateExtension());
  });

  it('runs with the workspace untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('shows the tree', async () => {
    const groups = await api.tree.getChildren();
    const rows = groups.map((g) => `${String(api.tree.getTreeItem(g).label)} ${String(api.tree.getTreeItem(g).description)}`);
    assert.deepEqual(rows, ['Multi-tracks 4', 'Stems 3', 'References 2', 'Effect prints 1', 'Session 1', 'Documents 1', 'Other 1']);
  });

  it('publishes diagnostics, analysis included', async () => {
    await writeFixtureProblems(root.fsPath);
    const expected = FIXTURE_PROBLEMS.flatMap((p) => p.expected).sort();
    const lines = await diagnosticsSettle(root, expected.join(', '), (l) => expected.every((e) => l.includes(e)));
    assert.deepEqual(lines, expected);
  });

  it('runs the commands that only read', async () => {
    const outcome = await vscode.commands.executeCommand<NullTestOutcome>('audioDeliverables.nullTest', 'References/Song_Main.wav');
    assert.ok(outcome && !outcome.ok && /44\.1 kHz/.test(outcome.reason), 'the null test answers (no number: the mix is 44.1 kHz)');
  });

  it('refuses every command that writes, and writes nothing', async () => {
    const before = await snapshot(root.fsPath);
    const uri = (rel: string) => vscode.Uri.joinPath(root, ...rel.split('/'));
    const calls: Array<[string, unknown[]]> = [
      ['audioDeliverables.exportReport', ['markdown']],
      ['audioDeliverables.writeChecksums', []],
      ['audioDeliverables.printAltMix', ['instrumental']],
      ['audioDeliverables.setRole', [uri('Misc/readme.nfo'), 'document']],
      ['audioDeliverables.newDelivery', [uri('Misc'), 'music-mix', { artist: 'Ada', title: 'Dark' }]],
      ['audioDeliverables.renameToConvention', ['all']],
    ];
    for (const [command, args] of calls) {
      assert.equal(await vscode.commands.executeCommand(command, ...args), undefined, `${command} refuses`);
    }
    assert.deepEqual(await snapshot(root.fsPath), before);
  });
});
