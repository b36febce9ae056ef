import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { WorkDoneProgressBegin, WorkDoneProgressEnd, WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import type { NotificationSignature, ProgressParams, RequestSignature } from '../shared/protocol';
import type { ClientEvents } from './languageClient';

/** What the extension uses of the language client (languageClient.ts). */
export interface LanguageServerConnection {
  /** Settles once the server answered `initialize` (or failed to start). */
  readonly started: Promise<void>;
  sendRequest<P, R>(type: RequestSignature<P, R>, params: P, token?: vscode.CancellationToken): Promise<R>;
  onNotification<P>(type: NotificationSignature<P>, handler: (params: P) => void): vscode.Disposable;
  onWorkDoneProgress(token: string, handler: (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => void): vscode.Disposable;
  stop(): Promise<void>;
}

/** What a command needs of the language server: its custom requests, with progress and cancellation. */
export interface Server {
  request<P, R>(type: RequestSignature<P, R>, params: P, token?: vscode.CancellationToken): Promise<R>;
  /**
   * Sends a request that reports work-done progress, in a cancellable progress notification: the
   * server's percentages and messages show there, Cancel cancels the request.
   */
  withProgress<P extends ProgressParams, R>(title: string, type: RequestSignature<P, R>, params: Omit<P, 'workDoneToken'>): Promise<R>;
  onNotification<P>(type: NotificationSignature<P>, handler: (params: P) => void): vscode.Disposable;
}

/** The language client and the server it started, once loaded: a disposable that stops them. */
export interface DeferredServer extends Server, vscode.Disposable {
  /** Settles once the server answered `initialize`; rejects if the client or server could not start. */
  readonly started: Promise<void>;
}

/**
 * Loads the language client (dist/languageClient.js) and starts the server on the next turn of
 * the event loop, after activate() has returned: requiring the JSON-RPC and LSP client libraries
 * is most of the extension's start-up, and nothing needs them before a request.
 */
export function startServerAfterActivation(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, events: ClientEvents): DeferredServer {
  let stopped = false;
  const connection = new Promise<LanguageServerConnection>((resolve, reject) => {
    setImmediate(() => {
      if (stopped) return;
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle of its own, loaded late on purpose
        const client = require(context.asAbsolutePath('dist/languageClient.js')) as typeof import('./languageClient');
        resolve(client.startLanguageClient(context, output, events));
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
  const started = connection.then((c) => c.started);
  const request = async <P, R>(type: RequestSignature<P, R>, params: P, token?: vscode.CancellationToken): Promise<R> =>
    (await connection).sendRequest(type, params, token);
  return {
    started,
    request,
    withProgress: <P extends ProgressParams, R>(title: string, type: RequestSignature<P, R>, params: Omit<P, 'workDoneToken'>) => Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, cancel) => {
        const client = await connection;
        const workDoneToken = randomUUID();
        let shown = 0;
        const subscription = client.onWorkDoneProgress(workDoneToken, (value) => {
          if (value.kind === 'end') return;
          // VS Code adds up increments; the server sends where it is.
          const increment = value.percentage === undefined ? undefined : Math.max(0, value.percentage - shown);
          if (value.percentage !== undefined) shown = Math.max(shown, value.percentage);
          progress.report({ message: value.message, increment });
        });
        try {
          return await request(type, { ...params, workDoneToken } as P, cancel);
        } finally {
          subscription.dispose();
        }
      }),
    ),
    onNotification: (type, handler) => {
      // A client that failed to load is reported through `started`; there is nothing to undo.
      const subscription = connection.then((c) => c.onNotification(type, handler), () => undefined);
      return { dispose: () => void subscription.then((s) => s?.dispose()) };
    },
    dispose: () => {
      stopped = true;
      void connection.then((c) => c.stop(), () => undefined);
    },
  };
}
