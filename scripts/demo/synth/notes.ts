/** Notes of the pitched parts, from beats to frames, and the track that renders independent notes. */

import { type Processor, ScratchBlocks, SequentialTrack } from './dsp';
import { mulberry32 } from './random';
import type { Song } from './song';

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
export type NoteRenderer = (note: NoteEvent, n0: number, count: number, out: Float32Array, at: number, channel: number) => void;

/**
 * A part made of independent notes. Each note is a pure function of time, so only the processors
 * after it carry state. `stereoVoice` renders each channel separately (detuned pad); otherwise the
 * mono voice is panned per note (piano).
 */
export class NoteTrack extends SequentialTrack {
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

/** A note as written in beats, before timing is turned into frames. */
export interface NoteSpec {
  beat: number;
  beats: number;
  midi: number;
  velocity: number;
  pan?: number;
  offsetMs?: number;
}

export function notesFrom(song: Song, seed: number, list: readonly NoteSpec[]): NoteEvent[] {
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
