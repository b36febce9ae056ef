import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelStore } from '../client/modelStore';
import type { TreeNode } from '../providers/deliveryTreeModel';
import { absolutePath } from '../core/delivery/deliveryPath';

export const WAVEFORM_VIEW_TYPE = 'audioDeliverables.waveform';

/** Extensions the waveform editor opens (package.json customEditors selector says the same). */
export const WAVEFORM_EXTENSIONS = ['.wav', '.wave', '.bwf', '.rf64', '.aif', '.aiff', '.aifc', '.flac'];

/**
 * Deliverables: Open Waveform — opens an audio file in the waveform editor: the tree's or the
 * Explorer's file, else the active tab's, else one picked from the deliveries' audio files.
 */
export function register(store: ModelStore): vscode.Disposable {
  return vscode.commands.registerCommand('audioDeliverables.openWaveform', async (arg?: TreeNode | vscode.Uri) => {
    const uri = targetOf(arg) ?? (await pickAudioFile(store));
    if (!uri) return;
    await vscode.commands.executeCommand('vscode.openWith', uri, WAVEFORM_VIEW_TYPE);
  });
}

function targetOf(arg?: TreeNode | vscode.Uri): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (arg && arg.type === 'file') return vscode.Uri.file(absolutePath(arg.delivery.root, arg.file.path));
  // The file shown in another editor (the built-in preview, a hex view); from a waveform editor
  // already, the palette offers the other files instead.
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const other = (input instanceof vscode.TabInputCustom && input.viewType !== WAVEFORM_VIEW_TYPE) || input instanceof vscode.TabInputText;
  const active = other ? input.uri : undefined;
  return active && isWaveformFile(active.fsPath) ? active : undefined;
}

export function isWaveformFile(file: string): boolean {
  return WAVEFORM_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

async function pickAudioFile(store: ModelStore): Promise<vscode.Uri | undefined> {
  const model = await store.get();
  const items = model.deliveries.flatMap((d) =>
    d.files
      .filter((f) => f.format !== null && isWaveformFile(f.path))
      .map((f) => ({ label: path.posix.basename(f.path), description: f.description, detail: `${d.name}/${f.path}`, uri: vscode.Uri.file(absolutePath(d.root, f.path)) })),
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No audio file to open: the workspace has no delivery with WAV, BWF, RF64, AIFF or FLAC files.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, { title: 'Open Waveform', placeHolder: 'Audio file of the delivery', matchOnDetail: true });
  return pick?.uri;
}
