import type { Rule } from '../rule';

/**
 * The delivery does not record who owns the session and whether it is handed over. Without the
 * terms nobody can tell whether a session file belongs in the delivery (see session/included).
 */
export const sessionTermsMissing: Rule = {
  id: 'session/terms-missing',
  defaultSeverity: 'info',
  summary: 'No session owner or handover terms are recorded in delivery.json.',
  check(delivery) {
    const { session } = delivery.effective;
    const missing = [session.owner === null && 'owner', session.handover === null && 'handover'].filter((m): m is string => m !== false);
    if (missing.length === 0) return [];
    const what = missing.map((m) => `session.${m}`).join(' and ');
    return [{
      message: `The delivery records no ${what}: who owns the session and whether it is handed over. Add them to delivery.json, e.g. "session": { "owner": "Mix engineer", "handover": false, "notes": "Session stays with the engineer (contract §4)" }, so everyone knows what the delivery includes.`,
      file: null,
      timeSec: null,
      data: { missing },
    }];
  },
};
