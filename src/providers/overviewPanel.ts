import * as vscode from 'vscode';
import type { ModelStore } from '../client/modelStore';
import type { Server } from '../client/server';
import type { NullTestOutcome } from '../core/analysis/nullTest';
import { OverviewRequest, PcmRequest, type DeliveryDto } from '../shared/protocol';
import type { HostToOverview } from '../shared/overviewMessages';
import { overviewDelivery } from '../shared/view/overviewDelivery';
import { OverviewRouter } from './overviewRouter';
import { webviewHtml, webviewOptions } from './webviewHtml';
import { answerSaveContractNotes, contractNotesView } from './contractNotesEdit';

export const OVERVIEW_VIEW_TYPE = 'audioDeliverables.overview';

export type OverviewSection = 'contractNotes';

/**
 * The delivery overview of one delivery: stems and mix on one timeline with playback, the
 * checklist, the null-test residual, the contract notes. The page gets nothing until it says
 * `ready`; then the delivery, and again whenever the model changes. Samples and peaks are served
 * on request for the lanes shown, never whole files.
 */
export class OverviewPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly router: OverviewRouter;
  private readonly disposables: vscode.Disposable[] = [];
  private delivery: DeliveryDto;
  /** The latest outcome of the Null Test command, which may name another mix than the spec. */
  private commandNullTest: NullTestOutcome | null = null;
  private ready = false;
  private pendingFocus: OverviewSection | null = null;
  private disposed = false;

  constructor(
    extensionUri: vscode.Uri,
    delivery: DeliveryDto,
    private readonly deps: { server: Server; store: ModelStore; output: vscode.LogOutputChannel; onDispose: () => void },
  ) {
    this.delivery = delivery;
    this.panel = vscode.window.createWebviewPanel(OVERVIEW_VIEW_TYPE, `Overview · ${delivery.name}`, vscode.ViewColumn.Active, {
      ...webviewOptions(extensionUri),
    });
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icons', 'deliverables.svg');
    this.panel.webview.html = webviewHtml(this.panel.webview, extensionUri, { script: 'overview', title: `Overview · ${delivery.name}`, styles: ['overview.css'] });
    this.router = new OverviewRouter({
      root: delivery.root,
      post: (message) => void this.post(message),
      log: deps.output,
      peaks: (params) => deps.server.request(OverviewRequest, params),
      pcm: (params) => deps.server.request(PcmRequest, params),
      ready: () => this.onReady(),
      saveContractNotes: async (message) => {
        const view = await answerSaveContractNotes(this.delivery, message);
        if (!view.lastSave?.ok) deps.output.warn(`Contract notes of ${this.delivery.root} not saved: ${view.lastSave?.ok === false ? view.lastSave.error : 'unknown'}`);
        await this.post({ type: 'contractNotes', view });
      },
    });
    this.router.setDelivery(this.view());
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((message: unknown) => void this.router.receive(message)),
      deps.store.onDidChange((model) => {
        const next = model.deliveries.find((d) => d.root === this.delivery.root);
        if (next) this.update(next);
      }),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  get root(): string {
    return this.delivery.root;
  }

  /** Brings the panel to the front, on a section when asked. */
  reveal(section?: OverviewSection): void {
    this.panel.reveal();
    if (!section) return;
    if (this.ready) void this.post({ type: 'focus', section });
    else this.pendingFocus = section;
  }

  /** The residual lane of a null test just run from the command. */
  showNullTest(outcome: NullTestOutcome): void {
    this.commandNullTest = outcome;
    this.send();
  }

  private update(delivery: DeliveryDto): void {
    this.delivery = delivery;
    this.send();
  }

  private view() {
    return overviewDelivery(this.delivery, this.commandNullTest ?? this.delivery.nullTest);
  }

  private send(): void {
    const view = this.view();
    this.router.setDelivery(view);
    if (!this.ready) return;
    void this.post({ type: 'delivery', delivery: view });
    void this.sendContractNotes();
  }

  /** The contract notes form's view of delivery.json now (after ready and whenever the model changes). */
  private async sendContractNotes(): Promise<void> {
    try {
      await this.post({ type: 'contractNotes', view: await contractNotesView(this.delivery) });
    } catch (err) {
      this.deps.output.warn(`Contract notes of ${this.delivery.root} could not be read: ${(err as Error).message}`);
    }
  }

  private onReady(): void {
    this.ready = true;
    this.send();
    if (this.pendingFocus) void this.post({ type: 'focus', section: this.pendingFocus });
    this.pendingFocus = null;
  }

  private async post(message: HostToOverview): Promise<void> {
    // A panel closed while a request was in flight: nothing to deliver to.
    await this.panel.webview.postMessage(message).then(undefined, () => false);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.deps.onDispose();
  }
}
