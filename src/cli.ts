import { parseArgs } from 'node:util';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { validateDelivery } from './core/validate';
import { renderText } from './core/report/text';
import { renderSarif } from './core/report/sarif';
import { renderMarkdown } from './core/report/markdown';
import { roundLevels } from './core/report/round';
import { describeFormat, formatRate } from './core/report/describe';
import { fileReport } from './core/report/result';
import { severityRank, type Severity } from './core/findings';
import { probeFile } from './core/audio/probeFile';
import { classify, isAudioExtension } from './core/delivery/classify';
import { loadDelivery } from './core/delivery/delivery';
import { DeliveryAnalyzer, type AnalyseProgress } from './core/analysis/deliveryAnalyzer';
import { userCacheDir } from './core/analysis/analysisCache';
import { RULES, ruleDocPath } from './core/rules';
import { PRESET_IDS } from './core/spec/effectiveSpec';
import { ALT_MIX_KINDS, ALT_MIX_NAMES, DEFAULT_VOCAL_DB, renderAltMix, type AltMixKind, type AltMixOutcome } from './core/render/altMix';
import type { AudioFormat } from './core/audio/format';

/** Exit codes of DESIGN.md: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error. */
const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;

class UsageError extends Error {}

const CHECK_FORMATS = ['text', 'json', 'sarif', 'markdown'];

