/** The shape of a note: an attack–decay–sustain–release envelope and a band-limited sawtooth. */

/**
 * Attack, exponential decay toward sustain, and a release that reaches exactly zero after
 * `releaseSec` (so a note's tail ends cleanly at its window's end).
 */
export function envelope(t: number, lengthSec: number, attackSec: number, decaySec: number, sustain: number, releaseSec: number): number {
  if (t < lengthSec) return held(t, attackSec, decaySec, sustain);
  const r = t - lengthSec;
  return r >= releaseSec ? 0 : held(lengthSec, attackSec, decaySec, sustain) * Math.exp((-4 * r) / releaseSec) * (1 - r / releaseSec);
}

function held(t: number, attackSec: number, decaySec: number, sustain: number): number {
  return Math.min(1, t / attackSec) * (sustain === 1 ? 1 : sustain + (1 - sustain) * Math.exp(-t / decaySec));
}

/** Band-limited sawtooth by PolyBLEP: the naive ramp minus a polynomial step at the wrap. */
export function polyBlepSaw(phase: number, dt: number): number {
  let v = 2 * phase - 1;
  if (phase < dt) {
    const x = phase / dt;
    v -= x + x - x * x - 1;
  } else if (phase > 1 - dt) {
    const x = (phase - 1) / dt;
    v -= x * x + x + x + 1;
  }
  return v;
}

export const frac = (x: number): number => x - Math.floor(x);
