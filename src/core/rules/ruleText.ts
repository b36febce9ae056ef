import type { Role } from '../delivery/model';
import { formatSpan } from '../report/timeFormat';

/**
 * Wording shared by rule messages: lists, sample counts, times and levels written the way an
 * engineer reads them in a DAW. Values stay unrounded in `data`; only the text rounds.
 */

/** "a", "a or b", "a, b or c". */
export function listOr(items: readonly string[]): string {
  return joinLast(items, 'or');
}

/** "a", "a and b", "a, b and c". */
export function listAnd(items: readonly string[]): string {
  return joinLast(items, 'and');
}

function joinLast(items: readonly string[], word: string): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

/** 11520000 → "11,520,000". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 sample", "960 samples". */
export function formatSamples(n: number): string {
  return `${formatCount(n)} ${Math.abs(n) === 1 ? 'sample' : 'samples'}`;
}

/** "960 samples (20 ms)": a difference as an editor counts it, and as a listener hears it. */
export function formatSampleSpan(samples: number, sampleRate: number): string {
  const n = Math.abs(samples);
  return `${formatSamples(n)} (${formatSpan(n / sampleRate)})`;
}

/**
 * A level with one decimal (output rounding only), the one way levels are written: with its sign,
 * "+0.6", "-12.0"; `signed: false` for what has no sign to show (a loudness range: "6.1").
 */
export function formatLevel(db: number, signed = true): string {
  const r = Math.round(db * 10) / 10;
  if (!signed) return Math.abs(r) === 0 ? '0.0' : r.toFixed(1);
  return `${r > 0 ? '+' : r === 0 ? '' : '-'}${Math.abs(r).toFixed(1)}`;
}

/** How a message names files of a role: "stem", "multi-tracks". */
export function roleNoun(role: Role, plural = false): string {
  const nouns: Record<Role, [string, string]> = {
    multitrack: ['multi-track', 'multi-tracks'],
    stem: ['stem', 'stems'],
    reference: ['reference', 'references'],
    'effect-print': ['effect print', 'effect prints'],
    session: ['session file', 'session files'],
    document: ['document', 'documents'],
    other: ['file', 'files'],
  };
  return nouns[role][plural ? 1 : 0];
}
