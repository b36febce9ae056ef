import type { Rule, RuleFinding } from '../rule';

/** The header could not be read as audio at all, or holds a codec we cannot decode. */
export const unreadable: Rule = {
  id: 'format/unreadable',
  defaultSeverity: 'error',
  summary: 'Not decodable audio; says why (truncated header, no fmt chunk, bad size…).',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const f of delivery.files) {
      if (!f.probe) continue;
      const hard = f.probe.issues.filter((i) => i.code === 'unreadable' || i.code === 'unsupported');
      if (hard.length === 0) continue;
      const why = hard.map((i) => i.message).join('; ');
      const message = f.format
        ? `${f.path}: ${why}. Its levels cannot be checked; ask for PCM or float WAV.`
        : `${f.path} is not readable audio: ${why}. Ask for the file to be exported again.`;
      out.push({ message, file: f.path, timeSec: null, data: { container: f.probe.container, reasons: hard.map((i) => i.message) } });
    }
    return out;
  },
};
