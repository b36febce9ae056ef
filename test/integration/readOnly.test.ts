import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../src/extension';
import { activateExtension } from './helpers/extension';
import type { NullTestOutcome } from '../../src/core/analysis/nullTest';
import { loadDelivery } from '../../src/core/delivery/delivery';
import { writeManifest } from '../../src/core/integrity/checksums';
import { manifestFiles } from '../../src/core/integrity/manifestFiles';
import type { DeliveryDto, ChecksumsVerified } from '../../src/shared/protocol';
import { snapshotDiff, snapshotTree, type Snapshot } from '../fixtures/deliverySnapshot';

/**
 * Nothing changed, in the real VS Code (issue 7): the workspace delivery is snapshotted (every
 * entry's hash, size, mtime; folders' mtimes), every read-only action of READ_ONLY_ACTIONS runs,
 * and the snapshot must come out identical. Then the writing commands are shown to refuse to
 * overwrite a file that sits where they would write. The unit twin (CLI, server actions) is
 * test/unit/readOnly.test.ts.
 */

interface ReadOnlyAction {
  name: string;
  /** Runs the action the way a person would (the command, or the request a webview sends) and checks it did its work. */
  run(ctx: { api: AudioDeliverablesApi; root: vscode.Uri; delivery: () => Promise<DeliveryDto> }): Promise<void>;
}

/** Every file of the model with its analysis present: the full validation has ended. */
const fullyAnalysed = (d: DeliveryDto) => d.files.filter((f) => f.path.endsWith('.wav')).every((f) => f.analysis !== null && f.analysis.samplePeakDbfs !== null);

