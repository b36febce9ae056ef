/** The drum kit: a humanised rock pattern, synthesised kit pieces, and the mics that hear them. */

import { Drive, OnePoleHighpass, OnePoleLowpass, type Processor, ScratchBlocks, SequentialTrack } from './dsp';
import { mulberry32, noiseAt } from './random';
import type { Song, Track } from './song';

export interface HitEvent {
  frame: number;
  velocity: number;
  seed: number;
  /** Decay time constant in seconds for voices that vary it (open vs closed hat). */
  decay: number;
}

/**
 * Adds one hit into `out[at…]`: `count` samples from `n0` frames after the hit starts, at its
 * velocity. Voices own their loops: a per-sample callback through a shared call site would box
 * every sample (and garbage-collect millions of numbers).
 */
type HitVoice = (hit: HitEvent, n0: number, count: number, out: Float32Array, at: number) => void;

interface HitLayer {
  events: readonly HitEvent[];
  voice: HitVoice;
  /** How long a hit sounds at most; hits with a `decay` stop sooner (a closed hat is short). */
  lengthFrames: number;
  /** Per channel: [delay in frames, gain] copies of every hit (mic distance, reflections). */
  taps: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
}

/**
 * A drum mic: hits of one or more kit pieces, each heard through delayed, scaled taps. Each layer is
 * rendered once (hits are pure functions of time, so any range can be rendered) and then tapped.
 */
class HitTrack extends SequentialTrack {
  private readonly dry = new ScratchBlocks(1);
  constructor(
    private readonly sampleRate: number,
    channels: 1 | 2,
    private readonly layers: readonly HitLayer[],
    gain: number,
    post: Processor[][] = [],
  ) {
    super(channels, gain, post);
  }

  protected renderBlock(frameStart: number, frames: number): Float32Array[] {
    const out = this.blank(frames);
    for (const layer of this.layers) {
      const lead = Math.max(0, ...layer.taps.flat().map(([delay]) => delay));
      const [dry] = this.dry.get(frames + lead);
      renderHits(layer, frameStart - lead, dry, this.sampleRate);
      for (let c = 0; c < this.channels; c++) {
        const block = out[c];
        for (const [delay, gain] of layer.taps[c]) {
          const shift = lead - delay;
          for (let i = 0; i < frames; i++) block[i] += gain * dry[i + shift];
        }
      }
    }
    return out;
  }
}

/** Adds the layer's hits, undelayed, over frames [from, from + dry.length), into `dry`. */
function renderHits(layer: HitLayer, from: number, dry: Float32Array, sampleRate: number): void {
  const end = from + dry.length;
  for (const hit of layer.events) {
    // Past eight time constants a decay is below −69 dB: stop there.
    const length = hit.decay > 0 ? Math.min(layer.lengthFrames, Math.round(8 * hit.decay * sampleRate)) : layer.lengthFrames;
    if (hit.frame >= end || hit.frame + length <= from) continue;
    const first = Math.max(from, hit.frame);
    layer.voice(hit, first - hit.frame, Math.min(end, hit.frame + length) - first, dry, first - from);
  }
}

function kickVoice(sampleRate: number, click: number, decaySec: number): HitVoice {
  const sweep = 0.035; // pitch falls from ~150 Hz to 50 Hz with this time constant
  const clickFrames = 0.03 * sampleRate;
  return (hit, n0, count, out, at) => {
    for (let i = 0; i < count; i++) {
      const n = n0 + i;
      const t = n / sampleRate;
      const phase = 2 * Math.PI * (50 * t + 100 * sweep * (1 - Math.exp(-t / sweep)));
      let v = Math.sin(phase) * Math.exp(-t / decaySec) * Math.min(1, n / 24);
      if (n < clickFrames) v += click * noiseAt(hit.seed, n) * Math.exp(-t / 0.0025);
      out[at + i] += hit.velocity * v;
    }
  };
}

