/**
 * Track plumbing and signal processing shared by the instruments: chunked rendering with reused
 * buffers, filters and effects carrying their state across chunks, and track wrappers.
 */

import type { Track } from './song';

/** In-place, stateful processing of one channel, chunk after chunk. */
export interface Processor {
  process(block: Float32Array): void;
}

/**
 * Checks the chunk order (state carries across chunks), then applies per-channel processors and
 * gain. The arrays a render returns are reused by the next render of the same track.
 */
export abstract class SequentialTrack implements Track {
  private next = 0;
  private readonly scratch: ScratchBlocks;
  constructor(
    readonly channels: 1 | 2,
    private readonly gain: number,
    private readonly post: Processor[][] = [],
  ) {
    this.scratch = new ScratchBlocks(channels);
  }

  /** Zeroed output buffers for this chunk (reused: callers use a chunk before asking for the next). */
  protected blank(frames: number): Float32Array[] {
    return this.scratch.get(frames);
  }

  render(frameStart: number, frames: number): Float32Array[] {
    if (frameStart !== this.next) throw new Error(`Track chunks must come in order: expected frame ${this.next}, got ${frameStart}`);
    this.next = frameStart + frames;
    const out = this.renderBlock(frameStart, frames);
    const gain = this.gain;
    for (let c = 0; c < out.length; c++) {
      const block = out[c];
      for (const p of this.post[c] ?? []) p.process(block);
      for (let i = 0; i < block.length; i++) block[i] *= gain;
    }
    return out;
  }

  protected abstract renderBlock(frameStart: number, frames: number): Float32Array[];
}

/**
 * Zeroed per-channel buffers reused from chunk to chunk: allocating fresh ones for every track and
 * chunk cost more than some instruments. What get() returns is valid until the next get().
 */
export class ScratchBlocks {
  private buffers: Float32Array[] = [];
  constructor(private readonly channels: number) {}
  get(frames: number): Float32Array[] {
    if ((this.buffers[0]?.length ?? -1) < frames) this.buffers = Array.from({ length: this.channels }, () => new Float32Array(frames));
    return this.buffers.map((b) => b.subarray(0, frames).fill(0));
  }
}

/** y += a(x − y): the gentlest lowpass, 6 dB/octave. */
export class OnePoleLowpass implements Processor {
  private y = 0;
  private readonly a: number;
  constructor(cutoffHz: number, sampleRate: number) {
    this.a = 1 - Math.exp((-2 * Math.PI * cutoffHz) / sampleRate);
  }
  process(block: Float32Array): void {
    let y = this.y;
    for (let i = 0; i < block.length; i++) block[i] = y += this.a * (block[i] - y);
    this.y = y;
  }
}

/** x − lowpass(x): removes rumble below the cutoff. */
export class OnePoleHighpass implements Processor {
  private y = 0;
  private readonly a: number;
  constructor(cutoffHz: number, sampleRate: number) {
    this.a = 1 - Math.exp((-2 * Math.PI * cutoffHz) / sampleRate);
  }
  process(block: Float32Array): void {
    let y = this.y;
    for (let i = 0; i < block.length; i++) {
      y += this.a * (block[i] - y);
      block[i] -= y;
    }
    this.y = y;
  }
}

/** tanh saturation normalised so a full-scale input stays at full scale: amp and tape colour. */
export class Drive implements Processor {
  private readonly norm: number;
  constructor(private readonly amount: number) {
    this.norm = 1 / Math.tanh(amount);
  }
  process(block: Float32Array): void {
    for (let i = 0; i < block.length; i++) block[i] = Math.tanh(this.amount * block[i]) * this.norm;
  }
}

/** A feedback echo printed onto the signal (dry + wet), as on "BGV Delay". */
export class FeedbackDelay implements Processor {
  private readonly line: Float32Array;
  private at = 0;
  constructor(
    delayFrames: number,
    private readonly feedback: number,
    private readonly wet: number,
  ) {
    this.line = new Float32Array(Math.max(1, Math.round(delayFrames)));
  }
  process(block: Float32Array): void {
    const line = this.line;
    for (let i = 0; i < block.length; i++) {
      const echo = line[this.at];
      line[this.at] = block[i] + echo * this.feedback;
      block[i] += echo * this.wet;
      if (++this.at === line.length) this.at = 0;
    }
  }
}

/** Renders a track once per chunk however many consumers ask (the lead vocal feeds its reverb print). */
export function memoLastChunk(track: Track): Track {
  let lastStart = -1;
  let lastFrames = -1;
  let last: Float32Array[] = [];
  return {
    channels: track.channels,
    render(frameStart, frames) {
      if (frameStart !== lastStart || frames !== lastFrames) {
        last = track.render(frameStart, frames);
        lastStart = frameStart;
        lastFrames = frames;
      }
      return last;
    },
  };
}

/** The same performance, starting `offsetFrames` later in the session (file frame 0 = track frame offset). */
export function delayedStart(track: Track, offsetFrames: number): Track {
  let primed = offsetFrames === 0;
  return {
    channels: track.channels,
    render(frameStart, frames) {
      if (!primed) {
        track.render(0, offsetFrames);
        primed = true;
      }
      return track.render(frameStart + offsetFrames, frames);
    },
  };
}
