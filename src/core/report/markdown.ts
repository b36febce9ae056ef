import * as path from 'node:path';
import { version } from '../../../package.json';
import type { Delivery } from '../delivery/delivery';
import { ROLES, type Role } from '../delivery/model';
import type { AudioFormat } from '../audio/format';
import { SEVERITIES, type Finding, type Severity } from '../findings';
import { PRESETS } from '../spec/presets';
import { describeFormat, formatBytes, formatMeasure, ROLE_LABELS } from './describe';
import { formatClock, formatDuration } from './timeFormat';
import type { FileReport, ValidationResult } from './result';

/**
 * A delivery report a person sends to a client: who and what, the verdict, every file with its
 * format and levels, the findings by severity, the session terms and the checksums. GitHub
 * Flavored Markdown; every piece of user text (file names, notes, messages) is escaped.
 */
export function renderMarkdown(result: ValidationResult, delivery: Delivery): string {
  const sections = [
    header(result, delivery),
    summary(result),
    files(result, delivery),
    findings(result.findings),
    session(delivery),
    checksums(delivery),
    spec(delivery),
    `---\n\n_Checked by audio-deliverables ${version}._`,
  ];
  return sections.join('\n\n') + '\n';
}

const SEVERITY_HEADINGS: Readonly<Record<Severity, string>> = { error: 'Errors', warning: 'Warnings', info: 'Notes' };
const AUDIO_ROLES: ReadonlySet<Role> = new Set(['multitrack', 'stem', 'reference', 'effect-print']);

function header(result: ValidationResult, delivery: Delivery): string {
  const { artist, title } = delivery.effective.project;
  const name = [artist, title].filter((s): s is string => s !== null).join(' – ') || path.basename(result.root);
  const { bpm, key } = delivery.effective.project;
  const facts = [bpm !== null ? `${bpm} BPM` : null, key].filter((s): s is string => s !== null).map(escapeMarkdown);
  return [`# Delivery report: ${escapeMarkdown(name)}`, ...(facts.length ? ['', facts.join(' · ')] : [])].join('\n');
}

function summary(result: ValidationResult): string {
  const s = result.summary;
  const audio = result.files.filter((f) => f.format !== null);
  const seconds = audio.reduce((n, f) => n + (f.format?.durationSec ?? 0), 0);
  const verdict = s.errors > 0
    ? `**${plural(s.errors, 'error')}** to fix before this delivery is complete.`
    : s.warnings > 0 ? `No errors; **${plural(s.warnings, 'warning')}** to review.` : 'No errors or warnings: the delivery meets its spec.';
  return [
    '## Summary',
    '',
    verdict,
    '',
    '| | |',
    '|---|---|',
    `| Files | ${s.files} (${formatBytes(s.bytes)}) |`,
    `| Audio files | ${audio.length} (${formatDuration(seconds)} in total) |`,
    `| Errors | ${s.errors} |`,
    `| Warnings | ${s.warnings} |`,
    `| Notes | ${s.infos} |`,
  ].join('\n');
}

function files(result: ValidationResult, delivery: Delivery): string {
  const byPath = new Map(delivery.files.map((f) => [f.path, f]));
  const counts = findingCounts(result.findings);
  const out = ['## Files'];
  for (const role of ROLES) {
    const reports = result.files.filter((f) => f.role === role);
    if (reports.length === 0) continue;
    out.push('', `### ${ROLE_LABELS[role]} (${reports.length})`, '');
    if (AUDIO_ROLES.has(role)) {
      out.push('| File | Format | Sample peak | True peak | Loudness | Notes |', '|---|---|--:|--:|--:|---|');
      for (const f of reports) {
        const a = f.analysis;
        const silent = a?.silent === true;
        const cells = [
          escapeMarkdown(f.path),
          f.format ? describeFormat(f.format as AudioFormat) : 'not readable',
          silent ? 'silent' : formatMeasure(a?.samplePeakDbfs, 'dBFS'),
          silent ? 'silent' : formatMeasure(a?.truePeakDbtp, 'dBTP'),
          formatMeasure(a?.integratedLufs, 'LUFS'),
          notes(f, counts.get(f.path)),
        ];
        out.push(`| ${cells.join(' | ')} |`);
      }
    } else {
      out.push('| File | Size | Notes |', '|---|--:|---|');
      for (const f of reports) {
        const size = byPath.get(f.path)?.size;
        out.push(`| ${escapeMarkdown(f.path)} | ${size === undefined ? '—' : formatBytes(size)} | ${notes(f, counts.get(f.path))} |`);
      }
    }
  }
  return out.join('\n');
}

/** What an engineer notes beside a file: its group or kind, what the measures say, its findings. */
function notes(f: FileReport, counts: Map<Severity, number> | undefined): string {
  const a = f.analysis;
  const parts: string[] = [];
  if (f.group) parts.push(`${f.group} stem`);
  if (f.kind) parts.push(`${f.kind} mix`);
  if (a?.dualMono) parts.push('dual mono');
  if (a?.invertedPolarity) parts.push('inverted polarity');
  if ((a?.clippedRuns ?? 0) > 0) parts.push(plural(a!.clippedRuns!, 'clipped run'));
  if (f.format?.timeReference) parts.push(`starts at sample ${f.format.timeReference}`);
  for (const s of SEVERITIES) {
    const n = counts?.get(s) ?? 0;
    if (n > 0) parts.push(`**${plural(n, s === 'info' ? 'note' : s)}**`);
  }
  return parts.join(', ') || '—';
}

