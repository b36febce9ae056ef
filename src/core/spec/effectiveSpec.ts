import type { ReferenceKind, Role, StemGroup } from '../delivery/model';
import type { Severity } from '../findings';

/** The built-in presets (DESIGN.md "Presets"). */
export const PRESET_IDS = ['music-mix', 'remix-stems', 'streaming-master', 'film-tv-stems'] as const;
export type PresetId = (typeof PRESET_IDS)[number];
export const DEFAULT_PRESET: PresetId = 'music-mix';

/** Allowed audio formats for one role; null means "any". */
export interface FormatPolicy {
  sampleRates: number[] | null;
  bitDepths: number[] | null;
  /** Container ids as in AudioFormat.container ("wav", "aiff", "flac"…). */
  containers: string[] | null;
  channels: number[] | null;
}

export interface LoudnessTarget {
  /** Integrated loudness target. */
  target: number;
  /** Allowed deviation either side, in LU. */
  tolerance: number;
  /** How the target is written in this field: LUFS (music) or LKFS (broadcast); same scale. */
  unit: 'LUFS' | 'LKFS';
  /** Said with every loudness finding, e.g. that film loudness is not dialogue-gated here. */
  note: string | null;
}

/**
 * delivery.json after its preset is applied: every field present, defaults filled in. Rules read
 * this, never the raw file, so a preset and an explicit field behave the same.
 */
export interface EffectiveSpec {
  preset: PresetId;
  project: { artist: string | null; title: string | null; bpm: number | null; key: string | null };
  /** Per role; delivery.json `format` applies to every audio role when given. */
  format: Record<'multitrack' | 'stem' | 'reference' | 'effect-print', FormatPolicy>;
  multitracks: { folder: string | null };
  stems: {
    folder: string | null;
    required: StemGroup[];
    nullTest: { mix: string; maxResidualDb: number } | null;
  };
  references: { folder: string | null; required: ReferenceKind[] };
  levels: {
    /** Highest allowed true peak (dBTP) for stems and references; null: not checked. */
    truePeakMaxDbtp: number | null;
    /** Integrated loudness target for references; null: not checked. */
    loudness: LoudnessTarget | null;
  };
  naming: { pattern: string | null };
  roles: Record<string, Role>;
  session: { owner: string | null; handover: boolean | null; contract: string | null; notes: string | null };
  /** Manifest path relative to the root (sha256sum format); null: no manifest expected. */
  checksums: string | null;
  rules: Record<string, Severity | 'off'>;
}
