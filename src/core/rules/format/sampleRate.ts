import { formatRate } from '../../report/describe';
import type { Rule, RuleFinding } from '../rule';
import { listOr, roleNoun } from '../ruleText';
import { policedFiles, policySource } from './policy';

/** A sample rate the spec does not allow for the file's role. */
export const sampleRate: Rule = {
  id: 'format/sample-rate',
  defaultSeverity: 'error',
  summary: 'Sample rate not allowed by the spec.',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const { file, format, role, policy } of policedFiles(delivery)) {
      const allowed = policy.sampleRates;
      if (!allowed || format.sampleRate <= 0 || allowed.includes(format.sampleRate)) continue;
      out.push({
        message: `${file.path} is ${formatRate(format.sampleRate)}; ${roleNoun(role, true)} must be ${listOr(allowed.map(formatRate))} (${policySource(delivery, role, 'sampleRates')}). Ask for it at the session's rate rather than converting it here: every conversion is a choice the engineer should make.`,
        file: file.path,
        timeSec: null,
        data: { sampleRate: format.sampleRate, role, allowed },
      });
    }
    return out;
  },
};
