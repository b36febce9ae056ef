import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { findDeliveries } from '../core/delivery/findDeliveries';
import { loadDelivery } from '../core/delivery/delivery';
import { analyseDelivery, checkDelivery, type Validation } from '../core/validate';
import type { DeliveryAnalyzer } from '../core/analysis/deliveryAnalyzer';
import { describeFormat } from '../core/report/describe';
import type { DeliveryDto, FileDto, ModelResult } from '../shared/protocol';
import { ModelChangedNotification } from '../shared/protocol';
import { diagnosticsByUri } from './diagnostics';
import type { DeliveryFile } from '../core/delivery/model';

/**
 * Holds the validated state of every delivery in the workspace. A run first publishes what the
 * fast pass knows (names, headers: the tree shows at once), then analyses the audio and publishes
 * again. Each run gets a generation and aborts the one before it; a run overtaken by a newer one
 * publishes nothing, so late results never overwrite fresh ones.
 */
export class WorkspaceValidator {
  private folders: string[] = [];
  private validations: Validation[] = [];
  private generation = 0;
  private published = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private firstPass: Promise<void> | undefined;
  private controller: AbortController | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly analyzer: DeliveryAnalyzer,
    private readonly debounceMs = 300,
  ) {}

  setFolders(folders: string[]): void {
    this.folders = folders;
  }

  /** Re-validates after a burst of file events has settled. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.validateNow(), this.debounceMs);
  }

  /** The model as soon as the fast pass of the latest run is in. */
  async model(): Promise<ModelResult> {
    await this.firstPass;
    return this.snapshot();
  }

  /** Starts a run; resolves with the model once its fast pass is published. */
  async validateNow(): Promise<ModelResult> {
    clearTimeout(this.timer);
    this.controller?.abort(new Error('superseded by a newer validation'));
    const controller = new AbortController();
    this.controller = controller;
    const generation = ++this.generation;
    let fastPassDone!: () => void;
    this.firstPass = new Promise<void>((resolve) => (fastPassDone = resolve));
    void this.run(generation, controller.signal, fastPassDone).catch((err: unknown) => {
      fastPassDone();
      if (!controller.signal.aborted) this.connection.console.error(`validation failed: ${(err as Error).stack ?? String(err)}`);
    });
    await this.firstPass;
    return this.snapshot();
  }

  private async run(generation: number, signal: AbortSignal, fastPassDone: () => void): Promise<void> {
    const roots = (await Promise.all(this.folders.map((f) => findDeliveries(f)))).flat();
    const deliveries = await Promise.all(roots.map((r) => loadDelivery(r)));
    if (generation !== this.generation) return fastPassDone();
    this.validations = deliveries.map((d) => checkDelivery(d));
    this.publish(generation);
    fastPassDone();
    for (const [i, delivery] of deliveries.entries()) {
      await analyseDelivery(delivery, this.analyzer, { signal });
      if (generation !== this.generation) return;
      this.validations[i] = checkDelivery(delivery);
      this.publish(generation);
    }
  }

  private publish(generation: number): void {
    const now = new Set<string>();
    for (const v of this.validations) {
      for (const [uri, diagnostics] of diagnosticsByUri(v.delivery.root, v.delivery.specPath, v.findings)) {
        now.add(uri);
        void this.connection.sendDiagnostics({ uri, diagnostics });
      }
    }
    for (const uri of this.published) if (!now.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.published = now;
    void this.connection.sendNotification(ModelChangedNotification, { generation });
  }

  private snapshot(): ModelResult {
    return { generation: this.generation, deliveries: this.validations.map(toDto) };
  }
}

function toDto(v: Validation): DeliveryDto {
  const { delivery, result } = v;
  return {
    root: delivery.root,
    name: path.basename(delivery.root),
    specPath: delivery.specPath,
    files: delivery.files.map((f) => fileDto(f, result.files.find((r) => r.path === f.path)?.analysis ?? null)),
    findings: result.findings,
    summary: { errors: result.summary.errors, warnings: result.summary.warnings, infos: result.summary.infos },
  };
}

function fileDto(f: DeliveryFile, analysis: FileDto['analysis']): FileDto {
  return {
    path: f.path,
    role: f.role,
    group: f.group,
    kind: f.kind,
    reason: f.reason,
    size: f.size,
    format: f.format,
    analysis,
    description: f.format ? describeFormat(f.format) : f.audio ? 'not readable' : '',
  };
}
