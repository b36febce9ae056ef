import { baseName } from '../../delivery/tokens';
import type { Rule, RuleFinding } from '../rule';
import { foldersOf, lastSegment } from './folders';
import { isGenericFolderName, isGenericName } from './genericNames';

/** Audio files (and folders) still carrying the name a DAW gave them. */
export const genericName: Rule = {
  id: 'naming/generic',
  defaultSeverity: 'warning',
  summary: 'A DAW default name ("Audio 1_03", "Track 12", "Bounce 1").',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const f of delivery.files) {
      if (!f.audio) continue;
      const base = baseName(f.path);
      if (!isGenericName(base)) continue;
      out.push({
        message: `${f.path} has a DAW default name ("${base}"), which says nothing of what it holds; name it after the instrument or part (e.g. "Kick In", "Lead Vox", "Drums") so it can be found in any session.`,
        file: f.path,
        timeSec: null,
        data: { name: base },
      });
    }
    for (const folder of foldersOf(delivery.files)) {
      const name = lastSegment(folder);
      if (!isGenericFolderName(name)) continue;
      out.push({
        message: `The folder "${folder}" has a DAW default name ("${name}"); name it after what it holds (Multitracks, Stems, References) so the delivery sorts itself.`,
        file: null,
        timeSec: null,
        data: { folder, name },
      });
    }
    return out;
  },
};
