import { absolutePath } from '../core/delivery/deliveryPath';
import type { OverviewParams, OverviewResult, PcmBody, PcmParams, Reply } from '../shared/protocol';
import { parseOverviewMessage, type HostToOverview, type LaneFormats, type OverviewDelivery } from '../shared/overviewMessages';
import type { SaveContractNotesMessage } from '../shared/contractNotesMessages';
import { pcmAnswer, unanswered } from './serverReplies';

/** What the overview's message handling needs; the panel passes the real ones, tests their own. */
export interface OverviewRouterDeps {
  /** Absolute root of the delivery the panel shows. */
  root: string;
  post(message: HostToOverview): void;
  /** Where refused messages and failed requests are written (the extension's log channel). */
  log: { warn(message: string): void };
  peaks(params: OverviewParams): Promise<OverviewResult>;
  pcm(params: PcmParams): Promise<Reply<PcmBody>>;
  /** The webview said `ready`: send it the delivery (and anything else it shows). */
  ready(): void;
  /** The contract notes form asked to save (notes already checked); the answer is the form's next view. */
  saveContractNotes(message: SaveContractNotesMessage): Promise<void>;
}

/**
 * The host's side of the overview protocol, apart from VS Code so it is unit-tested: every
 * message is checked (parseOverviewMessage) against the lanes the panel shows; what fails is
 * logged and dropped, never acted on. Valid requests go to the server with the file's absolute
 * path, built here from the delivery root and a path the check found among the lanes.
 */
export class OverviewRouter {
  private lanes: LaneFormats = new Map();

  constructor(private readonly deps: OverviewRouterDeps) {}

  /** The delivery shown now: from here on only its lanes may be asked about. */
  setDelivery(delivery: OverviewDelivery): void {
    this.lanes = new Map(delivery.lanes.map((l) => [l.path, { sampleRate: l.sampleRate, channels: l.channels, frames: l.frames }]));
  }

  async receive(raw: unknown): Promise<void> {
    const parsed = parseOverviewMessage(raw, this.lanes);
    if (!parsed.ok) {
      this.deps.log.warn(`Delivery overview (${this.deps.root}): dropped a message from the webview: ${parsed.reason}`);
      return;
    }
    const message = parsed.message;
    switch (message.type) {
      case 'ready':
        this.deps.ready();
        return;
      case 'saveContractNotes':
        try {
          await this.deps.saveContractNotes(message);
        } catch (err) {
          this.deps.log.warn(`Delivery overview: saving the contract notes failed: ${(err as Error).message}`);
        }
        return;
      case 'peaks': {
        const { requestId } = message;
        const result = await this.deps.peaks({ path: absolutePath(this.deps.root, message.path), startFrame: message.startFrame, endFrame: message.endFrame, columns: message.columns })
          .catch((err: unknown) => this.unanswered(`peaks of ${message.path}`, err));
        this.deps.post(result.ok ? { type: 'peaks', requestId, ok: true, min: result.min, max: result.max } : { type: 'peaks', requestId, ok: false, error: result.error });
        return;
      }
      case 'pcm': {
        const reply = await this.deps.pcm({ path: absolutePath(this.deps.root, message.path), startFrame: message.startFrame, frames: message.frames })
          .catch((err: unknown) => this.unanswered(`samples of ${message.path}`, err));
        this.deps.post(pcmAnswer(message.requestId, reply));
      }
    }
  }

  /** A request the server did not answer: logged, and answered as a failure (the page waits for an answer). */
  private unanswered(what: string, err: unknown): { ok: false; error: string } {
    this.deps.log.warn(`Delivery overview: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    return unanswered(err);
  }
}
