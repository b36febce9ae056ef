import type { Position, Range } from './spec';

/** Turns offsets into the text into line/character ranges (zero-based, as LSP and VS Code use). */
export type RangeOf = (offset: number, length: number) => Range;

export function rangeMapper(text: string): RangeOf {
  // Line breaks as LSP and VS Code count them: \n, \r\n and a lone \r (old Mac files).
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  const positionAt = (offset: number): Position => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo]! };
  };
  // Clamped to the text: jsonc-parser reports an unterminated comment one character past the end.
  const clamp = (offset: number) => Math.min(Math.max(0, offset), text.length);
  return (offset, length) => ({ start: positionAt(clamp(offset)), end: positionAt(clamp(offset + Math.max(0, length))) });
}
