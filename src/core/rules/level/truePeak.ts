import type { Rule, RuleFinding } from '../rule';
import { formatLevel, roleNoun } from '../ruleText';
import { analysedFiles } from '../select';

/**
 * True peak (inter-sample, BS.1770 annex 2) of stems and references above the preset's ceiling.
 * Compared at the 0.1 dB the reports show, so a file that reads "-1.0 dBTP" passes a -1 ceiling.
 */
export const truePeak: Rule = {
  id: 'level/true-peak',
  defaultSeverity: 'warning',
  summary: 'True peak above the preset ceiling (stems and references).',
  check(delivery) {
    const ceiling = delivery.effective.levels.truePeakMaxDbtp;
    if (ceiling === null) return [];
    const out: RuleFinding[] = [];
    for (const { file, analysis } of analysedFiles(delivery)) {
      if (file.role !== 'stem' && file.role !== 'reference') continue;
      const tp = analysis.fields.truePeakDbtp;
      if (tp === null || Math.round(tp * 10) / 10 <= ceiling) continue;
      out.push({
        message: `${file.path} peaks at ${formatLevel(tp)} dBTP (true peak), above the ${formatLevel(ceiling)} dBTP ceiling for ${roleNoun(file.role, true)} of the ${delivery.effective.preset} preset: it will clip in converters and lossy encoders. Lower it by ${(Math.round((tp - ceiling) * 10) / 10).toFixed(1)} dB or more, or set the limiter to ${formatLevel(ceiling)} dBTP with true-peak detection, and print it again.`,
        file: file.path,
        timeSec: null,
        data: { truePeakDbtp: tp, ceilingDbtp: ceiling, preset: delivery.effective.preset },
      });
    }
    return out;
  },
};
