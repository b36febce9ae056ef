/**
 * The overview's checklist: the stem groups and reference kinds the effective spec requires,
 * each delivered or missing, and what was delivered beyond them (extra). Pure, from the model's
 * files and required lists, so the panel says exactly what stems/missing-group and
 * references/missing say.
 */
import type { ReferenceKind, StemGroup } from '../../core/delivery/model';

export type ChecklistStatus = 'delivered' | 'missing' | 'extra';

export interface ChecklistRow<K extends string> {
  /** The group or kind; null for files whose group or kind was not recognised. */
  key: K | null;
  status: ChecklistStatus;
  /** The files that deliver it (relative paths, sorted); empty when missing. */
  files: string[];
}

export interface DeliveryChecklist {
  stems: Array<ChecklistRow<StemGroup>>;
  references: Array<ChecklistRow<ReferenceKind>>;
}

interface ChecklistFile {
  path: string;
  role: string;
  group: StemGroup | null;
  kind: ReferenceKind | null;
}

export function deliveryChecklist(required: { stems: readonly StemGroup[]; references: readonly ReferenceKind[] }, files: readonly ChecklistFile[]): DeliveryChecklist {
  return {
    stems: rows(required.stems, files.filter((f) => f.role === 'stem').map((f) => ({ key: f.group, path: f.path }))),
    references: rows(required.references, files.filter((f) => f.role === 'reference').map((f) => ({ key: f.kind, path: f.path }))),
  };
}

/** Required keys in the spec's order, then extras by name, then the unrecognised files. */
function rows<K extends string>(required: readonly K[], delivered: ReadonlyArray<{ key: K | null; path: string }>): Array<ChecklistRow<K>> {
  const filesOf = (key: K | null) => delivered.filter((d) => d.key === key).map((d) => d.path).sort();
  const wanted = [...new Set(required)];
  const out: Array<ChecklistRow<K>> = wanted.map((key) => {
    const files = filesOf(key);
    return { key, status: files.length > 0 ? 'delivered' : 'missing', files };
  });
  const extras = [...new Set(delivered.map((d) => d.key).filter((k): k is K => k !== null && !wanted.includes(k)))].sort();
  for (const key of extras) out.push({ key, status: 'extra', files: filesOf(key) });
  const unrecognised = filesOf(null);
  if (unrecognised.length > 0) out.push({ key: null, status: 'extra', files: unrecognised });
  return out;
}
