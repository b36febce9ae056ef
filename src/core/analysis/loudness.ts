import type { Analyser, AnalyserFactory, PcmChunk, StreamInfo } from './analyser';
import { KWeightingBank } from './kWeighting';

/**
 * Integrated loudness (ITU-R BS.1770-4 / EBU R 128), loudness range (EBU Tech 3342), and the
 * maximum momentary and short-term loudness, in one streaming pass.
 *
 * Memory stays bounded without keeping audio: the K-weighted, channel-weighted energy of every
 * 100 ms sub-block is kept (one float64 each: 1.1 MB for four hours). Every window the measures
 * need is a run of consecutive sub-blocks: the 400 ms gating blocks (75 % overlap, so one every
 * 100 ms) are 4 of them, the 3 s short-term windows of the loudness range (10 Hz) are 30.
 */

export interface LoudnessResult {
  /** Gated programme loudness; null when nothing passes the -70 LUFS gate (silence, < 400 ms). */
  integratedLufs: number | null;
  /** Loudness range in LU; null when no 3 s window passes the gates (silence, < 3 s). */
  lraLu: number | null;
  /** Loudest 400 ms window; null when there is none, or it is digital silence. */
  momentaryMaxLufs: number | null;
  /** Loudest 3 s window; null when there is none, or it is digital silence. */
  shortTermMaxLufs: number | null;
}

/**
 * Lowest sample rate measured; below it every loudness field is null. The K-weighting shelf is
 * centred at 1.68 kHz and reaches its +4 dB plateau near 4 kHz. At 8 kHz (telephony, the lowest
 * rate in real use) the filter computed here stays within 0.5 dB of the 48 kHz response up to
 * Nyquist; at 4 kHz it is 2 dB off at 1.5 kHz; below ~3.4 kHz the shelf's centre lies above
 * Nyquist and the pre-warped coefficients mean nothing (a 1 Hz file gave NaN and infinite
 * loudness). BS.1770 weighting cannot be represented there, so nothing is reported.
 */
export const MIN_LOUDNESS_RATE = 8000;

/** L = -0.691 + 10 log10(sum of weighted mean squares): the -0.691 makes a 997 Hz sine read 0 dB. */
const LOUDNESS_OFFSET = -0.691;
const ABSOLUTE_GATE_LUFS = -70;
/** Integrated loudness: blocks more than 10 LU below the absolute-gated mean are dropped. */
const RELATIVE_GATE_LU = -10;
/** Loudness range: short-term windows more than 20 LU below their absolute-gated mean are dropped. */
const LRA_RELATIVE_GATE_LU = -20;
const LRA_LOW_PERCENTILE = 0.1;
const LRA_HIGH_PERCENTILE = 0.95;
const SUB_BLOCKS_PER_MOMENTARY = 4;
const SUB_BLOCKS_PER_SHORT_TERM = 30;

// WAVE_FORMAT_EXTENSIBLE speaker positions (dwChannelMask bits), in the order channels appear.
const SPEAKER_LOW_FREQUENCY = 0x8;
const SPEAKER_BACK_LEFT = 0x10;
const SPEAKER_BACK_RIGHT = 0x20;
const SPEAKER_SIDE_LEFT = 0x200;
const SPEAKER_SIDE_RIGHT = 0x400;
const SURROUND_WEIGHT = 1.41;
const SURROUND_SPEAKERS = SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT | SPEAKER_SIDE_LEFT | SPEAKER_SIDE_RIGHT;
const MASK_BITS = 18;

/**
 * Default layouts when a file carries no channel mask (the channel orders of WAVE_FORMAT_EXTENSIBLE
 * for those counts): 1 mono, 2 L R, 3 L R C, 4 L R Ls Rs, 5 L R C Ls Rs, 6 L R C LFE Ls Rs,
 * 7 L R C LFE Cs Ls Rs, 8 L R C LFE Lb Rb Ls Rs.
 */
const DEFAULT_WEIGHTS: Readonly<Record<number, readonly number[]>> = {
  1: [1],
  2: [1, 1],
  3: [1, 1, 1],
  4: [1, 1, SURROUND_WEIGHT, SURROUND_WEIGHT],
  5: [1, 1, 1, SURROUND_WEIGHT, SURROUND_WEIGHT],
  6: [1, 1, 1, 0, SURROUND_WEIGHT, SURROUND_WEIGHT],
  7: [1, 1, 1, 0, 1, SURROUND_WEIGHT, SURROUND_WEIGHT],
  8: [1, 1, 1, 0, SURROUND_WEIGHT, SURROUND_WEIGHT, SURROUND_WEIGHT, SURROUND_WEIGHT],
};

