import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { findDeliveries } from '../core/delivery/findDeliveries';
import { validateDelivery, type Validation } from '../core/validate';
import { describeFormat } from '../core/report/describe';
import type { DeliveryDto, FileDto, ModelResult } from '../shared/protocol';
import { ModelChangedNotification } from '../shared/protocol';
import { diagnosticsByUri } from './diagnostics';
import type { DeliveryFile } from '../core/delivery/model';

/**
 * Holds the validated state of every delivery in the workspace. Each run gets a generation;
 * a run overtaken by a newer one publishes nothing, so late results never overwrite fresh ones.
 */
export class WorkspaceValidator {
  private folders: string[] = [];
  private validations: Validation[] = [];
  private generation = 0;
  private published = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ModelResult> | undefined;

  constructor(private readonly connection: Connection, private readonly debounceMs = 300) {}

  setFolders(folders: string[]): void {
    this.folders = folders;
  }

  /** Re-validates after a burst of file events has settled. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.validateNow(), this.debounceMs);
  }

  model(): Promise<ModelResult> {
    return this.running ?? Promise.resolve(this.snapshot());
  }

  async validateNow(): Promise<ModelResult> {
    clearTimeout(this.timer);
    const generation = ++this.generation;
    const run = this.run(generation);
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = undefined;
    }
  }

  private async run(generation: number): Promise<ModelResult> {
    const roots = (await Promise.all(this.folders.map((f) => findDeliveries(f)))).flat();
    const validations = await Promise.all(roots.map((r) => validateDelivery(r)));
    if (generation !== this.generation) return this.running ?? this.snapshot();
    this.validations = validations;
    this.publish();
    void this.connection.sendNotification(ModelChangedNotification, { generation });
    return this.snapshot();
  }

  private publish(): void {
    const now = new Set<string>();
    for (const v of this.validations) {
      for (const [uri, diagnostics] of diagnosticsByUri(v.delivery.root, v.delivery.specPath, v.findings)) {
        now.add(uri);
        void this.connection.sendDiagnostics({ uri, diagnostics });
      }
    }
    for (const uri of this.published) if (!now.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.published = now;
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
    files: delivery.files.map(fileDto),
    findings: result.findings,
    summary: { errors: result.summary.errors, warnings: result.summary.warnings, infos: result.summary.infos },
  };
}

function fileDto(f: DeliveryFile): FileDto {
  return {
    path: f.path,
    role: f.role,
    group: f.group,
    kind: f.kind,
    reason: f.reason,
    size: f.size,
    format: f.format,
    description: f.format ? describeFormat(f.format) : f.audio ? 'not readable' : '',
  };
}
