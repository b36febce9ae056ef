import type { AudioFormat } from '../audio/format';
import type { Delivery } from '../delivery/delivery';
import type { DeliveryFile, ReferenceKind, Role, StemGroup } from '../delivery/model';
import type { Finding } from '../findings';

/** The measured levels of one file (issue 3 fills them); null until analysed. */
export type FileAnalysis = Record<string, number | boolean | null>;

export interface FileReport {
  path: string;
  role: Role;
  group: StemGroup | null;
  kind: ReferenceKind | null;
  format: Pick<AudioFormat, 'container' | 'codec' | 'sampleRate' | 'bitDepth' | 'channels' | 'frames' | 'durationSec' | 'timeReference'> | null;
  analysis: FileAnalysis | null;
}

/** The JSON output of `check` (DESIGN.md "Contracts"); version bumps on breaking changes. */
export interface ValidationResult {
  version: 1;
  root: string;
  files: FileReport[];
  findings: Finding[];
  summary: { errors: number; warnings: number; infos: number; files: number; bytes: number; seconds: number };
}

export function fileReport(f: DeliveryFile): FileReport {
  const fmt = f.format;
  return {
    path: f.path,
    role: f.role,
    group: f.group,
    kind: f.kind,
    format: fmt && {
      container: fmt.container,
      codec: fmt.codec,
      sampleRate: fmt.sampleRate,
      bitDepth: fmt.bitDepth,
      channels: fmt.channels,
      frames: fmt.frames,
      durationSec: fmt.durationSec,
      timeReference: fmt.timeReference,
    },
    analysis: null,
  };
}

/** Findings in a stable order: the delivery itself first, then by file, then by rule. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) =>
    (a.file ?? '').localeCompare(b.file ?? '') || a.rule.localeCompare(b.rule) || (a.timeSec ?? 0) - (b.timeSec ?? 0));
}

export function buildResult(delivery: Delivery, findings: Finding[], seconds: number): ValidationResult {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return {
    version: 1,
    root: delivery.root,
    files: delivery.files.map(fileReport),
    findings: sortFindings(findings),
    summary: {
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      files: delivery.files.length,
      bytes: delivery.files.reduce((n, f) => n + f.size, 0),
      seconds: Math.round(seconds * 1000) / 1000,
    },
  };
}
