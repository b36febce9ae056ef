import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ValidateRequest } from '../shared/protocol';

/** Deliverables: Validate Delivery — scan and check every delivery of the workspace now. */
export function register(client: LanguageClient, started: Promise<void>): vscode.Disposable {
  return vscode.commands.registerCommand('audioDeliverables.validate', () =>
    vscode.window.withProgress({ location: { viewId: 'audioDeliverables.delivery' } }, async () => {
      await started;
      await client.sendRequest(ValidateRequest, {});
    }),
  );
}
