import type { ClipRun } from '../../analysis/clipping';
import { MIN_CLIP_RUN } from '../../analysis/clipping';
import type { Role } from '../../delivery/model';
import type { Severity } from '../../findings';
import type { Rule, RuleFinding } from '../rule';
import { formatCount, listAnd } from '../ruleText';
import { formatClock } from '../../report/timeFormat';
import { analysedFiles } from '../select';
import { channelName } from './channelName';

/** Runs written out in a message; the rest are counted. */
const LISTED_RUNS = 5;

/**
 * Runs of at least MIN_CLIP_RUN consecutive full-scale samples (the analysis finds them). A
 * clipped stem or mix is a delivery defect; a clipped multi-track may be how it was recorded.
 */
export const clipping: Rule = {
  id: 'level/clipping',
  defaultSeverity: 'error',
  summary: `Runs of ≥ ${MIN_CLIP_RUN} consecutive samples at full scale; times listed.`,
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const { file, analysis } of analysedFiles(delivery)) {
      const count = analysis.fields.clippedRuns ?? 0;
      if (count === 0) continue;
      const channels = file.format?.channels ?? 1;
      const listed = analysis.clipRuns.slice(0, LISTED_RUNS).map((r) => describeRun(r, channels));
      const more = count - listed.length;
      const where = `${listAnd(listed)}${more > 0 ? ` and ${formatCount(more)} more` : ''}`;
      out.push({
        message: `${file.path} clips: ${formatCount(count)} ${count === 1 ? 'run' : 'runs'} of ${MIN_CLIP_RUN} or more samples at full scale, at ${where}. ${ADVICE[file.role] ?? ADVICE.other}`,
        file: file.path,
        timeSec: analysis.clipRuns[0]?.startSec ?? null,
        severity: severityFor(file.role),
        data: {
          runs: count,
          clippedSamples: analysis.clippedSamples,
          first: analysis.clipRuns.slice(0, LISTED_RUNS).map((r) => ({ channel: r.channel, startSec: r.startSec, length: r.length })),
        },
      });
    }
    return out;
  },
};

function describeRun(run: ClipRun, channels: number): string {
  const ch = channelName(run.channel, channels);
  return `${formatClock(run.startSec)} (${ch ? `${ch}, ` : ''}${run.length} samples)`;
}

function severityFor(role: Role): Severity {
  return role === 'stem' || role === 'reference' ? 'error' : 'warning';
}

const ADVICE: Partial<Record<Role, string>> = {
  stem: 'Lower the stem (or the mix bus feeding it) and print it again; stems must sum back to the mix without new distortion.',
  reference: 'Print the mix again with more headroom, or ask mastering to bring the ceiling down.',
  multitrack: 'If it clipped at the converter there is no fixing it: tell the producer; if it clipped on export, export again at unity gain.',
  'effect-print': 'Print the effect again with its return lowered.',
  other: 'Export it again with more headroom.',
};
