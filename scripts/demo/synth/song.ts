/**
 * The song "Ada — Lights" (92 BPM, F# minor, F#m – D – A – E): its chords, its timing at a sample
 * rate and length, and the Track every instrument renders it as.
 */

export const SONG = { artist: 'Ada', title: 'Lights', bpm: 92, key: 'F# minor', progression: ['F#m', 'D', 'A', 'E'] } as const;

export interface Chord {
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

export const chordOfBar = (bar: number): Chord => CHORDS[bar % CHORDS.length];
export const SEMITONE_LOG = Math.LN2 / 12;
export const midiToHz = (midi: number): number => 440 * Math.exp((midi - 69) * SEMITONE_LOG);

export interface Track {
  readonly channels: 1 | 2;
  /**
   * Calls must follow each other: frameStart of one call = end of the previous one. One array per
   * channel, valid until the next call (tracks reuse their buffers).
   */
  render(frameStart: number, frames: number): Float32Array[];
}
