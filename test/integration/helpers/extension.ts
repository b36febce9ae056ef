import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../../src/extension';

export const EXTENSION_ID = 'audio-deliverables.audio-deliverables';

/** Activates the extension under test: its API, and the workspace folder the run opened. */
export async function activateExtension(): Promise<{ api: AudioDeliverablesApi; root: vscode.Uri }> {
  const extension = vscode.extensions.getExtension<AudioDeliverablesApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  const api = await extension.activate();
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  assert.ok(root, 'the run opened a workspace folder');
  return { api, root };
}
