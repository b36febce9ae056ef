import type { FileAnalysis } from '../analysis/fileAnalysis';
import type { Delivery } from '../delivery/delivery';
import type { DeliveryFile, Role } from '../delivery/model';
import type { EffectiveSpec } from '../spec/effectiveSpec';

/** Roles that carry a format policy (EffectiveSpec.format); sessions, documents and others never do. */
export type FormatRole = keyof EffectiveSpec['format'];
export const FORMAT_ROLES: readonly FormatRole[] = ['multitrack', 'stem', 'reference', 'effect-print'];

export function isFormatRole(role: Role): role is FormatRole {
  return (FORMAT_ROLES as readonly Role[]).includes(role);
}

export interface AnalysedFile {
  file: DeliveryFile;
  analysis: FileAnalysis;
}

/** Files whose samples were measured, in delivery order (none before the analysis phase). */
export function analysedFiles(delivery: Delivery): AnalysedFile[] {
  const out: AnalysedFile[] = [];
  for (const file of delivery.files) {
    const stored = delivery.analyses.get(file.path);
    if (stored?.ok) out.push({ file, analysis: stored.analysis });
  }
  return out;
}

/**
 * The files that must match each other (one rate, one length, one start): the stems, and the
 * multi-tracks together with their effect prints, which come out of the same session.
 */
export interface MatchingSet {
  /** "stems" / "multi-tracks": how messages name the set. */
  noun: string;
  role: 'stem' | 'multitrack';
  files: DeliveryFile[];
}

export function matchingSets(delivery: Delivery, which: ReadonlyArray<'stem' | 'multitrack'>): MatchingSet[] {
  const withFormat = delivery.files.filter((f) => f.format !== null);
  return which.map((role) => ({
    role,
    noun: role === 'stem' ? 'stems' : 'multi-tracks',
    files: withFormat.filter((f) => (role === 'stem' ? f.role === 'stem' : f.role === 'multitrack' || f.role === 'effect-print')),
  }));
}

/**
 * Splits items by a value: the value most items share (ties go to `prefer`, which sorts the
 * preferred value first), the items that have it, and the rest.
 */
export function splitByMajority<T, V>(
  items: readonly T[],
  valueOf: (item: T) => V,
  prefer: (a: V, b: V) => number,
): { value: V; agree: T[]; differ: T[]; isMajority: boolean } | null {
  if (items.length === 0) return null;
  const groups = new Map<V, T[]>();
  for (const item of items) {
    const v = valueOf(item);
    groups.set(v, [...(groups.get(v) ?? []), item]);
  }
  const [value, agree] = [...groups].sort(([va, a], [vb, b]) => b.length - a.length || prefer(va, vb))[0]!;
  return { value, agree, differ: items.filter((i) => valueOf(i) !== value), isMajority: agree.length * 2 > items.length };
}
