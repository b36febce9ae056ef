import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerWritingCommand } from './trust';
import type { ModelStore } from '../client/modelStore';
import type { Server } from '../client/server';
import { RenamePlanRequest, type RenamePlan } from '../shared/protocol';
import { pickDelivery } from './deliveryTarget';
import { count, replyBody } from './feedback';
import { exists } from './specFile';

type Rename = RenamePlan['renames'][number];

export interface RenameResult {
  /** Absolute paths renamed, old → new. */
  renamed: Array<{ from: string; to: string }>;
  /** Renames not done, and why (target exists, two files want one name…). */
  skipped: Array<{ from: string; to: string; reason: string }>;
}

/**
 * Deliverables: Rename to Naming Convention… — every rename the naming/pattern findings suggest,
 * previewed as "old → new" (all picked; untick to leave a file alone), then applied as ONE
 * WorkspaceEdit, so one Undo restores every name. Never overwrites: a target that exists is left
 * out and named. Arguments (scripts, tests): ('all' to skip the preview, target); returns what
 * was renamed and skipped.
 */
export function register(server: Server, store: ModelStore, output: vscode.LogOutputChannel): vscode.Disposable {
  return registerWritingCommand('audioDeliverables.renameToConvention', 'Rename to Naming Convention', async (first?: unknown, second?: unknown): Promise<RenameResult | undefined> => {
    const all = first === 'all';
    const target = all ? second : first;
    const delivery = target === undefined ? undefined : await pickDelivery(store, target, 'Rename to Naming Convention');
    if (target !== undefined && !delivery) return undefined;
    const plan = await replyBody(output, 'Rename to Naming Convention', () => server.request(RenamePlanRequest, delivery ? { root: delivery.root } : {}));
    if (!plan) return undefined;
    const result: RenameResult = { renamed: [], skipped: [...plan.skipped] };
    if (plan.renames.length === 0) {
      void vscode.window.showInformationMessage(plan.skipped.length > 0
        ? `No file can be renamed to the naming convention: ${describeSkipped(plan.skipped)}`
        : 'Every stem and reference follows the naming convention (or delivery.json sets no naming.pattern).');
      return result;
    }
    const picked = all ? plan.renames : await preview(plan.renames, plan.skipped.length);
    if (!picked || picked.length === 0) return undefined;
    const edit = new vscode.WorkspaceEdit();
    const metadata: vscode.WorkspaceEditEntryMetadata = { label: 'Rename to the naming convention', needsConfirmation: false };
    let renames = 0; // (WorkspaceEdit.size counts text edits only)
    for (const r of picked) {
      // The last look before the edit: a file that appeared since the plan is never overwritten.
      if (await exists(vscode.Uri.file(r.to)) && !sameFileName(r.from, r.to)) {
        result.skipped.push({ from: r.from, to: r.to, reason: 'a file with this name already exists' });
      } else {
        edit.renameFile(vscode.Uri.file(r.from), vscode.Uri.file(r.to), { overwrite: false }, metadata);
        renames++;
      }
    }
    if (renames > 0 && !(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage('The renames could not be applied; no file was renamed. See the Output panel of the window for why.');
      return undefined;
    }
    result.renamed = picked.filter((r) => !result.skipped.some((s) => s.from === r.from)).map(({ from, to }) => ({ from, to }));
    report(result);
    return result;
  });
}

async function preview(renames: Rename[], skipped: number): Promise<Rename[] | undefined> {
  const items = renames.map((r) => ({
    label: `${path.basename(r.from)} → ${path.basename(r.to)}`,
    description: vscode.workspace.asRelativePath(path.dirname(r.from)),
    picked: true,
    rename: r,
  }));
  const picks = await vscode.window.showQuickPick(items, {
    title: `Rename to Naming Convention: ${count(renames.length, 'file')}${skipped > 0 ? ` (${skipped} cannot be renamed)` : ''}`,
    placeHolder: 'Untick the files to leave as they are; Enter renames the rest in one undoable edit',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  return picks?.map((p) => p.rename);
}

/**
 * Says what was done, with an "Undo Renames" action: the workbench's Undo reaches a file edit only
 * from an editor of one of its files (a text or custom editor), which a set of WAVs seldom has
 * open; the action applies the reverse renames as an edit of their own, never over a file.
 */
function report(result: RenameResult): void {
  const done = `Renamed ${count(result.renamed.length, 'file')} to the naming convention.`;
  const message = result.skipped.length === 0 ? done : `${done} Not renamed: ${describeSkipped(result.skipped)}`;
  const show = result.skipped.length === 0 ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  void show(message, 'Undo Renames').then(async (pick) => {
    if (!pick) return;
    const edit = new vscode.WorkspaceEdit();
    for (const r of result.renamed) edit.renameFile(vscode.Uri.file(r.to), vscode.Uri.file(r.from), { overwrite: false });
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showWarningMessage('The names could not be restored: a file was moved, or one of the old names is taken again.');
    }
  });
}

function describeSkipped(skipped: RenameResult['skipped']): string {
  return skipped.map((s) => `${path.basename(s.from)} → ${path.basename(s.to)} (${s.reason})`).join('; ');
}

/** A case-only rename ("a.wav" → "A.wav") finds its own file under the new name on macOS and Windows. */
function sameFileName(from: string, to: string): boolean {
  return from !== to && from.toLowerCase() === to.toLowerCase();
}
