import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelStore } from '../client/modelStore';
import type { Server } from '../client/server';
import * as openWaveformCommand from '../commands/openWaveform';
import { WAVEFORM_VIEW_TYPE } from '../commands/openWaveform';
import { FileInfoRequest, OverviewRequest, PcmRequest, type FileInfoResult } from '../shared/protocol';
import { waveformInfo } from '../shared/view/waveformInfo';
import { openingRequest, type ColumnRequest } from '../shared/view/waveformView';
import { OPENING_REQUEST_ID, parseWaveformRequest, type LaneSize, type WaveformRequest, type WaveformUpdate } from '../shared/waveformMessages';
import { pcmAnswer, unanswered } from './serverReplies';
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
 * server's overview pyramid, plays it with the overview's Web Audio player (a few seconds of
 * decoded samples at a time, deliverables/pcm, so every container the server reads plays), and
 * shows the file's format, metadata, levels and findings. The file is the document's: the page
 * never names one, and reads nothing of the disk itself.
 */
class WaveformEditorProvider implements vscode.CustomReadonlyEditorProvider {
  /** The lanes' size the last fresh page gave: the next editor most likely opens as wide. */
  private readonly lastLanes: { value?: LaneSize } = {};

  constructor(private readonly extensionUri: vscode.Uri, private readonly deps: WaveformDeps) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const session = new WaveformSession(document.uri, panel, this.deps, this.lastLanes);
    // The page reads nothing of the disk: peaks and samples come through the host from the server.
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, this.extensionUri, {
      script: 'waveform',
      title: path.basename(document.uri.fsPath),
      styles: ['waveform.css'],
    });
    session.step('htmlSet');
    panel.onDidDispose(() => session.dispose());
  }
}

/**
 * One open editor: answers its page's requests and pushes file info again when the model changes.
 * The file info is asked for as the editor opens, while VS Code loads the page, so the answer to
 * `ready` waits for nothing; a fresh page's first peaks follow it unasked (OPENING_REQUEST_ID),
 * asked for at open too when the page is as wide as the last one was.
 */
class WaveformSession implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly openedAt = performance.now();
  /** Host-side steps of the first draw, ms after openedAt (logged with it: see bench:waveform). */
  private readonly steps: Record<string, number> = {};
  /** What is asked for at open, until the page is ready (dropped if the model changes first). */
  private prefetched: { info: Promise<FileInfoResult>; opening?: { lanes: LaneSize; answer: Promise<WaveformUpdate | null> } } | undefined;
  private firstDrawLogged = false;
  private ready = false;
  private disposed = false;

  constructor(private readonly uri: vscode.Uri, private readonly panel: vscode.WebviewPanel, private readonly deps: WaveformDeps, private readonly lastLanes: { value?: LaneSize }) {
    const info = this.fileInfo();
    info.catch(() => undefined); // a failure is logged when the page is ready and it is awaited
    const lanes = lastLanes.value;
    const opening = lanes && { lanes, answer: info.then((r) => (r?.file.format ? this.peaksAnswer(OPENING_REQUEST_ID, openingRequest(r.file.format.frames, lanes.cssWidth, lanes.dpr)) : null)) };
    opening?.answer.catch(() => undefined);
    this.prefetched = { info, opening };
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      deps.store.onDidChange(() => {
        if (this.ready) void this.sendInfo(this.fileInfo());
        else this.prefetched = undefined;
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
      case 'ready': {
        this.step('ready');
        this.ready = true;
        const prefetched = this.prefetched;
        this.prefetched = undefined;
        const info = prefetched?.info ?? this.fileInfo();
        this.post({ type: 'init', fileName: this.displayName() });
        if (!message.lanes) {
          await this.sendInfo(info);
          return;
        }
        // The page waits for its opening peaks before it asks for any: it always gets an answer.
        const frames = await this.sendInfo(info).catch((err: unknown) => {
          this.post({ type: 'peaksError', requestId: OPENING_REQUEST_ID, error: unanswered(err).error });
          throw err;
        });
        this.lastLanes.value = message.lanes;
        if (frames === null) return;
        const guessed = prefetched?.opening;
        const answer = guessed && sameLanes(guessed.lanes, message.lanes) ? await guessed.answer : null;
        if (answer) this.step('peaksPrefetched');
        this.post(answer ?? await this.peaksAnswer(OPENING_REQUEST_ID, openingRequest(frames, message.lanes.cssWidth, message.lanes.dpr)));
        this.step('peaksSent');
        return;
      }
      case 'peaks':
        this.step('peaksAsked');
        this.post(await this.peaksAnswer(message.requestId, message));
        this.step('peaksSent');
        return;
      case 'pcm': {
        // Playback: a few seconds of decoded samples at a time, as the overview panel plays them.
        const { requestId, startFrame, frames } = message;
        const reply = await this.deps.server.request(PcmRequest, { path: this.uri.fsPath, startFrame, frames }).catch(unanswered);
        this.post(pcmAnswer(requestId, reply));
        return;
      }
      case 'drawn':
        if (!this.firstDrawLogged) {
          this.step('drawn');
          this.firstDrawLogged = true;
          // The steps and the epoch of the open let bench:waveform line this up with the page's clock.
          const timeline = JSON.stringify({ openedAtEpoch: performance.timeOrigin + this.openedAt, ...this.steps });
          this.deps.output.info(`Waveform editor (${this.displayName()}): first waveform drawn ${Math.round(performance.now() - this.openedAt)} ms after the editor opened; timeline ${timeline}`);
        }
        return;
    }
  }

  private fileInfo(): Promise<FileInfoResult> {
    return this.deps.server.request(FileInfoRequest, { path: this.uri.fsPath });
  }

  /** Posts the file's info, or why there is none (then the page asks for no peaks); returns its frame count, null without info. */
  private async sendInfo(pending: Promise<FileInfoResult>): Promise<number | null> {
    const result = await pending;
    this.step('infoSent');
    const info = result ? waveformInfo(result.file, result.findings, result.metadata) : null;
    if (info) this.post({ type: 'info', info });
    else this.post({ type: 'unavailable', reason: result ? `${result.file.path} is not readable audio: ${result.file.description || 'its header could not be read'}.` : 'This file is not part of an audio delivery in the workspace, so it has no analysis to draw from. Open a folder with a delivery.json, or with folders named like Stems and References.' });
    return info ? info.frames : null;
  }

  /** The server's min/max columns for a request, as the page's answer; a failure is answered too (the page waits for one). */
  private async peaksAnswer(requestId: number, request: ColumnRequest): Promise<WaveformUpdate> {
    const { startFrame, endFrame, columns } = request;
    const result = await this.deps.server.request(OverviewRequest, { path: this.uri.fsPath, startFrame, endFrame, columns }).catch(unanswered);
    return result.ok
      ? { type: 'peaks', requestId, startFrame, endFrame, columns, totalFrames: result.totalFrames, min: result.min, max: result.max }
      : { type: 'peaksError', requestId, error: result.error };
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

function sameLanes(a: LaneSize, b: LaneSize): boolean {
  return a.cssWidth === b.cssWidth && a.dpr === b.dpr;
}