function snareVoice(sampleRate: number, body: number, wires: number): HitVoice {
  return (hit, n0, count, out, at) => {
    for (let i = 0; i < count; i++) {
      const n = n0 + i;
      const t = n / sampleRate;
      const tone = Math.sin(2 * Math.PI * 180 * t) * Math.exp(-t / 0.09) + 0.45 * Math.sin(2 * Math.PI * 330 * t) * Math.exp(-t / 0.05);
      // First difference of white noise: a gentle high-pass, the bright rattle of the wires.
      const rattle = 0.5 * (noiseAt(hit.seed, n) - noiseAt(hit.seed, n - 1)) * Math.exp(-t / 0.14);
      out[at + i] += hit.velocity * (body * tone + wires * rattle) * Math.min(1, n / 12);
    }
  };
}

/** Second difference of white noise: high-passed hiss for hats and cymbals. */
function cymbalVoice(sampleRate: number, attackSec: number): HitVoice {
  const attackFrames = Math.max(1, attackSec * sampleRate);
  return (hit, n0, count, out, at) => {
    const decayFrames = hit.decay * sampleRate;
    for (let i = 0; i < count; i++) {
      const n = n0 + i;
      const hiss = 0.25 * (noiseAt(hit.seed, n) - 2 * noiseAt(hit.seed, n - 1) + noiseAt(hit.seed, n - 2));
      out[at + i] += hit.velocity * hiss * Math.exp(-n / decayFrames) * Math.min(1, n / attackFrames);
    }
  };
}

function shakerVoice(sampleRate: number): HitVoice {
  return (hit, n0, count, out, at) => {
    for (let i = 0; i < count; i++) {
      const n = n0 + i;
      const t = n / sampleRate;
      const hiss = 0.5 * (noiseAt(hit.seed, n) - noiseAt(hit.seed, n - 1));
      out[at + i] += hit.velocity * hiss * Math.min(1, t / 0.012) * Math.exp(-t / hit.decay);
    }
  };
}

interface DrumPattern {
  kick: HitEvent[];
  snare: HitEvent[];
  hat: HitEvent[];
  crash: HitEvent[];
  shaker: HitEvent[];
}

/** Rock beat with a fill every fourth bar, humanised by a seeded PRNG (±1.5 ms, ±8 % velocity). */
function drumPattern(song: Song): DrumPattern {
  const random = mulberry32(92);
  const pattern: DrumPattern = { kick: [], snare: [], hat: [], crash: [], shaker: [] };
  const hit = (list: HitEvent[], bar: number, beat: number, velocity: number, decay = 0) => {
    const jitter = (random() - 0.5) * 0.003 * song.sampleRate;
    const frame = Math.max(0, Math.round((bar * 4 + beat) * song.beatFrames + jitter));
    const event = { frame, velocity: velocity * (0.92 + 0.16 * random()), seed: Math.floor(random() * 2 ** 32), decay };
    if (frame < song.endFrame) list.push(event);
  };
  for (let bar = 0; bar < song.bars; bar++) {
    const fill = bar % 4 === 3;
    for (const beat of bar % 2 === 1 ? [0, 2, 2.5, 3.75] : [0, 2, 2.5]) hit(pattern.kick, bar, beat, 1);
    hit(pattern.snare, bar, 1, 1);
    if (fill) for (const [i, beat] of [3, 3.25, 3.5, 3.75].entries()) hit(pattern.snare, bar, beat, 0.55 + 0.15 * i);
    else hit(pattern.snare, bar, 3, 1);
    for (let eighth = 0; eighth < 8; eighth++) {
      if (fill && eighth >= 6) continue;
      const open = eighth === 7 && bar % 2 === 0;
      hit(pattern.hat, bar, eighth / 2, eighth % 2 === 0 ? 1 : 0.65, open ? 0.22 : 0.035);
    }
    if (bar % 4 === 0) hit(pattern.crash, bar, 0, 1, 0.9);
    for (let sixteenth = 0; sixteenth < 16; sixteenth++) hit(pattern.shaker, bar, sixteenth / 4, [0.9, 0.45, 0.7, 0.45][sixteenth % 4], 0.05);
  }
  return pattern;
}

