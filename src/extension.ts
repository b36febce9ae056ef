import * as vscode from 'vscode';
import { createClient } from './client/startClient';
import { State, type LanguageClient } from 'vscode-languageclient/node';
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
import * as openOverviewCommand from './commands/openOverview';
import * as editContractNotesCommand from './commands/editContractNotes';
import * as fileActions from './commands/fileActions';
import { serverOf } from './client/server';
import * as statusBar from './providers/statusBar';
import * as problemsFilter from './providers/problemsFilter';
import { ModelStore } from './client/modelStore';
import * as waveformEditor from './providers/waveformEditor';

/** What the extension hands to other extensions and to its own integration tests. */
export interface AudioDeliverablesApi {
  readonly tree: DeliveryTreeProvider;
  /** The file the "Audio Deliverables" output channel is written to (for bug reports and tests). */
  readonly outputLog: vscode.Uri;
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
  const restarts = followRestarts(client, store, output);
  const tree = new DeliveryTreeProvider(store, context.extensionUri);
  const treeView = vscode.window.createTreeView('audioDeliverables.delivery', { treeDataProvider: tree, showCollapseAll: true });
  const overview = openOverviewCommand.register(context.extensionUri, server, store, output);

  context.subscriptions.push(
    output,
    store,
    tree,
    statusBar.register(store),
    treeView,
    problemsFilter.register(context, tree, treeView),
    validateCommand.register(client, started),
    newDeliveryCommand.register(),
    setRoleCommand.register(store),
    exportReportCommand.register(server, store, output),
    checksumsCommands.register(server, store, output),
    printAltMixCommand.register(server, store, treeView, output),
    overview,
    nullTestCommand.register(server, store, output, { openOverview: (root, outcome) => overview.showNullTest(root, outcome) }),
    renameCommand.register(server, store, output),
    editContractNotesCommand.register(store),
    fileActions.register(),
    restarts,
    waveformEditor.register(context, { server, store, output }),
    { dispose: () => void client.stop() },
  );
  return {
    tree,
    // Where VS Code writes a LogOutputChannel of this extension: its log folder, named after the channel.
    outputLog: vscode.Uri.joinPath(context.logUri, `${output.name}.log`),
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

/**
 * After the server died and the client started a new one: the dead server's diagnostics go (the
 * new one publishes its own), and the views take the new server's model.
 */
function followRestarts(client: LanguageClient, store: ModelStore, output: vscode.LogOutputChannel): vscode.Disposable {
  let ranBefore = false;
  return client.onDidChangeState(({ oldState, newState }) => {
    if (newState === State.Starting && ranBefore) client.diagnostics?.clear();
    if (newState !== State.Running || oldState !== State.Starting) return;
    if (ranBefore) void store.restart().catch((err: unknown) => output.warn('Could not fetch the delivery model', err));
    ranBefore = true;
  });
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
