import type { Range } from './spec/spec';

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** One problem found in a delivery: plain data, the same for the CLI, the server and reports. */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  /** Relative path of the file it is about; null for the delivery as a whole. */
  file: string | null;
  /** Where in the audio, in seconds from the file's start, when the finding has a time. */
  timeSec: number | null;
  data: Record<string, unknown>;
  /** Where in the file (delivery.json problems); absent for audio files. */
  range?: Range;
  /** Other files of a cross-file finding (relative paths). */
  related?: string[];
}

export function severityRank(s: Severity): number {
  return s === 'error' ? 3 : s === 'warning' ? 2 : 1;
}
