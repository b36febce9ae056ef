// Smoke test: the extension under development is loaded in the host and activates.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../src/extension';

const EXTENSION_ID = 'audio-deliverables.audio-deliverables';

describe('activation', () => {
  it('finds the extension under development', () => {
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID), `${EXTENSION_ID} is not loaded`);
  });

  it('activates it', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('loads the language client after activation, as a module of its own, and it answers', async () => {
    const extension = vscode.extensions.getExtension<AudioDeliverablesApi>(EXTENSION_ID)!;
    const api = await extension.activate();
    const root = vscode.workspace.workspaceFolders![0]!.uri;
    const info = await api.fileInfo(vscode.Uri.joinPath(root, 'Stems', 'Song_STEM_Vox.wav').fsPath);
    assert.equal(info?.file.path, 'Stems/Song_STEM_Vox.wav');
    // The extension host's module cache: dist/extension.js does not bundle the client (unit test
    // bundles.test.ts), so the server answered through this separately loaded module.
    assert.ok(path.join(extension.extensionPath, 'dist', 'languageClient.js') in require.cache);
  });

  it('opens the fixture delivery as the workspace', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'exactly one workspace folder is open');
    assert.equal(folders[0].uri.scheme, 'file');
  });
});
