import type { PcmBody, Reply } from '../shared/protocol';

/**
 * A request the server never answered (it died, or is restarting), as a failed reply: the pages
 * wait for an answer to each request they send, so a failure is answered too.
 */
export function unanswered(err: unknown): { ok: false; error: string } {
  return { ok: false, error: `the validator did not answer (${err instanceof Error ? err.message : String(err)})` };
}

/** The answer to a page's pcm request, the same for the waveform editor and the overview: only the reply's known fields. */
export function pcmAnswer(requestId: number, reply: Reply<PcmBody>): { type: 'pcm'; requestId: number } & Reply<PcmBody> {
  return reply.ok ? { type: 'pcm', requestId, ok: true, body: reply.body } : { type: 'pcm', requestId, ok: false, error: reply.error };
}