const HELP: Record<string, string> = {
  main: `audio-deliverables — check an audio delivery (multi-tracks, stems, references) against its spec

Usage:
  audio-deliverables check DIR [--spec FILE] [--preset ID] [--format text|json|sarif|markdown]
                             [--fail-on error|warning|info|never] [--jobs N] [--no-cache]
  audio-deliverables info FILE [--format text|json] [--no-cache]
  audio-deliverables render-alt DIR --kind ${ALT_MIX_KINDS.join('|')}
                             [--db N] [--out FILE] [--spec FILE] [--preset ID] [--format text|json]
  audio-deliverables rules [--format text|json]
  audio-deliverables help [COMMAND]

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.`,
  check: `audio-deliverables check DIR [options]

Scans DIR (a delivery folder), classifies every file and reports findings.
  --spec FILE        delivery.json to use (default: DIR/delivery.json, if present)
  --preset ID        preset when delivery.json names none: ${PRESET_IDS.join(', ')}
  --format FMT       text (default), json (the documented JSON contract; schema in schemas/),
                     sarif (SARIF 2.1.0 for code-scanning tools) or markdown (a report for a client)
  --fail-on LEVEL    error (default), warning, info or never: exit 1 at or above it
  --jobs N           analysis worker threads (default: the number of cores)
  --no-cache         analyse every file again (the cache lives in the user's cache folder)`,
  info: `audio-deliverables info FILE [--format text|json] [--no-cache]

Prints one audio file's format and measured levels, as one file object of check's JSON output.`,
  'render-alt': `audio-deliverables render-alt DIR --kind KIND [options]

Prints an alternate mix of the delivery in DIR from its stems, summed in lockstep:
  instrumental   every stem but vocals and backing vocals
  a-cappella     vocals and backing vocals only
  tv             every stem but the lead vocal (backing vocals stay)
  vocal-up       every stem, the lead vocal raised by --db (backing vocals at unity)
  vocal-down     every stem, the lead vocal lowered by --db
The file has the stems' sample rate and channels and the widest of their sample formats (integer
output is TPDF-dithered). Stems of different lengths are rendered to the longest.
  --db N         vocal change in dB for vocal-up / vocal-down (default ${DEFAULT_VOCAL_DB})
  --out FILE     where to write (default: <references folder>/<Artist>_<Title>_<Kind>.wav)
  --spec FILE    delivery.json to use; --preset ID as for check
  --format FMT   text (default) or json
An existing file is never overwritten: " (2)", " (3)"… is added to the name.`,
  rules: `audio-deliverables rules [--format text|json]

Lists every rule: its id, default severity, what it checks and its documentation page.
Turn a rule off or change its severity in delivery.json: "rules": { "naming/generic": "off" }.`,
};

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest, out, err);
      case 'info':
        return await info(rest, out);
      case 'render-alt':
        return await renderAlt(rest, out, err);
      case 'rules':
        return rules(rest, out);
      case 'help':
      case '--help':
      case '-h':
      case undefined:
        out.write(HELP[rest[0] ?? 'main'] ?? HELP.main!);
        out.write('\n');
        return command === undefined ? EXIT_USAGE : EXIT_CLEAN;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err.write(`audio-deliverables: ${(e as Error).message}\nRun 'audio-deliverables help ${command ?? ''}' for usage.\n`);
      return EXIT_USAGE;
    }
    err.write(`audio-deliverables: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
}

async function check(args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      spec: { type: 'string' },
      preset: { type: 'string' },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
      jobs: { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return printHelp('check', out);
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) throw new UsageError('--jobs must be a whole number from 1 to 64');
  if (positionals.length !== 1) throw new UsageError('check takes exactly one delivery folder');
  const format = oneOf(values.format, CHECK_FORMATS, '--format');
  const failOn = oneOf(values['fail-on'], ['error', 'warning', 'info', 'never'], '--fail-on');
  const preset = values.preset === undefined ? undefined : oneOf(values.preset, [...PRESET_IDS], '--preset');
  const dir = await deliveryFolder(positionals[0]!, values.spec);

  const analyzer = new DeliveryAnalyzer({ jobs, cacheDir: values['no-cache'] ? null : userCacheDir() });
  let validation;
  try {
    validation = await validateDelivery(dir, { specPath: values.spec, preset, analyzer, onProgress: progressReporter(err) });
  } finally {
    await analyzer.close();
  }
  const { result, delivery } = validation;
  warnIfPresetUnused(preset, delivery.effective.preset, err);
  switch (format) {
    case 'json': out.write(JSON.stringify(result, roundLevels, 2) + '\n'); break;
    case 'sarif': out.write(renderSarif(result, delivery, { packageRoot: packageRoot() })); break;
    case 'markdown': out.write(renderMarkdown(result, delivery)); break;
    default: out.write(renderText(result, { color: isTty(out) }));
  }
  if (failOn === 'never') return EXIT_CLEAN;
  const threshold = severityRank(failOn as Severity);
  return result.findings.some((f) => severityRank(f.severity) >= threshold) ? EXIT_FINDINGS : EXIT_CLEAN;
}

async function info(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string', default: 'text' }, 'no-cache': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return printHelp('info', out);
  if (positionals.length !== 1) throw new UsageError('info takes exactly one file');
  const format = oneOf(values.format, ['text', 'json'], '--format');
  const absFile = path.resolve(positionals[0]!);
  const st = await fs.stat(absFile).catch(() => null);
  if (!st?.isFile()) throw new UsageError(`${positionals[0]} is not a file`);
  const name = path.basename(absFile);
  const audio = isAudioExtension(name);
  const probed = await probeFile(absFile, name);
  const file = {
    path: name, size: st.size, mtimeMs: st.mtimeMs, audio, ...classify(name, audio),
    format: probed.format, probe: { container: probed.container, issues: probed.issues },
  };
  const analyzer = new DeliveryAnalyzer({ jobs: 0, cacheDir: values['no-cache'] ? null : userCacheDir() });
  const analyses = await analyzer.analyse(path.dirname(absFile), [file]);
  const report = fileReport(file, analyses.get(name));
  if (format === 'json') out.write(JSON.stringify(report, roundLevels, 2) + '\n');
  else {
    out.write(`${absFile}\n`);
    for (const [k, v] of Object.entries({ ...(report.format ?? { format: 'not readable' }), ...(report.analysis ?? {}) })) {
      out.write(`  ${k.padEnd(20)} ${String(roundLevels(k, v))}\n`);
    }
    for (const i of probed.issues) out.write(`  ${i.code}: ${i.message}\n`);
  }
  return EXIT_CLEAN;
}

async function renderAlt(args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      db: { type: 'string' },
      out: { type: 'string' },
      spec: { type: 'string' },
      preset: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return printHelp('render-alt', out);
  if (positionals.length !== 1) throw new UsageError('render-alt takes exactly one delivery folder');
  if (values.kind === undefined) throw new UsageError(`render-alt needs --kind (${ALT_MIX_KINDS.join(', ')})`);
  const kind = oneOf(values.kind, [...ALT_MIX_KINDS], '--kind') as AltMixKind;
  const format = oneOf(values.format, ['text', 'json'], '--format');
  const preset = values.preset === undefined ? undefined : oneOf(values.preset, [...PRESET_IDS], '--preset');
  let db: number | undefined;
  if (values.db !== undefined) {
    if (kind !== 'vocal-up' && kind !== 'vocal-down') throw new UsageError('--db applies to vocal-up and vocal-down only');
    db = Number(values.db);
    if (!(Number.isFinite(db) && db > 0 && db <= 24)) throw new UsageError('--db must be a number of dB above 0 and at most 24 (the direction comes from --kind)');
  }
  if (values.out !== undefined && path.extname(values.out).toLowerCase() !== '.wav') throw new UsageError('--out must name a .wav file');
  const dir = await deliveryFolder(positionals[0]!, values.spec);
  const delivery = await loadDelivery(dir, { specPath: values.spec, preset });
  warnIfPresetUnused(preset, delivery.effective.preset, err);
  const outcome = await renderAltMix(delivery, { kind, db, out: values.out, onProgress: renderProgress(err) });
  if (format === 'json') out.write(JSON.stringify({ ...outcome, root: delivery.root }, roundLevels, 2) + '\n');
  else out.write(describeRender(outcome, delivery.root));
  return EXIT_CLEAN;
}

/** What was written, from what, and whether it clipped: the summary an engineer reads. */
function describeRender(o: AltMixOutcome, root: string): string {
  const shown = (file: string) => (path.relative(root, file).startsWith('..') ? file : path.relative(root, file).split(path.sep).join('/'));
  const f = o.format;
  const fmt: AudioFormat = { container: 'wav', codec: f.float ? 'float' : 'pcm', sampleRate: f.sampleRate, bitDepth: f.bitDepth, channels: f.channels, frames: o.frames, durationSec: o.durationSec, timeReference: null };
  const gain = (db: number) => (db === 0 ? '0 dB' : `${db > 0 ? '+' : ''}${db} dB`);
  const lines = [
    `Rendered the ${ALT_MIX_NAMES[o.kind]}: ${shown(o.file)}`,
    `  ${describeFormat(fmt)} (${o.frames} samples at ${formatRate(f.sampleRate)})${f.float ? '' : ', TPDF-dithered'}`,
    `  from ${o.stems.length} stem${o.stems.length === 1 ? '' : 's'}: ${o.stems.map((s) => `${s.path} (${gain(s.gainDb)})`).join(', ')}`,
  ];
  if (o.leftOut.length > 0) lines.push(`  left out: ${o.leftOut.join(', ')}`);
  const peak = o.peakDbfs === null ? 'silent' : `peak ${o.peakDbfs.toFixed(1)} dBFS`;
  lines.push(o.clippedSamples > 0
    ? `  ${peak}; WARNING: ${o.clippedSamples} samples ${f.float ? 'beyond full scale (they clip when converted to integer)' : 'clipped'}: lower the stems' gain or render from float stems`
    : `  ${peak}, no clipped samples`);
  for (const n of o.notes) lines.push(`  note: ${n}`);
  return lines.join('\n') + '\n';
}

