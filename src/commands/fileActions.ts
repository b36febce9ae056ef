import * as vscode from 'vscode';
import type { TreeNode } from '../providers/deliveryTreeModel';
import { absolutePath } from '../core/delivery/deliveryPath';

/** The file a tree row stands for (a delivery row: its folder). */
function uriOf(node: TreeNode | undefined): vscode.Uri | undefined {
  if (!node) return undefined;
  if (node.type === 'file') return vscode.Uri.file(absolutePath(node.delivery.root, node.file.path));
  return node.type === 'delivery' ? vscode.Uri.file(node.delivery.root) : undefined;
}

/**
 * Context-menu actions of the Delivery tree's rows that VS Code has for Explorer items: Reveal in
 * Explorer, Copy Path. Tree menus hand over the row, not a URI, so these map one to the other.
 */
export function register(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('audioDeliverables.revealInExplorer', async (node?: TreeNode) => {
      const uri = uriOf(node);
      if (uri) await vscode.commands.executeCommand('revealInExplorer', uri);
    }),
    vscode.commands.registerCommand('audioDeliverables.copyPath', async (node?: TreeNode): Promise<string | undefined> => {
      const uri = uriOf(node);
      if (!uri) return undefined;
      await vscode.env.clipboard.writeText(uri.fsPath);
      return uri.fsPath;
    }),
  );
}
