/**
 * Runtime checks for messages that cross a trust boundary (a webview's postMessage, a custom
 * request from any LSP client). A validator returns the typed value or null; callers log and drop
 * what fails, never act on it. Strings and arrays are bounded so a hostile payload cannot make the
 * host allocate without limit.
 */

export const MAX_MESSAGE_STRING = 64 * 1024;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isBoundedString(value: unknown, maxLength = MAX_MESSAGE_STRING): value is string {
  return typeof value === 'string' && value.length <= maxLength;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** An integer in [min, max]. */
export function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}


/**
 * A relative path inside a delivery as the protocols carry it: forward slashes, no `..` segment,
 * not absolute, no NUL. What it names must still be looked up in the model before use.
 */
export function isRelativeDeliveryPath(value: unknown): value is string {
  if (!isBoundedString(value, 4096) || value === '' || value.includes('\0') || value.includes('\\')) return false;
  if (value.startsWith('/') || /^[A-Za-z]:/.test(value)) return false;
  return value.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
