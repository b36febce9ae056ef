import type { Rule, RuleFinding } from '../rule';
import { analysedFiles } from '../select';

/**
 * A stereo file whose two channels are identical. A multi-track should then be mono (half the
 * size, and it pans the same in every DAW); a stem or mix may be mono on purpose, so only info.
 */
export const dualMono: Rule = {
  id: 'level/dual-mono',
  defaultSeverity: 'warning',
  summary: 'Stereo file whose channels are identical: deliver as mono.',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const { file, analysis } of analysedFiles(delivery)) {
      if (analysis.fields.dualMono !== true) continue;
      const multitrack = file.role === 'multitrack';
      out.push({
        message: multitrack
          ? `${file.path} is stereo, but both channels are identical (dual mono). Deliver it as a mono file: half the size, and it pans the same in every DAW.`
          : `${file.path} is stereo with identical channels (dual mono). Fine if the source is mono; if it should be stereo, check the print (a mono bus or a collapsed panner).`,
        file: file.path,
        timeSec: null,
        severity: multitrack ? 'warning' : 'info',
        data: { role: file.role },
      });
    }
    return out;
  },
};
