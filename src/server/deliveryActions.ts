import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { CancellationToken, Connection, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { runNullTest } from '../core/analysis/nullTest';
import type { Delivery } from '../core/delivery/delivery';
import type { Finding } from '../core/findings';
import { ManifestExistsError, verifyChecksums, writeManifest } from '../core/integrity/checksums';
import { DEFAULT_MANIFEST_NAME, manifestFiles } from '../core/integrity/manifestFiles';
import { ALT_MIX_NAMES, AltMixError, renderAltMix, type AltMixOutcome } from '../core/render/altMix';
import { renderMarkdown } from '../core/report/markdown';
import { roundLevels } from '../core/report/round';
import { renderSarif } from '../core/report/sarif';
import { renderText } from '../core/report/text';
import type { ChecksumsVerified, ChecksumsWritten, NullTestBody, RenamePlan, Reply } from '../shared/protocol';
import { altMixKind, deliveryRoot, nullTestMix, paramsObject, progressToken, renameTarget, reportFormat, vocalDb, type Checked } from './requestParams';
import type { Validation } from '../core/validate';
import { absolutePath, relativePath } from '../core/delivery/deliveryPath';

/** What the actions need of the server's state (WorkspaceValidator has it; tests pass a fake). */
export interface DeliveryHost {
  /** Roots of the deliveries held, as of the latest fast pass. */
  roots(): Promise<string[]>;
  validationOf(root: string): Promise<Validation | null>;
  /** Resolves when the running validation (analysis included) has ended. */
  settled(): Promise<void>;
  /** The delivery as it is on disk now. */
  loadNow(root: string): Promise<Delivery>;
  hashFile(absPath: string, signal?: AbortSignal): Promise<string>;
  /** Re-validates soon (after a write). */
  schedule(): void;
}

/** The parts of the LSP connection the actions use. */
export interface ActionConnection {
  console: Pick<Connection['console'], 'error'>;
  window: Pick<Connection['window'], 'attachWorkDoneProgress'>;
}

/**
 * The commands' heavy work, on the server: reports, checksum manifests, alternate mixes, the null
 * test, rename plans. Every request is checked first (requestParams.ts); expected refusals come
 * back as `{ ok: false, error }` sentences, cancellation stops the work and says so, anything
 * unexpected is logged in full and answered in one line.
 */
export class DeliveryActions {
  constructor(
    private readonly validator: DeliveryHost,
    private readonly connection: ActionConnection,
    /** The installed extension (dist/..): SARIF rule help points at the docs there. */
    private readonly packageRoot: string,
  ) {}

  /** The delivery's current validation (waiting for a running analysis to end) as a report. */
  async report(params: unknown, token: CancellationToken): Promise<Reply<{ text: string }>> {
    return this.act(params, token, async ({ p, root, progress, signal }) => {
      const format = unwrap(reportFormat(p.format));
      progress.begin('Delivery report', undefined, 'waiting for the analysis to end');
      try {
        await Promise.race([this.validator.settled(), aborted(signal)]);
      } finally {
        progress.done();
      }
      const v = await this.validator.validationOf(root);
      if (!v) throw new Refusal(`${root} is no longer a delivery of this workspace`);
      switch (format) {
        case 'markdown': return renderMarkdown(v.result, v.delivery);
        case 'sarif': return renderSarif(v.result, v.delivery, { packageRoot: this.packageRoot });
        case 'json': return JSON.stringify(v.result, roundLevels, 2) + '\n';
        case 'text': return renderText(v.result, { color: false });
      }
    }).then((r) => (r.ok ? { ok: true, body: { text: r.body } } : r));
  }

  /** A sha256sum manifest of every file, at the name delivery.json gives (else checksums.sha256). */
  async writeChecksums(params: unknown, token: CancellationToken): Promise<Reply<ChecksumsWritten>> {
    return this.act(params, token, async ({ root, progress, signal }) => {
      const delivery = await this.validator.loadNow(root);
      const named = delivery.effective.checksums;
      const manifest = insideRoot(root, named ?? DEFAULT_MANIFEST_NAME);
      const files = await manifestFiles(delivery);
      if (files.length === 0) throw new Refusal('the delivery holds no files to list; no manifest was written');
      progress.begin('Writing checksums', 0, `${files.length} files`);
      try {
        const written = await writeManifest(root, files, manifest, {
          signal,
          onFile: (rel, done, total) => progress.report(Math.floor((100 * done) / total), `${done}/${total} · ${rel}`),
        });
        this.validator.schedule();
        return { manifest: written.manifest, files: written.entries.length, named: named !== null };
      } catch (err) {
        if (err instanceof ManifestExistsError) {
          throw new Refusal(`${relativePath(root, manifest)} already exists and was not overwritten. Verify the delivery against it (Deliverables: Verify Checksums), or move it away to write a new one.`);
        }
        throw err;
      } finally {
        progress.done();
      }
    });
  }

  /** The delivery against its manifest: delivery.json's, else checksums.sha256 at the root. */
  async verifyChecksums(params: unknown, token: CancellationToken): Promise<Reply<ChecksumsVerified>> {
    return this.act(params, token, async ({ root, progress, signal }) => {
      const delivery = await this.validator.loadNow(root);
      const named = delivery.effective.checksums;
      if (named === null && !(await isFile(path.join(root, DEFAULT_MANIFEST_NAME)))) {
        throw new Refusal(`delivery.json names no checksum manifest ("checksums") and there is no ${DEFAULT_MANIFEST_NAME} in the delivery; write one with Deliverables: Write Checksums.`);
      }
      const manifest = relativePath(root, insideRoot(root, named ?? DEFAULT_MANIFEST_NAME));
      // verifyChecksums reads the manifest the spec names; this delivery object is ours alone.
      delivery.effective.checksums = manifest;
      progress.begin('Verifying checksums', undefined, manifest);
      let checked = 0;
      try {
        const outcome = await verifyChecksums(delivery, {
          signal,
          hashFile: async (abs, s) => {
            try {
              return await this.validator.hashFile(abs, s);
            } finally {
              progress.report(`${++checked} files hashed`);
            }
          },
        });
        if (!outcome || outcome.manifestMissing) throw new Refusal(`${manifest} cannot be read as a checksum manifest`);
        return {
          manifest, named: named !== null, checked,
          mismatches: outcome.mismatches.filter((m) => m.actual !== '').map((m) => m.path),
          unreadable: outcome.mismatches.filter((m) => m.actual === '').map((m) => m.path),
          absent: outcome.absent,
          unlisted: outcome.unlisted,
        };
      } finally {
        progress.done();
      }
    });
  }

  /** An alternate mix from the stems, written beside the references under a new name. */
  async altMix(params: unknown, token: CancellationToken): Promise<Reply<AltMixOutcome>> {
    return this.act(params, token, async ({ p, root, progress, signal }) => {
      const kind = unwrap(altMixKind(p.kind));
      const db = unwrap(vocalDb(p.db));
      const delivery = await this.validator.loadNow(root);
      progress.begin(`Rendering the ${ALT_MIX_NAMES[kind]}`, 0);
      let shown = -1;
      try {
        const outcome = await renderAltMix(delivery, {
          kind, db, signal,
          onProgress: (done, total) => {
            const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
            if (pct !== shown) progress.report((shown = pct));
          },
        });
        this.validator.schedule();
        return outcome;
      } finally {
        progress.done();
      }
    });
  }

  /**
   * The null test now: against the given mix, else the one delivery.json names. Without either,
   * answers with the delivery's references so the client can ask which one is the mix.
   */
  async nullTest(params: unknown, token: CancellationToken): Promise<Reply<NullTestBody>> {
    return this.act(params, token, async ({ p, root, progress, signal }): Promise<NullTestBody> => {
      const delivery = await this.validator.loadNow(root);
      const given = unwrap(nullTestMix(p.mix, delivery.files));
      const spec = delivery.effective.stems.nullTest;
      if (given === undefined && spec === null) return { status: 'choose-mix', references: referencesOf(delivery) };
      const mix = given ?? spec!.mix;
      const specNamesIt = spec !== null && samePath(spec.mix, mix);
      progress.begin('Null test', undefined, `the stems against ${mix}`);
      const outcome = await runNullTest(withNullTestMix(delivery, mix, spec?.maxResidualDb ?? -40), { signal }).finally(() => progress.done());
      if (!outcome) throw new Error('the null test did not run');
      return { status: 'measured', outcome, maxResidualDb: specNamesIt ? spec.maxResidualDb : null };
    });
  }

  /** The renames naming/pattern suggests, each checked: same folder, target free, no two alike. */
  async renamePlan(params: unknown, token: CancellationToken): Promise<Reply<RenamePlan>> {
    return this.guard(token, async (): Promise<RenamePlan> => {
      const p = unwrap(paramsObject(params));
      const all = await this.validator.roots();
      const roots = p.root === undefined ? all : [unwrap(deliveryRoot(p, all))];
      const plan: RenamePlan = { renames: [], skipped: [] };
      for (const root of roots) {
        const v = await this.validator.validationOf(root);
        if (v) await planDelivery(root, v.findings, plan);
      }
      return plan;
    });
  }

  /**
   * The shape of every action on one delivery: the params checked, work-done progress against the
   * client's token (none when it sent none), the delivery's root checked, then `work` in guard().
   */
  private act<T>(params: unknown, token: CancellationToken, work: (a: ActionContext) => Promise<T>): Promise<Reply<T>> {
    const checked = paramsObject(params);
    const progress = this.connection.window.attachWorkDoneProgress(checked.ok ? progressToken(checked.value.workDoneToken) : undefined);
    return this.guard(token, async (signal) => {
      const p = unwrap(checked);
      const root = unwrap(deliveryRoot(p, await this.validator.roots()));
      return work({ p, root, progress, signal });
    });
  }

  /** Runs an action with an AbortSignal tied to the request; turns failures into replies. */
  private async guard<T>(token: CancellationToken, action: (signal: AbortSignal) => Promise<T>): Promise<Reply<T>> {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort(new Error('cancelled')));
    if (token.isCancellationRequested) controller.abort(new Error('cancelled'));
    try {
      return { ok: true, body: await action(controller.signal) };
    } catch (err) {
      if (controller.signal.aborted) return { ok: false, error: 'cancelled' };
      if (err instanceof Refusal || err instanceof AltMixError) return { ok: false, error: err.message };
      this.connection.console.error(`action failed: ${(err as Error).stack ?? String(err)}`);
      return { ok: false, error: (err as Error).message ?? String(err) };
    } finally {
      subscription.dispose();
    }
  }
}

