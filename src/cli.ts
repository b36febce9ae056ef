import { parseArgs } from 'node:util';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { validateDelivery } from './core/validate';
import { renderText } from './core/report/text';
import { fileReport } from './core/report/result';
import { severityRank, type Severity } from './core/findings';
import { probeFile } from './core/audio/probeFile';
import { classify, isAudioExtension } from './core/delivery/classify';
import { DeliveryAnalyzer, type AnalyseProgress } from './core/analysis/deliveryAnalyzer';
import { userCacheDir } from './core/analysis/analysisCache';

/** Exit codes of DESIGN.md: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error. */
const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;

class UsageError extends Error {}

const HELP: Record<string, string> = {
  main: `audio-deliverables — check an audio delivery (multi-tracks, stems, references) against its spec

Usage:
  audio-deliverables check DIR [--spec FILE] [--format text|json] [--fail-on error|warning|info|never]
                             [--jobs N] [--no-cache]
  audio-deliverables info FILE [--format text|json] [--no-cache]
  audio-deliverables help [COMMAND]

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.`,
  check: `audio-deliverables check DIR [options]

Scans DIR (a delivery folder), classifies every file and reports findings.
  --spec FILE        delivery.json to use (default: DIR/delivery.json, if present)
  --format FMT       text (default) or json
  --fail-on LEVEL    error (default), warning, info or never: exit 1 at or above it
  --jobs N           analysis worker threads (default: the number of cores)
  --no-cache         analyse every file again (the cache lives in the user's cache folder)`,
  info: `audio-deliverables info FILE [--format text|json]

Prints one audio file's format and measured levels, as one file object of check's JSON output.`,
};

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await check(rest, out, err);
      case 'info':
        return await info(rest, out);
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
  const format = oneOf(values.format, ['text', 'json'], '--format');
  const failOn = oneOf(values['fail-on'], ['error', 'warning', 'info', 'never'], '--fail-on');
  const dir = path.resolve(positionals[0]!);
  const st = await fs.stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new UsageError(`${positionals[0]} is not a folder`);
  if (values.spec && !(await fs.stat(values.spec).catch(() => null))?.isFile()) throw new UsageError(`--spec ${values.spec} does not exist`);

  const analyzer = new DeliveryAnalyzer({ jobs, cacheDir: values['no-cache'] ? null : userCacheDir() });
  let result;
  try {
    ({ result } = await validateDelivery(dir, { specPath: values.spec, analyzer, onProgress: progressReporter(err) }));
  } finally {
    await analyzer.close();
  }
  out.write(format === 'json' ? JSON.stringify(result, roundLevels, 2) + '\n' : renderText(result, { color: isTty(out) }));
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

/** A one-line progress meter on stderr, only when a person is watching a terminal. */
function progressReporter(err: NodeJS.WritableStream): ((p: AnalyseProgress) => void) | undefined {
  if (!isTty(err)) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 100 && p.filesDone < p.filesTotal) return;
    last = now;
    const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
    err.write(`\ranalysing ${p.filesDone}/${p.filesTotal} files (${pct} %)${p.filesDone === p.filesTotal ? '\n' : ''}`);
  };
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

/** Levels and durations are rounded at output only (DESIGN.md): 0.1 for dB, 1 ms for seconds. */
function roundLevels(key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isInteger(value)) return value;
  if (/Db|Dbfs|Dbtp|Lufs|Lu$/.test(key)) return Math.round(value * 10) / 10;
  if (/Sec$/.test(key)) return Math.round(value * 1000) / 1000;
  return value;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => { process.stderr.write(`audio-deliverables: ${String(e)}\n`); process.exitCode = EXIT_USAGE; },
  );
}
