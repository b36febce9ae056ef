import * as vscode from 'vscode';
import type { ModelStore } from '../client/modelStore';
import { pickDelivery } from './deliveryTarget';
import { registerWritingCommand } from './trust';

/** What the command asks the delivery overview for: its panel, scrolled to the contract notes. */
export interface OpenOverviewArgs {
  root: string;
  focus?: 'contractNotes';
}

/**
 * Deliverables: Edit Contract Notes — opens the delivery overview at its contract notes form
 * (who owns the session, whether its handover was agreed, the contract reference, notes). From the
 * palette, a delivery or a session file in the tree, or a script with a root path or URI. Saving
 * writes delivery.json, so it refuses in Restricted Mode like every writing command.
 */
export function register(store: ModelStore): vscode.Disposable {
  return registerWritingCommand('audioDeliverables.editContractNotes', 'Edit Contract Notes', async (target?: unknown) => {
    const delivery = await pickDelivery(store, target, 'Edit Contract Notes');
    if (!delivery) return;
    const args: OpenOverviewArgs = { root: delivery.root, focus: 'contractNotes' };
    await vscode.commands.executeCommand('audioDeliverables.openOverview', args);
  });
}
