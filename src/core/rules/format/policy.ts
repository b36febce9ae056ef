import type { AudioFormat, Container } from '../../audio/format';
import type { Delivery } from '../../delivery/delivery';
import type { DeliveryFile } from '../../delivery/model';
import type { FormatPolicy } from '../../spec/effectiveSpec';
import { PRESETS } from '../../spec/presets';
import { isFormatRole, type FormatRole } from '../select';

/** A file with a readable header and a role that has a format policy. */
export interface PolicedFile {
  file: DeliveryFile;
  format: AudioFormat;
  role: FormatRole;
  policy: FormatPolicy;
}

/** Every audio file the format policy applies to; sessions, documents and others never are. */
export function policedFiles(delivery: Delivery): PolicedFile[] {
  const out: PolicedFile[] = [];
  for (const file of delivery.files) {
    if (!file.format || !isFormatRole(file.role)) continue;
    out.push({ file, format: file.format, role: file.role, policy: delivery.effective.format[file.role] });
  }
  return out;
}

/**
 * Where an allowed list comes from, for the message: the preset's own value, or delivery.json
 * (a `format` field there replaces the preset's list for every role).
 */
export function policySource(delivery: Delivery, role: FormatRole, field: keyof FormatPolicy): string {
  const preset = delivery.effective.preset;
  const fromPreset = PRESETS[preset].defaults.format[role][field];
  const effective = delivery.effective.format[role][field];
  return sameList(fromPreset, effective) ? `the ${preset} preset` : 'delivery.json';
}

function sameList(a: readonly unknown[] | null, b: readonly unknown[] | null): boolean {
  return a === b || (a !== null && b !== null && a.length === b.length && a.every((v, i) => v === b[i]));
}

/** How engineers name each container. */
export const CONTAINER_NAMES: Readonly<Record<Container, string>> = {
  wav: 'WAV (RIFF)', rf64: 'RF64', bw64: 'BW64', rifx: 'RIFX (big-endian WAV)', aiff: 'AIFF', aifc: 'AIFF-C',
  flac: 'FLAC', mp3: 'MP3', ogg: 'Ogg', m4a: 'MPEG-4 audio', unknown: 'unknown',
};

/** A container id from the spec ("wav", "flac", or something we do not know) as a name. */
export function containerName(id: string): string {
  return (CONTAINER_NAMES as Record<string, string | undefined>)[id] ?? id.toUpperCase();
}
