import { parseArgs } from 'node:util';
import { validateDelivery } from '../core/validate';
import { renderText } from '../core/report/text';
import { renderSarif } from '../core/report/sarif';
import { renderMarkdown } from '../core/report/markdown';
import { roundLevels } from '../core/report/round';
import { severityRank, type Severity } from '../core/findings';
import { DeliveryAnalyzer } from '../core/analysis/deliveryAnalyzer';
import { userCacheDir } from '../core/analysis/analysisCache';
import { PRESET_IDS } from '../core/spec/effectiveSpec';
import { EXIT_CLEAN, EXIT_FINDINGS, UsageError, deliveryFolder, oneOf, warnIfPresetUnused, type Out } from './args';
import { printHelp } from './help';
import { packageRoot } from '../core/util/packageRoot';
import { isTty, progressReporter } from './progress';

const CHECK_FORMATS = ['text', 'json', 'sarif', 'markdown'];

/** `check DIR`: validate a delivery and print the findings; exit 1 at or above --fail-on. */
export async function check(args: string[], out: Out, err: Out): Promise<number> {
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
