/**
 * Levels and durations are rounded at output only (DESIGN.md): 0.1 for dB, 1 ms for seconds.
 * A JSON.stringify replacer, keyed on the field-name suffixes of the contract.
 */
export function roundLevels(key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isInteger(value)) return value;
  if (/Db|Dbfs|Dbtp|Lufs|Lu$/.test(key)) return Math.round(value * 10) / 10;
  if (/Sec$/.test(key)) return Math.round(value * 1000) / 1000;
  return value;
}
