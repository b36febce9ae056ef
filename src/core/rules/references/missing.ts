import type { DeliveryFile, ReferenceKind } from '../../delivery/model';
import { ALT_MIX_KINDS, type AltMixKind } from '../../render/altMix';
import type { Rule, RuleFinding } from '../rule';
import { listAnd } from '../ruleText';

/** How a sentence names each kind, and the word that makes the classifier read a name as it. */
const KINDS: Readonly<Record<ReferenceKind, { name: string; word: string }>> = {
  main: { name: 'main mix', word: 'Main' },
  instrumental: { name: 'instrumental', word: 'Instrumental' },
  'a-cappella': { name: 'a cappella', word: 'Acapella' },
  tv: { name: 'TV mix', word: 'TV' },
  'vocal-up': { name: 'vocal-up mix', word: 'Vox Up' },
  'vocal-down': { name: 'vocal-down mix', word: 'Vox Down' },
  clean: { name: 'clean edit', word: 'Clean' },
  master: { name: 'master', word: 'Master' },
};

/** A reference kind the spec requires (references.required, or the preset's) that no file is classified as. */
export const missing: Rule = {
  id: 'references/missing',
  defaultSeverity: 'warning',
  summary: 'A required reference kind is missing.',
  check(delivery) {
    const required = delivery.effective.references.required;
    if (required.length === 0) return [];
    const references = delivery.files.filter((f) => f.role === 'reference').sort((a, b) => (a.path < b.path ? -1 : 1));
    const present = new Set(references.map((r) => r.kind));
    const hasStems = delivery.files.some((f) => f.role === 'stem');
    const requirement = `the spec requires ${listAnd(required.map((k) => KINDS[k].name))}`;
    const delivered = references.length > 0 ? `references delivered: ${listAnd(references.map(describe))}` : 'no references are delivered';
    const out: RuleFinding[] = [];
    for (const kind of required) {
      if (present.has(kind)) continue;
      const { name, word } = KINDS[kind];
      const fromStems = hasStems && (ALT_MIX_KINDS as readonly string[]).includes(kind)
        ? ` (or from the stems: audio-deliverables render-alt <delivery> --kind ${kind as AltMixKind})`
        : '';
      const renamed = references.length > 0 ? `; if one of those is it, put "${word}" in its name` : '';
      out.push({
        message: `No ${name}: ${requirement}; ${delivered}. Print the ${name} from the mix session${fromStems}${renamed}.`,
        file: null,
        timeSec: null,
        data: { kind, required, delivered: references.map((r) => ({ file: r.path, kind: r.kind })) },
        related: references.map((r) => r.path),
      });
    }
    return out;
  },
};

function describe(f: DeliveryFile): string {
  return `${f.path} (${f.kind ? KINDS[f.kind].name : 'kind not recognised'})`;
}
