/** A reverb printed to a track of its own (the lead vocal's "Verb Print"). */

import { SequentialTrack } from './dsp';
import type { Track } from './song';

/** Feedback comb with a lowpass in the loop (damping), as in Schroeder/Moorer reverbs. */
class DampedComb {
  private readonly line: Float32Array;
  private at = 0;
  private low = 0;
  constructor(
    length: number,
    private readonly feedback: number,
    private readonly damping: number,
  ) {
    this.line = new Float32Array(length);
  }
  step(x: number): number {
    const y = this.line[this.at];
    this.low = y * (1 - this.damping) + this.low * this.damping;
    this.line[this.at] = x + this.low * this.feedback;
    if (++this.at === this.line.length) this.at = 0;
    return y;
  }
}

class Allpass {
  private readonly line: Float32Array;
  private at = 0;
  constructor(length: number, private readonly gain = 0.5) {
    this.line = new Float32Array(length);
  }
  step(x: number): number {
    const delayed = this.line[this.at];
    const v = x + delayed * this.gain;
    this.line[this.at] = v;
    if (++this.at === this.line.length) this.at = 0;
    return delayed - v * this.gain;
  }
}

/** Schroeder reverb, wet only: four parallel combs then two allpasses per side, spread for stereo. */
export class ReverbPrintTrack extends SequentialTrack {
  private readonly sides: Array<{ combs: DampedComb[]; allpasses: Allpass[] }>;

  constructor(
    private readonly source: Track,
    sampleRate: number,
    gain: number,
  ) {
    super(2, gain);
    const scale = sampleRate / 44100; // classic tunings are given at 44.1 kHz
    const side = (spread: number) => ({
      combs: [1557, 1617, 1491, 1422].map((n) => new DampedComb(Math.round((n + spread) * scale), 0.84, 0.3)),
      allpasses: [556, 225].map((n) => new Allpass(Math.round((n + spread) * scale))),
    });
    this.sides = [side(0), side(23)];
  }

  protected renderBlock(frameStart: number, frames: number): Float32Array[] {
    const [input] = this.source.render(frameStart, frames);
    const out = this.blank(frames);
    this.sides.forEach(({ combs, allpasses }, c) => {
      const block = out[c];
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (const comb of combs) sum += comb.step(input[i]);
        for (const ap of allpasses) sum = ap.step(sum);
        block[i] = sum;
      }
    });
    return out;
  }
}