/** What a person can do that must not write. Add an entry here for each new read-only way in. */
const READ_ONLY_ACTIONS: readonly ReadOnlyAction[] = [
  {
    name: 'Deliverables: Validate Delivery (full analysis, to the end)',
    async run({ delivery }) {
      await vscode.commands.executeCommand('audioDeliverables.validate');
      const d = await delivery();
      assert.ok(fullyAnalysed(d), 'every WAV carries its analysis');
      assert.equal(d.files.filter((f) => f.path.endsWith('.wav')).length, 10, 'every WAV of the fixture is listed');
    },
  },
  {
    name: 'Deliverables: Verify Checksums',
    async run() {
      const verified = await vscode.commands.executeCommand<ChecksumsVerified>('audioDeliverables.verifyChecksums');
      assert.ok(verified && verified.checked >= 13 && verified.mismatches.length === 0 && verified.absent.length === 0, JSON.stringify(verified));
    },
  },
  {
    name: 'Deliverables: Run Null Test (a mix it can be run against, and one it cannot)',
    async run() {
      const refused = await vscode.commands.executeCommand<NullTestOutcome>('audioDeliverables.nullTest', 'References/Song_Main.wav');
      assert.ok(refused && !refused.ok && /44\.1 kHz/.test(refused.reason), JSON.stringify(refused));
    },
  },
  {
    name: 'file info and waveform overview of every audio file (the webviews\' requests)',
    async run({ api, root, delivery }) {
      for (const f of (await delivery()).files.filter((x) => x.path.endsWith('.wav'))) {
        const abs = path.join(root.fsPath, ...f.path.split('/'));
        const info = await api.fileInfo(abs);
        assert.equal(info?.file.path, f.path);
        const frames = f.format?.frames ?? 0;
        const overview = await api.overview({ path: abs, startFrame: 0, endFrame: frames, columns: 200 });
        assert.ok(overview, `no overview of ${f.path}`);
      }
    },
  },
  {
    name: 'open every audio file in the waveform editor, and the delivery overview (the webviews themselves)',
    async run({ root, delivery }) {
      const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      for (const f of (await delivery()).files.filter((x) => x.path.endsWith('.wav'))) {
        const uri = vscode.Uri.joinPath(root, ...f.path.split('/'));
        await vscode.commands.executeCommand('audioDeliverables.openWaveform', uri);
        assert.ok(tabs().some((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'audioDeliverables.waveform' && t.input.uri.fsPath === uri.fsPath), `a waveform editor of ${f.path}`);
      }
      await vscode.commands.executeCommand('audioDeliverables.openOverview', { root: root.fsPath });
      assert.ok(tabs().some((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith('Overview')), 'the overview panel');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    },
  },
  {
    name: 'open every audio file in VS Code\'s audio preview, and delivery.json in a text editor',
    async run({ root, delivery }) {
      for (const f of (await delivery()).files.filter((x) => x.path.endsWith('.wav'))) {
        await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.joinPath(root, ...f.path.split('/')), 'vscode.audioPreview');
      }
      await vscode.window.showTextDocument(vscode.Uri.joinPath(root, 'delivery.json'));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    },
  },
];

describe('Nothing changed: read-only actions in VS Code leave every byte and mtime of the delivery as it was', function () {
  this.timeout(180_000);
  let api: AudioDeliverablesApi;
  let root: vscode.Uri;
  let original: Snapshot;
  const manifest = () => vscode.Uri.joinPath(root, 'checksums.sha256');

  /** The workspace delivery as the tree holds it, once `check` holds (re-checked on every tree change). */
  function deliveryWhen(check: (d: DeliveryDto) => boolean): Promise<DeliveryDto> {
    return new Promise((resolve) => {
      let done = false;
      const evaluate = async () => {
        const d = (await api.tree.getChildren())[0]?.delivery;
        if (!done && d && check(d)) {
          done = true;
          sub.dispose();
          resolve(d);
        }
      };
      const sub = api.tree.onDidChangeTreeData(() => void evaluate());
      void evaluate();
    });
  }

  before(async () => {
    ({ api, root } = await activateExtension());
    // A manifest to verify against (written here, not by the command: the spec stays as it is).
    const delivery = await loadDelivery(root.fsPath);
    await writeManifest(root.fsPath, await manifestFiles(delivery), 'checksums.sha256');
    await deliveryWhen((d) => d.files.some((f) => f.path === 'checksums.sha256') && fullyAnalysed(d));
    original = await snapshotTree(root.fsPath);
    assert.ok(original.size > 15 && original.has('checksums.sha256'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(manifest()).then(undefined, () => undefined);
    await deliveryWhen((d) => !d.files.some((f) => f.path === 'checksums.sha256'));
  });

  for (const action of READ_ONLY_ACTIONS) {
    it(action.name, async () => {
      await action.run({ api, root, delivery: () => deliveryWhen(fullyAnalysed) });
      assert.deepEqual(snapshotDiff(original, await snapshotTree(root.fsPath)), []);
    });
  }

  describe('writing commands never overwrite a file where they would write', () => {
    const taken = async (rel: string, bytes: Uint8Array) => {
      const abs = path.join(root.fsPath, ...rel.split('/'));
      await fs.writeFile(abs, bytes, { flag: 'wx' });
      return { abs, st: await fs.stat(abs) };
    };
    const untouched = async (file: { abs: string; st: { mtimeMs: number } }, bytes: Uint8Array) => {
      assert.deepEqual(new Uint8Array(await fs.readFile(file.abs)), bytes, `${file.abs} kept its bytes`);
      assert.equal((await fs.stat(file.abs)).mtimeMs, file.st.mtimeMs, `${file.abs} kept its mtime`);
    };

    it('Print Alternate Mix: a file already at the name it would print is left alone; the print takes the next name', async () => {
      const bytes = new TextEncoder().encode('somebody else\'s file, not a render\n');
      const existing = await taken('References/Test_Song_Instrumental.wav', bytes);
      let printed: vscode.Uri | undefined;
      try {
        printed = await vscode.commands.executeCommand<vscode.Uri>('audioDeliverables.printAltMix', 'instrumental');
        assert.equal(printed?.fsPath, path.join(root.fsPath, 'References', 'Test_Song_Instrumental (2).wav'));
        await untouched(existing, bytes);
      } finally {
        await fs.rm(existing.abs, { force: true });
        if (printed) await fs.rm(printed.fsPath, { force: true });
      }
    });

    it('Export Report: a file already at the name it would write is left alone; the report takes the next name', async () => {
      const today = new Date();
      const stamp = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
      const bytes = new TextEncoder().encode('# my own notes, not a report\n');
      const existing = await taken(`Delivery Report ${stamp}.md`, bytes);
      let report: vscode.Uri | undefined;
      try {
        report = await vscode.commands.executeCommand<vscode.Uri>('audioDeliverables.exportReport', 'markdown');
        assert.equal(report && path.basename(report.fsPath), `Delivery Report ${stamp} (2).md`);
        await untouched(existing, bytes);
      } finally {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await fs.rm(existing.abs, { force: true });
        if (report) await fs.rm(report.fsPath, { force: true });
      }
    });

    it('Write Checksums: an existing manifest is refused and left alone', async () => {
      const bytes = new Uint8Array(await fs.readFile(manifest().fsPath));
      const st = await fs.stat(manifest().fsPath);
      const again = await vscode.commands.executeCommand('audioDeliverables.writeChecksums');
      assert.equal(again, undefined, 'the write is refused');
      await untouched({ abs: manifest().fsPath, st }, bytes);
    });
  });
});
