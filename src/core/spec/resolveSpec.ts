import { isRole, REFERENCE_KINDS, STEM_GROUPS, type ReferenceKind, type Role, type StemGroup } from '../delivery/model';
import { SEVERITIES, type Severity } from '../findings';
import { DEFAULT_PRESET, PRESET_IDS, type EffectiveSpec, type FormatPolicy, type PresetId } from './effectiveSpec';
import { PRESETS } from './presets';
import type { DeliverySpec } from './spec';

/**
 * Applies the preset to delivery.json. The raw spec may hold anything (the schema check reports
 * it); here every value of the wrong type is ignored, so a typo costs a finding, never a crash.
 */
export function resolveSpec(raw: DeliverySpec, fallbackPreset?: string): EffectiveSpec {
  const presetId = asPreset(raw.preset) ?? asPreset(fallbackPreset) ?? DEFAULT_PRESET;
  const preset = PRESETS[presetId].defaults;
  const explicit = explicitFormat(raw.format);
  const format = Object.fromEntries(
    Object.entries(preset.format).map(([role, p]) => [role, { ...p, ...explicit }]),
  ) as EffectiveSpec['format'];
  const nullTest = raw.stems?.nullTest;
  return {
    preset: presetId,
    project: {
      artist: str(raw.project?.artist),
      title: str(raw.project?.title),
      bpm: typeof raw.project?.bpm === 'number' ? raw.project.bpm : null,
      key: str(raw.project?.key),
    },
    format,
    multitracks: { folder: str(raw.multitracks?.folder) },
    stems: {
      folder: str(raw.stems?.folder),
      required: listOf<StemGroup>(raw.stems?.required, STEM_GROUPS) ?? preset.stems.required,
      nullTest: nullTest && str(nullTest.mix)
        ? { mix: str(nullTest.mix)!, maxResidualDb: typeof nullTest.maxResidualDb === 'number' ? nullTest.maxResidualDb : -40 }
        : null,
    },
    references: {
      folder: str(raw.references?.folder),
      required: listOf<ReferenceKind>(raw.references?.required, REFERENCE_KINDS) ?? preset.references.required,
    },
    levels: preset.levels,
    naming: { pattern: str(raw.naming?.pattern) },
    roles: Object.fromEntries(Object.entries(raw.roles ?? {}).filter(([, r]) => isRole(r))) as Record<string, Role>,
    session: {
      owner: str(raw.session?.owner),
      handover: typeof raw.session?.handover === 'boolean' ? raw.session.handover : null,
      contract: str(raw.session?.contract),
      notes: str(raw.session?.notes),
    },
    checksums: str(raw.checksums),
    rules: Object.fromEntries(
      Object.entries(raw.rules ?? {}).filter(([, v]) => v === 'off' || SEVERITIES.includes(v as Severity)),
    ) as Record<string, Severity | 'off'>,
  };
}

function asPreset(value: unknown): PresetId | null {
  return typeof value === 'string' && (PRESET_IDS as readonly string[]).includes(value) ? (value as PresetId) : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function numbers(value: unknown): number[] | null {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number' && Number.isFinite(v)) ? (value as number[]) : null;
}

function listOf<T extends string>(value: unknown, allowed: readonly string[]): T[] | null {
  return Array.isArray(value) ? (value.filter((v) => typeof v === 'string' && allowed.includes(v)) as T[]) : null;
}

/** delivery.json `format` fields that are set and well-typed; they apply to every audio role. */
function explicitFormat(f: DeliverySpec['format']): Partial<FormatPolicy> {
  const out: Partial<FormatPolicy> = {};
  const rates = numbers(f?.sampleRates);
  const bits = numbers(f?.bitDepths);
  const containers = Array.isArray(f?.containers) && f.containers.every((c) => typeof c === 'string') ? f.containers.map((c) => c.toLowerCase()) : null;
  if (rates) out.sampleRates = rates;
  if (bits) out.bitDepths = bits;
  if (containers) out.containers = containers;
  return out;
}
