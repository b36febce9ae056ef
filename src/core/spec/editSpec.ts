import { applyEdits, modify, type FormattingOptions } from 'jsonc-parser';

/** One text replacement in delivery.json: offset/length in the old text. */
export interface SpecTextEdit {
  offset: number;
  length: number;
  content: string;
}

/**
 * The smallest edits that set `path` to `value` (undefined removes it) in delivery.json text,
 * keeping comments and formatting elsewhere (jsonc-parser `modify`). Callers apply them as a
 * WorkspaceEdit, so Undo works.
 */
export function specEdits(text: string, path: Array<string | number>, value: unknown, formatting: Partial<FormattingOptions> = {}): SpecTextEdit[] {
  const base = text.trim() === '' ? '{}' : text;
  const options = { formattingOptions: { ...detectIndent(text), eol: detectEol(text), ...formatting } };
  const edits = modify(base, path, value, options);
  if (base === text) return edits;
  // An empty file becomes the whole new object.
  return [{ offset: 0, length: text.length, content: applyEdits(base, edits) }];
}

export function applySpecEdits(text: string, edits: SpecTextEdit[]): string {
  return applyEdits(text, edits);
}

function detectEol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The file's own indentation (its first indented line), so added lines match it; 2 spaces by default. */
function detectIndent(text: string): { insertSpaces: boolean; tabSize: number } {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1 };
  return { insertSpaces: true, tabSize: indent ? Math.min(indent.length, 8) : 2 };
}
