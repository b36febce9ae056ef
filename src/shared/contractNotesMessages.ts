/**
 * Contract notes on session ownership (delivery.json `session`): the data the delivery overview's
 * form shows and the messages between that form (webview) and the extension host. Imported by
 * both sides; the webview's save message is checked by parseSaveContractNotes before any use.
 */
import type { ContractNotes } from '../core/spec/contractNotes';
import { isBoundedString, isRecord } from './guards';

/** The `session` block as the form edits it (owner, handover, contract reference, notes). */
export type { ContractNotes };

export interface ContractNotesView {
  notes: ContractNotes;
  /** Every DAW session (or AAF/OMF) file of the delivery, relative path, and whether its handover is agreed. */
  sessionFiles: Array<{ path: string; handoverAgreed: boolean }>;
  /** The form may save: a trusted workspace and a delivery.json that exists and parses. */
  writable: boolean;
  /** Absolute path of the delivery's delivery.json; null when it has none. */
  specPath: string | null;
  /** Why the form is read-only (a sentence for the user); null when writable. */
  reason: string | null;
  /** The outcome of the save this view answers; absent when it answers no save. */
  lastSave?: { ok: true } | { ok: false; error: string };
}

/** Host → webview: the notes to show (initially, after a save, when the delivery changes). */
export interface ContractNotesMessage {
  type: 'contractNotes';
  view: ContractNotesView;
}

/** Webview → host: save these notes into delivery.json. */
export interface SaveContractNotesMessage {
  type: 'saveContractNotes';
  notes: ContractNotes;
}

/** Longest values accepted; the form's fields carry the same limits (maxlength). */
export const CONTRACT_NOTES_LIMITS = { owner: 200, contract: 500, notes: 10_000 } as const;

const NOTES_KEYS = ['owner', 'handover', 'contract', 'notes'] as const;

/** C0 control characters and DEL, which a typed name or reference never holds. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The same, except tab and line ends, which free notes may hold. */
// eslint-disable-next-line no-control-regex
const CONTROL_IN_NOTES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The notes of a `saveContractNotes` message from a webview, or null when the message is anything
 * else: other keys, wrong types, strings over the limits or with control characters. Markup in
 * the strings is only text: it is written into delivery.json as a JSON string and shown with
 * textContent/value, never parsed.
 */
export function parseSaveContractNotes(message: unknown): ContractNotes | null {
  if (!isRecord(message) || !hasExactKeys(message, ['type', 'notes']) || message.type !== 'saveContractNotes') return null;
  return parseContractNotes(message.notes);
}

/** A ContractNotes value from untrusted input (see parseSaveContractNotes), or null. */
export function parseContractNotes(value: unknown): ContractNotes | null {
  if (!isRecord(value) || !hasExactKeys(value, NOTES_KEYS)) return null;
  const { owner, handover, contract, notes } = value;
  if (typeof handover !== 'boolean') return null;
  if (!isLine(owner, CONTRACT_NOTES_LIMITS.owner) || !isLine(contract, CONTRACT_NOTES_LIMITS.contract)) return null;
  if (!isBoundedString(notes, CONTRACT_NOTES_LIMITS.notes) || CONTROL_IN_NOTES.test(notes)) return null;
  return { owner, handover, contract, notes };
}

function isLine(value: unknown, maxLength: number): value is string {
  return isBoundedString(value, maxLength) && !CONTROL.test(value);
}

function hasExactKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(value, k));
}

/** Session files shown as a warning next to the notes: those whose handover is not agreed. */
export function sessionFilesWithoutHandover(view: ContractNotesView): string[] {
  return view.sessionFiles.filter((f) => !f.handoverAgreed).map((f) => f.path);
}

export function sameContractNotes(a: ContractNotes, b: ContractNotes): boolean {
  return NOTES_KEYS.every((k) => a[k] === b[k]);
}

/**
 * The webview's check of a `contractNotes` view from its host (trusted, but the form must not throw
 * on a message from another version of the extension): the fields the form reads, of their types.
 * The notes' lengths are not checked: a delivery.json written by hand may hold longer ones.
 */
export function isContractNotesView(raw: unknown): raw is ContractNotesView {
  if (!isRecord(raw) || !isRecord(raw.notes)) return false;
  const { owner, handover, contract, notes } = raw.notes;
  if (typeof owner !== 'string' || typeof handover !== 'boolean' || typeof contract !== 'string' || typeof notes !== 'string') return false;
  if (!Array.isArray(raw.sessionFiles) || !raw.sessionFiles.every((f) => isRecord(f) && typeof f.path === 'string' && typeof f.handoverAgreed === 'boolean')) return false;
  if (typeof raw.writable !== 'boolean' || !isStringOrNull(raw.specPath) || !isStringOrNull(raw.reason)) return false;
  const last = raw.lastSave;
  return last === undefined || (isRecord(last) && (last.ok === true || (last.ok === false && typeof last.error === 'string')));
}

function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}
