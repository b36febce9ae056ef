import { loadDelivery, type Delivery, type LoadOptions } from './delivery/delivery';
import type { Finding } from './findings';
import { runRules } from './rules';
import { buildResult, type ValidationResult } from './report/result';
import type { AnalyseProgress, DeliveryAnalyzer } from './analysis/deliveryAnalyzer';
import { runNullTest } from './analysis/nullTest';
import { verifyChecksums } from './integrity/checksums';

export interface ValidateOptions extends LoadOptions {
  /** Rule id → severity or "off" (settings); delivery.json `rules` win over these. */
  severityOverrides?: Record<string, string>;
  /** Decodes and measures every audio file; without it only headers are read. */
  analyzer?: DeliveryAnalyzer;
  signal?: AbortSignal;
  onProgress?: (p: AnalyseProgress) => void;
}

export interface Validation {
  delivery: Delivery;
  findings: Finding[];
  result: ValidationResult;
}

/**
 * The one validation pipeline, shared by the CLI and the language server: load (names, headers),
 * analyse (samples), check. Reads, never writes. The server runs the steps apart so the tree
 * shows before the analysis ends; this is the same sequence in one call.
 */
export async function validateDelivery(root: string, options: ValidateOptions = {}): Promise<Validation> {
  const started = performance.now();
  const delivery = await loadDelivery(root, options);
  if (options.analyzer) await analyseDelivery(delivery, options.analyzer, options);
  return checkDelivery(delivery, options.severityOverrides, started);
}

/** The expensive reads, all here: every file's samples, the stems null test, the checksums. */
export async function analyseDelivery(delivery: Delivery, analyzer: DeliveryAnalyzer, options: Pick<ValidateOptions, 'signal' | 'onProgress'> = {}): Promise<void> {
  const { signal } = options;
  delivery.analyses = await analyzer.analyse(delivery.root, delivery.files, { signal, onProgress: options.onProgress });
  delivery.nullTest = await runNullTest(delivery, { signal });
  delivery.checksums = await verifyChecksums(delivery, { signal, hashFile: analyzer.sha256 });
}

/** Runs the rules over what is known of the delivery so far. */
export function checkDelivery(delivery: Delivery, severityOverrides?: Record<string, string>, started = performance.now()): Validation {
  const findings = runRules(delivery, severityOverrides);
  const result = buildResult(delivery, findings, (performance.now() - started) / 1000);
  return { delivery, findings, result };
}
