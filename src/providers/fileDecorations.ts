import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Severity } from '../core/findings';
import { severityRank } from '../core/findings';
import type { ModelResult } from '../shared/protocol';
import type { ModelStore } from '../client/modelStore';

const COLORS: Record<Severity, string> = {
  error: 'list.errorForeground',
  warning: 'list.warningForeground',
  info: 'list.deemphasizedForeground',
};

/**
 * Badges in the Explorer (and the tree) for files with findings: the count, coloured by the worst
 * severity, with the findings' rules in the tooltip.
 */
export class FindingDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private byPath = new Map<string, vscode.FileDecoration>();
  private readonly subscription: vscode.Disposable;

  constructor(store: ModelStore) {
    this.subscription = store.onDidChange((model) => this.update(model));
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    return uri.scheme === 'file' ? this.byPath.get(uri.fsPath) : undefined;
  }

  private update(model: ModelResult): void {
    const next = new Map<string, vscode.FileDecoration>();
    for (const d of model.deliveries) {
      const grouped = new Map<string, { worst: Severity; rules: string[] }>();
      for (const f of d.findings) {
        if (!f.file) continue;
        const entry = grouped.get(f.file) ?? { worst: f.severity, rules: [] };
        if (severityRank(f.severity) > severityRank(entry.worst)) entry.worst = f.severity;
        entry.rules.push(f.rule);
        grouped.set(f.file, entry);
      }
      for (const [rel, { worst, rules }] of grouped) {
        const fsPath = path.join(d.root, ...rel.split('/'));
        const badge = rules.length > 9 ? '9+' : String(rules.length);
        next.set(fsPath, new vscode.FileDecoration(badge, [...new Set(rules)].join(', '), new vscode.ThemeColor(COLORS[worst])));
      }
    }
    const touched = new Set([...this.byPath.keys(), ...next.keys()]);
    this.byPath = next;
    this.changed.fire([...touched].map((p) => vscode.Uri.file(p)));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
