import type { AudioFormat, Container, ProbeIssue } from '../audio/format';

/** What a file is in a delivery (DESIGN.md "Roles"). */
export const ROLES = ['multitrack', 'stem', 'reference', 'effect-print', 'session', 'document', 'other'] as const;
export type Role = (typeof ROLES)[number];

export const STEM_GROUPS = [
  'drums', 'percussion', 'bass', 'guitars', 'keys', 'synths', 'strings', 'brass', 'vocals',
  'backing-vocals', 'fx', 'production',
] as const;
export type StemGroup = (typeof STEM_GROUPS)[number];

export const REFERENCE_KINDS = [
  'main', 'instrumental', 'a-cappella', 'tv', 'vocal-up', 'vocal-down', 'clean', 'master',
] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export interface Classification {
  role: Role;
  group: StemGroup | null;
  kind: ReferenceKind | null;
  /** Why: "folder 'Stems'", "token 'STEM'", "delivery.json roles"… shown in tooltips and `info`. */
  reason: string;
}

/** One file of a delivery after the fast scan: names, sizes, headers; no samples decoded. */
export interface DeliveryFile extends Classification {
  /** Relative to the delivery root, forward slashes. */
  path: string;
  size: number;
  mtimeMs: number;
  /** True for files whose extension or first bytes say audio. */
  audio: boolean;
  /** Header facts for audio files that could be probed; null otherwise. */
  format: AudioFormat | null;
  /** What the header probe saw (audio files only): the real container and any defects. */
  probe: { container: Container; issues: ProbeIssue[] } | null;
  /** Set by the live server while a fresh, cut-short file is probably still being written. */
  settling?: boolean;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
