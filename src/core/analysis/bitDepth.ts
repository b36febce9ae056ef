/**
 * Effective bit depth: how many of the declared bits the samples really use. A 24-bit file whose
 * every sample has its low 8 bits zero was upconverted from 16 bits (format/padded-bit-depth).
 *
 * Integer files: each sample back to its integer code at the valid bits; OR-ing all codes
 * together, the lowest set bit tells how many low bits are never used. The effective depth is
 * the maximum over samples of used bits = declared bits - trailing zeros of the OR.
 * Float files: the same measure on the 24-bit integer grid when every sample is exactly a 24-bit
 * code (-1.0 ≤ x ≤ 1 - 2^-23, a multiple of 2^-23), so a float file holding 16-bit audio reads 16;
 * otherwise the declared 32 or 64.
 * Digital silence uses no bits: 0. Scanning stops once the lowest bit is seen, which real
 * recordings do within a few samples.
 */

export interface BitDepthResult {
  /** Bits the header declares (valid bits; 32/64 for float). */
  declaredBits: number;
  /** Bits the samples use; ≤ declaredBits; 0 for digital silence. */
  effectiveBits: number;
  float: boolean;
}

const FLOAT_GRID_BITS = 24;
const FLOAT_GRID_SCALE = 2 ** (FLOAT_GRID_BITS - 1);
const FLOAT_GRID_MAX = FLOAT_GRID_SCALE - 1;

/** Number of trailing zero bits of a non-zero int32. */
function trailingZeros(x: number): number {
  return 31 - Math.clz32(x & -x);
}

export class EffectiveBits {
  /** OR of every integer code seen. */
  private codes = 0;
  /** Float files: false once a sample is off the 24-bit grid. */
  private onGrid = true;
  private readonly scale: number;
  private readonly gridBits: number;

  constructor(private readonly declaredBits: number, private readonly float: boolean) {
    this.gridBits = float ? FLOAT_GRID_BITS : Math.min(declaredBits, 32);
    this.scale = 2 ** (this.gridBits - 1);
  }

  /** True once no further sample can change the answer. */
  get settled(): boolean {
    return (this.codes & 1) !== 0 || !this.onGrid;
  }

  push(data: Float32Array, frames: number): void {
    if (this.settled) return;
    if (this.float) this.pushFloat(data, frames);
    else this.pushInteger(data, frames);
  }

  finish(): BitDepthResult {
    const { declaredBits, float } = this;
    let effectiveBits: number;
    if (!this.onGrid) effectiveBits = declaredBits;
    else effectiveBits = this.codes === 0 ? 0 : this.gridBits - trailingZeros(this.codes);
    return { declaredBits, effectiveBits, float };
  }

  private pushInteger(data: Float32Array, frames: number): void {
    const scale = this.scale;
    let codes = this.codes;
    // Check the lowest bit every block rather than every sample: the loop stays branch-free.
    for (let start = 0; start < frames && (codes & 1) === 0; start += 256) {
      const end = Math.min(frames, start + 256);
      for (let i = start; i < end; i++) codes |= (data[i]! * scale) | 0;
    }
    this.codes = codes;
  }

  private pushFloat(data: Float32Array, frames: number): void {
    let codes = this.codes;
    for (let i = 0; i < frames; i++) {
      const k = data[i]! * FLOAT_GRID_SCALE;
      if ((k | 0) !== k || k > FLOAT_GRID_MAX) {
        this.onGrid = false;
        return;
      }
      codes |= k;
    }
    this.codes = codes;
  }
}
