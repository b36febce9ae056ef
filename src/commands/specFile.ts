import * as vscode from 'vscode';
import { SPEC_FILE_NAME } from '../core/spec/spec';
import { specEdits, type SpecTextEdit } from '../core/spec/editSpec';

/**
 * Sets one value in a delivery's delivery.json through a WorkspaceEdit (Undo works, comments and
 * formatting elsewhere survive), creating the file when the delivery has none yet.
 */
export async function setSpecValue(deliveryRoot: vscode.Uri, path: Array<string | number>, value: unknown): Promise<boolean> {
  const uri = vscode.Uri.joinPath(deliveryRoot, SPEC_FILE_NAME);
  if (await exists(uri)) {
    const doc = await vscode.workspace.openTextDocument(uri);
    return applySpecTextEdits(doc, specEdits(doc.getText(), path, value));
  }
  const edit = new vscode.WorkspaceEdit();
  const text = specEdits('', path, value).map((e) => e.content).join('') + '\n';
  edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(text) });
  return vscode.workspace.applyEdit(edit);
}

/**
 * Applies text edits computed on `doc`'s current text as one WorkspaceEdit (one Undo step), then
 * saves the document so the language server, which reads delivery.json from disk, re-validates.
 */
export async function applySpecTextEdits(doc: vscode.TextDocument, edits: readonly SpecTextEdit[]): Promise<boolean> {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(e.offset), doc.positionAt(e.offset + e.length)), e.content);
  }
  return (await vscode.workspace.applyEdit(edit)) && (await doc.save());
}

export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
