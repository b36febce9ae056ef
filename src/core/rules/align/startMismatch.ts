import type { DeliveryFile } from '../../delivery/model';
import type { Rule, RuleFinding } from '../rule';
import { formatSampleSpan, listAnd } from '../ruleText';
import { formatTimeOfDay } from '../../report/timeFormat';
import { matchingSets, splitByMajority } from '../select';

const ADVICE = {
  stem: 'Stems must start at the same sample: print them all again from the same start point.',
  multitrack: 'Multi-tracks must start at the same point to line up in any DAW: export them all from the same start (the session start, or one marker).',
} as const;

/**
 * BWF time stamps (bext TimeReference) that differ within the stems, or within the multi-tracks
 * and their effect prints. Files without a bext chunk say nothing about their start and are not
 * compared. Starts are compared in time, so a set at mixed rates is still measured right; the
 * reference start is the one most files share (a tie: the earliest).
 */
export const startMismatch: Rule = {
  id: 'align/start-mismatch',
  defaultSeverity: 'error',
  summary: 'BWF time references differ within stems or within multi-tracks.',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const set of matchingSets(delivery, ['multitrack', 'stem'])) {
      const stamped = set.files.filter((f) => f.format!.timeReference !== null && f.format!.sampleRate > 0);
      const split = splitByMajority(stamped, startMicros, (a, b) => a - b);
      if (!split || split.differ.length === 0) continue;
      const refSec = split.value / 1e6;
      const names = listAnd(split.agree.map((a) => a.path));
      const others = split.isMajority
        ? `the other ${set.noun}, which start at ${formatTimeOfDay(refSec)} (${names})`
        : `${names}, which ${split.agree.length === 1 ? 'starts' : 'start'} at ${formatTimeOfDay(refSec)}`;
      for (const f of split.differ) {
        const rate = f.format!.sampleRate;
        const startSec = startOf(f);
        const diff = Math.round((startSec - refSec) * rate);
        out.push({
          message: `${f.path} starts at ${formatTimeOfDay(startSec)} (BWF time stamp), ${formatSampleSpan(diff, rate)} ${diff > 0 ? 'later' : 'earlier'} than ${others}. ${ADVICE[set.role]}`,
          file: f.path,
          timeSec: null,
          data: {
            timeReference: f.format!.timeReference, startSec, expectedStartSec: refSec,
            differenceFrames: diff, differenceMs: (diff / rate) * 1000, sampleRate: rate,
          },
          related: stamped.filter((o) => o !== f).map((o) => o.path),
        });
      }
    }
    return out;
  },
};

function startOf(f: DeliveryFile): number {
  return f.format!.timeReference! / f.format!.sampleRate;
}

/** Whole microseconds: equal starts at different rates compare equal despite float rounding. */
function startMicros(f: DeliveryFile): number {
  return Math.round(startOf(f) * 1e6);
}
