import type { DeliveryFile, StemGroup } from '../../delivery/model';
import { STEM_GROUP_WORDS } from '../../delivery/vocabulary';

/** How a sentence names a stem group: "backing vocals", "drums". */
export function groupName(group: StemGroup): string {
  return group.replace('-', ' ');
}

/**
 * A word that, in a stem's name, the classifier reads as `group` ("Drums", "BGV", "FX"): the first
 * word of its vocabulary entry, capitalised the way engineers write it.
 */
export function groupNameWord(group: StemGroup): string {
  const phrase = STEM_GROUP_WORDS.find(([g]) => g === group)?.[1][0] ?? group;
  return phrase.split(' ').map((w) => (w.length <= 3 ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1))).join(' ');
}

/** "Stems/A.wav (bass)", "Stems/B.wav (no group recognised)". */
export function describeStem(f: DeliveryFile): string {
  return `${f.path} (${f.group ? groupName(f.group) : 'no group recognised'})`;
}

/** The delivery's stems, in path order. */
export function stemsOf(files: readonly DeliveryFile[]): DeliveryFile[] {
  return files.filter((f) => f.role === 'stem').sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
