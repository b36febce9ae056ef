import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import { findDeliveries } from '../core/delivery/findDeliveries';
import { loadDelivery, type ProbeMemo } from '../core/delivery/delivery';
import { analyseDelivery, checkDelivery, type Validation } from '../core/validate';
import type { DeliveryAnalyzer, StoredAnalysis } from '../core/analysis/deliveryAnalyzer';
import type { Delivery } from '../core/delivery/delivery';
import { deserialiseOverview } from '../core/analysis/overviewCodec';
import { queryOverview } from '../core/analysis/overviewQuery';
import { describeFormat } from '../core/report/describe';
import { metadataFromProbe, readBroadcastMetadata, type BroadcastMetadata } from '../core/audio/broadcastMetadata';
import { openFileSource, readFileRange } from '../core/io/fileSource';
import { decodableProbe } from '../core/audio/probeFile';
import { absolutePath, relativePath } from '../core/delivery/deliveryPath';
import { FileMemo } from '../core/util/fileMemo';
import type { DeliveryDto, FileDto, FileInfoResult, ModelResult, OverviewParams, OverviewResult } from '../shared/protocol';
import { MAX_OVERVIEW_COLUMNS } from '../shared/protocol';
import { ModelChangedNotification, type ParamsOf } from '../shared/protocol';
import { diagnosticsByUri } from './diagnostics';
import { readSettings, type ServerSettings } from './settings';
import type { DeliveryFile } from '../core/delivery/model';
import type { PcmBody, Reply } from '../shared/protocol';
import { readPcmRange } from '../core/audio/pcmRange';
import { paramsObject, pcmRange } from './requestParams';

/**
 * Holds the validated state of every delivery in the workspace. A run first publishes what the
 * fast pass knows (names, headers: the tree shows at once), then analyses the audio and publishes
 * again. Each run gets a generation and aborts the one before it; a run overtaken by a newer one
 * publishes nothing, so late results never overwrite fresh ones.
 */
/**
 * A file changed this recently whose header says it is cut short is most likely still being
 * written (a DAW bounce, a copy in progress): it is left out and looked at again once it settles.
 */
export const SETTLE_MS = 3000;
const IN_PROGRESS_ISSUES = new Set(['truncated', 'unfinalised', 'unreadable']);

