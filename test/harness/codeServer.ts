// Starts code-server (VS Code 1.100.3 with a real Node extension host, installed by
// `npm run test-host:install`) isolated on loopback, for the integration tests, the e2e tests and
// `npm run demo`. Every file it writes stays under the given run folder; it is stopped by killing
// its whole process group, so no extension host outlives it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { codeServerEntry } from './paths';
import { createRunDir, removeRunDir, tailOfFile } from './runDir';

export interface CodeServerOptions {
  /** The folder the workbench opens (absolute). */
  folder: string;
  /** The extension under development (absolute), loaded through the workbench URL's payload. */
  extensionDevelopmentPath?: string;
  /** A packaged extension (.vsix, absolute) installed into the server's extensions folder first. */
  vsix?: string;
  /** Keep workspace trust on (leaves out --disable-workspace-trust), for trust tests. */
  trust?: boolean;
  /**
   * Where the server keeps its state and log. Default: a fresh folder under os.tmpdir(), removed
   * by stop() (kept when the start fails, for its logs).
   */
  runDir?: string;
  /** User settings written before the start, over the harness defaults. */
  settings?: Record<string, unknown>;
  /** Extra environment for the server and so for the extension host. */
  env?: Record<string, string>;
  /** Starts to try before giving up (default 3). Only the start is retried, never a test. */
  attempts?: number;
  /** How long one start may take to answer /healthz (default 30 s). */
  startTimeoutMs?: number;
}

export interface WorkbenchUrlOptions {
  /** Compiled tests module (absolute path) whose run() the extension host calls. */
  extensionTestsPath?: string;
  /** More payload entries, e.g. { openFile: server.remoteUri('/abs/file.wav') }. */
  payload?: Record<string, string>;
}

export interface CodeServer {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** The server's state folder for this start, and its log file inside it. */
  readonly stateDir: string;
  /** Where the server keeps installed extensions (options.vsix lands in a folder inside). */
  readonly extensionsDir: string;
  readonly logFile: string;
  /** vscode-remote://127.0.0.1:PORT/abs/path, as the payload needs. */
  remoteUri(absPath: string): string;
  /** The workbench URL opening the folder, with the extension (and tests) in the payload. */
  workbenchUrl(options?: WorkbenchUrlOptions): string;
  /** Kills the server's process group and waits until every process of it is gone. */
  stop(): Promise<void>;
}

const DEFAULT_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.commandCenter.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** Process groups of servers still running, killed if this process exits without stop(). */
const liveGroups = new Set<number>();
let exitHooksInstalled = false;

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  if (!fs.existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed (${codeServerEntry} is missing): run \`npm run test-host:install\``);
  }
  if (!path.isAbsolute(options.folder) || !fs.existsSync(options.folder) || !fs.statSync(options.folder).isDirectory()) {
    throw new Error(`startCodeServer: folder must be an existing absolute directory: ${options.folder}`);
  }
  installExitHooks();
  const runDir = options.runDir ?? createRunDir('code-server');
  const attempts = options.attempts ?? 3;
  const errors: string[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const stateDir = path.join(runDir, `server-${attempt}`);
    try {
      const server = await startOnce(options, stateDir);
      if (options.runDir) {
        return server;
      }
      // A run folder of its own: gone with the server.
      return { ...server, stop: () => server.stop().then(() => removeRunDir(runDir)) };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      errors.push(`attempt ${attempt}: ${message}`);
      console.error(`[harness] code-server start ${attempt}/${attempts} failed: ${message.split('\n')[0]}`);
    }
  }
  throw new Error(`code-server did not start after ${attempts} attempts:\n${errors.join('\n')}`);
}

