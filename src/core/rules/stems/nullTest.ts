import type { NullTestOutcome } from '../../analysis/nullTest';
import type { Delivery } from '../../delivery/delivery';
import type { Rule, RuleFinding } from '../rule';
import { formatLevel, formatSampleSpan, formatSamples } from '../ruleText';
import { formatClock } from '../../report/timeFormat';

type Measured = Extract<NullTestOutcome, { ok: true }>;

/**
 * The stems, summed at unity, against the mix the spec names (stems.nullTest), as measured in
 * the analysis phase (src/core/analysis/nullTest.ts). A residual peak above maxResidualDb, or a
 * mix that only nulls once shifted, is a warning; a test that could not be run is an info that
 * says why (rates, lengths, a missing mix) rather than a wrong number.
 */
export const nullTest: Rule = {
  id: 'stems/null-test',
  defaultSeverity: 'warning',
  summary: 'Stems summed at unity minus the mix leave a residual above maxResidualDb; reports the residual and where it is worst.',
  check(delivery) {
    const outcome = delivery.nullTest;
    const spec = delivery.effective.stems.nullTest;
    if (!outcome || !spec) return [];
    if (!outcome.ok) return [notRun(delivery, outcome)];
    const finding = measured(outcome, spec.maxResidualDb);
    return finding ? [finding] : [];
  },
};

function notRun(delivery: Delivery, outcome: Extract<NullTestOutcome, { ok: false }>): RuleFinding {
  const mixPresent = outcome.mix !== null && delivery.files.some((f) => f.path === outcome.mix);
  const file = mixPresent ? outcome.mix : null;
  return {
    message: `The stems null test could not be run: ${outcome.reason}.`,
    file,
    timeSec: null,
    severity: 'info',
    data: { reason: outcome.reason, files: outcome.files },
    related: outcome.files.filter((f) => f !== file),
  };
}

function measured(o: Measured, maxResidualDb: number): RuleFinding | null {
  const over = o.residualPeakDbfs !== null && o.residualPeakDbfs > maxResidualDb;
  if (!over && o.offsetSamples === null) return null;
  const parts: string[] = [];
  let timeSec: number | null = null;
  if (o.offsetSamples !== null) {
    parts.push(`${o.mix} is ${formatSampleSpan(o.offsetSamples, o.sampleRate)} ${o.offsetSamples > 0 ? 'late' : 'early'} against the stems, `
      + `so they do not line up with it; print the stems and the mix from the same start.`);
  }
  const common = o.lengths !== null ? `over the ${formatSamples(o.frames)} all files share` : null;
  const compensated = o.offsetSamples !== null ? 'the offset compensated' : null;
  if (over) {
    // Times in the mix's own timeline, where the finding points.
    timeSec = o.worstSecond ? Math.max(0, o.worstSecond.startSec + (o.offsetSamples ?? 0) / o.sampleRate) : null;
    const worst = o.worstSecond && timeSec !== null
      ? `; it is worst in the second from ${formatClock(timeSec)} (RMS ${level(o.worstSecond.rmsDbfs)})`
      : '';
    parts.push(`The stems summed at unity minus ${o.mix}${aside(compensated, common)} leave a residual peaking at ${level(o.residualPeakDbfs)} `
      + `(RMS ${level(o.residualRmsDbfs)}), above the spec's limit of ${formatLevel(maxResidualDb)} dBFS (stems.nullTest.maxResidualDb)${worst}. `
      + 'Check that no stem is missing, muted or printed at another level, and that each carries the same processing as in the mix (mix-bus processing aside).');
  } else {
    parts.push(o.residualPeakDbfs === null
      ? `Once shifted, they null completely${aside(common)}.`
      : `Once shifted, they null to ${level(o.residualPeakDbfs)} peak${aside(common)}.`);
  }
  return {
    message: parts.join(' '),
    file: o.mix,
    timeSec,
    data: {
      residualPeakDbfs: o.residualPeakDbfs,
      residualRmsDbfs: o.residualRmsDbfs,
      worstSecond: o.worstSecond,
      offsetSamples: o.offsetSamples,
      maxResidualDb,
      frames: o.frames,
      sampleRate: o.sampleRate,
      lengths: o.lengths,
    },
    related: o.stems,
  };
}

/** " (a, b)" for the qualifiers given, "" for none. */
function aside(...qualifiers: Array<string | null>): string {
  const given = qualifiers.filter((q): q is string => q !== null);
  return given.length > 0 ? ` (${given.join(', ')})` : '';
}

function level(db: number | null): string {
  return db === null ? 'digital silence' : `${formatLevel(db)} dBFS`;
}
