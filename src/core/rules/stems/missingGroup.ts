import type { Rule, RuleFinding } from '../rule';
import { listAnd } from '../ruleText';
import { describeStem, groupName, groupNameWord, stemsOf } from './groupNames';

/** A stem group the spec requires (stems.required, or the preset's) that no stem is classified as. */
export const missingGroup: Rule = {
  id: 'stems/missing-group',
  defaultSeverity: 'error',
  summary: 'A required stem group is not delivered.',
  check(delivery) {
    const required = delivery.effective.stems.required;
    if (required.length === 0) return [];
    const stems = stemsOf(delivery.files);
    const present = new Set(stems.map((s) => s.group));
    const requirement = `the spec requires ${listAnd(required.map(groupName))} stems`;
    const delivered = stems.length > 0 ? `delivered: ${listAnd(stems.map(describeStem))}` : 'no stems are delivered';
    const out: RuleFinding[] = [];
    for (const group of required) {
      if (present.has(group)) continue;
      const word = groupNameWord(group);
      const advice = stems.length > 0
        ? `Print a ${groupName(group)} stem from the mix session; if one of the stems above is it, put "${word}" in its name (e.g. "STEM ${word}").`
        : `Print the stems from the mix session (each stem's group in its name, e.g. "STEM ${word}") into the stems folder.`;
      out.push({
        message: `No ${groupName(group)} stem: ${requirement}; ${delivered}. ${advice}`,
        file: null,
        timeSec: null,
        data: { group, required, delivered: stems.map((s) => ({ file: s.path, group: s.group })) },
        related: stems.map((s) => s.path),
      });
    }
    return out;
  },
};
