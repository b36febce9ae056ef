import type { Finding, Severity } from '../findings';
import { ROLES } from '../delivery/model';
import { describeFormat, formatBytes, ROLE_LABELS } from './describe';
import type { ValidationResult } from './result';
import type { AudioFormat } from '../audio/format';

export interface TextOptions {
  /** ANSI colour; only when writing to a terminal. */
  color: boolean;
}

const COLORS: Record<Severity | 'dim' | 'bold', [string, string]> = {
  error: ['\x1b[31m', '\x1b[39m'],
  warning: ['\x1b[33m', '\x1b[39m'],
  info: ['\x1b[36m', '\x1b[39m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  bold: ['\x1b[1m', '\x1b[22m'],
};

/** A terminal report: files by role with their format, then findings grouped by file. */
export function renderText(result: ValidationResult, options: TextOptions): string {
  const paint = (style: keyof typeof COLORS, s: string) => (options.color ? COLORS[style][0] + s + COLORS[style][1] : s);
  const out: string[] = [];
  out.push(paint('bold', `Delivery ${result.root}`));
  for (const role of ROLES) {
    const files = result.files.filter((f) => f.role === role);
    if (files.length === 0) continue;
    out.push('', paint('bold', `${ROLE_LABELS[role]} (${files.length})`));
    for (const f of files) {
      const tag = f.group ?? f.kind;
      const fmt = f.format ? describeFormat(f.format as AudioFormat) : '';
      out.push(`  ${f.path}${tag ? paint('dim', ` [${tag}]`) : ''}${fmt ? paint('dim', `  ${fmt}`) : ''}`);
    }
  }
  out.push('');
  if (result.findings.length === 0) out.push('No findings.');
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const key = f.file ?? '(delivery)';
    byFile.set(key, [...(byFile.get(key) ?? []), f]);
  }
  for (const [file, findings] of byFile) {
    out.push(paint('bold', file));
    for (const f of findings) {
      const where = f.range ? `${f.range.start.line + 1}:${f.range.start.character + 1} ` : f.timeSec !== null ? `@${f.timeSec.toFixed(3)}s ` : '';
      out.push(`  ${paint(f.severity, f.severity.padEnd(7))} ${where}${f.message}  ${paint('dim', f.rule)}`);
    }
  }
  const s = result.summary;
  out.push('', `${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos in ${s.files} files (${formatBytes(s.bytes)}), ${s.seconds.toFixed(2)} s`);
  return out.join('\n') + '\n';
}
