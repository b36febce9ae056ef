import * as vscode from 'vscode';
import { createClient } from './client/startClient';
import { DeliveryTreeProvider } from './providers/deliveryTree';
import { FileInfoRequest, ModelChangedNotification, ModelRequest, OverviewRequest, type FileInfoResult, type OverviewParams, type OverviewResult } from './shared/protocol';
import * as validateCommand from './commands/validate';
import * as newDeliveryCommand from './commands/newDelivery';
import * as setRoleCommand from './commands/setRole';
import * as exportReportCommand from './commands/exportReport';
import * as checksumsCommands from './commands/checksums';
import * as printAltMixCommand from './commands/printAltMix';
import * as nullTestCommand from './commands/nullTest';
import * as renameCommand from './commands/renameToConvention';
import { serverOf } from './client/server';
import * as statusBar from './providers/statusBar';
import { ModelStore } from './client/modelStore';
import * as waveformEditor from './providers/waveformEditor';

/** What the extension hands to other extensions and to its own integration tests. */
export interface AudioDeliverablesApi {
  readonly tree: DeliveryTreeProvider;
  /** The server's custom requests, for webviews of this extension and for tests. */
  overview(params: OverviewParams): Promise<OverviewResult>;
  fileInfo(path: string): Promise<FileInfoResult>;
}

/** Wiring only: start the language server (not awaited), register the tree and commands. */
export function activate(context: vscode.ExtensionContext): AudioDeliverablesApi {
  const output = vscode.window.createOutputChannel('Audio Deliverables', { log: true });
  const client = createClient(context, output);
  const started = client.start();
  const store = new ModelStore(async () => {
    await started;
    return client.sendRequest(ModelRequest, {});
  });
  started.then(
    () => client.onNotification(ModelChangedNotification, () => void store.refresh().catch((err: unknown) => output.warn('Could not fetch the delivery model', err))),
    (err: unknown) => reportStartFailure(output, err),
  );
  const server = serverOf(client, started);
  const tree = new DeliveryTreeProvider(store);
  const treeView = vscode.window.createTreeView('audioDeliverables.delivery', { treeDataProvider: tree, showCollapseAll: true });

  context.subscriptions.push(
    output,
    store,
    tree,
    statusBar.register(store),
    treeView,
    validateCommand.register(client, started),
    newDeliveryCommand.register(),
    setRoleCommand.register(store),
    exportReportCommand.register(server, store, output),
    checksumsCommands.register(server, store, output),
    printAltMixCommand.register(server, store, treeView, output),
    // The overview webview does not exist yet; when it does, pass { openOverview } here.
    nullTestCommand.register(server, store, output),
    renameCommand.register(server, store, output),
    waveformEditor.register(context, { server, store, output }),
    { dispose: () => void client.stop() },
  );
  return {
    tree,
    overview: async (params) => {
      await started;
      return client.sendRequest(OverviewRequest, params);
    },
    fileInfo: async (path) => {
      await started;
      return client.sendRequest(FileInfoRequest, { path });
    },
  };
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
