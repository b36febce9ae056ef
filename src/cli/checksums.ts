import { parseArgs } from 'node:util';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadDelivery } from '../core/delivery/delivery';
import { DEFAULT_MANIFEST_NAME, manifestFiles } from '../core/integrity/manifestFiles';
import { MAX_MANIFEST_BYTES, parseManifest, sha256File, verifyChecksums, writeManifest, type ChecksumOutcome } from '../core/integrity/checksums';
import { EXIT_CLEAN, EXIT_FINDINGS, UsageError, deliveryFolder, oneOf, shownPath, type Out } from './args';
import { printHelp } from './help';
import { hashProgress, progressLine } from './progress';
import { relativePath } from '../core/delivery/deliveryPath';

/** `checksums write|verify DIR`. */
export async function checksums(args: string[], out: Out, err: Out): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'write':
      return await writeCommand(rest, out, err);
    case 'verify':
      return await verifyCommand(rest, out, err);
    case 'help':
    case '--help':
    case '-h':
      return printHelp('checksums', out);
    case undefined:
      throw new UsageError('checksums needs a subcommand: write or verify');
    default:
      throw new UsageError(`unknown checksums subcommand '${sub}': use write or verify`);
  }
}

async function writeCommand(args: string[], out: Out, err: Out): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return printHelp('checksums write', out);
  if (positionals.length !== 1) throw new UsageError('checksums write takes exactly one delivery folder');
  if (values.out === '') throw new UsageError('--out needs a file name');
  const dir = await deliveryFolder(positionals[0]!, undefined);
  const delivery = await loadDelivery(dir);
  const files = await manifestFiles(delivery);
  if (files.length === 0) throw new Error(`${dir} holds no files to list; no manifest was written`);
  const manifest = values.out !== undefined ? path.resolve(values.out) : path.resolve(dir, delivery.effective.checksums ?? DEFAULT_MANIFEST_NAME);

  // Ctrl-C while hashing: stop, and let writeManifest remove the partial manifest rather than leave one that lists half the delivery.
  const abort = new AbortController();
  const stop = () => abort.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let written;
  try {
    const progress = hashProgress(err);
    written = await writeManifest(dir, files, manifest, { signal: abort.signal, onFile: progress && ((_rel, done, total) => progress(done, total)) });
  } catch (e) {
    if (abort.signal.aborted) throw new Error('interrupted; the partial manifest was removed');
    throw e;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  const n = written.entries.length;
  out.write(`Wrote ${shownPath(dir, written.manifest)}: SHA-256 of ${n} file${n === 1 ? '' : 's'}\n`);
  out.write(`  check it with 'audio-deliverables checksums verify', or 'sha256sum -c ${path.basename(written.manifest)}' in ${path.dirname(written.manifest)}\n`);
  return EXIT_CLEAN;
}

/** What `checksums verify --format json` prints. */
export interface VerifyReport {
  version: 1;
  root: string;
  /** The manifest, relative to the root when inside it. */
  manifest: string;
  /** True when every listed file is present and matches. */
  ok: boolean;
  /** Listed files that were hashed (present in the delivery). */
  checked: number;
  /** `actual` is null when the file could not be read. */
  mismatches: Array<{ path: string; expected: string; actual: string | null }>;
  /** Listed files that are not in the delivery. */
  absent: string[];
  /** Audio files the manifest does not list (warnings). */
  unlisted: string[];
  /** Manifest lines that are not checksum lines (warnings). */
  badLines: number[];
}