/** What act() hands an action: its checked params, the delivery's root, progress and cancellation. */
interface ActionContext {
  p: Record<string, unknown>;
  root: string;
  progress: WorkDoneProgressReporter;
  signal: AbortSignal;
}

/** An expected refusal: its message is the reply, and it is not logged as a failure. */
class Refusal extends Error {}

function unwrap<T>(checked: Checked<T>): T {
  if (!checked.ok) throw new Refusal(checked.error);
  return checked.value;
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** The absolute path of a spec-given file, refused when it leads out of the delivery. */
function insideRoot(root: string, rel: string): string {
  const abs = path.resolve(root, rel);
  const back = path.relative(root, abs);
  if (back === '' || back.startsWith('..') || path.isAbsolute(back)) throw new Refusal(`${rel} is not a file inside the delivery`);
  return abs;
}

async function isFile(abs: string): Promise<boolean> {
  return (await fs.stat(abs).catch(() => null))?.isFile() ?? false;
}

function samePath(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\\/g, '/').replace(/^(\.\/)+/, '').toLowerCase();
  return norm(a) === norm(b);
}

/** The delivery with a null test against `mix` in its effective spec (a copy; the original stays). */
function withNullTestMix(delivery: Delivery, mix: string, maxResidualDb: number): Delivery {
  const { effective } = delivery;
  return { ...delivery, effective: { ...effective, stems: { ...effective.stems, nullTest: { mix, maxResidualDb } } } };
}

