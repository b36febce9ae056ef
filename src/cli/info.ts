import { parseArgs } from 'node:util';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { roundLevels } from '../core/report/round';
import { fileReport } from '../core/report/result';
import { probeFile } from '../core/audio/probeFile';
import { classify, isAudioExtension } from '../core/delivery/classify';
import { DeliveryAnalyzer } from '../core/analysis/deliveryAnalyzer';
import { userCacheDir } from '../core/analysis/analysisCache';
import { EXIT_CLEAN, UsageError, oneOf, type Out } from './args';
import { printHelp } from './help';

/** `info FILE`: one audio file's format and levels, as one file object of check's JSON. */
export async function info(args: string[], out: Out): Promise<number> {
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
