/**
 * Small deterministic instruments for the demo delivery "Ada — Lights" (92 BPM, F# minor,
 * F#m – D – A – E). Every track renders in chunks, `render(frameStart, frames)`, in order, carrying
 * its filter state between chunks, so no track is ever held whole in memory. Randomness comes only
 * from seeded mulberry32 (never Math.random): the same song renders to the same samples every time.
 */

// ───────────────────────────────────────── randomness ─────────────────────────────────────────

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

// ───────────────────────────────────────── the song ─────────────────────────────────────────

export const SONG = { artist: 'Ada', title: 'Lights', bpm: 92, key: 'F# minor', progression: ['F#m', 'D', 'A', 'E'] } as const;

interface Chord {
  /** Guitar power-chord root (MIDI); the bass plays it an octave down. */
  root: number;
  /** Voice-led triad for piano, pad and strummed parts. */
  triad: readonly [number, number, number];
  /** Open-position strings of the acoustic guitar, low to high. */
  acoustic: readonly number[];
}

const CHORDS: readonly Chord[] = [
  { root: 42, triad: [54, 57, 61], acoustic: [42, 49, 54, 57, 61, 66] }, // F#m
  { root: 50, triad: [54, 57, 62], acoustic: [50, 57, 62, 66] }, // D
  { root: 45, triad: [52, 57, 61], acoustic: [45, 52, 57, 61, 64] }, // A
  { root: 40, triad: [52, 56, 59], acoustic: [40, 47, 52, 56, 59, 64] }, // E
];

export interface Song {
  sampleRate: number;
  totalFrames: number;
  /** No note starts at or after this frame; the last ~second lets tails ring out. */
  endFrame: number;
  beatFrames: number;
  barFrames: number;
  bars: number;
}

export function createSong(sampleRate: number, seconds: number): Song {
  const totalFrames = Math.round(seconds * sampleRate);
  const endFrame = totalFrames - Math.round(Math.min(1, seconds / 4) * sampleRate);
  const beatFrames = (sampleRate * 60) / SONG.bpm;
  const barFrames = beatFrames * 4;
  return { sampleRate, totalFrames, endFrame, beatFrames, barFrames, bars: Math.ceil(endFrame / barFrames) };
}

const chordOfBar = (bar: number): Chord => CHORDS[bar % CHORDS.length];
const SEMITONE_LOG = Math.LN2 / 12;
const midiToHz = (midi: number): number => 440 * Math.exp((midi - 69) * SEMITONE_LOG);

// ───────────────────────────────────────── tracks and processors ─────────────────────────────────────────

export interface Track {
  readonly channels: 1 | 2;
  /**
   * Calls must follow each other: frameStart of one call = end of the previous one. One array per
   * channel, valid until the next call (tracks reuse their buffers).
   */
  render(frameStart: number, frames: number): Float32Array[];
}

/** In-place, stateful processing of one channel, chunk after chunk. */
export interface Processor {
  process(block: Float32Array): void;
}

/**
 * Checks the chunk order (state carries across chunks), then applies per-channel processors and
 * gain. The arrays a render returns are reused by the next render of the same track.
 */
abstract class SequentialTrack implements Track {
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

// ───────────────────────────────────────── drums: hits ─────────────────────────────────────────

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

// ───────────────────────────────────────── pitched parts ─────────────────────────────────────────

export interface NoteEvent {
  frame: number;
  length: number;
  midi: number;
  velocity: number;
  seed: number;
  /** −1 left … +1 right, for stereo parts panned per note. */
  pan: number;
}

/**
 * Adds one note into `out`: `count` samples from `n0` frames after the note's start, written at
 * `out[at]`, for output `channel` (0 when mono).
 */
type NoteRenderer = (note: NoteEvent, n0: number, count: number, out: Float32Array, at: number, channel: number) => void;

/**
 * A part made of independent notes. Each note is a pure function of time, so only the processors
 * after it carry state. `stereoVoice` renders each channel separately (detuned pad); otherwise the
 * mono voice is panned per note (piano).
 */
class NoteTrack extends SequentialTrack {
  private readonly mono = new ScratchBlocks(1);
  constructor(
    channels: 1 | 2,
    private readonly notes: readonly NoteEvent[],
    private readonly voice: NoteRenderer,
    private readonly releaseFrames: number,
    gain: number,
    post: Processor[][] = [],
    private readonly stereoVoice = false,
  ) {
    super(channels, gain, post);
  }

