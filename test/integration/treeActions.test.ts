import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../src/extension';

const EXTENSION_ID = 'audio-deliverables.audio-deliverables';

/** Context-menu actions of the Delivery tree's file rows. */
describe('Delivery tree row actions', () => {
  let api: AudioDeliverablesApi;

  before(async () => {
    api = await vscode.extensions.getExtension<AudioDeliverablesApi>(EXTENSION_ID)!.activate();
  });

  it('Copy Path puts the file path of the row on the clipboard', async () => {
    const [multitracks] = await api.tree.getChildren();
    const [kick] = await api.tree.getChildren(multitracks);
    const expected = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, 'Multitracks', '01 Kick In.wav').fsPath;
    await vscode.env.clipboard.writeText('something else');
    assert.equal(await vscode.commands.executeCommand('audioDeliverables.copyPath', kick), expected);
    assert.equal(await vscode.env.clipboard.readText(), expected);
  });
});
