/** The vocals: a formant-filtered sung lead, its double, a harmony, delayed answers and a reverb print. */

import { FeedbackDelay, memoLastChunk, type Processor, SequentialTrack } from './dsp';
import { polyBlepSaw } from './oscillators';
import { mulberry32, noiseAt } from './random';
import { ReverbPrintTrack } from './reverb';
import { SEMITONE_LOG, type Song, type Track } from './song';

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
