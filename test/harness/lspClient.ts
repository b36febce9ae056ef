/**
 * A minimal LSP client for the real validator (dist/server.js): forked over Node IPC as the
 * extension starts it, initialised on a workspace folder, with the work-done progress the server
 * reports tracked so a caller can wait for an analysis to end. Used by the bench and by tests that
 * drive the server without VS Code.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, InitializedNotification, InitializeRequest, IPCMessageReader, IPCMessageWriter,
  PublishDiagnosticsNotification, WorkDoneProgressCreateRequest, type Diagnostic, type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { RequestSignature } from '../../src/shared/protocol';

export interface ServerClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  /** The latest diagnostics per file URI, as published. */
  readonly diagnostics: Map<string, Diagnostic[]>;
  /** Resolves when the first analysis run (the one the server starts on its own) ends. */
  readonly firstAnalysis: Promise<void>;
  /** Sends one of the extension's own requests (src/shared/protocol.ts), typed by its signature. */
  request<P, R>(type: RequestSignature<P, R>, params: P): Promise<R>;
  /** Resolves when the next work-done progress ends (call it before asking for the work). */
  nextProgressEnd(): Promise<void>;
  stop(): Promise<void>;
}

export interface ServerClientOptions {
  /** dist/server.js of the extension. */
  serverPath: string;
  folder: string;
  /** The extension's global storage (the analysis cache goes below it). */
  storagePath: string;
  settings?: Record<string, unknown>;
  /** Extra environment for the server process. */
  env?: Record<string, string>;
  /** Node flags for the server process (e.g. --cpu-prof to profile it). */
  execArgv?: string[];
}

/** Forks the server and completes the initialize handshake. */
export async function startServerClient(options: ServerClientOptions): Promise<ServerClient> {
  const child = fork(options.serverPath, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env: { ...process.env, ...options.env }, execArgv: options.execArgv ?? [] });
  const connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
  const diagnostics = new Map<string, Diagnostic[]>();
  const ended = new Set<() => void>();
  const begun = new Map<string | number, () => void>();
  connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
    begun.set(params.token, () => {
      const waiting = [...ended];
      ended.clear();
      for (const resolve of waiting) resolve();
    });
    return null;
  });
  connection.onNotification('$/progress', (params: { token: string | number; value: { kind: string } }) => {
    if (params.value.kind === 'end') begun.get(params.token)?.();
  });
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => diagnostics.set(params.uri, params.diagnostics));
  // What else a server may ask of a client, answered as a client with nothing to add would.
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  connection.listen();
  const folderUri = pathToFileURL(options.folder).toString();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: path.basename(options.folder) }],
    capabilities: { window: { workDoneProgress: true } },
    initializationOptions: { storagePath: options.storagePath, settings: options.settings ?? {} },
  });
  const nextProgressEnd = () => new Promise<void>((resolve) => ended.add(resolve));
  const firstAnalysis = nextProgressEnd();
  await connection.sendNotification(InitializedNotification.type, {});
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    connection,
    process: child,
    diagnostics,
    firstAnalysis,
    request: (type, params) => connection.sendRequest(type.method, params),
    nextProgressEnd,
    async stop() {
      await connection.sendRequest('shutdown').catch(() => undefined);
      await connection.sendNotification('exit').catch(() => undefined);
      connection.dispose();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
