import * as vscode from 'vscode';
import { createClient } from './client/startClient';
import { DeliveryTreeProvider } from './providers/deliveryTree';
import { ModelChangedNotification, ModelRequest } from './shared/protocol';
import * as validateCommand from './commands/validate';

/** What the extension hands to other extensions and to its own integration tests. */
export interface AudioDeliverablesApi {
  readonly tree: DeliveryTreeProvider;
}

/** Wiring only: start the language server (not awaited), register the tree and commands. */
export function activate(context: vscode.ExtensionContext): AudioDeliverablesApi {
  const output = vscode.window.createOutputChannel('Audio Deliverables', { log: true });
  const client = createClient(context, output);
  const started = client.start();
  const modelChanged = new vscode.EventEmitter<void>();
  started.then(
    () => client.onNotification(ModelChangedNotification, () => modelChanged.fire()),
    (err: unknown) => reportStartFailure(output, err),
  );
  const tree = new DeliveryTreeProvider({
    getModel: async () => {
      await started;
      return client.sendRequest(ModelRequest, {});
    },
    onDidChangeModel: modelChanged.event,
  });

  context.subscriptions.push(
    output,
    modelChanged,
    tree,
    vscode.window.createTreeView('audioDeliverables.delivery', { treeDataProvider: tree, showCollapseAll: true }),
    validateCommand.register(client, started),
    { dispose: () => void client.stop() },
  );
  return { tree };
}

function reportStartFailure(output: vscode.LogOutputChannel, err: unknown): void {
  output.error('The Audio Deliverables language server did not start', err);
  void vscode.window.showErrorMessage('Audio Deliverables could not start its validator.', 'Show Output').then((pick) => {
    if (pick) output.show();
  });
}

export function deactivate(): void {
  // The client is stopped through context.subscriptions.
}
