import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CrashPolicy } from './crashPolicy';

/**
 * Starts the validator language server in its own Node process over IPC. Analysis reads
 * gigabytes; out here it never blocks the editor, and a crash on a hostile file cannot take the
 * extension host down (the client restarts it).
 */
export function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', pattern: '**/delivery.json' }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*'), configurationSection: 'audioDeliverables' },
    outputChannel: output,
    errorHandler: new CrashPolicy(),
    initializationOptions: { storagePath: context.globalStorageUri.fsPath, settings: vscode.workspace.getConfiguration('audioDeliverables') },
  };
  return new LanguageClient('audioDeliverables', 'Audio Deliverables', serverOptions, clientOptions);
}
