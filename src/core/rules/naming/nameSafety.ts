/**
 * What makes a file or folder name unsafe to move between machines. Spaces and non-ASCII letters
 * are fine on every current system; these are not.
 */

export interface NameProblem {
  code: 'forbidden-character' | 'control-character' | 'edge-space' | 'edge-dot' | 'reserved-name' | 'long-name' | 'long-path' | 'not-nfc';
  /** Says what is wrong in an engineer's words. */
  text: string;
}

/** Longest name, in UTF-8 bytes, that ext4, APFS, NTFS and exFAT all store (255 is the common limit). */
export const MAX_NAME_BYTES = 255;

/**
 * Longest relative path we let pass: Windows' classic 260-character limit (MAX_PATH) counts the
 * folder the delivery is copied into too ("C:\Users\…\Downloads\…"), so 200 leaves room for it.
 */
export const MAX_RELATIVE_PATH_CHARS = 200;

/** Characters Windows forbids in names; "/" and ":" also mean something on macOS. */
const FORBIDDEN = /[\\/:*?"<>|]/gu;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
/** CON, PRN, AUX, NUL, COM1–9, LPT1–9: reserved on Windows with any extension ("CON.wav"). */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

export function nameProblems(name: string): NameProblem[] {
  const problems: NameProblem[] = [];
  const forbidden = [...new Set(name.match(FORBIDDEN) ?? [])];
  if (forbidden.length > 0) {
    problems.push({ code: 'forbidden-character', text: `has ${forbidden.map((c) => `"${c}"`).join(', ')}, which Windows does not allow in names (and "/" or ":" are folder separators on macOS)` });
  }
  if (CONTROL.test(name)) problems.push({ code: 'control-character', text: 'has an invisible control character (a tab, a line break…)' });
  if (/^\s|\s$/u.test(name)) problems.push({ code: 'edge-space', text: 'starts or ends with a space, which Windows drops and others keep' });
  if (/^\.|\.$/u.test(name)) problems.push({ code: 'edge-dot', text: 'starts or ends with a dot (hidden on macOS and Linux, or dropped by Windows)' });
  const stem = name.split('.')[0]!.trimEnd();
  if (RESERVED.test(stem)) problems.push({ code: 'reserved-name', text: `is "${stem.toUpperCase()}", a reserved device name on Windows that cannot be created there` });
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > MAX_NAME_BYTES) problems.push({ code: 'long-name', text: `is ${bytes} bytes long; most file systems stop at ${MAX_NAME_BYTES}` });
  if (name !== name.normalize('NFC')) problems.push({ code: 'not-nfc', text: 'uses decomposed Unicode (accents stored apart, as older macOS writes them), so the same-looking name differs on other systems, in checksums and in sync tools' });
  return problems;
}

/** A name in quotes, its control characters spelled out: a line break shows as \n. */
export function quoteName(name: string): string {
  const spelled: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  // eslint-disable-next-line no-control-regex
  const visible = name.replace(/[\u0000-\u001f\u007f-\u009f]/gu, (c) => spelled[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${visible}"`;
}
