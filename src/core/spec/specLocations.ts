import type { Node } from 'jsonc-parser';
import type { Range } from './spec';
import type { RangeOf } from './textRanges';

/** Where one value of delivery.json is written: the value itself, and its property key if it has one. */
export interface SpecLocation {
  value: Range;
  key: Range | null;
}

/**
 * Every value of delivery.json by JSON pointer ("" the whole file, "/stems/folder",
 * "/roles/Multitracks~1Vox.wav"), so rules can point at the text that a finding is about.
 */
export type SpecLocations = Readonly<Record<string, SpecLocation>>;

/** The JSON pointer (RFC 6901) of a path of keys and indices: ['roles', 'a/b.wav'] → "/roles/a~1b.wav". */
export function specPointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The keys and indices of a JSON pointer; the inverse of specPointer. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function locateSpecValues(root: Node, rangeOf: RangeOf): SpecLocations {
  const out: Record<string, SpecLocation> = {};
  const visit = (node: Node, pointer: string, key: Node | null): void => {
    out[pointer] = { value: rangeOf(node.offset, node.length), key: key ? rangeOf(key.offset, key.length) : null };
    if (node.type === 'object') {
      for (const prop of node.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (k && v) visit(v, `${pointer}${specPointer([String(k.value)])}`, k);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((item, i) => visit(item, `${pointer}/${i}`, null));
    }
  };
  visit(root, '', null);
  return out;
}
