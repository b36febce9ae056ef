/**
 * Linear amplitude → dBFS (full scale = 1.0). Digital silence has no finite level: null, which
 * is also what the JSON output holds for a measure that does not apply. So has a NaN or infinite
 * amplitude (JSON cannot hold either): null too, never Infinity. Levels are kept unrounded here;
 * DESIGN.md rounds to 0.1 at output only.
 */
export function toDbfs(linear: number): number | null {
  const a = Math.abs(linear);
  return a > 0 && a < Infinity ? 20 * Math.log10(a) : null;
}

/** dBFS → linear amplitude. */
export function fromDbfs(db: number): number {
  return 10 ** (db / 20);
}
