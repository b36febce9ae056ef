import * as vscode from 'vscode';
import type { ModelStore } from '../client/modelStore';
import type { Server } from '../client/server';
import type { NullTestOutcome } from '../core/analysis/nullTest';
import { isRecord } from '../shared/guards';
import { OverviewPanel, type OverviewSection } from '../providers/overviewPanel';
import { pickDelivery } from './deliveryTarget';

export interface OverviewCommand extends vscode.Disposable {
  /** Opens (or reveals) the overview of the delivery at `root` with the residual lane of `outcome`: the Null Test command's hook. */
  showNullTest(root: string, outcome: NullTestOutcome): Promise<void>;
}

/**
 * Deliverables: Open Delivery Overview — one panel per delivery (revealed when open). Arguments:
 * `{ root?: string; focus?: 'contractNotes' }` (Edit Contract Notes opens it on the notes), a
 * tree node or a URI inside a delivery; without one, the only delivery or the one the user picks.
 */
export function register(extensionUri: vscode.Uri, server: Server, store: ModelStore, output: vscode.LogOutputChannel): OverviewCommand {
  const panels = new Map<string, OverviewPanel>();

  const open = async (target: unknown, focus?: OverviewSection): Promise<OverviewPanel | undefined> => {
    const delivery = await pickDelivery(store, target, 'Open Delivery Overview');
    if (!delivery) return undefined;
    let panel = panels.get(delivery.root);
    if (!panel) {
      panel = new OverviewPanel(extensionUri, delivery, { server, store, output, onDispose: () => panels.delete(delivery.root) });
      panels.set(delivery.root, panel);
    }
    panel.reveal(focus);
    return panel;
  };

  const command = vscode.commands.registerCommand('audioDeliverables.openOverview', async (arg?: unknown) => {
    const options = isRecord(arg) && !(arg instanceof vscode.Uri) && ('root' in arg || 'focus' in arg) ? arg : undefined;
    const root = typeof options?.root === 'string' ? options.root : undefined;
    const focus = options?.focus === 'contractNotes' ? 'contractNotes' : undefined;
    await open(options ? root : arg, focus);
  });

  return {
    async showNullTest(root, outcome) {
      (await open(root))?.showNullTest(outcome);
    },
    dispose() {
      command.dispose();
      for (const panel of [...panels.values()]) panel.dispose();
    },
  };
}