/** Audio references, the main mix first: the likely mixes for a null test. */
function referencesOf(delivery: Delivery): Array<{ path: string; kind: Delivery['files'][number]['kind'] }> {
  return delivery.files
    .filter((f) => f.role === 'reference' && f.audio)
    .map((f) => ({ path: f.path, kind: f.kind }))
    .sort((a, b) => Number(b.kind === 'main') - Number(a.kind === 'main') || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function planDelivery(root: string, findings: readonly Finding[], plan: RenamePlan): Promise<void> {
  const claimed = new Set<string>();
  for (const f of findings) {
    if (f.rule !== 'naming/pattern' || f.file === null) continue;
    const from = absolutePath(root, f.file);
    const target = renameTarget(f.file, f.data?.expected);
    const skip = (to: string, reason: string) => plan.skipped.push({ root, from, to, reason });
    if (!target.ok) {
      skip(from, target.error);
      continue;
    }
    const to = absolutePath(root, target.value);
    if (to === from) continue;
    // Compared without case: on macOS and Windows volumes "A.wav" and "a.wav" are one file.
    const key = to.toLowerCase();
    if (claimed.has(key)) {
      skip(to, 'another file of the delivery is to get this name');
      continue;
    }
    const source = await fs.lstat(from).catch(() => null);
    if (!source) {
      skip(to, `${f.file} is no longer there`);
      continue;
    }
    const existing = await fs.lstat(to).catch(() => null);
    if (existing && !(existing.ino === source.ino && existing.dev === source.dev)) {
      skip(to, 'a file with this name already exists');
      continue;
    }
    claimed.add(key);
    plan.renames.push({ root, from, to });
  }
}
