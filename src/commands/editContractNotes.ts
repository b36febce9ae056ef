import * as vscode from 'vscode';
import type { ModelStore } from '../client/modelStore';
import { pickDelivery } from './deliveryTarget';

/** What the command asks the delivery overview for: its panel, scrolled to the contract notes. */
export interface OpenOverviewArgs {
  root: string;
  focus?: 'contractNotes';
}

const OPEN_OVERVIEW = 'audioDeliverables.openOverview';

/**
 * Deliverables: Edit Contract Notes — opens the delivery overview at its contract notes form
 * (who owns the session, whether its handover was agreed, the contract reference, notes). From the
 * palette, a delivery or a session file in the tree, or a script with a root path or URI.
 */
export function register(store: ModelStore): vscode.Disposable {
  return vscode.commands.registerCommand('audioDeliverables.editContractNotes', async (target?: unknown) => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showInformationMessage('Editing the contract notes writes delivery.json: trust this workspace first.');
      return;
    }
    const delivery = await pickDelivery(store, target, 'Edit Contract Notes');
    if (!delivery) return;
    if (!(await vscode.commands.getCommands(true)).includes(OPEN_OVERVIEW)) {
      // A build without the overview panel: the block can still be edited by hand.
      const pick = await vscode.window.showWarningMessage('The delivery overview is not available, so the contract notes form cannot open. Edit the "session" block of delivery.json instead.', 'Open delivery.json');
      if (pick && delivery.specPath) await vscode.window.showTextDocument(vscode.Uri.file(delivery.specPath));
      return;
    }
    const args: OpenOverviewArgs = { root: delivery.root, focus: 'contractNotes' };
    await vscode.commands.executeCommand(OPEN_OVERVIEW, args);
  });
}
