import type { Container } from '../audio/format';
import { extensionOf } from '../delivery/tokens';
import type { Rule, RuleFinding } from './rule';

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

/** Fewer sample bytes than the header declares: cut off in transfer, or still being written. */
export const truncated: Rule = {
  id: 'format/truncated',
  defaultSeverity: 'error',
  summary: 'Data shorter than the header declares (cut off, or still being written).',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const f of delivery.files) {
      for (const issue of f.probe?.issues ?? []) {
        if (issue.code !== 'truncated' && issue.code !== 'unfinalised') continue;
        const advice = issue.code === 'unfinalised'
          ? 'The writer never finalised the header (a crashed or unfinished bounce); re-export it.'
          : 'Copy it again from the source, or ask for it to be sent again.';
        out.push({ message: `${f.path}: ${issue.message}. ${advice}`, file: f.path, timeSec: null, data: { kind: issue.code } });
      }
    }
    return out;
  },
};

/** Which containers each extension may hold. RIFX and RF64/BW64 are WAV family members. */
const EXPECTED: Readonly<Record<string, readonly Container[]>> = {
  wav: ['wav', 'rf64', 'bw64', 'rifx'],
  wave: ['wav', 'rf64', 'bw64', 'rifx'],
  bwf: ['wav', 'rf64', 'bw64'],
  rf64: ['rf64', 'bw64', 'wav'],
  aif: ['aiff', 'aifc'],
  aiff: ['aiff', 'aifc'],
  aifc: ['aifc', 'aiff'],
  flac: ['flac'],
  mp3: ['mp3'],
  m4a: ['m4a'],
  aac: ['m4a'],
  alac: ['m4a'],
  ogg: ['ogg'],
  oga: ['ogg'],
  opus: ['ogg'],
};

const CONTAINER_NAMES: Readonly<Record<Container, string>> = {
  wav: 'WAV (RIFF)', rf64: 'RF64', bw64: 'BW64', rifx: 'RIFX (big-endian WAV)', aiff: 'AIFF', aifc: 'AIFF-C',
  flac: 'FLAC', mp3: 'MP3', ogg: 'Ogg', m4a: 'MPEG-4 audio', unknown: 'unknown',
};

export const extensionMismatch: Rule = {
  id: 'format/extension-mismatch',
  defaultSeverity: 'warning',
  summary: 'The file content does not match its extension.',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const f of delivery.files) {
      const container = f.probe?.container;
      if (!container || container === 'unknown') continue;
      const ext = extensionOf(f.path);
      const expected = EXPECTED[ext];
      if (!expected || expected.includes(container)) continue;
      out.push({
        message: `${f.path} is named .${ext} but holds ${CONTAINER_NAMES[container]}; rename it to the right extension or convert it, as some tools trust the extension.`,
        file: f.path,
        timeSec: null,
        data: { extension: ext, container },
      });
    }
    return out;
  },
};
