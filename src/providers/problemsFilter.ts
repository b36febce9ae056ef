import * as vscode from 'vscode';
import type { DeliveryTreeProvider } from './deliveryTree';
import type { TreeNode } from './deliveryTreeModel';

/** Workspace state key: the filter stays as the user left it in this workspace. */
const STATE_KEY = 'audioDeliverables.tree.onlyProblems';
/** Context key the view-title toggle reads (filter / filter-filled icon). */
const CONTEXT_KEY = 'audioDeliverables.onlyProblems';

/**
 * The Delivery view's "only files with problems" filter: a view-title toggle (two commands, one
 * shown at a time by the context key), remembered per workspace.
 */
export function register(context: vscode.ExtensionContext, tree: DeliveryTreeProvider, treeView: vscode.TreeView<TreeNode>): vscode.Disposable {
  const apply = async (on: boolean): Promise<void> => {
    tree.setOnlyProblems(on);
    treeView.description = on ? 'Only files with problems' : undefined;
    await vscode.commands.executeCommand('setContext', CONTEXT_KEY, on);
    await context.workspaceState.update(STATE_KEY, on);
  };
  void apply(context.workspaceState.get<boolean>(STATE_KEY, false));
  return vscode.Disposable.from(
    vscode.commands.registerCommand('audioDeliverables.showOnlyProblems', () => apply(true)),
    vscode.commands.registerCommand('audioDeliverables.showAllFiles', () => apply(false)),
  );
}