export interface DrumKit {
  kickIn: Track;
  kickOut: Track;
  snareTop: Track;
  snareBottom: Track;
  hiHat: Track;
  overheads: Track;
  room: Track;
  shaker: Track;
}

export function createDrums(song: Song): DrumKit {
  const sr = song.sampleRate;
  const p = drumPattern(song);
  const ms = (x: number) => Math.round((x * sr) / 1000);
  const mono = (events: HitEvent[], voice: HitVoice, lengthSec: number): HitLayer => ({ events, voice, lengthFrames: Math.round(lengthSec * sr), taps: [[[0, 1]]] });
  const kick = kickVoice(sr, 0.25, 0.3);
  const snare = snareVoice(sr, 0.8, 0.6);
  const hat = cymbalVoice(sr, 0.0005);
  const crash = cymbalVoice(sr, 0.004);
  // Overheads: the whole kit from above; hats left, crash right, small inter-channel delays.
  const overheads: HitLayer[] = [
    { events: p.kick, voice: kick, lengthFrames: ms(600), taps: [[[ms(2.5), 0.22]], [[ms(2.7), 0.22]]] },
    { events: p.snare, voice: snare, lengthFrames: ms(500), taps: [[[ms(1.9), 0.45]], [[ms(2.3), 0.38]]] },
    { events: p.hat, voice: hat, lengthFrames: ms(600), taps: [[[ms(1.2), 0.55]], [[ms(2.1), 0.25]]] },
    { events: p.crash, voice: crash, lengthFrames: ms(8000), taps: [[[ms(2.4), 0.3]], [[ms(1.3), 0.6]]] },
  ];
  // Room: the kit again, later and duller, with early reflections that differ left and right.
  const reflections = (base: number, gain: number): Array<Array<readonly [number, number]>> => [
    [[ms(base), gain], [ms(base + 7), gain * 0.6], [ms(base + 19), gain * 0.4], [ms(base + 31), gain * 0.25]],
    [[ms(base + 1.5), gain], [ms(base + 11), gain * 0.6], [ms(base + 23), gain * 0.4], [ms(base + 37), gain * 0.25]],
  ];
  const room: HitLayer[] = [
    { events: p.kick, voice: kick, lengthFrames: ms(600), taps: reflections(9, 0.5) },
    { events: p.snare, voice: snare, lengthFrames: ms(500), taps: reflections(9.5, 0.6) },
    { events: p.hat, voice: hat, lengthFrames: ms(600), taps: reflections(10, 0.2) },
    { events: p.crash, voice: crash, lengthFrames: ms(8000), taps: reflections(10, 0.3) },
  ];
  const stereo = (make: () => Processor[]) => [make(), make()];
  return {
    kickIn: new HitTrack(sr, 1, [mono(p.kick, kick, 0.6)], 0.27),
    kickOut: new HitTrack(sr, 1, [mono(p.kick, kickVoice(sr, 0.03, 0.42), 0.7)], 0.25, [[new OnePoleLowpass(2500, sr)]]),
    snareTop: new HitTrack(sr, 1, [mono(p.snare, snare, 0.5)], 0.24),
    snareBottom: new HitTrack(sr, 1, [mono(p.snare, snareVoice(sr, 0.25, 1.1), 0.5)], 0.28, [[new OnePoleHighpass(200, sr)]]),
    hiHat: new HitTrack(sr, 1, [mono(p.hat, hat, 0.6)], 0.45),
    overheads: new HitTrack(sr, 2, overheads, 0.39),
    room: new HitTrack(sr, 2, room, 0.35, stereo(() => [new OnePoleLowpass(3500, sr), new Drive(1.5)])),
    shaker: new HitTrack(sr, 1, [mono(p.shaker, shakerVoice(sr), 0.25)], 0.6, [[new OnePoleHighpass(2000, sr)]]),
  };
}