function rules(args: string[], out: NodeJS.WritableStream): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) return printHelp('rules', out);
  if (positionals.length > 0) throw new UsageError('rules takes no arguments');
  const format = oneOf(values.format, ['text', 'json'], '--format');
  const root = packageRoot();
  const list = RULES.map((r) => ({ id: r.id, defaultSeverity: r.defaultSeverity, summary: r.summary, docs: path.join(root, ruleDocPath(r.id)) }));
  if (format === 'json') {
    out.write(JSON.stringify(list, null, 2) + '\n');
    return EXIT_CLEAN;
  }
  const idWidth = Math.max(...list.map((r) => r.id.length));
  for (const r of list) {
    out.write(`${r.id.padEnd(idWidth)}  ${r.defaultSeverity.padEnd(7)}  ${r.summary}\n${' '.repeat(idWidth + 11)}${r.docs}\n`);
  }
  return EXIT_CLEAN;
}

/** The folder a command works on; a usage error when it is not one, or --spec is missing. */
async function deliveryFolder(given: string, spec: string | undefined): Promise<string> {
  const dir = path.resolve(given);
  const st = await fs.stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new UsageError(`${given} is not a folder`);
  if (spec && !(await fs.stat(spec).catch(() => null))?.isFile()) throw new UsageError(`--spec ${spec} does not exist`);
  return dir;
}

/** --preset only fills in for a delivery.json that names none; say so rather than ignore it silently. */
function warnIfPresetUnused(requested: string | undefined, effective: string, err: NodeJS.WritableStream): void {
  if (requested !== undefined && requested !== effective) {
    err.write(`audio-deliverables: delivery.json names the preset ${effective}; --preset ${requested} applies only to deliveries whose spec names none\n`);
  }
}

/**
 * The installed package: the nearest folder above this script that holds package.json and docs/
 * (dist/.. once installed, the repository when run from compiled tests). Rule docs live there.
 */
function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'docs'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '..');
  }
}

/** A one-line progress meter on stderr, only when a person is watching a terminal; 10 updates a second at most. */
function progressLine(err: NodeJS.WritableStream): ((text: string, finished: boolean) => void) | undefined {
  if (!isTty(err)) return undefined;
  let last = 0;
  return (text, finished) => {
    const now = Date.now();
    if (now - last < 100 && !finished) return;
    last = now;
    err.write(`\r${text}${finished ? '\n' : ''}`);
  };
}

function progressReporter(err: NodeJS.WritableStream): ((p: AnalyseProgress) => void) | undefined {
  const line = progressLine(err);
  return line && ((p) => {
    const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
    line(`analysing ${p.filesDone}/${p.filesTotal} files (${pct} %)`, p.filesDone === p.filesTotal);
  });
}

function renderProgress(err: NodeJS.WritableStream): ((done: number, total: number) => void) | undefined {
  const line = progressLine(err);
  return line && ((done, total) => line(`rendering ${total > 0 ? Math.floor((100 * done) / total) : 100} %`, done >= total));
}

function printHelp(command: string, out: NodeJS.WritableStream): number {
  out.write(HELP[command] + '\n');
  return EXIT_CLEAN;
}

function oneOf(value: string | undefined, allowed: string[], flag: string): string {
  if (value === undefined || !allowed.includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}`);
  return value;
}

function isTty(stream: NodeJS.WritableStream): boolean {
  return (stream as NodeJS.WriteStream).isTTY === true && !process.env.NO_COLOR;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => { process.stderr.write(`audio-deliverables: ${String(e)}\n`); process.exitCode = EXIT_USAGE; },
  );
}
