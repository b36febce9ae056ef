/**
 * What the overview panel shows of a delivery, from the server's model: the stems and the mix as
 * lanes, the checklist, the null test's residual. Pure (the host sends the result to the webview).
 */
import type { NullTestOutcome } from '../../core/analysis/nullTest';
import type { DeliveryDto, FileDto } from '../protocol';
import type { OverviewDelivery, OverviewLane, OverviewResidual } from '../overviewMessages';
import { deliveryChecklist } from './deliveryChecklist';

/**
 * The mix lane is the null test's mix when one ran, else the reference classified as the main
 * mix (the first by path when several claim it). Stems and the mix need a readable header
 * (rate, length); those without one are named in `notes`, not drawn.
 */
export function overviewDelivery(delivery: DeliveryDto, nullTest: NullTestOutcome | null): OverviewDelivery {
  const byPath = (a: FileDto, b: FileDto) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  const notes: string[] = [];
  const testedMix = nullTest?.mix ? delivery.files.find((f) => f.path === nullTest.mix) : undefined;
  const mix = testedMix ?? delivery.files.filter((f) => f.role === 'reference' && f.kind === 'main').sort(byPath)[0];
  const stems = delivery.files.filter((f) => f.role === 'stem' && f !== mix).sort(byPath);
  const lanes: OverviewLane[] = [];
  for (const file of [...stems, ...(mix ? [mix] : [])]) {
    const kind = file === mix ? 'mix' : 'stem';
    if (!file.format || file.format.frames <= 0 || file.format.sampleRate <= 0) {
      notes.push(`${file.path} is not on the timeline: ${file.description || 'its header could not be read'}.`);
      continue;
    }
    lanes.push({
      path: file.path,
      kind,
      group: kind === 'mix' ? file.kind : file.group,
      sampleRate: file.format.sampleRate,
      channels: file.format.channels,
      frames: file.format.frames,
      timeReference: file.format.timeReference,
      description: file.description,
    });
  }
  if (!mix) notes.push('No main mix among the references: A/B plays the stems only. Name the main mix with "Main" (or set its role) to compare.');
  const timelineRate = lanes.find((l) => l.kind === 'mix')?.sampleRate ?? lanes[0]?.sampleRate ?? 48000;
  const rates = new Set(lanes.map((l) => l.sampleRate));
  if (rates.size > 1) notes.push(`The files differ in sample rate (${[...rates].sort((a, b) => a - b).join(', ')} Hz): playback resamples to ${timelineRate} Hz, so it is not sample-accurate.`);
  return {
    name: delivery.name,
    sampleRate: timelineRate,
    lanes,
    checklist: deliveryChecklist(delivery.required, delivery.files),
    residual: nullTest ? residualOf(nullTest) : null,
    notes,
  };
}

function residualOf(outcome: NullTestOutcome): OverviewResidual {
  if (!outcome.ok) return { ok: false, reason: outcome.reason };
  return {
    ok: true,
    mix: outcome.mix,
    seconds: outcome.residualSeconds,
    peakDbfs: outcome.residualPeakDbfs,
    worstSecond: outcome.worstSecond,
    offsetSamples: outcome.offsetSamples,
  };
}
