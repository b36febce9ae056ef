import type { Rule, RuleFinding } from '../rule';

/** Fewer sample bytes than the header declares: cut off in transfer, or still being written. */
export const truncated: Rule = {
  id: 'format/truncated',
  defaultSeverity: 'error',
  summary: 'Data shorter than the header declares (cut off, or still being written).',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const f of delivery.files) {
      for (const issue of f.probe?.issues ?? []) {
        if (issue.code !== 'truncated' && issue.code !== 'unfinalised') continue;
        const advice = issue.code === 'unfinalised'
          ? 'The writer never finalised the header (a crashed or unfinished bounce); re-export it.'
          : 'Copy it again from the source, or ask for it to be sent again.';
        out.push({ message: `${f.path}: ${issue.message}. ${advice}`, file: f.path, timeSec: null, data: { kind: issue.code } });
      }
    }
    return out;
  },
};
