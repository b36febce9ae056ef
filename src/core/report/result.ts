import type { AudioFormat } from '../audio/format';
import type { Delivery } from '../delivery/delivery';
import type { DeliveryFile, ReferenceKind, Role, StemGroup } from '../delivery/model';
import type { Finding } from '../findings';
import { emptyAnalysisFields, type FileAnalysisFields } from '../analysis/fileAnalysis';
import type { StoredAnalysis } from '../analysis/deliveryAnalyzer';
import type { PresetId } from '../spec/effectiveSpec';


export interface FileReport {
  path: string;
  role: Role;
  group: StemGroup | null;
  kind: ReferenceKind | null;
  format: Pick<AudioFormat, 'container' | 'codec' | 'sampleRate' | 'bitDepth' | 'channels' | 'frames' | 'durationSec' | 'timeReference'> | null;
  analysis: FileAnalysisFields | null;
}

/** The JSON output of `check` (DESIGN.md "Contracts"); version bumps on breaking changes. */
export interface ValidationResult {
  version: 1;
  root: string;
  /**
   * The preset the delivery was checked against (delivery.json's, else --preset or the default).
   * Added after DESIGN.md's first contract: optional for readers, always written by buildResult;
   * schemas/validation-result.schema.json documents it.
   */
  preset?: PresetId;
  files: FileReport[];
  findings: Finding[];
  summary: { errors: number; warnings: number; infos: number; files: number; bytes: number; seconds: number };
}

/** One file of the JSON output; every audio file carries `analysis`, with nulls where not measured. */
export function fileReport(f: DeliveryFile, stored?: StoredAnalysis): FileReport {
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
    analysis: f.audio ? (stored?.ok ? stored.analysis.fields : emptyAnalysisFields()) : null,
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
    preset: delivery.effective.preset,
    files: delivery.files.map((f) => fileReport(f, delivery.analyses.get(f.path))),
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
