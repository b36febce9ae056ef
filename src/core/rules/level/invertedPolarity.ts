import type { Rule, RuleFinding } from '../rule';
import { analysedFiles } from '../select';

/** A stereo file whose right channel is the left inverted: it cancels to nothing in mono. */
export const invertedPolarity: Rule = {
  id: 'level/inverted-polarity',
  defaultSeverity: 'warning',
  summary: 'Stereo file whose right channel is the left inverted.',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const { file, analysis } of analysedFiles(delivery)) {
      if (analysis.fields.invertedPolarity !== true) continue;
      out.push({
        message: `${file.path}: the right channel is the left channel with its polarity inverted, so it cancels to silence when summed to mono. Flip the polarity of one side (or deliver it as mono) and export again.`,
        file: file.path,
        timeSec: null,
        data: { role: file.role },
      });
    }
    return out;
  },
};
