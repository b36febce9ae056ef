import type { Delivery } from '../../delivery/delivery';
import type { DeliveryFile } from '../../delivery/model';
import type { Severity } from '../../findings';
import type { Rule, RuleFinding } from '../rule';
import { formatSampleSpan, formatSamples, listAnd } from '../ruleText';
import { splitByMajority } from '../select';

/** Files that must all have one length, with how a mismatch is rated and what to do. */
interface LengthSet {
  noun: string;
  singular: string;
  files: DeliveryFile[];
  severity: Severity;
  advice: string;
}

/**
 * Stems (error) must be exactly the same length in samples, to drop in at one point and sum
 * back to the mix; references are compared among themselves (warning), except masters, whose
 * tops and tails mastering may change. Files are compared with others at the same rate only:
 * mixed rates are format/mixed-sample-rates'. The reference length is the one most files share
 * (a tie: the longest); each file off it gets a finding naming those files.
 */
export const lengthMismatch: Rule = {
  id: 'align/length-mismatch',
  defaultSeverity: 'error',
  summary: 'Stems (or references) not all the same length in samples.',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const set of lengthSets(delivery)) {
      for (const sameRate of byRate(set.files)) out.push(...compareLengths(set, sameRate));
    }
    return out;
  },
};

function lengthSets(delivery: Delivery): LengthSet[] {
  const measured = delivery.files.filter((f) => f.format !== null && f.format.frames > 0);
  return [
    {
      noun: 'stems', singular: 'stem', severity: 'error',
      files: measured.filter((f) => f.role === 'stem'),
      advice: 'Print all stems again from the same selection (same start, same end).',
    },
    {
      noun: 'references', singular: 'reference', severity: 'warning',
      files: measured.filter((f) => f.role === 'reference' && f.kind !== 'master'),
      advice: 'Print the alternate mixes from the same selection as the main mix, so they line up with it and with the stems.',
    },
  ];
}

function byRate(files: readonly DeliveryFile[]): DeliveryFile[][] {
  const groups = new Map<number, DeliveryFile[]>();
  for (const f of files) groups.set(f.format!.sampleRate, [...(groups.get(f.format!.sampleRate) ?? []), f]);
  return [...groups.values()];
}

function compareLengths(set: LengthSet, files: readonly DeliveryFile[]): RuleFinding[] {
  const split = splitByMajority(files, (f) => f.format!.frames, (a, b) => b - a);
  if (!split || split.differ.length === 0) return [];
  const frames = split.value;
  const rate = files[0]!.format!.sampleRate;
  const others = split.isMajority
    ? `the other ${set.noun}`
    : split.agree.length === 1 ? `the longest ${set.singular}` : `${split.agree.length} of the other ${set.noun}`;
  return split.differ.map((f) => {
    const diff = f.format!.frames - frames;
    return {
      message: `${f.path} is ${formatSampleSpan(diff, rate)} ${diff < 0 ? 'shorter' : 'longer'} than ${others} (${formatSamples(frames)}: ${listAnd(split.agree.map((a) => a.path))}). ${set.advice}`,
      file: f.path,
      timeSec: null,
      severity: set.severity,
      data: { frames: f.format!.frames, expectedFrames: frames, differenceFrames: diff, differenceMs: (diff / rate) * 1000, sampleRate: rate },
      related: files.filter((o) => o !== f).map((o) => o.path),
    };
  });
}
