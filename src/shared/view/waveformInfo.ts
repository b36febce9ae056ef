/**
 * What the waveform editor shows beside and on top of the waveform, built by the host from the
 * server's file info: the side panel's sections (already worded, so the page only sets
 * textContent), the file's findings, and markers at the times findings point to. Pure: unit-tested.
 */
import type { BroadcastMetadata } from '../../core/audio/broadcastMetadata';
import type { Finding } from '../../core/findings';
import { formatBitDepth, formatChannels, formatMeasure, formatRate, NOT_MEASURED } from '../../core/report/describe';
import { formatCount } from '../../core/rules/ruleText';
import { formatClock, formatTimeOfDay, formatTimecode } from '../../core/report/timeFormat';
import type { FileDto } from '../protocol';
import type { Marker, PanelRow, PanelSection, WaveformInfo } from '../waveformMessages';

export { NOT_MEASURED };

export function waveformInfo(file: FileDto, findings: readonly Finding[], metadata: BroadcastMetadata | null): WaveformInfo | null {
  const format = file.format;
  if (!format) return null;
  const timeReference = format.timeReference ?? 0;
  return {
    path: file.path,
    container: format.container,
    sampleRate: format.sampleRate,
    channels: format.channels,
    frames: format.frames,
    timeReference,
    size: file.size,
    analysed: file.analysis !== null && file.analysis.samplePeakDbfs !== null,
    sections: panelSections(file, metadata),
    findings: findings.map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, timeSec: f.timeSec })),
    markers: findingMarkers(file, findings),
  };
}

export function panelSections(file: FileDto, metadata: BroadcastMetadata | null): PanelSection[] {
  const f = file.format!;
  const sections: PanelSection[] = [
    {
      title: 'Format',
      rows: [
        { label: 'Container', value: `${f.container.toUpperCase()} (${f.codec === 'float' ? 'float' : f.codec === 'pcm' ? 'PCM' : 'compressed'})` },
        { label: 'Sample rate', value: formatRate(f.sampleRate) },
        { label: 'Bit depth', value: f.bitDepth > 0 ? formatBitDepth(f) : NOT_MEASURED },
        { label: 'Channels', value: `${f.channels} (${formatChannels(f.channels)})` },
        { label: 'Length', value: `${formatClock(f.durationSec)} (${formatCount(f.frames)} samples)` },
        { label: 'Start', value: f.timeReference === null ? 'no BWF time reference' : `${formatTimecode(0, f.sampleRate, f.timeReference)} (${formatTimeOfDay(f.timeReference / f.sampleRate)})` },
      ],
    },
    { title: 'Role', rows: roleRows(file) },
    { title: 'Levels', rows: levelRows(file.analysis) },
  ];
  const meta = metadataRows(metadata);
  if (meta.length > 0) sections.splice(1, 0, { title: 'BWF / iXML', rows: meta });
  return sections;
}

function roleRows(file: FileDto): PanelRow[] {
  const rows: PanelRow[] = [{ label: 'Role', value: file.role }];
  if (file.group) rows.push({ label: 'Stem group', value: file.group });
  if (file.kind) rows.push({ label: 'Reference kind', value: file.kind });
  rows.push({ label: 'Why', value: file.reason });
  return rows;
}

/**
 * The measured levels of a file, one row each ("—" where not measured): the one list of level
 * lines, for the side panel and the tree's tooltip.
 */
export function levelRows(a: FileDto['analysis']): PanelRow[] {
  const seconds = (value: number | null | undefined) => (value === null || value === undefined ? NOT_MEASURED : `${value.toFixed(3)} s`);
  return [
    { label: 'Sample peak', value: formatMeasure(a?.samplePeakDbfs, 'dBFS') },
    { label: 'True peak', value: formatMeasure(a?.truePeakDbtp, 'dBTP') },
    { label: 'Integrated loudness', value: formatMeasure(a?.integratedLufs, 'LUFS') },
    { label: 'Loudness range', value: formatMeasure(a?.lraLu, 'LU', false) },
    { label: 'DC offset', value: formatMeasure(a?.dcOffsetDbfs, 'dBFS') },
    { label: 'Clipping runs', value: a?.clippedRuns === null || a?.clippedRuns === undefined ? NOT_MEASURED : formatCount(a.clippedRuns) },
    { label: 'Silence at head', value: seconds(a?.leadingSilenceSec) },
    { label: 'Silence at tail', value: seconds(a?.trailingSilenceSec) },
  ];
}

function metadataRows(metadata: BroadcastMetadata | null): PanelRow[] {
  if (!metadata) return [];
  const rows: PanelRow[] = [];
  const b = metadata.bext;
  if (b) {
    for (const [label, value] of [
      ['Description', b.description],
      ['Originator', b.originator],
      ['Originator ref.', b.originatorReference],
      ['Origination', `${b.originationDate} ${b.originationTime}`.trim()],
    ] as const) {
      if (value) rows.push({ label, value });
    }
  }
  for (const field of metadata.ixml ?? []) rows.push({ label: `iXML ${field.name}`, value: field.value });
  return rows;
}

/**
 * Markers at the times findings give: every clipping run a level/clipping finding lists (its
 * `data.first`, as the message lists them), the head and tail silence the analysis measured, and
 * any other finding with a time.
 */
export function findingMarkers(file: FileDto, findings: readonly Finding[]): Marker[] {
  const markers: Marker[] = [];
  for (const f of findings) {
    if (f.rule === 'level/clipping') {
      for (const run of clipRuns(f.data)) {
        markers.push({ kind: 'clipping', timeSec: run.startSec, endSec: null, label: `Clipping at ${formatClock(run.startSec)}: ${run.length} samples at full scale`, severity: f.severity });
      }
    } else if (f.timeSec !== null) {
      markers.push({ kind: 'finding', timeSec: f.timeSec, endSec: null, label: f.message, severity: f.severity });
    }
  }
  const a = file.analysis;
  const duration = file.format?.durationSec ?? 0;
  if (a && a.silent !== true) {
    if (a.leadingSilenceSec !== null && a.leadingSilenceSec > 0) {
      markers.push({ kind: 'silence-head', timeSec: 0, endSec: a.leadingSilenceSec, label: `Silence at the head: ${formatClock(a.leadingSilenceSec)}`, severity: 'info' });
    }
    if (a.trailingSilenceSec !== null && a.trailingSilenceSec > 0) {
      const start = Math.max(0, duration - a.trailingSilenceSec);
      markers.push({ kind: 'silence-tail', timeSec: start, endSec: duration, label: `Silence at the tail from ${formatClock(start)}: ${formatClock(a.trailingSilenceSec)}`, severity: 'info' });
    }
  }
  return markers.sort((x, y) => x.timeSec - y.timeSec);
}

/** The runs a clipping finding lists, skipping anything malformed. */
function clipRuns(data: Record<string, unknown>): Array<{ startSec: number; length: number }> {
  const first = data.first;
  if (!Array.isArray(first)) return [];
  return first.flatMap((r: unknown) => {
    if (typeof r !== 'object' || r === null) return [];
    const { startSec, length } = r as Record<string, unknown>;
    return typeof startSec === 'number' && Number.isFinite(startSec) && typeof length === 'number' ? [{ startSec, length }] : [];
  });
}