  protected renderBlock(frameStart: number, frames: number): Float32Array[] {
    const out = this.blank(frames);
    const end = frameStart + frames;
    const [scratch] = this.mono.get(frames);
    for (const note of this.notes) {
      const stop = note.frame + note.length + this.releaseFrames;
      if (note.frame >= end || stop <= frameStart) continue;
      const from = Math.max(frameStart, note.frame);
      const count = Math.min(end, stop) - from;
      if (this.channels === 1 || this.stereoVoice) {
        for (let c = 0; c < this.channels; c++) this.voice(note, from - note.frame, count, out[c], from - frameStart, c);
      } else {
        scratch.fill(0, 0, count);
        this.voice(note, from - note.frame, count, scratch, 0, 0);
        const angle = ((note.pan + 1) * Math.PI) / 4; // constant-power pan
        const [gl, gr] = [Math.cos(angle), Math.sin(angle)];
        for (let i = 0; i < count; i++) {
          out[0][from - frameStart + i] += gl * scratch[i];
          out[1][from - frameStart + i] += gr * scratch[i];
        }
      }
    }
    return out;
  }
}

/**
 * Attack, exponential decay toward sustain, and a release that reaches exactly zero after
 * `releaseSec` (so a note's tail ends cleanly at its window's end).
 */
function envelope(t: number, lengthSec: number, attackSec: number, decaySec: number, sustain: number, releaseSec: number): number {
  if (t < lengthSec) return held(t, attackSec, decaySec, sustain);
  const r = t - lengthSec;
  return r >= releaseSec ? 0 : held(lengthSec, attackSec, decaySec, sustain) * Math.exp((-4 * r) / releaseSec) * (1 - r / releaseSec);
}

function held(t: number, attackSec: number, decaySec: number, sustain: number): number {
  return Math.min(1, t / attackSec) * (sustain === 1 ? 1 : sustain + (1 - sustain) * Math.exp(-t / decaySec));
}

/** Band-limited sawtooth by PolyBLEP: the naive ramp minus a polynomial step at the wrap. */
function polyBlepSaw(phase: number, dt: number): number {
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

const frac = (x: number): number => x - Math.floor(x);

/** A note as written in beats, before timing is turned into frames. */
interface NoteSpec {
  beat: number;
  beats: number;
  midi: number;
  velocity: number;
  pan?: number;
  offsetMs?: number;
}

function notesFrom(song: Song, seed: number, list: readonly NoteSpec[]): NoteEvent[] {
  const random = mulberry32(seed);
  const notes: NoteEvent[] = [];
  for (const n of list) {
    const frame = Math.max(0, Math.round(n.beat * song.beatFrames + ((n.offsetMs ?? 0) * song.sampleRate) / 1000));
    const length = Math.min(Math.round(n.beats * song.beatFrames), song.endFrame - frame);
    const seedValue = Math.floor(random() * 2 ** 32);
    if (length > 0) notes.push({ frame, length, midi: n.midi, velocity: n.velocity, seed: seedValue, pan: n.pan ?? 0 });
  }
  return notes;
}

export interface BassRig {
  di: Track;
  amp: Track;
}

/** Sine plus second harmonic on the chord roots, driving eighths; the amp mic is the DI driven and darkened. */
export function createBass(song: Song): BassRig {
  const sr = song.sampleRate;
  const list: NoteSpec[] = [];
  for (let bar = 0; bar < song.bars; bar++) {
    const root = chordOfBar(bar).root - 12;
    const next = chordOfBar(bar + 1).root - 12;
    for (let eighth = 0; eighth < 8; eighth++) {
      const midi = eighth === 7 ? next + (next > root ? -2 : 2) : eighth === 3 ? root + 12 : root;
      list.push({ beat: bar * 4 + eighth / 2, beats: eighth === 0 ? 0.9 : 0.42, midi, velocity: eighth % 2 === 0 ? 1 : 0.8 });
    }
  }
  const notes = notesFrom(song, 38, list);
  const voice: NoteRenderer = (note, n0, count, out, at) => {
    const radiansPerFrame = (2 * Math.PI * midiToHz(note.midi)) / sr;
    const lengthSec = note.length / sr;
    for (let i = 0; i < count; i++) {
      const n = n0 + i;
      const w = radiansPerFrame * n;
      const tone = Math.sin(w) + 0.35 * Math.sin(2 * w) + 0.08 * Math.sin(3 * w);
      out[at + i] += note.velocity * tone * envelope(n / sr, lengthSec, 0.004, 0.25, 0.6, 0.05);
    }
  };
  const release = Math.round(0.05 * sr);
  return {
    di: new NoteTrack(1, notes, voice, release, 0.24),
    amp: new NoteTrack(1, notes, voice, release, 0.38, [[new Drive(1.3), new OnePoleLowpass(900, sr), new OnePoleLowpass(1800, sr)]]),
  };
}

export interface ElectricGuitars {
  left: Track;
  right: Track;
}

/**
 * Two takes of the same part: band-limited saw power chords through an amp (drive) and a darker
 * cab (lowpass). The takes differ in timing, tuning, voicing and picking, as real double-tracks do.
 */
export function createElectricGuitars(song: Song): ElectricGuitars {
  const sr = song.sampleRate;
  const take = (seed: number, addThird: boolean, detuneCents: number): Track => {
    const random = mulberry32(seed);
    const list: NoteSpec[] = [];
    for (let bar = 0; bar < song.bars; bar++) {
      const chord = chordOfBar(bar);
      const minor = chord.triad.some((m) => (m - chord.root + 120) % 12 === 3);
      const third = minor ? 15 : 16;
      const voicing = addThird ? [0, 7, 12, third] : [0, 7, 12];
      for (let eighth = 0; eighth < 8; eighth++) {
        const accent = eighth === 0 || eighth === 3 || eighth === 6;
        const humanMs = (random() - 0.5) * 12;
        voicing.forEach((interval, i) => {
          list.push({ beat: bar * 4 + eighth / 2, beats: accent ? 0.45 : 0.28, midi: chord.root + interval + detuneCents / 100, velocity: (accent ? 1 : 0.6) * (0.9 + 0.2 * random()), offsetMs: humanMs + i * 4 });
        });
      }
    }
    const notes = notesFrom(song, seed + 1, list);
    const voice: NoteRenderer = (note, n0, count, out, at) => {
      const dt = midiToHz(note.midi) / sr;
      const startPhase = (note.seed >>> 8) / 16777216;
      const lengthSec = note.length / sr;
      for (let i = 0; i < count; i++) {
        const n = n0 + i;
        out[at + i] += 0.3 * note.velocity * polyBlepSaw(frac(dt * n + startPhase), dt) * envelope(n / sr, lengthSec, 0.002, 0.18, 0.55, 0.03);
      }
    };
    return new NoteTrack(1, notes, voice, Math.round(0.03 * sr), 0.42, [[new OnePoleHighpass(90, sr), new Drive(2.5), new OnePoleLowpass(2800, sr), new OnePoleLowpass(4200, sr)]]);
  };
  return { left: take(1010, false, -3), right: take(2020, true, 4) };
}

/** Karplus–Strong: a noise burst circulating through a delay line with a two-point average. */
class PluckedStringsTrack extends SequentialTrack {
  private active: Array<{ note: NoteEvent; line: Float32Array; at: number }> = [];
  private nextNote = 0;

  constructor(
    private readonly song: Song,
    private readonly notes: readonly NoteEvent[],
    gain: number,
    post: Processor[][],
  ) {
    super(1, gain, post);
  }

  protected renderBlock(frameStart: number, frames: number): Float32Array[] {
    const [out] = this.blank(frames);
    const end = frameStart + frames;
    const releaseFrames = 0.25 * this.song.sampleRate;
    for (let f = frameStart; f < end; f++) {
      while (this.nextNote < this.notes.length && this.notes[this.nextNote].frame === f) this.pluck(this.notes[this.nextNote++]);
      let sum = 0;
      for (const s of this.active) {
        const line = s.line;
        const next = s.at + 1 === line.length ? 0 : s.at + 1;
        // Damped after the note's length, as a hand mutes the string.
        const loss = f - s.note.frame < s.note.length ? 0.4985 : 0.47;
        const v = line[s.at];
        line[s.at] = loss * (v + line[next]);
        s.at = next;
        sum += v;
      }
      out[f - frameStart] = sum;
      if ((f & 1023) === 0) this.active = this.active.filter((s) => f - s.note.frame < s.note.length + releaseFrames);
    }
    return [out];
  }

  private pluck(note: NoteEvent): void {
    const period = Math.max(2, Math.round(this.song.sampleRate / midiToHz(note.midi)));
    const line = new Float32Array(period);
    // A softened noise burst (averaged pairs) sounds like a pick rather than a click.
    for (let i = 0; i < period; i++) line[i] = note.velocity * 0.5 * (noiseAt(note.seed, i) + noiseAt(note.seed, i + 1));
    this.active.push({ note, line, at: 0 });
  }
}

/** Strummed open chords, down–down-up–up-down, strings 12 ms apart (up-strums top strings only). */
export function createAcousticGuitar(song: Song): Track {
  const strums: Array<[number, 'down' | 'up']> = [[0, 'down'], [1, 'down'], [1.5, 'up'], [2.5, 'up'], [3, 'down'], [3.5, 'up']];
  const list: NoteSpec[] = [];
  for (let bar = 0; bar < song.bars; bar++) {
    const strings = chordOfBar(bar).acoustic;
    for (const [beat, direction] of strums) {
      const order = direction === 'down' ? strings : strings.slice(-3).reverse();
      order.forEach((midi, i) => {
        list.push({ beat: bar * 4 + beat, beats: 0.9, midi, velocity: direction === 'down' ? 1 : 0.6, offsetMs: i * 12 });
      });
    }
  }
  const notes = notesFrom(song, 1212, list).sort((a, b) => a.frame - b.frame);
  return new PluckedStringsTrack(song, notes, 0.16, [[new OnePoleHighpass(120, song.sampleRate)]]);
}

/** Piano: slightly inharmonic partials, higher ones dying faster; low notes left, high notes right. */
export function createPiano(song: Song): Track {
  const sr = song.sampleRate;
  const list: NoteSpec[] = [];
  for (let bar = 0; bar < song.bars; bar++) {
    const chord = chordOfBar(bar);
    for (const beat of [0, 2, 3.5]) {
      const velocity = beat === 0 ? 0.9 : 0.65;
      list.push({ beat: bar * 4 + beat, beats: beat === 3.5 ? 0.45 : 1.9, midi: chord.root - 12, velocity: velocity * 0.8, pan: -0.5 });
      for (const midi of chord.triad) list.push({ beat: bar * 4 + beat, beats: beat === 3.5 ? 0.45 : 1.9, midi: midi + 12, velocity, pan: (midi + 12 - 66) / 12 });
    }
  }
  const notes = notesFrom(song, 6060, list);
  let tone = new Float64Array(0);
  const voice: NoteRenderer = (note, n0, count, out, at) => {
    const hz = midiToHz(note.midi);
    if (tone.length < count) tone = new Float64Array(count);
    tone.fill(0, 0, count);
    for (let k = 1; k <= 6; k++) {
      const fk = hz * k * Math.sqrt(1 + 0.0004 * k * k); // string stiffness stretches the partials
      if (fk >= sr / 2) break;
      // amp·r^n·sin(wn) by the damped-oscillator recurrence y[n+1] = 2r·cos(w)·y[n] − r²·y[n−1]:
      // a multiply-add per sample instead of a sin and an exp; higher partials die faster.
      const w = (2 * Math.PI * fk) / sr;
      const r = Math.exp(-(1 / 2.4 + (k - 1) / 1.2) / sr);
      const amp = note.velocity / k ** 1.4;
      let previous = amp * r ** (n0 - 1) * Math.sin(w * (n0 - 1));
      let current = amp * r ** n0 * Math.sin(w * n0);
      const c1 = 2 * r * Math.cos(w);
      const c2 = r * r;
      for (let i = 0; i < count; i++) {
        tone[i] += current;
        const next = c1 * current - c2 * previous;
        previous = current;
        current = next;
      }
    }
    const lengthSec = note.length / sr;
    for (let i = 0; i < count; i++) out[at + i] += tone[i] * envelope((n0 + i) / sr, lengthSec, 0.002, 1, 1, 0.12);
  };
  return new NoteTrack(2, notes, voice, Math.round(0.12 * sr), 0.13);
}

/** Pad: two detuned saws per note per channel, slow attack, long release, darkened. */
export function createSynthPad(song: Song): Track {
  const sr = song.sampleRate;
  const list: NoteSpec[] = [];
  for (let bar = 0; bar < song.bars; bar++) {
    for (const midi of [...chordOfBar(bar).triad, chordOfBar(bar).triad[0] + 12]) list.push({ beat: bar * 4, beats: 4, midi, velocity: 1 });
  }
  const notes = notesFrom(song, 1414, list);
  const detunes = [
    [-9, 4],
    [9, -4],
  ];
  const voice: NoteRenderer = (note, n0, count, out, at, channel) => {
    const [dtA, dtB] = detunes[channel].map((cents) => midiToHz(note.midi + cents / 100) / sr);
    const [startA, startB] = [(note.seed & 255) / 256, ((note.seed >>> 8) & 255) / 256];
    const lengthSec = note.length / sr;
    for (let i = 0; i < count; i++) {
      const n = n0 + i;
      const saws = polyBlepSaw(frac(dtA * n + startA), dtA) + polyBlepSaw(frac(dtB * n + startB), dtB);
      out[at + i] += saws * envelope(n / sr, lengthSec, 0.9, 1, 1, 1.0);
    }
  };
  const post = () => [new OnePoleLowpass(1400, sr), new OnePoleLowpass(2400, sr)];
  return new NoteTrack(2, notes, voice, Math.round(1.0 * sr), 0.07, [post(), post()], true);
}

// ───────────────────────────────────────── vocals ─────────────────────────────────────────

type Vowel = 'a' | 'e' | 'i' | 'o' | 'u';

/** First two formants (Hz) of each vowel, roughly a female voice. */
const FORMANTS: Record<Vowel, readonly [number, number]> = {
  a: [800, 1200],
  e: [550, 1900],
  i: [350, 2300],
  o: [550, 900],
  u: [350, 850],
};

interface SungNote {
  frame: number;
  length: number;
  midi: number;
  vowel: Vowel;
  velocity: number;
}

interface VoiceStyle {
  detuneCents: number;
  vibratoHz: number;
  vibratoCents: number;
  attackSec: number;
  breath: number;
  seed: number;
}

/** RBJ band-pass (0 dB peak): a resonance standing in for one formant of the vocal tract. */
class BandPass {
  private b0 = 0;
  private a1 = 0;
  private a2 = 0;
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;
  constructor(
    private readonly q: number,
    private readonly sampleRate: number,
  ) {}
  tune(hz: number): void {
    const w = (2 * Math.PI * hz) / this.sampleRate;
    const alpha = Math.sin(w) / (2 * this.q);
    const a0 = 1 + alpha;
    this.b0 = alpha / a0;
    this.a1 = (-2 * Math.cos(w)) / a0;
    this.a2 = (1 - alpha) / a0;
  }
  step(x: number): number {
    const y = this.b0 * (x - this.x2) - this.a1 * this.y1 - this.a2 * this.y2;
    this.x2 = this.x1;
    this.x1 = x;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

/**
 * A sung line: a saw "glottis" gliding between notes with delayed vibrato, shaped by two formant
 * band-passes that move toward each note's vowel, plus a little breath.
 */
class VocalTrack extends SequentialTrack {
  private phase = 0;
  private pitch = 0;
  private env = 0;
  private f1 = 800;
  private f2 = 1200;
  private index = 0;
  private readonly formant1: BandPass;
  private readonly formant2: BandPass;
  private readonly sr: number;

  constructor(
    song: Song,
    private readonly notes: readonly SungNote[],
    private readonly style: VoiceStyle,
    gain: number,
    post: Processor[] = [],
  ) {
    super(1, gain, [post]);
    this.sr = song.sampleRate;
    this.formant1 = new BandPass(5, this.sr);
    this.formant2 = new BandPass(9, this.sr);
    this.pitch = notes[0]?.midi ?? 60;
  }

  protected renderBlock(frameStart: number, frames: number): Float32Array[] {
    const [out] = this.blank(frames);
    const { sr, style, notes } = this;
    const attack = 1 - Math.exp(-1 / (style.attackSec * sr));
    const release = 1 - Math.exp(-1 / (0.06 * sr));
    const glide = 1 - Math.exp(-1 / (0.035 * sr));
    const formantGlide = 1 - Math.exp(-1 / (0.03 * sr));
    const vibratoStep = (2 * Math.PI * style.vibratoHz) / sr;
    // State lives in locals inside the loop and goes back to the fields at the end of the chunk.
    let { phase, pitch, env, f1, f2, index } = this;
    for (let i = 0; i < frames; i++) {
      const frame = frameStart + i;
      while (index < notes.length - 1 && notes[index].frame + notes[index].length <= frame && notes[index + 1].frame <= frame) index++;
      const note = notes[index];
      const gate = note !== undefined && frame >= note.frame && frame < note.frame + note.length;
      if (gate && env < 0.002) pitch = note.midi; // a new phrase starts on pitch; legato notes glide
      if (gate) pitch += (note.midi - pitch) * glide;
      env += ((gate ? note.velocity : 0) - env) * (gate ? attack : release);
      const sinceOnset = gate ? (frame - note.frame) / sr : 1;
      const vibratoDepth = style.vibratoCents * Math.min(1, Math.max(0, (sinceOnset - 0.15) / 0.35));
      const cents = style.detuneCents + vibratoDepth * Math.sin(vibratoStep * frame);
      const dt = (440 / sr) * Math.exp((pitch + cents / 100 - 69) * SEMITONE_LOG);
      phase += dt;
      if (phase >= 1) phase -= 1;
      if (note !== undefined) {
        const target = FORMANTS[note.vowel];
        f1 += (target[0] - f1) * formantGlide;
        f2 += (target[1] - f2) * formantGlide;
      }
      if ((frame & 31) === 0) {
        this.formant1.tune(f1);
        this.formant2.tune(f2);
      }
      const source = polyBlepSaw(phase, dt);
      const voiced = this.formant1.step(source) + 0.6 * this.formant2.step(source) + 0.04 * source;
      out[i] = env * (voiced + style.breath * noiseAt(style.seed, frame));
    }
    this.phase = phase;
    this.pitch = pitch;
    this.env = env;
    this.f1 = f1;
    this.f2 = f2;
    this.index = index;
    return [out];
  }
}

type Phrase = ReadonlyArray<readonly [beat: number, beats: number, midi: number, vowel: Vowel]>;

/** The lead melody over eight bars (two four-bar phrases), then repeated. */
const MELODY: Phrase = [
  [1, 0.5, 69, 'a'], [1.5, 0.5, 71, 'e'], [2, 1, 73, 'a'], [3, 0.5, 71, 'o'], [3.5, 0.5, 69, 'e'],
  [4, 1.5, 66, 'o'], [5.5, 0.5, 64, 'e'], [6, 1.5, 66, 'a'],
  [8.5, 0.5, 64, 'e'], [9, 0.5, 66, 'i'], [9.5, 0.5, 69, 'a'], [10, 1.5, 73, 'o'], [11.5, 0.5, 71, 'e'],
  [12, 1, 68, 'a'], [13, 1, 71, 'u'], [14, 1.5, 68, 'o'],
  [17, 0.5, 73, 'a'], [17.5, 0.5, 74, 'e'], [18, 1, 76, 'a'], [19, 0.5, 74, 'o'], [19.5, 0.5, 73, 'e'],
  [20, 1.5, 69, 'o'], [21.5, 0.5, 71, 'e'], [22, 1.5, 69, 'a'],
  [24.5, 0.5, 69, 'e'], [25, 0.5, 71, 'i'], [25.5, 0.5, 73, 'a'], [26, 1.5, 76, 'o'], [27.5, 0.5, 73, 'e'],
  [28, 1, 71, 'a'], [29, 1, 68, 'u'], [30, 2, 66, 'o'],
];

/** "Aah" answers, one per bar, for the backing vocal with the printed delay. */
const ANSWERS: Phrase = [[0, 1, 73, 'a'], [4, 1, 69, 'a'], [8, 1, 73, 'a'], [12, 1, 71, 'a']];

const F_SHARP_MINOR = [6, 8, 9, 11, 1, 2, 4];

/** A diatonic third below in F# minor: how the harmony part follows the melody. */
function thirdBelow(midi: number): number {
  for (let down = 3; down <= 4; down++) if (F_SHARP_MINOR.includes((midi - down + 120) % 12)) return midi - down;
  return midi - 3;
}

function sing(song: Song, phrase: Phrase, cycleBeats: number, seed: number, timingMs: number, transform: (midi: number) => number = (m) => m): SungNote[] {
  const random = mulberry32(seed);
  const notes: SungNote[] = [];
  const cycles = Math.ceil((song.bars * 4) / cycleBeats);
  for (let cycle = 0; cycle < cycles; cycle++) {
    for (const [beat, beats, midi, vowel] of phrase) {
      const drift = (timingMs + (random() - 0.5) * 12) * (song.sampleRate / 1000);
      const frame = Math.max(0, Math.round((cycle * cycleBeats + beat) * song.beatFrames + drift));
      const length = Math.min(Math.round(beats * song.beatFrames * 0.92), song.endFrame - frame);
      if (length > 0) notes.push({ frame, length, midi: transform(midi), vowel, velocity: 0.85 + 0.15 * random() });
    }
  }
  return notes;
}

export interface VocalSection {
  lead: Track;
  double: Track;
  harmony: Track;
  delayed: Track;
  /** Stereo, wet only: the lead vocal's reverb printed to a track of its own. */
  verbPrint: Track;
}

export function createVocals(song: Song): VocalSection {
  const sr = song.sampleRate;
  const lead = memoLastChunk(new VocalTrack(song, sing(song, MELODY, 32, 15, 0), { detuneCents: 0, vibratoHz: 5.6, vibratoCents: 28, attackSec: 0.02, breath: 0.012, seed: 1515 }, 0.5));
  const dottedEighth = 0.75 * song.beatFrames;
  return {
    lead,
    double: new VocalTrack(song, sing(song, MELODY, 32, 16, 18), { detuneCents: 7, vibratoHz: 5.1, vibratoCents: 18, attackSec: 0.03, breath: 0.015, seed: 1616 }, 0.45),
    harmony: new VocalTrack(song, sing(song, MELODY, 32, 17, 10, thirdBelow).map((n) => ({ ...n, vowel: 'u' as const })), { detuneCents: -4, vibratoHz: 5.3, vibratoCents: 20, attackSec: 0.06, breath: 0.01, seed: 1717 }, 0.55),
    delayed: new VocalTrack(song, sing(song, ANSWERS, 16, 18, 5), { detuneCents: 3, vibratoHz: 5, vibratoCents: 22, attackSec: 0.08, breath: 0.01, seed: 1818 }, 0.8, [new FeedbackDelay(dottedEighth, 0.4, 0.55)]),
    verbPrint: new ReverbPrintTrack(lead, sr, 0.16),
  };
}

// ───────────────────────────────────────── reverb print ─────────────────────────────────────────

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
class ReverbPrintTrack extends SequentialTrack {
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
