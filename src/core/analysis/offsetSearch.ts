import { fftInPlace, nextPowerOfTwo } from './fft';

/**
 * Finds a constant offset between two multichannel signals by least squares: the lag k in
 * [-maxLag, maxLag] that minimises the energy of `reference[t] - candidate[t + k]` over a window.
 *
 * Why least squares, not the peak of the cross-correlation: with the residual energy
 * R(k) = E_ref + E_cand(k) - 2·xcorr(k), a louder stretch of the candidate cannot win just by being
 * loud, and "no offset" is a real answer (k = 0 must be beaten clearly, see OFFSET_MIN_GAIN).
 * Cost: one complex FFT per channel (reference and candidate packed as real and imaginary part)
 * and one inverse FFT, of the next power of two ≥ window + 2·maxLag: exact to the sample.
 */

/** An offset is reported only when it at least halves the residual energy (3 dB) of k = 0. */
export const OFFSET_MIN_GAIN = 0.5;

/** A residual at k = 0 this far below the reference (-60 dB) means the signals already line up. */
const ALREADY_NULL = 1e-6;
/** Residual energies this close (relative to the reference, -90 dB) count as equal. */
const TIE_TOLERANCE = 1e-9;

export interface OffsetWindow {
  /** The reference (the stem sum), `frames` per channel, from the window's start. */
  reference: readonly Float64Array[];
  /** The candidate (the mix), frames + 2·maxLag per channel: index j is reference time j - maxLag. */
  candidate: readonly Float32Array[];
  maxLag: number;
}

/** The offset in samples (positive: the candidate is late), or null when none is found. */
export function findConstantOffset(w: OffsetWindow): number | null {
  const frames = w.reference[0]?.length ?? 0;
  const span = frames + 2 * w.maxLag;
  if (frames === 0 || w.candidate.some((c) => c.length !== span)) return null;
  const xcorr = crossCorrelation(w.reference, w.candidate, span);
  const referenceEnergy = w.reference.reduce((sum, ch) => sum + energy(ch, 0, frames), 0);
  const candidateEnergy = slidingEnergy(w.candidate, frames, 2 * w.maxLag + 1);

  const residualAt = (j: number) => referenceEnergy + candidateEnergy[j]! - 2 * xcorr[j]!;
  const atZero = residualAt(w.maxLag);
  // Already nulling at k = 0 (or nothing to match): there is no offset to find.
  if (!(atZero > ALREADY_NULL * referenceEnergy)) return null;
  let lowest = Infinity;
  for (let j = 0; j <= 2 * w.maxLag; j++) lowest = Math.min(lowest, residualAt(j));
  if (!(lowest < OFFSET_MIN_GAIN * atZero)) return null;
  // Periodic material gives near-equal minima a period apart: take the smallest such lag.
  const tie = lowest + TIE_TOLERANCE * referenceEnergy;
  let best: number | null = null;
  for (let j = 0; j <= 2 * w.maxLag; j++) {
    const lag = j - w.maxLag;
    if (residualAt(j) <= tie && (best === null || Math.abs(lag) < Math.abs(best))) best = lag;
  }
  return best === 0 ? null : best;
}

/** xcorr[j] = Σ_ch Σ_t reference[t] · candidate[t + j], for j in [0, span - frames]. */
function crossCorrelation(reference: readonly Float64Array[], candidate: readonly Float32Array[], span: number): Float64Array {
  const n = nextPowerOfTwo(span);
  const zRe = new Float64Array(n);
  const zIm = new Float64Array(n);
  const accRe = new Float64Array(n);
  const accIm = new Float64Array(n);
  reference.forEach((ref, ch) => {
    zRe.fill(0);
    zRe.set(ref);
    zIm.set(candidate[ch]!);
    fftInPlace(zRe, zIm);
    // Z = FFT(ref + i·cand): REF[k] = (Z[k] + conj Z[n-k]) / 2, CAND[k] = (Z[k] - conj Z[n-k]) / 2i.
    for (let k = 0; k < n; k++) {
      const m = (n - k) % n;
      const p = zRe[k]! + zRe[m]!; // 2·Re REF
      const q = zIm[k]! - zIm[m]!; // 2·Im REF
      const r = zIm[k]! + zIm[m]!; // 2·Re CAND
      const s = zRe[m]! - zRe[k]!; // 2·Im CAND
      // conj(REF) · CAND, the spectrum of the cross-correlation.
      accRe[k] = accRe[k]! + (p * r + q * s) / 4;
      accIm[k] = accIm[k]! + (p * s - q * r) / 4;
    }
  });
  fftInPlace(accRe, accIm, true);
  // No wrap-around: t + j < span ≤ n for every t < frames and j ≤ span - frames.
  return accRe.subarray(0, span);
}

function energy(x: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += x[i]! * x[i]!;
  return sum;
}

/** e[j] = Σ_ch Σ_{t < frames} candidate[t + j]², for `count` consecutive j, from running sums. */
function slidingEnergy(candidate: readonly Float32Array[], frames: number, count: number): Float64Array {
  const out = new Float64Array(count);
  const square = (i: number) => candidate.reduce((sum, ch) => sum + ch[i]! * ch[i]!, 0);
  let running = 0;
  for (let t = 0; t < frames; t++) running += square(t);
  out[0] = running;
  for (let j = 1; j < count; j++) {
    running += square(j + frames - 1) - square(j - 1);
    out[j] = running;
  }
  return out;
}
