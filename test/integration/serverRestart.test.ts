import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs, watch } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../src/extension';
import { activateExtension } from './helpers/extension';
import { writeFixtureWav } from '../fixtures/fixtureDelivery';
import { FIXTURE_PROBLEMS } from '../fixtures/problemDelivery';
import { ourDiagnostics } from './helpers/diagnostics';
import { settles } from './helpers/settle';

const RESTART_LINE = 'The Audio Deliverables validator stopped unexpectedly; restarting it.';

/** Pid of the language server: the extension host's child running dist/server.js. */
function serverPid(): number {
  const pids = execFileSync('pgrep', ['-P', String(process.pid), '-f', 'dist/server.js'], { encoding: 'utf8' }).trim().split('\n').map(Number);
  assert.equal(pids.length, 1, `one server process, found ${pids.join(', ')}`);
  return pids[0]!;
}

/**
 * The validator's process killed from outside (as an OOM killer or a crash would): the client
 * starts a new one, the Problems panel and the tree come back from it, and the output channel
 * says so once.
 */
describe('Language server restart', () => {
  let api: AudioDeliverablesApi;
  let root: vscode.Uri;
  const generic = FIXTURE_PROBLEMS.find((p) => p.expected.some((e) => e.endsWith('naming/generic')))!;
  const genericUri = () => vscode.Uri.joinPath(root, ...generic.write.path.split('/'));

  before(async () => {
    ({ api, root } = await activateExtension());
  });

  after(async () => {
    await vscode.workspace.fs.delete(genericUri()).then(undefined, () => undefined);
  });

  const readLog = () => fs.readFile(api.outputLog.fsPath, 'utf8').catch(() => '');
  const restartLines = (log: string) => log.split('\n').filter((l) => l.includes(RESTART_LINE)).length;
  /** Fires when anything in the log folder changes (the channel's file is appended to). */
  const onLogChange: vscode.Event<unknown> = (listener) => {
    const watcher = watch(path.dirname(api.outputLog.fsPath), () => listener(undefined));
    return { dispose: () => watcher.close() };
  };
  const groupCount = async (label: string) => {
    for (const g of await api.tree.getChildren()) if (api.tree.getTreeItem(g).label === label) return String(api.tree.getTreeItem(g).description);
    return undefined;
  };

  it('restarts a killed server; diagnostics and the tree come back; one line in the output', async () => {
    await writeFixtureWav(genericUri().fsPath, generic.write);
    await settles(vscode.languages.onDidChangeDiagnostics, () => ourDiagnostics(root), (l) => l.join() === generic.expected.join(), generic.expected.join());
    const before = restartLines(await readLog());
    const killed = serverPid();

    let cleared = false;
    const back = settles(vscode.languages.onDidChangeDiagnostics, () => {
      const now = ourDiagnostics(root);
      if (now.length === 0) cleared = true;
      return now;
    }, (l) => cleared && l.join() === generic.expected.join(), 'the diagnostics cleared with the dead server, then published by the new one');
    process.kill(killed, 'SIGKILL');
    await back;
    assert.notEqual(serverPid(), killed, 'a new server process');

    // The tree follows the new server (its generations count from 1 again).
    await vscode.workspace.fs.delete(genericUri());
    await settles(api.tree.onDidChangeTreeData, () => groupCount('Multi-tracks'), (c) => c === '4', 'the tree without the removed file');
    await settles(vscode.languages.onDidChangeDiagnostics, () => ourDiagnostics(root), (l) => l.length === 0, 'no diagnostics');

    const log = await settles(onLogChange, readLog, (text) => restartLines(text) > before, `"${RESTART_LINE}" in ${api.outputLog.fsPath}`);
    assert.equal(restartLines(log), before + 1, 'the crash is reported once, not in a loop');
  });
});