/**
 * BS.1770-4 channel weights: 1.0 for front and other channels, 1.41 (+1.5 dB) for surrounds
 * (side and back left/right, as the 5.1 "back" pair sits at ±110°), 0 for the LFE, which is
 * excluded. A mono file counts as one channel of weight 1 (no +3 dB). Channels beyond the mask
 * or beyond the known layouts weigh 1.0.
 */
export function channelWeights(channels: number, channelMask: number | null): number[] {
  const weights = new Array<number>(channels).fill(1);
  if (channelMask !== null && channelMask !== 0) {
    let channel = 0;
    for (let bit = 0; bit < MASK_BITS && channel < channels; bit++) {
      const speaker = 1 << bit;
      if ((channelMask & speaker) === 0) continue;
      weights[channel++] =
        speaker === SPEAKER_LOW_FREQUENCY ? 0 : (speaker & SURROUND_SPEAKERS) !== 0 ? SURROUND_WEIGHT : 1;
    }
    return weights;
  }
  const layout = DEFAULT_WEIGHTS[channels];
  return layout ? [...layout] : weights;
}

export const createLoudnessAnalyser: AnalyserFactory<LoudnessResult> = (info) => new LoudnessAnalyser(info);

export class LoudnessAnalyser implements Analyser<LoudnessResult> {
  private readonly sampleRate: number;
  /** False below MIN_LOUDNESS_RATE: nothing is filtered, every result is null. */
  private readonly measured: boolean;
  /** Weight of each channel; the LFE's 0 skips it entirely. */
  private readonly weights: Float64Array;
  /** Filter c of the bank is channel c's (no per-channel setup: see KWeightingBank). */
  private readonly filters: KWeightingBank | null = null;
  /** Weighted energy (sum of squares) of each complete 100 ms sub-block. */
  private energies = new Float64Array(1024);
  private subBlocks = 0;
  /** The current, incomplete sub-block. */
  private subEnergy = 0;
  private subFilled = 0;
  private subLength: number;
  private readonly pairSums = new Float64Array(2);

  constructor(info: StreamInfo) {
    if (!(info.sampleRate > 0) || !Number.isFinite(info.sampleRate)) throw new RangeError(`bad sample rate ${info.sampleRate}`);
    this.sampleRate = info.sampleRate;
    this.measured = info.sampleRate >= MIN_LOUDNESS_RATE;
    this.weights = new Float64Array(this.measured ? channelWeights(info.channels, info.channelMask) : []);
    if (this.measured) this.filters = new KWeightingBank(info.sampleRate, info.channels);
    this.subLength = this.subBlockStart(1);
  }

  push(chunk: PcmChunk): void {
    const filters = this.filters;
    if (filters === null) return;
    const frames = chunk.frames;
    const weights = this.weights;
    let offset = 0;
    while (offset < frames) {
      const end = Math.min(frames, offset + this.subLength - this.subFilled);
      let energy = 0;
      // Channels two at a time where both count (see sumOfSquaresPair); sums added in channel order.
      const pair = this.pairSums;
      for (let c = 0; c < weights.length; c++) {
        if (!(weights[c] > 0)) continue;
        if (c + 1 < weights.length && weights[c + 1] > 0) {
          filters.sumOfSquaresPair(c, chunk.channels[c], c + 1, chunk.channels[c + 1], offset, end, pair);
          energy += weights[c] * pair[0];
          energy += weights[c + 1] * pair[1];
          c++;
        } else {
          energy += weights[c] * filters.sumOfSquares(c, chunk.channels[c], offset, end);
        }
      }
      this.subEnergy += energy;
      this.subFilled += end - offset;
      offset = end;
      if (this.subFilled === this.subLength) this.closeSubBlock();
    }
  }