export class WorkspaceValidator {
  private folders: string[] = [];
  private validations: Validation[] = [];
  private generation = 0;
  /** What was last sent per file URI (serialised), so unchanged files are not sent again. */
  private published = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private firstPass: Promise<void> | undefined;
  /** Resolves once the first run's fast pass is in: requests that come before it wait for it. */
  private markReady!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));
  /** The latest run, to its end (analysis included); never rejects. */
  private running: Promise<void> = Promise.resolve();
  private controller: AbortController | undefined;

  private settings: ServerSettings = readSettings({});
  /**
   * Headers of the files seen by the latest runs: unchanged files are not probed again, and the
   * requests about one file (pcm, fileInfo) take its layout from here instead of re-reading it.
   */
  private readonly probes: ProbeMemo = new FileMemo();
  /** BWF/iXML of unchanged files, for fileInfo (asked on every model change of an open editor). */
  private readonly metadata = new FileMemo<Promise<BroadcastMetadata | null>>();

  constructor(
    private readonly connection: Connection,
    private analyzer: DeliveryAnalyzer,
    private readonly debounceMs = 300,
  ) {}

  setFolders(folders: string[]): void {
    this.folders = folders;
  }

  /** New settings (and an analyzer for a new job count); the caller re-validates. */
  configure(settings: ServerSettings, analyzer: DeliveryAnalyzer): void {
    this.settings = settings;
    this.analyzer = analyzer;
  }

  /** Re-validates after a burst of file events has settled. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.validateNow(), this.debounceMs);
  }

  /** The model as soon as the fast pass of the latest run is in. */
  async model(): Promise<ModelResult> {
    await this.fastPass();
    return this.snapshot();
  }

  /** The latest validation of the delivery whose root is `root` (exactly as held), or null. */
  async validationOf(root: string): Promise<Validation | null> {
    await this.fastPass();
    return this.validations.find((v) => v.delivery.root === root) ?? null;
  }

  /** The roots of every delivery of the workspace, as of the latest fast pass. */
  async roots(): Promise<string[]> {
    await this.fastPass();
    return this.validations.map((v) => v.delivery.root);
  }

  /** Resolves when the latest run has ended, analysis included, and no newer run started meanwhile. */
  async settled(): Promise<void> {
    await this.ready;
    for (;;) {
      const generation = this.generation;
      await this.running;
      if (generation === this.generation) return;
    }
  }

  /**
   * The delivery as it is on disk now (names and headers, the preset setting applied): what an
   * action that reads or writes files works on, rather than a model a few hundred ms old.
   */
  loadNow(root: string): Promise<Delivery> {
    return loadDelivery(root, { preset: this.settings.defaultPreset });
  }

  /** SHA-256 of a file through the analyzer's cache (path + size + mtime). */
  hashFile(absPath: string, signal?: AbortSignal): Promise<string> {
    return this.analyzer.sha256(absPath, signal);
  }

  private async fastPass(): Promise<void> {
    await this.ready;
    await this.firstPass;
  }

  /**
   * Starts a run; resolves with the model once its fast pass is published. `analyse` forces the
   * sample analysis even when the setting defers it (the Validate command).
   */
  async validateNow(analyse = this.settings.analyseOnOpen): Promise<ModelResult> {
    clearTimeout(this.timer);
    this.controller?.abort(new Error('superseded by a newer validation'));
    const controller = new AbortController();
    this.controller = controller;
    const generation = ++this.generation;
    let fastPassDone!: () => void;
    this.firstPass = new Promise<void>((resolve) => (fastPassDone = resolve));
    this.running = this.run(generation, controller.signal, fastPassDone, analyse).catch((err: unknown) => {
      fastPassDone();
      if (!controller.signal.aborted) this.connection.console.error(`validation failed: ${(err as Error).stack ?? String(err)}`);
    });
    await this.firstPass;
    this.markReady();
    return this.snapshot();
  }

  private async run(generation: number, signal: AbortSignal, fastPassDone: () => void, analyse: boolean): Promise<void> {
    const roots = (await Promise.all(this.folders.map((f) => findDeliveries(f)))).flat();
    const deliveries = await Promise.all(roots.map((r) => loadDelivery(r, { preset: this.settings.defaultPreset, probes: this.probes })));
    if (generation !== this.generation) return fastPassDone();
    forgetGone([this.probes, this.metadata], deliveries);
    const settling = deliveries.reduce((n, d) => n + holdBackSettling(d), 0);
    if (settling > 0) setTimeout(() => this.schedule(), SETTLE_MS);
    // Analyses this server already holds cost nothing: the fast pass shows them (and when the
    // analysis is off, they are all there is).
    for (const d of deliveries) d.analyses = this.analyzer.known(d.root, d.files);
    const shown = deliveries.map((d) => d.analyses);
    this.validations = deliveries.map((d) => checkDelivery(d, this.settings.severityOverrides));
    this.publish(generation);
    fastPassDone();
    if (!analyse) return;
    const progress = await this.connection.window.createWorkDoneProgress();
    progress.begin('Analysing delivery audio', 0, undefined, true);
    progress.token.onCancellationRequested(() => this.controller?.abort(new Error('cancelled')));
    try {
      for (const [i, delivery] of deliveries.entries()) {
        await analyseDelivery(delivery, this.analyzer, {
          signal,
          onProgress: (p) => progress.report(p.bytesTotal ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100, `${delivery.files.length > 0 ? path.basename(delivery.root) : ''}: ${p.filesDone}/${p.filesTotal} files`),
        });
        if (generation !== this.generation) return;
        // Nothing new since the fast pass (an unchanged, analysed delivery): it is published already.
        if (sameAnalyses(shown[i]!, delivery.analyses) && !delivery.nullTest && !delivery.checksums) continue;
        this.validations[i] = checkDelivery(delivery, this.settings.severityOverrides);
        this.publish(generation);
      }
    } finally {
      progress.done();
    }
  }

  /**
   * A few seconds of decoded samples of one file of a delivery, for the overview's playback. Any
   * LSP client may send anything: the path must be a file of a delivery held, the range inside
   * it and at most MAX_PCM_SECONDS long (pcmRange).
   */
  async pcm(raw: unknown): Promise<Reply<PcmBody>> {
    const params = paramsObject(raw);
    if (!params.ok) return params;
    await this.fastPass();
    const filePath = params.value.path;
    const found = typeof filePath === 'string' && path.isAbsolute(filePath) ? this.findFile(filePath) : null;
    if (!found) return { ok: false, error: 'the path is not a file of a delivery in the workspace' };
    const { delivery, file } = found;
    if (!file.format) return { ok: false, error: `${file.path} is not readable audio` };
    const range = pcmRange(params.value, file.format);
    if (!range.ok) return range;
    const absPath = absolutePath(delivery.root, file.path);
    const probed = this.probes.get(absPath, file);
    const known = probed && decodableProbe(probed);
    try {
      const pcm = await readPcmRange(absPath, file.path, range.value.startFrame, range.value.frames, known ? { probe: known, size: file.size } : undefined);
      const base64 = (c: Float32Array) => Buffer.from(c.buffer, c.byteOffset, c.byteLength).toString('base64');
      return { ok: true, body: { sampleRate: pcm.sampleRate, startFrame: pcm.startFrame, frames: pcm.frames, channels: pcm.channels.map(base64) } };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  }

  /** Waveform min/max of a range of one file, from its cached overview (analysing it if needed). */
  async overview(params: OverviewParams): Promise<OverviewResult> {
    await this.fastPass();
    const found = this.findFile(params.path);
    if (!found) return { ok: false, error: 'this file is not part of a delivery in the workspace' };
    const { delivery, file } = found;
    if (!file.format) return { ok: false, error: 'this file is not readable audio' };
    let bytes = await this.analyzer.overview(params.path, file);
    if (!bytes) {
      const result = (await this.analyzer.analyse(delivery.root, [file])).get(file.path);
      if (result && !result.ok) return { ok: false, error: result.reason };
      bytes = await this.analyzer.overview(params.path, file);
    }
    if (!bytes) return { ok: false, error: 'no waveform overview could be made for this file' };
    const overview = deserialiseOverview(bytes);
    const columns = Math.max(1, Math.min(MAX_OVERVIEW_COLUMNS, Math.floor(params.columns)));
    const q = queryOverview(overview, Math.max(0, params.startFrame), Math.max(params.startFrame + 1, params.endFrame), columns);
    const plain = (a: Float32Array) => Array.from(a, (v) => (Number.isNaN(v) ? null : v));
    return {
      ok: true, sampleRate: overview.sampleRate, channels: overview.channels, totalFrames: overview.totalFrames,
      min: q.min.map(plain), max: q.max.map(plain), blockFrames: q.blockFrames,
    };
  }

  /** Everything known of one file, for the waveform editor's side panel. */
  async fileInfo(absPath: string): Promise<FileInfoResult> {
    await this.fastPass();
    const found = this.findFile(absPath);
    if (!found) return null;
    const v = this.validations.find((x) => x.delivery === found.delivery)!;
    const report = v.result.files.find((r) => r.path === found.file.path);
    const metadata = found.file.format ? await this.metadataOf(absolutePath(found.delivery.root, found.file.path), found.file) : null;
    return { delivery: found.delivery.root, file: fileDto(found.file, report?.analysis ?? null), findings: v.findings.filter((f) => f.file === found.file.path), metadata };
  }

  /**
   * BWF/iXML of a file of the model: bext from its memoised probe, the iXML body read once per
   * size + mtime. Without a probe of this very version (a newer run is probing it), read afresh.
   */
  private metadataOf(absPath: string, file: DeliveryFile): Promise<BroadcastMetadata | null> {
    const held = this.metadata.get(absPath, file);
    if (held) return held;
    const probed = this.probes.get(absPath, file);
    if (!probed) return readMetadataOf(absPath);
    const read = probed.format && probed.details
      ? metadataFromProbe(probed.format, probed.details, (offset, length) => readFileRange(absPath, offset, length)).catch(() => null)
      : Promise.resolve(null);
    this.metadata.set(absPath, file, read);
    return read;
  }

  private findFile(absPath: string): { delivery: Delivery; file: DeliveryFile } | null {
    const target = path.resolve(absPath);
    for (const { delivery } of this.validations) {
      const rel = relativePath(delivery.root, target);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      const file = delivery.files.find((f) => f.path === rel);
      if (file) return { delivery, file };
    }
    return null;
  }

  /** Sends the diagnostics of every file whose diagnostics changed since last sent, and clears the rest. */
  private publish(generation: number): void {
    const now = new Map<string, string>();
    for (const v of this.validations) {
      for (const [uri, diagnostics] of diagnosticsByUri(v.delivery.root, v.delivery.specPath, v.findings)) {
        const text = JSON.stringify(diagnostics);
        now.set(uri, text);
        if (this.published.get(uri) !== text) void this.connection.sendDiagnostics({ uri, diagnostics });
      }
    }
    for (const uri of this.published.keys()) if (!now.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.published = now;
    void this.connection.sendNotification(ModelChangedNotification.method, { generation } satisfies ParamsOf<typeof ModelChangedNotification>);
  }

  private snapshot(): ModelResult {
    return { generation: this.generation, deliveries: this.validations.map(toDto) };
  }
}

/** The same analysis objects for the same files (the analyzer hands out what it holds). */
function sameAnalyses(a: ReadonlyMap<string, StoredAnalysis>, b: ReadonlyMap<string, StoredAnalysis>): boolean {
  if (a.size !== b.size) return false;
  for (const [file, stored] of a) if (b.get(file) !== stored) return false;
  return true;
}

/** Drops what is remembered of files no delivery holds any more. */
function forgetGone(memos: ReadonlyArray<FileMemo<unknown>>, deliveries: readonly Delivery[]): void {
  const held = new Set(deliveries.flatMap((d) => d.files.map((f) => absolutePath(d.root, f.path))));
  for (const memo of memos) memo.retain((abs) => held.has(abs));
}

/**
 * Leaves out audio files that changed in the last SETTLE_MS and look cut short: not analysed, no
 * header issues reported until they settle. Returns how many were held back.
 */
function holdBackSettling(delivery: Delivery): number {
  const now = Date.now();
  let held = 0;
  for (const f of delivery.files) {
    if (now - f.mtimeMs >= SETTLE_MS || !f.probe?.issues.some((i) => IN_PROGRESS_ISSUES.has(i.code))) continue;
    f.probe = { container: f.probe.container, issues: [] };
    f.format = null;
    f.settling = true;
    held++;
  }
  return held;
}

function toDto(v: Validation): DeliveryDto {
  const { delivery, result } = v;
  return {
    root: delivery.root,
    name: path.basename(delivery.root),
    specPath: delivery.specPath,
    // result.files is built from delivery.files in the same order (buildResult): index, not search.
    files: delivery.files.map((f, i) => fileDto(f, result.files[i]?.analysis ?? null)),
    findings: result.findings,
    summary: { errors: result.summary.errors, warnings: result.summary.warnings, infos: result.summary.infos },
    required: { stems: [...delivery.effective.stems.required], references: [...delivery.effective.references.required] },
    nullTest: delivery.nullTest,
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
    description: f.settling ? 'being written…' : f.format ? describeFormat(f.format) : f.audio ? 'not readable' : '',
  };
}

/** BWF/iXML of one file (header chunks only); null when unreadable or absent. */
async function readMetadataOf(absPath: string): Promise<BroadcastMetadata | null> {
  const source = await openFileSource(absPath).catch(() => null);
  if (!source) return null;
  try {
    return await readBroadcastMetadata(source);
  } catch {
    return null;
  } finally {
    await source.close().catch(() => undefined);
  }
}
