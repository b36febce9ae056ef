import { fileURLToPath } from 'node:url';
import { createConnection, ProposedFeatures, TextDocumentSyncKind, type CancellationToken, type InitializeResult } from 'vscode-languageserver/node';
import {
  AltMixRequest, FileInfoRequest, ModelRequest, NullTestRequest, OverviewRequest, PcmRequest, RenamePlanRequest, ReportRequest, ValidateRequest,
  VerifyChecksumsRequest, WriteChecksumsRequest, type RequestSignature,
} from '../shared/protocol';
import * as path from 'node:path';
import { WorkspaceValidator } from './workspaceValidator';
import { DeliveryActions } from './deliveryActions';
import { packageRoot } from '../core/util/packageRoot';
import { DeliveryAnalyzer } from '../core/analysis/deliveryAnalyzer';
import { userCacheDir } from '../core/analysis/analysisCache';
import { readSettings, type ServerSettings } from './settings';

/** The validator's language server: started by the extension over IPC, or by any LSP client. */
const connection = createConnection(ProposedFeatures.all);
let validator!: WorkspaceValidator;
let actions!: DeliveryActions;
let analyzer: DeliveryAnalyzer | undefined;
let cacheDir = userCacheDir();
let settings: ServerSettings = readSettings({});
/**
 * The analysis worker script; the environment may name another one. Only tests do, with a worker
 * that dies on chosen files, to check crash isolation end to end (test/unit/serverWorkerCrash).
 */
const workerPath = process.env.AUDIO_DELIVERABLES_ANALYSIS_WORKER || undefined;
/** The client tells of workspace folders added and removed (VS Code does; not every LSP client). */
let foldersChange = false;

/** The analyzer for the current job count: a new pool when the setting changes. */
function configure(next: ServerSettings): void {
  const old = analyzer;
  if (!old || next.jobs !== settings.jobs) analyzer = new DeliveryAnalyzer({ cacheDir, jobs: next.jobs, workerPath });
  settings = next;
  validator.configure(settings, analyzer!);
  if (old && old !== analyzer) void old.close();
}

connection.onInitialize((params): InitializeResult => {
  // The extension passes its global storage; another LSP client gets the user's cache folder.
  const init = params.initializationOptions as { storagePath?: string; settings?: unknown } | undefined;
  if (init?.storagePath) cacheDir = path.join(init.storagePath, 'analysis-cache');
  settings = readSettings(init?.settings);
  analyzer = new DeliveryAnalyzer({ cacheDir, jobs: settings.jobs, workerPath });
  validator = new WorkspaceValidator(connection, analyzer);
  validator.configure(settings, analyzer);
  // The extension's root (docs/ for SARIF rule help), as the diagnostics' docs links find it.
  actions = new DeliveryActions(validator, connection, packageRoot());
  foldersChange = params.capabilities.workspace?.workspaceFolders === true;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  validator.setFolders(folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u)));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.None,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'audio-deliverables' },
  };
});

connection.onInitialized(() => {
  // Asking for folder changes from a client that has none throws, and the first run would never start.
  if (foldersChange) {
    connection.workspace.onDidChangeWorkspaceFolders(async () => {
      const folders = (await connection.workspace.getWorkspaceFolders()) ?? [];
      validator.setFolders(folders.filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri)));
      validator.schedule();
    });
  }
  void validator.validateNow();
});

connection.onDidChangeWatchedFiles(() => validator.schedule());
connection.onDidChangeConfiguration((change) => {
  configure(readSettings((change.settings as { audioDeliverables?: unknown } | undefined)?.audioDeliverables));
  validator.schedule();
});
/** Handles one of this protocol's requests, its handler typed by the request's signature. */
function onRequest<P, R>(type: RequestSignature<P, R>, handler: (params: P, token: CancellationToken) => R | Promise<R>): void {
  connection.onRequest(type.method, handler);
}

onRequest(ModelRequest, () => validator.model());
onRequest(ValidateRequest, () => validator.validateNow(true));
onRequest(OverviewRequest, (params) => validator.overview(params));
onRequest(FileInfoRequest, (params) => validator.fileInfo(params.path));
onRequest(PcmRequest, (params) => validator.pcm(params));
// The commands' work; each handler checks its params itself (any LSP client may send anything).
onRequest(ReportRequest, (params, token) => actions.report(params, token));
onRequest(WriteChecksumsRequest, (params, token) => actions.writeChecksums(params, token));
onRequest(VerifyChecksumsRequest, (params, token) => actions.verifyChecksums(params, token));
onRequest(AltMixRequest, (params, token) => actions.altMix(params, token));
onRequest(NullTestRequest, (params, token) => actions.nullTest(params, token));
onRequest(RenamePlanRequest, (params, token) => actions.renamePlan(params, token));

connection.onShutdown(() => analyzer?.close());

connection.listen();
