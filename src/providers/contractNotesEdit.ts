import * as vscode from 'vscode';
import { contractNotesEdits, missingSpecProblem, readContractNotes, type ContractNotes } from '../core/spec/contractNotes';
import { SPEC_FILE_NAME } from '../core/spec/spec';
import { applySpecTextEdits, exists } from '../commands/specFile';
import { parseContractNotes, parseSaveContractNotes, type ContractNotesView } from '../shared/contractNotesMessages';
import type { DeliveryDto } from '../shared/protocol';

/**
 * The host side of the contract notes form in the delivery overview: what it shows, and saving it
 * into delivery.json's `session` block as one undoable WorkspaceEdit that changes nothing else.
 */

export type SaveResult = { ok: true } | { ok: false; error: string };

const UNTRUSTED = 'This workspace is in Restricted Mode: trust it to edit the contract notes.';

/** The notes as delivery.json holds them now (an open editor's unsaved text included), and the delivery's session files. */
export async function contractNotesView(delivery: DeliveryDto): Promise<ContractNotesView> {
  const uri = specUri(delivery);
  const doc = (await exists(uri)) ? await vscode.workspace.openTextDocument(uri) : null;
  const { notes, problem } = readContractNotes(doc ? doc.getText() : null);
  const reason = !vscode.workspace.isTrusted ? UNTRUSTED : doc?.isDirty ? unsaved() : problem;
  return {
    notes,
    sessionFiles: delivery.files.filter((f) => f.role === 'session').map((f) => ({ path: f.path, handoverAgreed: notes.handover })),
    writable: reason === null,
    specPath: doc ? uri.fsPath : null,
    reason,
  };
}

/**
 * Records `notes` in the `session` block of the delivery's delivery.json (comments and formatting
 * elsewhere kept), then saves the file so the server re-validates. Refused, with a sentence saying
 * why, in Restricted Mode, when there is no delivery.json, when it does not parse or has unsaved
 * changes (saving would write those too), or when `notes` is not a valid ContractNotes value.
 */
export async function applyContractNotes(delivery: DeliveryDto, notes: ContractNotes): Promise<SaveResult> {
  if (!vscode.workspace.isTrusted) return { ok: false, error: UNTRUSTED };
  const checked = parseContractNotes(notes);
  if (!checked) return { ok: false, error: 'The contract notes were not saved: a value has the wrong type, is too long or holds control characters.' };
  const uri = specUri(delivery);
  if (!(await exists(uri))) return { ok: false, error: missingSpecProblem() };
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.isDirty) return { ok: false, error: unsaved() };
  // A document VS Code has not reloaded yet after a change on disk would save old text over the new.
  if (new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)) !== doc.getText()) {
    return { ok: false, error: `${SPEC_FILE_NAME} changed on disk while it was being read; save the notes again.` };
  }
  const result = contractNotesEdits(doc.getText(), checked);
  if (!result.ok) return result;
  if (result.edits.length === 0) return { ok: true };
  if (!(await applySpecTextEdits(doc, result.edits))) {
    return { ok: false, error: `VS Code did not apply or save the edit to ${vscode.workspace.asRelativePath(uri)}; check that the file is writable and try again.` };
  }
  return { ok: true };
}

/**
 * The whole answer to a `saveContractNotes` message from a webview: validates it, saves, and
 * returns the fresh view carrying the outcome (post it back as `{ type: 'contractNotes', view }`).
 */
export async function answerSaveContractNotes(delivery: DeliveryDto, message: unknown): Promise<ContractNotesView> {
  const notes = parseSaveContractNotes(message);
  const lastSave: SaveResult = notes ? await applyContractNotes(delivery, notes) : { ok: false, error: 'The form sent notes that are not valid; nothing was saved.' };
  return { ...(await contractNotesView(delivery)), lastSave };
}

function specUri(delivery: DeliveryDto): vscode.Uri {
  return delivery.specPath ? vscode.Uri.file(delivery.specPath) : vscode.Uri.joinPath(vscode.Uri.file(delivery.root), SPEC_FILE_NAME);
}

function unsaved(): string {
  return `${SPEC_FILE_NAME} has unsaved changes in an editor: save or revert them first, so saving the notes does not save them too.`;
}
