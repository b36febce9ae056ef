import { formatRate } from '../../report/describe';
import type { Rule, RuleFinding } from '../rule';
import { listAnd } from '../ruleText';
import { matchingSets, splitByMajority } from '../select';

/**
 * More than one sample rate among the stems, or among the multi-tracks (with their effect
 * prints): they must drop into one session at one rate. Each file off the majority rate gets a
 * finding naming the files at that rate; a tie goes to the higher rate.
 */
export const mixedSampleRates: Rule = {
  id: 'format/mixed-sample-rates',
  defaultSeverity: 'error',
  summary: 'More than one sample rate among multi-tracks, or among stems.',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const set of matchingSets(delivery, ['multitrack', 'stem'])) {
      const rated = set.files.filter((f) => f.format!.sampleRate > 0);
      const split = splitByMajority(rated, (f) => f.format!.sampleRate, (a, b) => b - a);
      if (!split || split.differ.length === 0) continue;
      const rates = [...new Set(rated.map((f) => f.format!.sampleRate))].sort((a, b) => b - a);
      const most = split.isMajority ? `most ${set.noun} are` : `${split.agree.length} of the ${rated.length} ${set.noun} ${split.agree.length === 1 ? 'is' : 'are'}`;
      for (const f of split.differ) {
        out.push({
          message: `${f.path} is ${formatRate(f.format!.sampleRate)}, but ${most} ${formatRate(split.value)} (${listAnd(split.agree.map((a) => a.path))}). All ${set.noun} must share one rate: ask for it at ${formatRate(split.value)}, exported from the session rather than converted.`,
          file: f.path,
          timeSec: null,
          data: { sampleRate: f.format!.sampleRate, majorityRate: split.value, rates, set: set.role },
          related: rated.filter((r) => r !== f).map((r) => r.path),
        });
      }
    }
    return out;
  },
};
