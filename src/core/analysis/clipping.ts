/**
 * Clipping runs: at least MIN_CLIP_RUN consecutive samples at full scale on one channel, all of
 * the same sign (a lone full-scale peak is legal; a flat top is the fingerprint of clipping).
 *
 * Full scale is where the format stops: for integer files the largest and smallest codes of the
 * valid bits (1 - 2^(1 - bits) and -1 after decoding); for float files |x| ≥ 1.0. For 32-bit
 * integer files the decoded float32 rounds the top ~64 codes to 1.0, so they count as full scale.
 */

export const MIN_CLIP_RUN = 3;
/** Runs listed in the result; the count goes on past it. */
export const MAX_LISTED_CLIP_RUNS = 100;

export interface ClipRun {
  channel: number;
  startFrame: number;
  startSec: number;
  /** Consecutive full-scale samples. */
  length: number;
}

export interface ClippingResult {
  /** All runs found. */
  runCount: number;
  /** Samples inside those runs, over all channels. */
  clippedSamples: number;
  /** The earliest MAX_LISTED_CLIP_RUNS runs, sorted by time, then channel. */
  runs: ClipRun[];
}

/** The decoded values at and beyond which a sample is at full scale. */
export function fullScaleLimits(bitDepth: number, float: boolean): { positive: number; negative: number } {
  if (float) return { positive: 1, negative: -1 };
  return { positive: Math.fround(1 - 2 ** (1 - bitDepth)), negative: -1 };
}

/**
 * Tracks runs across chunk boundaries. The caller scans only channels whose chunk peak reaches
 * `positive` (rare), and calls `interrupt` for the others so an open run ends there.
 */
export class ClipRunTracker {
  readonly positive: number;
  private readonly negative: number;
  private readonly runStart: Float64Array;
  private readonly runLength: Float64Array;
  private readonly runSign: Int8Array;
  private readonly runValue: Float32Array;
  private runCount = 0;
  private clippedSamples = 0;
  private readonly listed: ClipRun[] = [];

  constructor(channels: number, limits: { positive: number; negative: number }, private readonly sampleRate: number) {
    this.positive = limits.positive;
    this.negative = limits.negative;
    this.runStart = new Float64Array(channels);
    this.runLength = new Float64Array(channels);
    this.runSign = new Int8Array(channels);
    this.runValue = new Float32Array(channels);
  }

  scan(channel: number, data: Float32Array, frames: number, startFrame: number): void {
    const pos = this.positive;
    const neg = this.negative;
    let start = this.runStart[channel]!;
    let length = this.runLength[channel]!;
    let sign = this.runSign[channel]!;
    let value = this.runValue[channel]!;
    for (let i = 0; i < frames; i++) {
      const x = data[i]!;
      const s = x >= pos ? 1 : x <= neg ? -1 : 0;
      // A run is a flat top: the same value again. Integer files cannot pass full scale, so
      // there this is any run at the rail; a float file that merely swings past 1.0 is no run
      // (that is level/over-full-scale), one flattened by a clipper at any level is.
      if (s !== 0 && s === sign && x === value) {
        length++;
        continue;
      }
      if (length >= MIN_CLIP_RUN) this.record(channel, start, length);
      sign = s;
      value = x;
      start = startFrame + i;
      length = s === 0 ? 0 : 1;
    }
    this.runStart[channel] = start;
    this.runLength[channel] = length;
    this.runSign[channel] = sign;
    this.runValue[channel] = value;
  }

  /** The channel has no full-scale sample in the current chunk: close any open run. */
  interrupt(channel: number): void {
    if (this.runLength[channel]! >= MIN_CLIP_RUN) this.record(channel, this.runStart[channel]!, this.runLength[channel]!);
    this.runLength[channel] = 0;
    this.runSign[channel] = 0;
  }

  finish(): ClippingResult {
    for (let c = 0; c < this.runLength.length; c++) this.interrupt(c);
    const runs = [...this.listed].sort((a, b) => a.startFrame - b.startFrame || a.channel - b.channel);
    return { runCount: this.runCount, clippedSamples: this.clippedSamples, runs };
  }

  private record(channel: number, startFrame: number, length: number): void {
    this.runCount++;
    this.clippedSamples += length;
    const run: ClipRun = { channel, startFrame, startSec: startFrame / this.sampleRate, length };
    if (this.listed.length < MAX_LISTED_CLIP_RUNS) {
      this.listed.push(run);
      return;
    }
    // Full: runs arrive nearly in time order (channel by channel within a chunk), so an earlier
    // one is rare; it replaces the latest listed.
    let latest = 0;
    for (let i = 1; i < this.listed.length; i++) if (this.listed[i]!.startFrame > this.listed[latest]!.startFrame) latest = i;
    if (startFrame < this.listed[latest]!.startFrame) this.listed[latest] = run;
  }
}
