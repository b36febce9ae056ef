import * as vscode from 'vscode';
import type { Reply } from '../shared/protocol';

/**
 * LSP's RequestCancelled error code (LSPErrorCodes.RequestCancelled): written out, as importing it
 * would load the language client's libraries with the extension's first module.
 */
const REQUEST_CANCELLED = -32800;

/** What the server answers when a request was cancelled from its progress notification. */
const CANCELLED = 'cancelled';

/**
 * The body of a reply, or undefined after telling the user why not (a cancelled action says
 * nothing: the user asked for it). A request that failed outright is logged in full and told in
 * one line with "Show Output".
 */
export async function replyBody<T>(output: vscode.LogOutputChannel, what: string, request: () => Promise<Reply<T>>): Promise<T | undefined> {
  let reply: Reply<T>;
  try {
    reply = await request();
  } catch (err) {
    if (err instanceof vscode.CancellationError || (err as { code?: unknown }).code === REQUEST_CANCELLED) return undefined;
    output.error(`${what} failed`, err);
    void vscode.window.showErrorMessage(`${what} failed: ${(err as Error).message ?? String(err)}`, 'Show Output').then((pick) => {
      if (pick) output.show();
    });
    return undefined;
  }
  if (reply.ok) return reply.body;
  if (reply.error !== CANCELLED) void vscode.window.showWarningMessage(`${what}: ${reply.error}`);
  return undefined;
}

/** A notification with a "Show Problems" action; not awaited, so commands end without waiting for a click. */
export function notifyWithProblems(severity: 'info' | 'warning' | 'error', message: string): void {
  const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(message, 'Show Problems').then((pick) => {
    if (pick) void vscode.commands.executeCommand('workbench.actions.view.problems');
  });
}

/** "1 file", "3 files". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
