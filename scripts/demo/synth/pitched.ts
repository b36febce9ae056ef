/** The pitched parts: bass, electric and acoustic guitars, piano and synth pad. */

import { Drive, OnePoleHighpass, OnePoleLowpass, type Processor, SequentialTrack } from './dsp';
import { type NoteEvent, type NoteRenderer, type NoteSpec, NoteTrack, notesFrom } from './notes';
import { envelope, frac, polyBlepSaw } from './oscillators';
import { mulberry32, noiseAt } from './random';
import { chordOfBar, midiToHz, type Song, type Track } from './song';

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
