import type { Connection } from 'vscode-languageserver/node';

/**
 * The language server's connection as far as a WorkspaceValidator run uses it, answering nothing:
 * for unit tests that drive the validator in-process (no LSP client, no VS Code).
 */
export function quietConnection(): Connection {
  return {
    sendDiagnostics: async () => undefined,
    sendNotification: async () => undefined,
    console: { error: () => undefined },
    window: { createWorkDoneProgress: async () => ({ begin() {}, report() {}, done() {}, token: { onCancellationRequested() {} } }) },
  } as unknown as Connection;
}
