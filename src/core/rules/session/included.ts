import type { Rule, RuleFinding } from '../rule';
import { describeSession } from './sessionFormats';

/**
 * A session file (or AAF/OMF) in a delivery whose recorded terms do not hand the session over.
 * The session is the engineer's work unless a contract says otherwise; this points at the terms
 * recorded in delivery.json and gives no legal advice.
 */
export const sessionIncluded: Rule = {
  id: 'session/included',
  defaultSeverity: 'warning',
  summary: 'A DAW session or AAF/OMF is in the delivery but session.handover is not true.',
  check(delivery) {
    const { session } = delivery.effective;
    if (session.handover === true) return [];
    const terms = session.handover === false
      ? 'the recorded terms say the session is not handed over (session.handover is false)'
      : 'no session handover is recorded (session.handover is not set)';
    const owner = session.owner ? ` The recorded owner is "${session.owner}".` : '';
    const recorded = [session.contract && `contract: "${session.contract}"`, session.notes && `notes: "${session.notes}"`].filter(Boolean).join('; ');
    const pointer = recorded
      ? `Check the contract notes in delivery.json (${recorded}) before sending it`
      : 'Check the contract before sending it and record the terms in delivery.json ("session": { "owner", "handover", "contract", "notes" })';
    const out: RuleFinding[] = [];
    for (const f of delivery.files) {
      if (f.role !== 'session') continue;
      out.push({
        message: `${f.path} is ${describeSession(f.path)}, but ${terms}.${owner} A session belongs to the engineer unless a contract says it is to be handed over. ${pointer}; ask a lawyer when unsure.`,
        file: f.path,
        timeSec: null,
        data: { handover: session.handover, owner: session.owner, contract: session.contract, notes: session.notes },
      });
    }
    return out;
  },
};
