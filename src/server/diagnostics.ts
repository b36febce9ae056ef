import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../core/findings';
import { SPEC_FILE_NAME } from '../core/spec/spec';
import { ruleDocUri } from './docsLinks';
import { absolutePath } from '../core/delivery/deliveryPath';

export const DIAGNOSTIC_SOURCE = 'Audio Deliverables';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** The one place findings become LSP diagnostics, grouped by the URI they belong to. */
export function diagnosticsByUri(root: string, specPath: string | null, findings: readonly Finding[]): Map<string, Diagnostic[]> {
  const byUri = new Map<string, Diagnostic[]>();
  const deliveryUri = pathToFileURL(specPath ?? root).toString();
  for (const f of findings) {
    const uri = f.file === null ? deliveryUri : f.file === SPEC_FILE_NAME && specPath ? pathToFileURL(specPath).toString() : fileUri(root, f.file);
    const at = f.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const time = f.timeSec !== null ? ` (at ${f.timeSec.toFixed(3)} s)` : '';
    const diagnostic: Diagnostic = {
      range: at,
      severity: SEVERITY[f.severity],
      source: DIAGNOSTIC_SOURCE,
      code: f.rule,
      codeDescription: { href: ruleDocUri(f.rule) },
      message: f.message + time,
    };
    if (f.related?.length) {
      diagnostic.relatedInformation = f.related.map((rel) => ({
        location: { uri: fileUri(root, rel), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
        message: rel,
      }));
    }
    byUri.set(uri, [...(byUri.get(uri) ?? []), diagnostic]);
  }
  return byUri;
}

function fileUri(root: string, rel: string): string {
  return pathToFileURL(absolutePath(root, rel)).toString();
}
