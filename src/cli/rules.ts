import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { RULES, ruleDocPath } from '../core/rules';
import { EXIT_CLEAN, UsageError, oneOf, type Out } from './args';
import { printHelp } from './help';
import { packageRoot } from '../core/util/packageRoot';

/** `rules`: every rule with its default severity, summary and documentation page. */
export function rules(args: string[], out: Out): number {
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
