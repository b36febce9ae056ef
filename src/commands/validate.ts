import * as vscode from 'vscode';
import type { Server } from '../client/server';
import { ValidateRequest } from '../shared/protocol';

/** Deliverables: Validate Delivery — scan and check every delivery of the workspace now. */
export function register(server: Server): vscode.Disposable {
  return vscode.commands.registerCommand('audioDeliverables.validate', () =>
    vscode.window.withProgress({ location: { viewId: 'audioDeliverables.delivery' } }, async () => {
      await server.request(ValidateRequest, {});
    }),
  );
}
