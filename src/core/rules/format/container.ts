import type { Rule, RuleFinding } from '../rule';
import { listOr, roleNoun } from '../ruleText';
import { containerName, policedFiles, policySource } from './policy';

/**
 * A container the role does not allow (an MP3 among multi-tracks, FLAC stems where the spec says
 * WAV). A non-PCM codec inside an allowed container (ADPCM in a WAV) is format/unreadable's.
 */
export const container: Rule = {
  id: 'format/container',
  defaultSeverity: 'error',
  summary: 'Container/codec not allowed for the role (e.g. MP3 among multi-tracks).',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const { file, format, role, policy } of policedFiles(delivery)) {
      const allowed = policy.containers;
      if (!allowed || allowed.includes(format.container)) continue;
      const lossy = format.codec === 'other';
      const advice = lossy
        ? 'A lossy file cannot be turned back into the original: ask for the lossless export from the session.'
        : `Convert it losslessly to ${containerName(allowed[0]!)} or ask for that export.`;
      out.push({
        message: `${file.path} is ${containerName(format.container)}${lossy ? ' (lossy)' : ''}; ${roleNoun(role, true)} must be ${listOr(allowed.map(containerName))} (${policySource(delivery, role, 'containers')}). ${advice}`,
        file: file.path,
        timeSec: null,
        data: { container: format.container, codec: format.codec, role, allowed },
      });
    }
    return out;
  },
};
