/**
 * Small deterministic instruments for the demo delivery "Ada — Lights" (92 BPM, F# minor,
 * F#m – D – A – E). Every track renders in chunks, `render(frameStart, frames)`, in order, carrying
 * its filter state between chunks, so no track is ever held whole in memory. Randomness comes only
 * from seeded mulberry32 (never Math.random): the same song renders to the same samples every time.
 */

export { createDrums, type DrumKit, type HitEvent } from './drums';
export { delayedStart, Drive, FeedbackDelay, memoLastChunk, OnePoleHighpass, OnePoleLowpass, type Processor, ScratchBlocks } from './dsp';
export type { NoteEvent } from './notes';
export { type BassRig, createAcousticGuitar, createBass, createElectricGuitars, createPiano, createSynthPad, type ElectricGuitars } from './pitched';
export { mulberry32, noiseAt } from './random';
export { createSong, SONG, type Song, type Track } from './song';
export { createVocals, type VocalSection } from './vocals';
