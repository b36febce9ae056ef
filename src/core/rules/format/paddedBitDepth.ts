import { formatBitDepth } from '../../report/describe';
import type { Rule, RuleFinding } from '../rule';
import { analysedFiles, isFormatRole } from '../select';

/** The most bits an upconverted file carries before we call it padded: CD-quality 16. */
const PADDED_MAX_BITS = 16;

/**
 * A 24- or 32-bit file whose samples never use the bits below 16: it was converted up from a
 * 16-bit file (the analysis counts the bits really used), so it is not the original.
 */
export const paddedBitDepth: Rule = {
  id: 'format/padded-bit-depth',
  defaultSeverity: 'warning',
  summary: 'A 24/32-bit file that only carries 16 bits (upconverted).',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const { file, analysis } of analysedFiles(delivery)) {
      const format = file.format;
      const used = analysis.fields.effectiveBitDepth;
      if (!format || !isFormatRole(file.role) || used === null) continue;
      // 0 is digital silence (level/silent says so), not padding.
      if (used === 0 || used > PADDED_MAX_BITS || used >= format.bitDepth) continue;
      out.push({
        message: `${file.path} is a ${formatBitDepth(format)} file, but its samples only carry ${used} bits: it was upconverted from ${used}-bit, and the padding adds no resolution. Ask for the original recording or export at its real depth.`,
        file: file.path,
        timeSec: null,
        data: { bitDepth: format.bitDepth, effectiveBitDepth: used, float: format.codec === 'float' },
      });
    }
    return out;
  },
};
