import * as path from 'node:path';
import * as vscode from 'vscode';
import { settles } from './settle';

/** The `source` of every diagnostic the validator publishes (src/server/diagnostics.ts). */
export const SOURCE = 'Audio Deliverables';

/** Our diagnostics as sorted "relative/path rule" lines: what the Problems panel lists. */
export function ourDiagnostics(root: vscode.Uri): string[] {
  const lines: string[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const d of diagnostics) {
      if (d.source !== SOURCE) continue;
      const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
      lines.push(`${path.relative(root.fsPath, uri.fsPath).split(path.sep).join('/')} ${code}`);
    }
  }
  return lines.sort();
}

/** Our diagnostics of one file. */
export function diagnosticsOf(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Resolves with our diagnostics once `check` holds for them, re-checking on every change. */
export function diagnosticsSettle(root: vscode.Uri, what: string, check: (lines: string[]) => boolean): Promise<string[]> {
  return settles(vscode.languages.onDidChangeDiagnostics, () => ourDiagnostics(root), check, what);
}
