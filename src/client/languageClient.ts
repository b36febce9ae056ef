/**
 * The language client, bundled on its own (dist/languageClient.js): the JSON-RPC and LSP client
 * libraries are most of the extension's code, so they load just after activation returns
 * (server.ts) and activation stays a few milliseconds of wiring.
 */
import type * as vscode from 'vscode';
import { State, WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './startClient';
import type { LanguageServerConnection } from './server';

export interface ClientEvents {
  /** The server died and a new one runs: its model starts from generation 1 again. */
  onRestarted(): void;
}

/** Creates the client, starts the server process, and hands out what the extension uses of it. */
export function startLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, events: ClientEvents): LanguageServerConnection {
  const client = createClient(context, output);
  const restarts = followRestarts(client, events);
  const started = client.start();
  return {
    started,
    sendRequest: async (type, params, token) => {
      await started;
      // By method name, vscode-jsonrpc counts the arguments: an undefined token would make the
      // params an array of two.
      return token ? client.sendRequest(type.method, params, token) : client.sendRequest(type.method, params);
    },
    onNotification: (type, handler) => client.onNotification(type.method, handler),
    onWorkDoneProgress: (token, handler) => client.onProgress(WorkDoneProgress.type, token, handler),
    stop: async () => {
      restarts.dispose();
      await client.stop();
    },
  };
}

/**
 * After the server died and the client started a new one: the dead server's diagnostics go (the
 * new one publishes its own), and the views take the new server's model.
 */
function followRestarts(client: LanguageClient, events: ClientEvents): vscode.Disposable {
  let ranBefore = false;
  return client.onDidChangeState(({ oldState, newState }) => {
    if (newState === State.Starting && ranBefore) client.diagnostics?.clear();
    if (newState !== State.Running || oldState !== State.Starting) return;
    if (ranBefore) events.onRestarted();
    ranBefore = true;
  });
}
