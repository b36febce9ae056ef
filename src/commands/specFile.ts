import * as vscode from 'vscode';
import { SPEC_FILE_NAME } from '../core/spec/spec';
import { specEdits } from '../core/spec/editSpec';

/**
 * Sets one value in a delivery's delivery.json through a WorkspaceEdit (Undo works, comments and
 * formatting elsewhere survive), creating the file when the delivery has none yet.
 */
export async function setSpecValue(deliveryRoot: vscode.Uri, path: Array<string | number>, value: unknown): Promise<boolean> {
  const uri = vscode.Uri.joinPath(deliveryRoot, SPEC_FILE_NAME);
  const edit = new vscode.WorkspaceEdit();
  const existing = await exists(uri);
  if (existing) {
    const doc = await vscode.workspace.openTextDocument(uri);
    for (const e of specEdits(doc.getText(), path, value)) {
      edit.replace(uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
    }
  } else {
    const text = specEdits('', path, value).map((e) => e.content).join('') + '\n';
    edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(text) });
  }
  const applied = await vscode.workspace.applyEdit(edit);
  if (applied && existing) await vscode.workspace.openTextDocument(uri).then((doc) => doc.save());
  return applied;
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
