import type { AudioFormat } from '../audio/format';
import type { Role } from '../delivery/model';
import { formatDuration } from './timeFormat';
import { formatLevel } from '../rules/ruleText';

/** "48 kHz", "44.1 kHz", "352.8 kHz": how engineers say sample rates. */
export function formatRate(hz: number): string {
  const khz = hz / 1000;
  return `${Number.isInteger(khz) ? khz : Number(khz.toFixed(2))} kHz`;
}

export function formatChannels(n: number): string {
  return n === 1 ? 'mono' : n === 2 ? 'stereo' : `${n} ch`;
}

export function formatBitDepth(f: Pick<AudioFormat, 'bitDepth' | 'codec'>): string {
  return f.codec === 'float' ? `${f.bitDepth}-bit float` : `${f.bitDepth}-bit`;
}

/** The one-line summary of a file: `48 kHz · 24-bit · stereo · 4:02`. */
export function describeFormat(f: AudioFormat): string {
  const parts = [formatRate(f.sampleRate)];
  if (f.bitDepth > 0) parts.push(formatBitDepth(f));
  parts.push(formatChannels(f.channels), formatDuration(f.durationSec));
  return parts.join(' · ');
}

/** Shown for a level the analysis has not measured (yet, or not for this file). */
export const NOT_MEASURED = '—';

/** "-14.2 LUFS", "+0.4 dBTP": a measured level with its unit (formatLevel), or "—" when there is none. */
export function formatMeasure(value: number | null | undefined, unit: string, signed = true): string {
  return value === null || value === undefined ? NOT_MEASURED : `${formatLevel(value, signed)} ${unit}`;
}

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  multitrack: 'Multi-tracks',
  stem: 'Stems',
  reference: 'References',
  'effect-print': 'Effect prints',
  session: 'Session',
  document: 'Documents',
  other: 'Other',
};

/** Bytes as engineers read them on a drive: 1 decimal, binary units. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}
