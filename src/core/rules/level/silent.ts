import { SILENCE_THRESHOLD_DBFS } from '../../analysis/silence';
import { formatDuration } from '../../report/timeFormat';
import type { Rule, RuleFinding } from '../rule';
import { formatLevel } from '../ruleText';
import { analysedFiles } from '../select';

/** A file with nothing in it: digital silence, or nothing up to -90 dBFS (an empty track, a failed bounce). */
export const silent: Rule = {
  id: 'level/silent',
  defaultSeverity: 'warning',
  summary: `The whole file is digital silence (or below ${SILENCE_THRESHOLD_DBFS} dBFS).`,
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const { file, analysis } of analysedFiles(delivery)) {
      if (analysis.fields.silent !== true) continue;
      const peak = analysis.fields.samplePeakDbfs;
      const what = peak === null ? 'digital silence' : `silent: it peaks at ${formatLevel(peak)} dBFS, below ${SILENCE_THRESHOLD_DBFS} dBFS`;
      const length = analysis.frames > 0 && file.format ? ` over all of its ${formatDuration(analysis.frames / file.format.sampleRate)}` : '';
      out.push({
        message: `${file.path} is ${what}${length}. An empty track or a bounce of the wrong source: export it again from the right track, or leave it out of the delivery.`,
        file: file.path,
        timeSec: null,
        data: { samplePeakDbfs: peak, digitalSilence: peak === null },
      });
    }
    return out;
  },
};