  finish(): LoudnessResult {
    const momentary = this.windowEnergies(SUB_BLOCKS_PER_MOMENTARY);
    const shortTerm = this.windowEnergies(SUB_BLOCKS_PER_SHORT_TERM);
    return {
      integratedLufs: integratedLoudness(momentary),
      lraLu: loudnessRange(shortTerm),
      momentaryMaxLufs: maxLoudness(momentary),
      shortTermMaxLufs: maxLoudness(shortTerm),
    };
  }

  /** Momentary loudness (400 ms) every 100 ms, complete windows only; -Infinity for silence. */
  momentaryLufs(): Float64Array {
    return this.windowEnergies(SUB_BLOCKS_PER_MOMENTARY).map(toLoudness);
  }

  /** Short-term loudness (3 s) every 100 ms, complete windows only; -Infinity for silence. */
  shortTermLufs(): Float64Array {
    return this.windowEnergies(SUB_BLOCKS_PER_SHORT_TERM).map(toLoudness);
  }

  private closeSubBlock(): void {
    if (this.subBlocks === this.energies.length) {
      const grown = new Float64Array(this.energies.length * 2);
      grown.set(this.energies);
      this.energies = grown;
    }
    this.energies[this.subBlocks++] = this.subEnergy;
    this.subEnergy = 0;
    this.subFilled = 0;
    this.subLength = this.subBlockStart(this.subBlocks + 1) - this.subBlockStart(this.subBlocks);
  }

  /** First frame of sub-block k: rounded so that rates not divisible by 10 keep 100 ms on average. */
  private subBlockStart(k: number): number {
    return Math.max(k, Math.round((k * this.sampleRate) / 10));
  }

  /** Mean square of every window of `span` consecutive sub-blocks, one per sub-block hop. */
  private windowEnergies(span: number): Float64Array {
    const count = Math.max(0, this.subBlocks - span + 1);
    const out = new Float64Array(count);
    const e = this.energies;
    for (let j = 0; j < count; j++) {
      let sum = 0;
      for (let k = j; k < j + span; k++) sum += e[k];
      out[j] = sum / (this.subBlockStart(j + span) - this.subBlockStart(j));
    }
    return out;
  }
}

function toLoudness(meanSquare: number): number {
  return LOUDNESS_OFFSET + 10 * Math.log10(meanSquare);
}

function fromLoudness(lufs: number): number {
  return Math.pow(10, (lufs - LOUDNESS_OFFSET) / 10);
}

/** BS.1770-4 gating: absolute at -70 LUFS, then relative at -10 LU below the mean of the rest. */
export function integratedLoudness(blocks: Float64Array): number | null {
  const absolute = fromLoudness(ABSOLUTE_GATE_LUFS);
  let sum = 0;
  let count = 0;
  for (const z of blocks) {
    if (z > absolute) {
      sum += z;
      count++;
    }
  }
  if (count === 0) return null;
  const relative = (sum / count) * Math.pow(10, RELATIVE_GATE_LU / 10);
  sum = 0;
  count = 0;
  for (const z of blocks) {
    if (z > absolute && z > relative) {
      sum += z;
      count++;
    }
  }
  return toLoudness(sum / count);
}

/**
 * EBU Tech 3342: short-term loudness values gated at -70 LUFS and at 20 LU below their
 * (energy) mean; LRA is the spread between their 10th and 95th percentiles, taken as in the
 * specification's reference code (nearest rank on (n - 1) * p).
 */
export function loudnessRange(windows: Float64Array): number | null {
  const absolute = fromLoudness(ABSOLUTE_GATE_LUFS);
  let sum = 0;
  let count = 0;
  for (const z of windows) {
    if (z > absolute) {
      sum += z;
      count++;
    }
  }
  if (count === 0) return null;
  const relative = (sum / count) * Math.pow(10, LRA_RELATIVE_GATE_LU / 10);
  const kept = new Float64Array(count);
  let n = 0;
  for (const z of windows) {
    if (z > absolute && z >= relative) kept[n++] = z;
  }
  const sorted = kept.subarray(0, n).sort();
  const low = sorted[Math.round((n - 1) * LRA_LOW_PERCENTILE)];
  const high = sorted[Math.round((n - 1) * LRA_HIGH_PERCENTILE)];
  return toLoudness(high) - toLoudness(low);
}

function maxLoudness(windows: Float64Array): number | null {
  let max = 0;
  for (const z of windows) if (z > max) max = z;
  return max > 0 && max < Infinity ? toLoudness(max) : null;
}