function findings(all: Finding[]): string {
  if (all.length === 0) return '## Findings\n\nNone.';
  const out = ['## Findings'];
  for (const severity of SEVERITIES) {
    const ofSeverity = all.filter((f) => f.severity === severity);
    if (ofSeverity.length === 0) continue;
    out.push('', `### ${SEVERITY_HEADINGS[severity]} (${ofSeverity.length})`);
    const byFile = new Map<string, Finding[]>();
    for (const f of ofSeverity) {
      const key = f.file ?? '';
      byFile.set(key, [...(byFile.get(key) ?? []), f]);
    }
    for (const [file, list] of byFile) {
      out.push('', file === '' ? '**The delivery as a whole**' : `**${escapeMarkdown(file)}**`, '');
      for (const f of list) out.push(`- ${where(f)}${escapeMarkdown(f.message)} (\`${f.rule}\`)`);
    }
  }
  return out.join('\n');
}

function where(f: Finding): string {
  if (f.range) return `line ${f.range.start.line + 1}, column ${f.range.start.character + 1}: `;
  if (f.timeSec !== null) return `at ${formatClock(f.timeSec)}: `;
  return '';
}

function session(delivery: Delivery): string {
  const s = delivery.effective.session;
  const sessions = delivery.files.filter((f) => f.role === 'session').map((f) => escapeMarkdown(f.path));
  const out = ['## Session and contract', ''];
  if (sessions.length > 0) out.push(`Session files in this delivery: ${sessions.join(', ')}.`, '');
  if (s.owner === null && s.handover === null && s.contract === null && s.notes === null) {
    out.push('No session owner or terms are recorded in delivery.json.');
    return out.join('\n');
  }
  const handover = s.handover === null ? 'not recorded' : s.handover ? 'yes, the session is part of this delivery' : 'no, the session stays with its owner';
  out.push(`- Session owner: ${s.owner === null ? 'not recorded' : escapeMarkdown(s.owner)}`, `- Session handed over: ${handover}`);
  if (s.contract !== null) out.push(`- Contract: ${escapeMarkdown(s.contract)}`);
  if (s.notes !== null) out.push(`- Notes: ${escapeMarkdown(s.notes)}`);
  return out.join('\n');
}

function checksums(delivery: Delivery): string {
  const named = delivery.effective.checksums;
  const c = delivery.checksums;
  const out = ['## Checksums', ''];
  if (named === null && c === null) {
    out.push('No checksum manifest is named in delivery.json.');
  } else if (c === null) {
    out.push(`Manifest ${escapeMarkdown(named!)} (SHA-256) is named in delivery.json; it was not verified in this run.`);
  } else if (c.manifestMissing) {
    out.push(`Manifest ${escapeMarkdown(c.manifest)} is named in delivery.json but is not in the delivery.`);
  } else {
    const clean = c.mismatches.length === 0 && c.unlisted.length === 0 && c.absent.length === 0;
    out.push(clean ? `Every file matches ${escapeMarkdown(c.manifest)} (SHA-256).` : `Verified against ${escapeMarkdown(c.manifest)} (SHA-256):`);
    for (const m of c.mismatches) out.push(`- ${escapeMarkdown(m.path)}: **differs** from the manifest`);
    for (const p of c.unlisted) out.push(`- ${escapeMarkdown(p)}: not listed in the manifest`);
    for (const p of c.absent) out.push(`- ${escapeMarkdown(p)}: listed in the manifest but not delivered`);
  }
  return out.join('\n');
}

function spec(delivery: Delivery): string {
  const preset = PRESETS[delivery.effective.preset];
  const { truePeakMaxDbtp, loudness } = delivery.effective.levels;
  const out = [
    '## Spec',
    '',
    `Checked against the **${preset.title}** preset (\`${preset.id}\`), after ${escapeMarkdown(preset.source)}.`,
    delivery.specPath ? 'Fields in delivery.json override the preset.' : 'The delivery has no delivery.json: the preset applies as it is.',
    '',
  ];
  if (truePeakMaxDbtp !== null) out.push(`- True peak ceiling: ${truePeakMaxDbtp} dBTP`);
  if (loudness !== null) {
    out.push(`- Loudness target: ${loudness.target} ${loudness.unit} ± ${loudness.tolerance} LU${loudness.note ? ` (${escapeMarkdown(loudness.note)})` : ''}`);
  }
  const { required: stems } = delivery.effective.stems;
  const { required: refs } = delivery.effective.references;
  if (stems.length) out.push(`- Required stems: ${stems.join(', ')}`);
  if (refs.length) out.push(`- Required references: ${refs.join(', ')}`);
  return out.join('\n').trimEnd();
}

function findingCounts(all: Finding[]): Map<string, Map<Severity, number>> {
  const counts = new Map<string, Map<Severity, number>>();
  for (const f of all) {
    if (f.file === null) continue;
    const of = counts.get(f.file) ?? new Map<Severity, number>();
    of.set(f.severity, (of.get(f.severity) ?? 0) + 1);
    counts.set(f.file, of);
  }
  return counts;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * User text as literal Markdown: backslash-escapes every character that could start emphasis,
 * code, a link, HTML or an entity, or end a table cell (`|`); line breaks become spaces so a
 * name cannot break a table row or a list item.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_[\]<>|~&#]/g, '\\$&');
}
