import type { Rule, RuleFinding } from '../rule';
import { listAnd } from '../ruleText';

/**
 * Two files whose paths differ only in letter case (or in Unicode composition) are one file on
 * macOS and Windows: copying the delivery there silently keeps one and loses the other. Each file
 * of a colliding set gets an error naming the others. Folders that differ only in case merge on
 * those systems without loss, unless two files collide, which this catches.
 */
export const caseCollision: Rule = {
  id: 'naming/case-collision',
  defaultSeverity: 'error',
  summary: 'Two file names differ only in letter case.',
  check(delivery) {
    const byKey = new Map<string, string[]>();
    for (const f of delivery.files) {
      const key = f.path.normalize('NFC').toLowerCase();
      byKey.set(key, [...(byKey.get(key) ?? []), f.path]);
    }
    const out: RuleFinding[] = [];
    for (const paths of byKey.values()) {
      if (paths.length < 2) continue;
      for (const path of paths) {
        const others = paths.filter((p) => p !== path);
        const how = others.every((o) => o.toLowerCase() === path.toLowerCase()) ? 'letter case' : 'letter case or in how accented letters are encoded';
        out.push({
          message: `${listAnd([path, ...others])} differ only in ${how}; on macOS and Windows they are the same file and one overwrites the other when copied. Rename one of them.`,
          file: path,
          timeSec: null,
          data: { collidesWith: others },
          related: others,
        });
      }
    }
    return out;
  },
};
