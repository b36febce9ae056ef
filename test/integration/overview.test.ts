import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../src/extension';
import { OVERVIEW_VIEW_TYPE } from '../../src/providers/overviewPanel';

const EXTENSION_ID = 'audio-deliverables.audio-deliverables';

/** The overview tabs open now (webview tabs carry their view type, prefixed by VS Code). */
function overviewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(OVERVIEW_VIEW_TYPE));
}

/** Resolves once `check` holds, re-checking on every tab change (never a sleep). */
function tabsSettle(check: () => boolean): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve) => {
    const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
      if (!check()) return;
      sub.dispose();
      resolve();
    });
  });
}

describe('Open Delivery Overview', () => {
  let root: string;

  before(async () => {
    await vscode.extensions.getExtension<AudioDeliverablesApi>(EXTENSION_ID)!.activate();
    root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens one panel per delivery and reveals it when asked again (options object, root path, no argument)', async () => {
    await vscode.commands.executeCommand('audioDeliverables.openOverview', { root });
    await tabsSettle(() => overviewTabs().length === 1);
    assert.equal(overviewTabs()[0]!.label, `Overview · ${root.slice(root.lastIndexOf('/') + 1)}`);
    await vscode.commands.executeCommand('audioDeliverables.openOverview', { root, focus: 'contractNotes' });
    await vscode.commands.executeCommand('audioDeliverables.openOverview', root);
    await vscode.commands.executeCommand('audioDeliverables.openOverview');
    assert.equal(overviewTabs().length, 1);
    assert.equal(overviewTabs()[0]!.isActive, true);
  });

  it('a path outside every delivery opens nothing', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await tabsSettle(() => overviewTabs().length === 0);
    await vscode.commands.executeCommand('audioDeliverables.openOverview', { root: '/' });
    assert.equal(overviewTabs().length, 0);
  });
});
