import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DeliverySpec, SpecProblem } from '../spec/spec';
import { SPEC_FILE_NAME } from '../spec/spec';
import { MAX_SPEC_BYTES, parseSpec, type LoadedSpec } from '../spec/loadSpec';
import type { SpecLocations } from '../spec/specLocations';
import type { DeliveryFile } from './model';
import { classify, isAudioExtension, type ClassifyContext } from './classify';
import { scanFolder, type ScannedEntry } from './scan';
import { probeFile, type ProbedFile } from '../audio/probeFile';
import { mapLimit } from '../util/mapLimit';
import type { StoredAnalysis } from '../analysis/deliveryAnalyzer';
import type { NullTestOutcome } from '../analysis/nullTest';
import type { ChecksumOutcome } from '../integrity/checksums';
import type { EffectiveSpec } from '../spec/effectiveSpec';
import { resolveSpec } from '../spec/resolveSpec';
import type { FileMemo } from '../util/fileMemo';
import { absolutePath } from './deliveryPath';

/** A delivery folder after the fast pass: spec, every file classified, audio headers probed. */
export interface Delivery {
  /** Absolute path of the delivery root. */
  root: string;
  /** Absolute path of delivery.json, or null when the folder has none (default preset). */
  specPath: string | null;
  /** delivery.json as written (only the parts that parsed). */
  spec: DeliverySpec;
  /** The spec with its preset applied: what rules read. */
  effective: EffectiveSpec;
  specProblems: SpecProblem[];
  /** Where each value of delivery.json is written (JSON pointer → range), for findings about the spec. */
  specLocations: SpecLocations;
  files: DeliveryFile[];
  /** Folders that could not be read, and whether the scan stopped at its entry limit. */
  scanErrors: Array<{ path: string; message: string }>;
  scanTruncated: boolean;
  /** Sample-level analysis by relative path; empty until analysed (or when analysis is off). */
  analyses: Map<string, StoredAnalysis>;
  /** The stems null test, when the spec asks for one and the analysis phase ran it. */
  nullTest: NullTestOutcome | null;
  /** The checksum manifest check, when the spec names a manifest and the analysis phase ran it. */
  checksums: ChecksumOutcome | null;
}

export interface LoadOptions {
  /** delivery.json to use instead of the one at the root (CLI --spec). */
  specPath?: string;
  /** Preset to use when delivery.json names none (CLI --preset, settings). */
  preset?: string;
  /** Parallel header probes; they are small reads, so more than the core count is fine. */
  concurrency?: number;
  /**
   * Headers read by an earlier load, by absolute path (the language server keeps one across
   * re-validations): a file whose size and mtime are unchanged is not opened again.
   */
  probes?: ProbeMemo;
}

/** Probe results of unchanged files, by absolute path; entries of files that changed are replaced. */
export type ProbeMemo = FileMemo<ProbedFile>;

/** Scans, classifies and probes a delivery: only names, sizes and headers are read. */
export async function loadDelivery(root: string, options: LoadOptions = {}): Promise<Delivery> {
  const absRoot = path.resolve(root);
  const specPath = options.specPath ? path.resolve(options.specPath) : await existingSpec(absRoot);
  const { spec, problems, locations } = specPath ? await readSpec(specPath) : { spec: {}, problems: [], locations: {} };
  const exclude = new Set<string>([SPEC_FILE_NAME]);
  const scan = await scanFolder(absRoot, { exclude });
  const effective = resolveSpec(spec, options.preset);
  const ctx = classifyContext(effective);
  const files = await mapLimit(scan.entries, options.concurrency ?? 16, (e) => describeFile(absRoot, e, ctx, options.probes));
  return {
    root: absRoot, specPath, spec, effective, specProblems: problems, specLocations: locations, files, scanErrors: scan.errors, scanTruncated: scan.truncated,
    analyses: new Map(), nullTest: null, checksums: null,
  };
}

export function classifyContext(spec: EffectiveSpec): ClassifyContext {
  return {
    folders: { multitracks: spec.multitracks.folder ?? undefined, stems: spec.stems.folder ?? undefined, references: spec.references.folder ?? undefined },
    roles: spec.roles,
  };
}

async function describeFile(root: string, entry: ScannedEntry, ctx: ClassifyContext, probes?: ProbeMemo): Promise<DeliveryFile> {
  const audio = isAudioExtension(entry.path);
  const probed = audio ? await probeOnce(absolutePath(root, entry.path), entry, probes) : null;
  return {
    path: entry.path,
    size: entry.size,
    mtimeMs: entry.mtimeMs,
    audio,
    ...classify(entry.path, audio, ctx),
    format: probed?.format ?? null,
    probe: probed ? { container: probed.container, issues: probed.issues } : null,
  };
}

async function probeOnce(absPath: string, entry: ScannedEntry, probes?: ProbeMemo): Promise<ProbedFile> {
  const known = probes?.get(absPath, entry);
  if (known) return known;
  const probed = await probeFile(absPath, entry.path);
  probes?.set(absPath, entry, probed);
  return probed;
}

async function existingSpec(root: string): Promise<string | null> {
  const p = path.join(root, SPEC_FILE_NAME);
  try {
    return (await fs.stat(p)).isFile() ? p : null;
  } catch {
    return null;
  }
}

async function readSpec(specPath: string): Promise<LoadedSpec> {
  const at0 = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  try {
    const st = await fs.stat(specPath);
    if (st.size > MAX_SPEC_BYTES) {
      return { spec: {}, problems: [{ message: `delivery.json is ${st.size} bytes; a spec is a few KB — is this the right file?`, range: at0 }], locations: {} };
    }
    return parseSpec(await fs.readFile(specPath, 'utf8'));
  } catch (err) {
    return { spec: {}, problems: [{ message: `delivery.json cannot be read: ${(err as Error).message}`, range: at0 }], locations: {} };
  }
}
