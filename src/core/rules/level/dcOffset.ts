import type { Rule, RuleFinding } from '../rule';
import { formatLevel } from '../ruleText';
import { analysedFiles } from '../select';

/** Above this the offset is a fault (a converter, a DI, a plug-in), not rounding. */
const DC_OFFSET_MAX_DBFS = -50;

/** The waveform sits off centre: lost headroom, and clicks at every edit and fade. */
export const dcOffset: Rule = {
  id: 'level/dc-offset',
  defaultSeverity: 'warning',
  summary: `DC offset above ${DC_OFFSET_MAX_DBFS} dBFS.`,
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const { file, analysis } of analysedFiles(delivery)) {
      const dc = analysis.fields.dcOffsetDbfs;
      if (dc === null || dc <= DC_OFFSET_MAX_DBFS) continue;
      out.push({
        message: `${file.path} has a DC offset of ${formatLevel(dc)} dBFS (above ${DC_OFFSET_MAX_DBFS} dBFS): the waveform sits off centre, which costs headroom and clicks at edits and fades. Remove it (DC-offset removal, or a high-pass at a few Hz) and export again; check the converter or DI it came through.`,
        file: file.path,
        timeSec: null,
        data: { dcOffsetDbfs: dc, maxDbfs: DC_OFFSET_MAX_DBFS },
      });
    }
    return out;
  },
};
