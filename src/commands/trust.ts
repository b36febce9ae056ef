import * as vscode from 'vscode';

/**
 * Registers a command that writes files. Menus and the palette hide it in Restricted Mode
 * (`isWorkspaceTrusted` in package.json), but keybindings, links and other extensions can still
 * call it: here it refuses, says why, and writes nothing.
 */
export function registerWritingCommand<T extends (...args: never[]) => unknown>(id: string, title: string, handler: T): vscode.Disposable {
  return vscode.commands.registerCommand(id, (...args: Parameters<T>) => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(`${title} writes files, which Restricted Mode does not allow. Trust this workspace to use it.`, 'Manage Workspace Trust').then((pick) => {
        if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
      });
      return undefined;
    }
    return handler(...args);
  });
}
