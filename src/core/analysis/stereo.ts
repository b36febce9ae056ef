/**
 * Dual mono (right identical to left) and inverted polarity (right = −left) of a stereo file.
 * Integer files are compared code for code: identical means identical, not "within 1 LSB" — a
 * real stereo signal always differs somewhere by more. The one allowance: two's complement has
 * no +1.0, so an inverted −1.0 may be stored as the largest positive code (1 LSB short).
 * Each test stops at its first counter-example, so real stereo costs a few samples.
 */

export interface StereoResult {
  /** Both channels identical and not digital silence. */
  dualMono: boolean;
  /** Right is left inverted and not digital silence. */
  invertedPolarity: boolean;
}

export class StereoRelation {
  private identical = true;
  private inverted = true;

  /** `lsb`: one code step of the file's valid bits (0 for float files: exact negation only). -1.0 against the largest code sums to -lsb. */
  constructor(private readonly lsb: number) {}

  push(left: Float32Array, right: Float32Array, frames: number): void {
    if (this.identical) {
      for (let i = 0; i < frames; i++) {
        if (left[i] !== right[i]) {
          this.identical = false;
          break;
        }
      }
    }
    if (this.inverted) {
      const lsb = this.lsb;
      for (let i = 0; i < frames; i++) {
        const l = left[i]!;
        const r = right[i]!;
        const sum = l + r;
        if (sum !== 0 && !(sum === -lsb && (l === -1 || r === -1))) {
          this.inverted = false;
          break;
        }
      }
    }
  }

  /** `digitalSilence`: both channels all zero, which is trivially both and reported as neither. */
  finish(digitalSilence: boolean): StereoResult {
    return { dualMono: this.identical && !digitalSilence, invertedPolarity: this.inverted && !digitalSilence };
  }
}
