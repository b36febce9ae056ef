import * as path from 'node:path';
import * as vscode from 'vscode';

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

/**
 * Resolves when `check` holds, re-checking on every diagnostics change (never a sleep). After
 * `timeoutMs` it rejects with what it saw last, so a failure shows the state, not just a timeout.
 */
export function diagnosticsSettle(root: vscode.Uri, what: string, check: (lines: string[]) => boolean, timeoutMs = 45_000): Promise<string[]> {
  return new Promise<string[]>((resolve, reject) => {
    let done = false;
    const finish = (err?: Error) => {
      if (done) return;
      done = true;
      sub.dispose();
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(ourDiagnostics(root));
    };
    const evaluate = () => {
      if (check(ourDiagnostics(root))) finish();
    };
    const sub = vscode.languages.onDidChangeDiagnostics(evaluate);
    const timer = setTimeout(() => finish(new Error(`timed out waiting for ${what}; the diagnostics were:\n  ${ourDiagnostics(root).join('\n  ') || '(none)'}`)), timeoutMs);
    evaluate();
  });
}
