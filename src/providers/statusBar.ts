import * as vscode from 'vscode';
import type { ModelResult } from '../shared/protocol';
import type { ModelStore } from '../client/modelStore';

/** "$(error) 2 $(warning) 5 Delivery" in the status bar; a click opens the Problems panel. */
export function register(store: ModelStore): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('audioDeliverables.status', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Audio Deliverables';
  item.command = 'workbench.actions.view.problems';
  const update = (model: ModelResult) => {
    if (model.deliveries.length === 0) {
      item.hide();
      return;
    }
    const errors = model.deliveries.reduce((n, d) => n + d.summary.errors, 0);
    const warnings = model.deliveries.reduce((n, d) => n + d.summary.warnings, 0);
    item.text = `$(error) ${errors} $(warning) ${warnings} Delivery`;
    item.tooltip = model.deliveries.map((d) => `${d.name}: ${d.summary.errors} errors, ${d.summary.warnings} warnings, ${d.summary.infos} infos`).join('\n');
    item.accessibilityInformation = { label: `Audio delivery: ${errors} errors, ${warnings} warnings` };
    item.show();
  };
  const sub = store.onDidChange(update);
  return vscode.Disposable.from(item, sub);
}