async function verifyCommand(args: string[], out: Out, err: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { manifest: { type: 'string' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return printHelp('checksums verify', out);
  if (positionals.length !== 1) throw new UsageError('checksums verify takes exactly one delivery folder');
  const format = oneOf(values.format, ['text', 'json'], '--format');
  if (values.manifest === '') throw new UsageError('--manifest needs a file name');
  const dir = await deliveryFolder(positionals[0]!, undefined);
  const delivery = await loadDelivery(dir);
  const manifestAbs = values.manifest !== undefined ? path.resolve(values.manifest) : path.resolve(dir, delivery.effective.checksums ?? DEFAULT_MANIFEST_NAME);
  const shown = shownPath(dir, manifestAbs);
  const missing = () => (values.manifest !== undefined
    ? new UsageError(`--manifest ${values.manifest} does not exist`)
    : new Error(`no checksum manifest at ${shown} in ${dir}: write one with 'audio-deliverables checksums write', or name one with --manifest`));

  const text = await readManifest(manifestAbs, shown);
  if (text === null) throw missing();
  const parsed = parseManifest(text);
  if (parsed.entries.length === 0) throw new Error(`${shown} holds no checksum lines ("<sha256>  <path>", as sha256sum writes them)`);
  // verifyChecksums reads the manifest the spec names; point it at this one.
  delivery.effective.checksums = relativePath(dir, manifestAbs);

  const line = progressLine(err);
  const total = new Set(parsed.entries.map((e) => e.path)).size;
  let checked = 0;
  const outcome = await verifyChecksums(delivery, {
    hashFile: async (abs, signal) => {
      try {
        return await sha256File(abs, signal);
      } finally {
        checked++;
        line?.(`hashing ${checked}/${Math.max(total, checked)} files`, false);
      }
    },
  });
  line?.(`hashing ${checked}/${checked} files`, true);
  if (outcome === null || outcome.manifestMissing) throw missing(); // removed while we read it

  const report = verifyReport(delivery.root, shown, outcome, checked, parsed.badLines);
  out.write(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : describeVerify(report));
  return report.ok ? EXIT_CLEAN : EXIT_FINDINGS;
}

/** The manifest's text; null when there is no such file. Too large to be a manifest is an error. */
async function readManifest(file: string, shown: string): Promise<string | null> {
  const st = await fs.stat(file).catch(() => null);
  if (!st?.isFile()) return null;
  if (st.size > MAX_MANIFEST_BYTES) throw new Error(`${shown} is ${st.size} bytes: too large for a checksum manifest; is it the right file?`);
  return fs.readFile(file, 'utf8');
}

function verifyReport(root: string, manifest: string, o: ChecksumOutcome, checked: number, badLines: number[]): VerifyReport {
  return {
    version: 1, root, manifest,
    ok: o.mismatches.length === 0 && o.absent.length === 0,
    checked,
    mismatches: o.mismatches.map((m) => ({ path: m.path, expected: m.expected, actual: m.actual === '' ? null : m.actual })),
    absent: o.absent, unlisted: o.unlisted, badLines,
  };
}

/** One line per problem, then a summary: what failed first, so it is not scrolled away. */
function describeVerify(r: VerifyReport): string {
  const lines: string[] = [];
  for (const m of r.mismatches) lines.push(`FAILED   ${m.path}: ${m.actual === null ? 'cannot be read' : 'differs from the manifest'}`);
  for (const a of r.absent) lines.push(`ABSENT   ${a}: listed in the manifest, not in the delivery`);
  for (const u of r.unlisted) lines.push(`warning  ${u}: audio file not listed in the manifest`);
  for (const n of r.badLines) lines.push(`warning  ${r.manifest} line ${n}: not a checksum line, ignored`);
  const listed = r.checked + r.absent.length;
  const parts = [`${r.checked - r.mismatches.length} match`];
  if (r.mismatches.length > 0) parts.push(`${r.mismatches.length} ${r.mismatches.length === 1 ? 'differs' : 'differ'}`);
  if (r.absent.length > 0) parts.push(`${r.absent.length} absent`);
  let summary = `${r.ok ? 'OK' : 'FAILED'}: ${listed} file${listed === 1 ? '' : 's'} listed in ${r.manifest}: ${parts.join(', ')}`;
  if (r.unlisted.length > 0) summary += `; ${r.unlisted.length} audio file${r.unlisted.length === 1 ? '' : 's'} not listed`;
  lines.push(summary);
  return lines.join('\n') + '\n';
}
