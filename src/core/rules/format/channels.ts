import { formatChannels } from '../../report/describe';
import type { Rule, RuleFinding } from '../rule';
import { listOr, roleNoun } from '../ruleText';
import { policedFiles, policySource } from './policy';

/** A channel count the role does not take: stems are stereo, multi-tracks mono or stereo. */
export const channels: Rule = {
  id: 'format/channels',
  defaultSeverity: 'error',
  summary: 'Channel count wrong for the role (stems stereo; multi-tracks mono/stereo).',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const { file, format, role, policy } of policedFiles(delivery)) {
      const allowed = policy.channels;
      if (!allowed || allowed.includes(format.channels)) continue;
      out.push({
        message: `${file.path} is ${formatChannels(format.channels)}; ${roleNoun(role, true)} must be ${listOr(allowed.map(formatChannels))} (${policySource(delivery, role, 'channels')}). ${advice(format.channels, allowed)}`,
        file: file.path,
        timeSec: null,
        data: { channels: format.channels, role, allowed },
      });
    }
    return out;
  },
};

function advice(count: number, allowed: readonly number[]): string {
  const most = Math.max(...allowed);
  if (count > most && most <= 2) return 'Split it into mono (or stereo) files, one per source, named after what each channel holds.';
  if (count < most && allowed.length === 1) return `Print it again through a ${formatChannels(most)} bus; do not just copy one channel to the others.`;
  return 'Export it again with the channel layout the spec asks for.';
}
