import type { Rule, RuleFinding } from '../rule';
import { formatCount, formatLevel } from '../ruleText';
import { formatClock } from '../../report/timeFormat';
import { analysedFiles } from '../select';

/**
 * Float samples beyond ±1.0: intact in the float file, but they clip the moment anything
 * converts it to integer (a 24-bit bounce, a converter, many plug-ins' input stage).
 */
export const overFullScale: Rule = {
  id: 'level/over-full-scale',
  defaultSeverity: 'warning',
  summary: 'Float samples beyond ±1.0 (they clip when converted to integer).',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const { file, analysis } of analysedFiles(delivery)) {
      const count = analysis.fields.overFullScaleSamples ?? 0;
      if (count === 0) continue;
      const peak = analysis.fields.samplePeakDbfs;
      const first = analysis.overFullScaleFirstSec;
      const lower = peak !== null && peak > 0 ? `Lower it by at least ${formatLevel(peak).slice(1)} dB` : 'Lower it';
      out.push({
        message: `${file.path} has ${formatCount(count)} float ${count === 1 ? 'sample' : 'samples'} beyond full scale${first !== null ? `, the first at ${formatClock(first)}` : ''}${peak !== null ? ` (peak ${formatLevel(peak)} dBFS)` : ''}: they clip as soon as the file is converted to integer. ${lower} and print it again, unless everyone downstream works in float.`,
        file: file.path,
        timeSec: first,
        data: { samples: count, samplePeakDbfs: peak },
      });
    }
    return out;
  },
};
