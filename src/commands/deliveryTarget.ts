import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelStore } from '../client/modelStore';
import type { TreeNode } from '../providers/deliveryTreeModel';
import type { DeliveryDto } from '../shared/protocol';

/**
 * The delivery a command acts on: the one of a tree node or a file/folder URI it was invoked on,
 * a root path given by a script, the only one of the workspace, or the one the user picks.
 */
export async function pickDelivery(store: ModelStore, target: unknown, title: string): Promise<DeliveryDto | undefined> {
  const { deliveries } = await store.get();
  const given = targetPath(target);
  if (given !== undefined) {
    const found = containing(deliveries, given);
    if (!found) void vscode.window.showWarningMessage(`${given} is not in an audio delivery of this workspace.`);
    return found;
  }
  if (deliveries.length === 0) {
    void vscode.window.showInformationMessage('There is no audio delivery in this workspace: a folder with a delivery.json, or with folders named like Stems and References.');
    return undefined;
  }
  if (deliveries.length === 1) return deliveries[0];
  const items = deliveries.map((d) => ({ label: d.name, description: vscode.workspace.asRelativePath(d.root), delivery: d }));
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Which delivery?' }))?.delivery;
}

/** The optional-argument convention of the commands: a leading string option, else the target. */
export function optionAndTarget<T extends string>(first: unknown, second: unknown, options: readonly T[]): [T | undefined, unknown] {
  return typeof first === 'string' && (options as readonly string[]).includes(first) ? [first as T, second] : [undefined, first];
}

function targetPath(target: unknown): string | undefined {
  if (target instanceof vscode.Uri) return target.scheme === 'file' ? target.fsPath : undefined;
  if (typeof target === 'string' && path.isAbsolute(target)) return target;
  const node = target as Partial<TreeNode> | undefined;
  if (node && typeof node === 'object' && typeof node.delivery?.root === 'string') return node.delivery.root;
  return undefined;
}

/** The delivery whose root holds `abs` (the innermost one when deliveries nest). */
function containing(deliveries: readonly DeliveryDto[], abs: string): DeliveryDto | undefined {
  let best: DeliveryDto | undefined;
  for (const d of deliveries) {
    const rel = path.relative(d.root, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (!best || d.root.length > best.root.length) best = d;
  }
  return best;
}
