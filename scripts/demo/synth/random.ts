/** Seeded randomness (never Math.random), so the same song renders to the same samples every time. */

/** mulberry32: a tiny seeded PRNG returning [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    return mix32(state);
  };
}

/**
 * The (index+1)-th output of mulberry32(seed), scaled to [-1, 1). Random access means every mic of
 * a drum kit can re-create the very same hit at any sample, and no noise state crosses chunks.
 */
export function noiseAt(seed: number, index: number): number {
  return mix32((seed + Math.imul(index + 1, 0x6d2b79f5)) >>> 0) * 2 - 1;
}

function mix32(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
