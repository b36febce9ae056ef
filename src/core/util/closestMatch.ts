/**
 * The candidate nearest to `input` by edit distance (case-insensitive), when it is near enough to
 * be what was meant: "sampleRate" → "sampleRates", "stemm" → "stem", "Stemz" → "Stems", "warn" → "warning".
 * By default up to a third of a word may be wrong (at least one letter), so short words need a near hit.
 */
export function closestMatch(input: string, candidates: Iterable<string>, maxDistance = Math.max(1, Math.floor(input.length / 3))): string | null {
  const wanted = input.toLowerCase();
  const pool = [...candidates];
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of pool) {
    const d = editDistance(wanted, candidate.toLowerCase(), Math.min(maxDistance, bestDistance - 1));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (bestDistance <= maxDistance) return best;
  // An abbreviation ("warn" for "warning", "voc" for "vocals") is further in letters, yet clear.
  if (wanted.length < 3) return null;
  for (const candidate of pool) if (candidate.toLowerCase().startsWith(wanted)) return candidate;
  return null;
}

/** Levenshtein distance, or more than `limit` as soon as it is certain to exceed it. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}
