import { formatBitDepth } from '../../report/describe';
import type { Rule, RuleFinding } from '../rule';
import { listOr, roleNoun } from '../ruleText';
import { policedFiles, policySource } from './policy';

/** A bit depth the spec does not allow (16-bit multi-tracks). 32-bit float counts as 32. */
export const bitDepth: Rule = {
  id: 'format/bit-depth',
  defaultSeverity: 'error',
  summary: 'Bit depth not allowed (e.g. 16-bit multi-tracks).',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const { file, format, role, policy } of policedFiles(delivery)) {
      const allowed = policy.bitDepths;
      // Lossy codecs have no bit depth (0): format/container speaks for them.
      if (!allowed || format.bitDepth <= 0 || allowed.includes(format.bitDepth)) continue;
      const advice = format.bitDepth < Math.min(...allowed)
        ? 'Ask for the files at the depth they were recorded or mixed at; padding them up here adds no resolution.'
        : 'Ask for an export at an allowed depth (with dither when reducing).';
      out.push({
        message: `${file.path} is ${formatBitDepth(format)}; ${roleNoun(role, true)} must be ${listOr(allowed.map((b) => `${b}-bit`))} (${policySource(delivery, role, 'bitDepths')}). ${advice}`,
        file: file.path,
        timeSec: null,
        data: { bitDepth: format.bitDepth, float: format.codec === 'float', role, allowed },
      });
    }
    return out;
  },
};
