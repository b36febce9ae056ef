import * as vscode from 'vscode';
import { registerWritingCommand } from './trust';
import { PRESET_IDS, type PresetId } from '../core/spec/effectiveSpec';
import { PRESETS } from '../core/spec/presets';
import { NEW_DELIVERY_FOLDERS, specTemplate } from '../core/spec/template';
import { SPEC_FILE_NAME } from '../core/spec/spec';
import { exists } from './specFile';

/**
 * Deliverables: New Delivery — pick a folder and a preset; creates the usual folders and a
 * delivery.json from the preset. Never overwrites: a folder that has a delivery.json is refused.
 */
export function register(): vscode.Disposable {
  // Arguments skip the prompts (scripts, tests): (folder, preset, { artist, title }).
  return registerWritingCommand('audioDeliverables.newDelivery', 'New Delivery', async (target?: vscode.Uri, presetArg?: PresetId, projectArg?: { artist: string; title: string }) => {
    const folder = target ?? (await pickFolder());
    if (!folder) return;
    const spec = vscode.Uri.joinPath(folder, SPEC_FILE_NAME);
    if (await exists(spec)) {
      void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(spec)} already exists; it was left as it is.`);
      return;
    }
    const preset = presetArg ?? (await pickPreset());
    if (!preset) return;
    const project = projectArg ?? (await askProject());
    if (!project) return;
    await createDelivery(folder, preset, project);
    await vscode.window.showTextDocument(spec);
  });
}

export async function createDelivery(folder: vscode.Uri, preset: PresetId, project: { artist: string; title: string }): Promise<void> {
  for (const name of NEW_DELIVERY_FOLDERS) await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder, name));
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(vscode.Uri.joinPath(folder, SPEC_FILE_NAME), { overwrite: false, contents: new TextEncoder().encode(specTemplate(preset, project)) });
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not create ${SPEC_FILE_NAME} in ${folder.fsPath}`);
}

async function askProject(): Promise<{ artist: string; title: string } | undefined> {
  const artist = await vscode.window.showInputBox({ title: 'New Delivery (2/3)', prompt: 'Artist', ignoreFocusOut: true });
  if (artist === undefined) return undefined;
  const title = await vscode.window.showInputBox({ title: 'New Delivery (3/3)', prompt: 'Title of the song or project', ignoreFocusOut: true });
  return title === undefined ? undefined : { artist, title };
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const picked = await vscode.window.showOpenDialog({
    title: 'New Delivery (1/3): the delivery folder',
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: false,
    defaultUri: folders[0]?.uri,
    openLabel: 'Use as Delivery Folder',
  });
  return picked?.[0];
}

async function pickPreset(): Promise<PresetId | undefined> {
  const items = PRESET_IDS.map((id) => ({ label: PRESETS[id].title, description: id, detail: PRESETS[id].source, id }));
  const pick = await vscode.window.showQuickPick(items, { title: 'New Delivery: preset', placeHolder: 'What is being delivered?', ignoreFocusOut: true });
  return pick?.id;
}
