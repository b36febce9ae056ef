import type { Container } from '../../audio/format';
import { extensionOf } from '../../delivery/tokens';
import type { Rule, RuleFinding } from '../rule';
import { CONTAINER_NAMES } from './policy';

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
