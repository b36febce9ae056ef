import { findNodeAtLocation, getNodeValue, stripComments, type Node } from 'jsonc-parser';
import { applySpecEdits, specEdits, type SpecTextEdit } from './editSpec';
import { parseErrorWords, parseSpecTree, SPEC_NOT_AN_OBJECT } from './loadSpec';
import { SPEC_FILE_NAME } from './spec';
import { rangeMapper } from './textRanges';

/**
 * The contract notes on session ownership (delivery.json `session`) as a form edits them: a
 * string left out of the file is '', a handover not recorded is false.
 */
export interface ContractNotes {
  owner: string;
  handover: boolean;
  /** The contract reference, e.g. "Mix agreement 2026-03-02 §4". */
  contract: string;
  notes: string;
}

const NOTES_KEYS = ['owner', 'handover', 'contract', 'notes'] as const;

export interface ReadNotes {
  notes: ContractNotes;
  /** Why this text must not be edited (it does not parse, is no object, there is no file); null when it may. */
  problem: string | null;
}

/**
 * The notes recorded in delivery.json text (JSONC), or empty notes and the problem when there is
 * no file (`text` null) or it does not parse. Values of the wrong type read as empty.
 */
export function readContractNotes(text: string | null): ReadNotes {
  const parsed = parseForEdit(text);
  const session = parsed.root ? findNodeAtLocation(parsed.root, ['session']) : undefined;
  const raw: unknown = session?.type === 'object' ? getNodeValue(session) : {};
  const record = raw as Record<string, unknown>;
  const str = (key: string) => (typeof record[key] === 'string' ? record[key] : '');
  return {
    notes: { owner: str('owner'), handover: record.handover === true, contract: str('contract'), notes: str('notes') },
    problem: parsed.problem,
  };
}

export type NotesEdits = { ok: true; edits: SpecTextEdit[] } | { ok: false; error: string };

/**
 * The one minimal text edit that records `notes` in delivery.json's `session` block and changes
 * nothing else: comments, key order and formatting outside the block stay byte for byte, line ends
 * follow the file's. Keys already in the block are set in place (other keys of the block are
 * kept); a missing `contract` or `notes` is added only when it has text; a missing block is added.
 * No edit when nothing changes. A file that is missing or does not parse is refused, never rewritten.
 */
export function contractNotesEdits(text: string | null, notes: ContractNotes): NotesEdits {
  const parsed = parseForEdit(text);
  if (parsed.problem !== null || text === null) return { ok: false, error: parsed.problem ?? missingSpecProblem() };
  const session = parsed.root ? findNodeAtLocation(parsed.root, ['session']) : undefined;
  let next = text;
  if (session?.type !== 'object') {
    next = applySpecEdits(next, specEdits(next, ['session'], newBlock(notes)));
  } else if (isOneLine(text, session)) {
    next = text.slice(0, session.offset) + oneLineBlock(text, session, notes) + text.slice(session.offset + session.length);
  } else {
    for (const key of NOTES_KEYS) {
      if (!writes(key, notes, findNodeAtLocation(session, [key]) !== undefined)) continue;
      next = applySpecEdits(next, specEdits(next, ['session', key], notes[key]));
    }
  }
  return { ok: true, edits: next === text ? [] : [replacementBetween(text, next)] };
}

/** A key is set when the block has it; added when it is the handover or has text. */
function writes(key: keyof ContractNotes, notes: ContractNotes, present: boolean): boolean {
  return present || key === 'handover' || notes[key] !== '';
}

/** A block written on one line without comments, as New Delivery writes it. */
function isOneLine(text: string, session: Node): boolean {
  const written = text.slice(session.offset, session.offset + session.length);
  return !/[\r\n]/.test(written) && stripComments(written) === written;
}

/**
 * The block on one line again: its keys in their order with other values as written, added keys
 * last. (jsonc-parser would spread it over several lines when it adds a key; one line keeps the
 * change to one changed line in a diff.)
 */
function oneLineBlock(text: string, session: Node, notes: ContractNotes): string {
  const raw = (node: Node) => text.slice(node.offset, node.offset + node.length);
  const seen = new Set<string>();
  const properties = (session.children ?? []).map((property) => {
    const [key, value] = property.children as [Node, Node];
    const name = key.value as string;
    seen.add(name);
    return `${raw(key)}: ${isNotesKey(name) ? JSON.stringify(notes[name]) : raw(value)}`;
  });
  for (const key of NOTES_KEYS) {
    if (!seen.has(key) && writes(key, notes, false)) properties.push(`${JSON.stringify(key)}: ${JSON.stringify(notes[key])}`);
  }
  return properties.length ? `{ ${properties.join(', ')} }` : '{}';
}

function isNotesKey(key: string): key is keyof ContractNotes {
  return (NOTES_KEYS as readonly string[]).includes(key);
}

function newBlock(notes: ContractNotes): Partial<ContractNotes> {
  // The owner is the point of the block: written even when empty, so it is there to fill in.
  return Object.fromEntries(NOTES_KEYS.filter((key) => key === 'owner' || writes(key, notes, false)).map((key) => [key, notes[key]]));
}

function parseForEdit(text: string | null): { root: Node | undefined; problem: string | null } {
  if (text === null) return { root: undefined, problem: missingSpecProblem() };
  if (text.trim() === '') return { root: undefined, problem: null };
  const { root, errors } = parseSpecTree(text);
  const first = errors[0];
  if (first) {
    // Lines as the editor counts them (\r\n, \n or a lone \r), shown one-based.
    const line = rangeMapper(text)(first.offset, 0).start.line + 1;
    return { root, problem: `${SPEC_FILE_NAME} does not parse (${parseErrorWords(first)} on line ${line}); fix it first, so the notes are not written into a broken file.` };
  }
  if (root?.type !== 'object') return { root: undefined, problem: `${SPEC_NOT_AN_OBJECT}; fix it first.` };
  // The last of two blocks is the one that counts, and an edit would not know which one to change.
  const blocks = (root.children ?? []).filter((p) => p.children?.[0]?.value === 'session').length;
  if (blocks > 1) return { root, problem: `${SPEC_FILE_NAME} has ${blocks} "session" blocks; keep one, then save the notes.` };
  return { root, problem: null };
}

/** What a delivery without delivery.json is told when it tries to record notes. */
export function missingSpecProblem(): string {
  return `This delivery has no ${SPEC_FILE_NAME} yet: create one (Deliverables: New Delivery…) to record the contract notes.`;
}

/**
 * One replacement turning `before` into `after`: everything between their common start and common
 * end. Never splits a CRLF pair or a surrogate pair, so editors can map both ends to positions.
 */
export function replacementBetween(before: string, after: string): SpecTextEdit {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  while (start > 0 && (splitsPair(before, start) || splitsPair(after, start))) start--;
  while (end > 0 && (splitsPair(before, before.length - end) || splitsPair(after, after.length - end))) end--;
  return { offset: start, length: before.length - start - end, content: after.slice(start, after.length - end) };
}

/** Offset `i` falls inside "\r\n" or inside a surrogate pair of `text`. */
function splitsPair(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return false;
  const prev = text.charCodeAt(i - 1);
  const here = text.charCodeAt(i);
  return (prev === 0x0d && here === 0x0a) || (prev >= 0xd800 && prev <= 0xdbff && here >= 0xdc00 && here <= 0xdfff);
}
