import type { HostToOverview, OverviewToHost, PcmRequestMessage, PeaksRequestMessage } from '../../shared/overviewMessages';
import type { PcmBody } from '../../shared/audioData';
import type { PeakChannels } from '../../shared/overviewLimits';
import { vscodeApi } from '../shared/vscodeApi';

type Reply = Extract<HostToOverview, { type: 'peaks' | 'pcm' }>;

/** Requests to the host by id, answered in any order; a reply for an unknown id is ignored. */
export class HostChannel {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();

  post(message: OverviewToHost): void {
    vscodeApi().postMessage(message);
  }

  /** Min/max columns of a file range (one array per channel). */
  async peaks(path: string, startFrame: number, endFrame: number, columns: number): Promise<PeakChannels> {
    const reply = await this.request({ type: 'peaks', path, startFrame, endFrame, columns });
    if (reply.type !== 'peaks' || !reply.ok) throw new Error(reply.ok ? 'unexpected reply' : reply.error);
    return { min: reply.min, max: reply.max };
  }

  /** Decoded samples of a file range (at most a few seconds), as the server sent them. */
  async pcm(path: string, startFrame: number, frames: number): Promise<PcmBody> {
    const reply = await this.request({ type: 'pcm', path, startFrame, frames });
    if (reply.type !== 'pcm' || !reply.ok) throw new Error(reply.ok ? 'unexpected reply' : reply.error);
    return reply.body;
  }

  /** Routes a reply to its request; false for messages that are not replies. */
  handle(message: HostToOverview): boolean {
    if (message.type !== 'peaks' && message.type !== 'pcm') return false;
    const resolve = this.pending.get(message.requestId);
    this.pending.delete(message.requestId);
    resolve?.(message);
    return true;
  }

  private request(message: Omit<PeaksRequestMessage, 'requestId'> | Omit<PcmRequestMessage, 'requestId'>): Promise<Reply> {
    const requestId = this.nextId++;
    return new Promise<Reply>((resolve) => {
      this.pending.set(requestId, resolve);
      this.post({ ...message, requestId });
    });
  }
}
