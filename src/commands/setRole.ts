import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerWritingCommand } from './trust';
import { ROLES, type Role } from '../core/delivery/model';
import { ROLE_LABELS } from '../core/report/describe';
import type { TreeNode } from '../providers/deliveryTreeModel';
import type { ModelStore } from '../client/modelStore';
import { setSpecValue } from './specFile';
import { relativePath } from '../core/delivery/deliveryPath';

/**
 * Deliverables: Set Role… — writes a `roles` override for a file into its delivery's
 * delivery.json (created when missing), as an undoable edit. From the tree, the Explorer or the
 * palette (the active editor's file).
 */
export function register(store: ModelStore): vscode.Disposable {
  return registerWritingCommand('audioDeliverables.setRole', 'Set Role', async (arg?: TreeNode | vscode.Uri, pickedRole?: Role) => {
    const target = await resolveTarget(store, arg);
    if (!target) {
      void vscode.window.showInformationMessage('Set Role works on a file of a delivery: pick one in the Delivery view or the Explorer.');
      return;
    }
    const role = pickedRole ?? (await pickRole(target.current));
    if (!role) return;
    await setSpecValue(vscode.Uri.file(target.root), ['roles', target.rel], role);
  });
}

async function resolveTarget(store: ModelStore, arg?: TreeNode | vscode.Uri): Promise<{ root: string; rel: string; current: Role | null } | null> {
  if (arg && !(arg instanceof vscode.Uri) && arg.type === 'file') return { root: arg.delivery.root, rel: arg.file.path, current: arg.file.role };
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri ?? activeTabUri();
  if (!uri || uri.scheme !== 'file') return null;
  const model = await store.get();
  for (const d of model.deliveries) {
    const rel = relativePath(d.root, uri.fsPath);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    return { root: d.root, rel, current: d.files.find((f) => f.path === rel)?.role ?? null };
  }
  return null;
}

/** The file of the active tab, including custom editors (the waveform view) that have no text editor. */
function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText ? input.uri : undefined;
}

async function pickRole(current: Role | null): Promise<Role | undefined> {
  const items = ROLES.map((role) => ({ label: ROLE_LABELS[role], description: role === current ? `${role} (now)` : role, role }));
  const pick = await vscode.window.showQuickPick(items, { title: 'Set Role', placeHolder: 'What is this file in the delivery?' });
  return pick?.role;
}
