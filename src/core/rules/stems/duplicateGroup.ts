import type { DeliveryFile, StemGroup } from '../../delivery/model';
import { baseName } from '../../delivery/tokens';
import type { Rule, RuleFinding } from '../rule';
import { listAnd } from '../ruleText';
import { groupName, stemsOf } from './groupNames';

/**
 * Two or more stems that read as the same group: an older print left in, or two parts whose
 * names do not say what they hold. The stem with the shortest name stands as the original
 * ("Drums" before "Drums 2" or "Drums old"); each other one gets the finding, naming them all.
 */
export const duplicateGroup: Rule = {
  id: 'stems/duplicate-group',
  defaultSeverity: 'warning',
  summary: 'Two stems claim the same group.',
  check(delivery) {
    const byGroup = new Map<StemGroup, DeliveryFile[]>();
    for (const stem of stemsOf(delivery.files)) {
      if (stem.group) byGroup.set(stem.group, [...(byGroup.get(stem.group) ?? []), stem]);
    }
    const out: RuleFinding[] = [];
    for (const [group, unordered] of byGroup) {
      if (unordered.length < 2) continue;
      const stems = [...unordered].sort((a, b) => baseName(a.path).length - baseName(b.path).length || (a.path < b.path ? -1 : 1));
      const first = stems[0]!;
      for (const stem of stems.slice(1)) {
        const others = stems.filter((s) => s !== stem).map((s) => s.path);
        out.push({
          message: `${listAnd([stem.path, ...others])} ${stems.length === 2 ? 'both' : 'all'} read as the ${groupName(group)} stem. `
            + 'If they hold different parts, name each after its own group (e.g. "Percussion" beside "Drums"); if one is an older print, take it out of the delivery.',
          file: stem.path,
          timeSec: null,
          data: { group, files: stems.map((s) => s.path), original: first.path },
          related: others,
        });
      }
    }
    return out;
  },
};
