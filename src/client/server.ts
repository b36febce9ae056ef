import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WorkDoneProgress, type RequestType } from 'vscode-languageclient/node';
import type { ProgressParams } from '../shared/protocol';

/** What a command needs of the language server: its custom requests, with progress and cancellation. */
export interface Server {
  request<P, R>(type: RequestType<P, R, void>, params: P, token?: vscode.CancellationToken): Promise<R>;
  /**
   * Sends a request that reports work-done progress, in a cancellable progress notification: the
   * server's percentages and messages show there, Cancel cancels the request.
   */
  withProgress<P extends ProgressParams, R>(title: string, type: RequestType<P, R, void>, params: Omit<P, 'workDoneToken'>): Promise<R>;
}

export function serverOf(client: LanguageClient, started: Promise<void>): Server {
  const request = async <P, R>(type: RequestType<P, R, void>, params: P, token?: vscode.CancellationToken): Promise<R> => {
    await started;
    return client.sendRequest(type, params, token);
  };
  return {
    request,
    withProgress: <P extends ProgressParams, R>(title: string, type: RequestType<P, R, void>, params: Omit<P, 'workDoneToken'>) => Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, cancel) => {
        await started;
        const workDoneToken = randomUUID();
        let shown = 0;
        const subscription = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
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
  };
}
