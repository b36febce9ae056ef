import * as vscode from 'vscode';
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
import { startServerAfterActivation } from './client/server';
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

/**
 * Wiring only: register the tree, views and commands; the language client loads and starts the
 * server just after this returns (startServerAfterActivation).
 */
export function activate(context: vscode.ExtensionContext): AudioDeliverablesApi {
  const output = vscode.window.createOutputChannel('Audio Deliverables', { log: true });
  const warnModel = (err: unknown) => output.warn('Could not fetch the delivery model', err);
  const server = startServerAfterActivation(context, output, { onRestarted: () => void store.restart().catch(warnModel) });
  const store = new ModelStore(() => server.request(ModelRequest, {}));
  server.started.catch((err: unknown) => reportStartFailure(output, err));
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
    validateCommand.register(server),
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
    waveformEditor.register(context, { server, store, output }),
    // The client holds the handler until its connection exists, and again after a restart.
    server.onNotification(ModelChangedNotification, () => void store.refresh().catch(warnModel)),
    server,
  );
  return {
    tree,
    // Where VS Code writes a LogOutputChannel of this extension: its log folder, named after the channel.
    outputLog: vscode.Uri.joinPath(context.logUri, `${output.name}.log`),
    overview: (params) => server.request(OverviewRequest, params),
    fileInfo: (path) => server.request(FileInfoRequest, { path }),
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
