import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelStore } from '../client/modelStore';
import type { Server } from '../client/server';
import * as openWaveformCommand from '../commands/openWaveform';
import { WAVEFORM_VIEW_TYPE } from '../commands/openWaveform';
import { FileInfoRequest, OverviewRequest } from '../shared/protocol';
import { waveformInfo } from '../shared/view/waveformInfo';
import { parseWaveformRequest, type WaveformRequest, type WaveformUpdate } from '../shared/waveformMessages';
import { webviewHtml, webviewOptions } from './webviewHtml';

export interface WaveformDeps {
  server: Server;
  store: ModelStore;
  output: vscode.LogOutputChannel;
}

/** Registers the waveform custom editor and the Open Waveform command. */
export function register(context: vscode.ExtensionContext, deps: WaveformDeps): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.window.registerCustomEditorProvider(WAVEFORM_VIEW_TYPE, new WaveformEditorProvider(context.extensionUri, deps), {
      // Hidden editors are rebuilt from getState/setState (zoom, scroll, position), not kept alive.
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
    openWaveformCommand.register(deps.store),
  );
}

/**
 * A read-only editor over an audio file of a delivery: its webview draws the waveform from the
 * server's overview pyramid (never the samples), plays the file through <audio>, and shows the
 * file's format, metadata, levels and findings. The file is the document's: the page never names one.
 */
class WaveformEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly extensionUri: vscode.Uri, private readonly deps: WaveformDeps) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const session = new WaveformSession(document.uri, panel, this.deps);
    // The audio is read by the page from the file's own folder; nothing else of the disk.
    panel.webview.options = webviewOptions(this.extensionUri, [vscode.Uri.joinPath(document.uri, '..')]);
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, {
      script: 'waveform',
      title: path.basename(document.uri.fsPath),
      styles: ['waveform.css'],
      media: true,
    });
    session.step('htmlSet');
    panel.onDidDispose(() => session.dispose());
  }
}

/** One open editor: answers its page's requests and pushes file info again when the model changes. */
class WaveformSession implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly openedAt = performance.now();
  /** Host-side steps of the first draw, ms after openedAt (logged with it: see bench:waveform). */
  private readonly steps: Record<string, number> = {};
  private firstDrawLogged = false;
  private ready = false;
  private disposed = false;

  constructor(private readonly uri: vscode.Uri, private readonly panel: vscode.WebviewPanel, private readonly deps: WaveformDeps) {
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      deps.store.onDidChange(() => {
        if (this.ready) void this.sendInfo();
      }),
    );
  }

  private receive(raw: unknown): void {
    const parsed = parseWaveformRequest(raw);
    if (!parsed.ok) {
      this.deps.output.warn(`Waveform editor (${this.displayName()}): dropped a message from the webview: ${parsed.reason}`);
      return;
    }
    void this.handle(parsed.message).catch((err: unknown) => this.deps.output.error(`Waveform editor (${this.displayName()}): ${parsed.message.type} failed`, err));
  }

  private async handle(message: WaveformRequest): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.step('ready');
        this.ready = true;
        this.post({ type: 'init', fileName: this.displayName(), audioUri: this.panel.webview.asWebviewUri(this.uri).toString() });
        await this.sendInfo();
        return;
      case 'peaks': {
        const { requestId, startFrame, endFrame, columns } = message;
        this.step('peaksAsked');
        // A request that fails (the server restarting) still gets an answer: the page waits for one
        // before it asks again.
        const result = await this.deps.server.request(OverviewRequest, { path: this.uri.fsPath, startFrame, endFrame, columns })
          .catch((err: unknown) => ({ ok: false as const, error: `the validator did not answer (${err instanceof Error ? err.message : String(err)})` }));
        this.post(result.ok
          ? { type: 'peaks', requestId, startFrame, endFrame, columns, totalFrames: result.totalFrames, min: result.min, max: result.max }
          : { type: 'peaksError', requestId, error: result.error });
        this.step('peaksSent');
        return;
      }
      case 'drawn':
        if (!this.firstDrawLogged) {
          this.firstDrawLogged = true;
          this.step('drawn');
          // The steps and the epoch of the open let bench:waveform line this up with the page's clock.
          const timeline = JSON.stringify({ openedAtEpoch: performance.timeOrigin + this.openedAt, ...this.steps });
          this.deps.output.info(`Waveform editor (${this.displayName()}): first waveform drawn ${Math.round(performance.now() - this.openedAt)} ms after the editor opened; timeline ${timeline}`);
        }
        return;
    }
  }

  private async sendInfo(): Promise<void> {
    const result = await this.deps.server.request(FileInfoRequest, { path: this.uri.fsPath });
    this.step('infoSent');
    const info = result ? waveformInfo(result.file, result.findings, result.metadata) : null;
    if (info) this.post({ type: 'info', info });
    else this.post({ type: 'unavailable', reason: result ? `${result.file.path} is not readable audio: ${result.file.description || 'its header could not be read'}.` : 'This file is not part of an audio delivery in the workspace, so it has no analysis to draw from. Open a folder with a delivery.json, or with folders named like Stems and References.' });
  }

  /** Keeps the first time of each step until the first draw. */
  step(name: string): void {
    if (!this.firstDrawLogged) this.steps[name] ??= Math.round((performance.now() - this.openedAt) * 10) / 10;
  }

  private post(update: WaveformUpdate): void {
    if (!this.disposed) void this.panel.webview.postMessage(update);
  }

  private displayName(): string {
    return path.basename(this.uri.fsPath);
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions) s.dispose();
  }
}