async function startOnce(options: CodeServerOptions, stateDir: string): Promise<CodeServer> {
  const dirs = {
    tmp: serverTmpDir(stateDir),
    config: path.join(stateDir, 'config'),
    data: path.join(stateDir, 'data'),
    cache: path.join(stateDir, 'cache'),
    state: path.join(stateDir, 'state'),
    userData: path.join(stateDir, 'user-data'),
    extensions: path.join(stateDir, 'extensions'),
  };
  for (const dir of Object.values(dirs)) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...options.settings }, null, 2),
  );

  if (options.vsix) {
    installVsix(options.vsix, dirs.extensions, serverEnv(dirs, options.env), path.join(stateDir, 'install.log'));
  }
  const port = await freePort();
  const args = [
    codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.trust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    options.folder,
  ];
  const logFile = path.join(stateDir, 'code-server.log');
  const logFd = fs.openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    // detached: its own process group, so stop() can kill it with every child it forks.
    child = spawn(process.execPath, args, {
      cwd: stateDir,
      env: serverEnv(dirs, options.env),
      detached: true,
      stdio: ['ignore', logFd, logFd],
    });
  } finally {
    fs.closeSync(logFd);
  }
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  const pid = child.pid;
  if (pid === undefined) {
    const err = await spawnError;
    throw new Error(`could not spawn ${process.execPath} ${codeServerEntry}: ${err.message}`);
  }
  liveGroups.add(pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealthz(url, child, options.startTimeoutMs ?? 30_000);
  } catch (err) {
    await killGroup(pid, exited);
    removeOutsideTmp(stateDir, dirs.tmp);
    const tail = tailOfFile(logFile, 20);
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- ${logFile} (tail) ---\n${tail}`);
  }

  const remoteUri = (absPath: string): string =>
    `vscode-remote://127.0.0.1:${port}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`;
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    pid,
    stateDir,
    extensionsDir: dirs.extensions,
    logFile,
    remoteUri,
    workbenchUrl(urlOptions: WorkbenchUrlOptions = {}): string {
      const payload: [string, string][] = [];
      if (options.extensionDevelopmentPath) {
        payload.push(['extensionDevelopmentPath', remoteUri(options.extensionDevelopmentPath)]);
      }
      if (urlOptions.extensionTestsPath) {
        payload.push(['extensionTestsPath', remoteUri(urlOptions.extensionTestsPath)]);
      }
      payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
      payload.push(...Object.entries(urlOptions.payload ?? {}));
      const query = `folder=${encodeURIComponent(options.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return `${url}/?${query}`;
    },
    stop(): Promise<void> {
      stopping ??= killGroup(pid, exited).then(() => removeOutsideTmp(stateDir, dirs.tmp));
      return stopping;
    },
  };
}

/** `code-server --install-extension`, as a user installs a .vsix; its output goes to `logFile`. */
function installVsix(vsix: string, extensionsDir: string, env: NodeJS.ProcessEnv, logFile: string): void {
  const result = spawnSync(process.execPath, [codeServerEntry, '--install-extension', vsix, '--extensions-dir', extensionsDir], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  fs.writeFileSync(logFile, `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension ${vsix} failed (${result.error?.message ?? `exit ${result.status}`}):\n${tailOfFile(logFile, 20)}`);
  }
}

/**
 * The server's TMPDIR, inside its state folder unless that path is too long for the unix sockets
 * VS Code makes there (`vscode-ipc-<uuid>.sock`, at most 107 characters in all); then a short
 * folder of its own under os.tmpdir(), removed by stop().
 */
function serverTmpDir(stateDir: string): string {
  const inside = path.join(stateDir, 'tmp');
  const socketPath = path.join(inside, `vscode-ipc-${'0'.repeat(36)}.sock`);
  return socketPath.length <= 100 ? inside : fs.mkdtempSync(path.join(os.tmpdir(), 'ad-cs-'));
}

function removeOutsideTmp(stateDir: string, tmp: string): void {
  if (!tmp.startsWith(stateDir + path.sep)) {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function serverEnv(
  dirs: { tmp: string; config: string; data: string; cache: string; state: string },
  extra: Record<string, string> | undefined,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Variables of an enclosing VS Code or code-server would confuse this one
    // (CODE_SERVER_PARENT_PID makes it act as a child of another server).
    if (/^(VSCODE_|CODE_SERVER_|ELECTRON_)/.test(key) || key === 'PASSWORD' || key === 'HASHED_PASSWORD') {
      continue;
    }
    env[key] = value;
  }
  return {
    ...env,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_STATE_HOME: dirs.state,
    EXTENSIONS_GALLERY: '{"serviceUrl":""}',
    ...extra,
  };
}

/** A port that was free on 127.0.0.1 a moment ago (a lost race is covered by the start retries). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') {
          resolve(address.port);
        } else {
          reject(new Error('could not get a free port'));
        }
      });
    });
  });
}

async function waitForHealthz(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited during start (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    if (await healthzOk(`${url}/healthz`)) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function healthzOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(false));
  });
}

/** SIGTERM to the group, then SIGKILL if anything of it is still there after 5 s. */
async function killGroup(pid: number, leaderExited: Promise<void>): Promise<void> {
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  await Promise.race([leaderExited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  while (groupAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (groupAlive(pid)) {
    signalGroup(pid, 'SIGKILL');
    const killDeadline = Date.now() + 2000;
    while (groupAlive(pid) && Date.now() < killDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await Promise.race([leaderExited, new Promise((resolve) => setTimeout(resolve, 1000))]);
  liveGroups.delete(pid);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A server runs in its own process group, so neither Ctrl+C nor this process dying reaches it:
 * kill every live group on exit, and turn the usual signals into an exit.
 */
function installExitHooks(): void {
  if (exitHooksInstalled) {
    return;
  }
  exitHooksInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) {
      signalGroup(pid, 'SIGKILL');
    }
  });
  const signals: [NodeJS.Signals, number][] = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]];
  for (const [signal, code] of signals) {
    process.once(signal, () => {
      console.error(`[harness] ${signal}: stopping code-server and exiting`);
      process.exit(code);
    });
  }
}
