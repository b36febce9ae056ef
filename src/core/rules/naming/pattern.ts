import { baseName, extensionOf } from '../../delivery/tokens';
import type { Rule, RuleFinding } from '../rule';
import { compileNamePattern, exampleName } from './namePattern';

/**
 * Stems and references follow delivery.json `naming.pattern`. Multi-tracks and effect prints are
 * left alone: they keep the track names of the session ("01 Kick In"), which is what the engineer
 * who opens them needs.
 */
export const namingPattern: Rule = {
  id: 'naming/pattern',
  defaultSeverity: 'warning',
  summary: "A stem's or reference's name does not follow the spec's naming pattern.",
  check(delivery) {
    const pattern = delivery.effective.naming.pattern;
    if (pattern === null) return [];
    const { project } = delivery.effective;
    const out: RuleFinding[] = [];
    for (const f of delivery.files) {
      if (!f.audio || (f.role !== 'stem' && f.role !== 'reference')) continue;
      const base = baseName(f.path);
      if (compileNamePattern(pattern, project, f).test(base.normalize('NFC'))) continue;
      const ext = extensionOf(f.path);
      const expected = exampleName(pattern, project, f, base) + (ext ? `.${ext}` : '');
      const known = [project.artist && `artist "${project.artist}"`, project.title && `title "${project.title}"`].filter(Boolean).join(', ');
      out.push({
        message: `${f.path} does not follow the naming pattern "${pattern}"${known ? ` (${known})` : ''}; expected a name like "${expected}". Rename it so everyone downstream files it the same way.`,
        file: f.path,
        timeSec: null,
        data: { pattern, expected },
      });
    }
    return out;
  },
};
