import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openWavWriter, type WavWriteFormat, type WavWriter } from '../../src/core/audio/wavWriter';
import { SONG, createAcousticGuitar, createBass, createDrums, createElectricGuitars, createPiano, createSong, createSynthPad, createVocals, delayedStart, ScratchBlocks, type Song, type Track } from './synth';

/**
 * The built-in demo delivery: "Ada — Lights" as a mix engineer might hand it over, multi-tracks,
 * stems, references, a session file and a delivery.json, with a handful of deliberate problems
 * (DEMO_DELIBERATE_PROBLEMS) for the validator to find. Every track is rendered once per chunk and
 * streamed into all the files that use it, so memory stays flat and a run takes seconds.
 */

export const DEMO_SAMPLE_RATE = 48000;
/** 01:00:00:00 at 48 kHz: where sessions conventionally start. */
export const DEMO_TIME_REFERENCE = 3600 * DEMO_SAMPLE_RATE;
export const PAD_LATE_FRAMES = 480;
export const BASS_STEM_SHORT_FRAMES = 960;
/** The clipping burst in the Main: near 12.5 s, or mid-song in a shorter demo. */
export const CLIP_BURST_FRAMES = 64;
export function clipBurstStartFrame(totalFrames: number): number {
  return Math.min(Math.round(12.5 * DEMO_SAMPLE_RATE), Math.floor(totalFrames * 0.55));
}

export interface DeliberateProblem {
  /** Path relative to the delivery root; null when the problem is something missing. */
  file: string | null;
  what: string;
  rule: string;
}

export const DEMO_DELIBERATE_PROBLEMS: readonly DeliberateProblem[] = [
  { file: 'Multitracks/12 Acoustic Gtr.wav', what: '16-bit, while the spec allows 24 or 32 bits', rule: 'format/bit-depth' },
  { file: 'Multitracks/14 Synth Pad.wav', what: 'BWF TimeReference 480 samples (10 ms) later than the other multi-tracks', rule: 'align/start-mismatch' },
  { file: 'Multitracks/18 BGV Delay.wav', what: 'a source track whose name says a delay is printed on it', rule: 'multitracks/effect-in-source' },
  { file: 'Multitracks/Audio 1_03.wav', what: 'a DAW default name (it is a shaker)', rule: 'naming/generic' },
  { file: 'Stems/Ada_Lights_STEM_Bass.wav', what: '960 samples (20 ms) shorter than the other stems', rule: 'align/length-mismatch' },
  { file: 'References/Ada_Lights_Main.wav', what: 'a run of full-scale samples near 12.5 s (a drum hit pushed into the rail)', rule: 'level/clipping' },
  { file: null, what: 'no TV mix, although the spec requires one', rule: 'references/missing' },
  { file: 'Session/Ada_Lights.ptx', what: 'a session file in the delivery while session.handover is false', rule: 'session/included' },
];

type TrackId =
  | 'kickIn' | 'kickOut' | 'snareTop' | 'snareBottom' | 'hiHat' | 'overheads' | 'room' | 'shaker'
  | 'bassDi' | 'bassAmp' | 'gtrL' | 'gtrR' | 'acoustic' | 'piano' | 'pad'
  | 'leadVox' | 'leadVoxDbl' | 'bgvHarmony' | 'bgvDelay' | 'voxVerbPrint';

type StemId = 'drums' | 'bass' | 'guitars' | 'keys' | 'vocals' | 'bgv';

interface MultitrackSpec {
  file: string;
  track: TrackId;
  stem: StemId;
  /** The mix: fader in dB and pan (−1…+1; stereo tracks keep their image). */
  faderDb: number;
  pan: number;
  bitDepth?: 16;
  startOffsetFrames?: number;
  /** For the track sheet. */
  note?: string;
}

const MULTITRACKS: readonly MultitrackSpec[] = [
  { file: '01 Kick In.wav', track: 'kickIn', stem: 'drums', faderDb: -9, pan: 0 },
  { file: '02 Kick Out.wav', track: 'kickOut', stem: 'drums', faderDb: -11, pan: 0 },
  { file: '03 Snare Top.wav', track: 'snareTop', stem: 'drums', faderDb: -7, pan: 0.05 },
  { file: '04 Snare Bottom.wav', track: 'snareBottom', stem: 'drums', faderDb: -17, pan: 0.05 },
  { file: '05 Hi-Hat.wav', track: 'hiHat', stem: 'drums', faderDb: -13, pan: -0.35 },
  { file: '06 Overheads.wav', track: 'overheads', stem: 'drums', faderDb: -9, pan: 0 },
  { file: '07 Room.wav', track: 'room', stem: 'drums', faderDb: -13, pan: 0 },
  { file: '08 Bass DI.wav', track: 'bassDi', stem: 'bass', faderDb: -13, pan: 0 },
  { file: '09 Bass Amp.wav', track: 'bassAmp', stem: 'bass', faderDb: -15, pan: 0 },
  { file: '10 Gtr L.wav', track: 'gtrL', stem: 'guitars', faderDb: -11, pan: -0.9 },
  { file: '11 Gtr R.wav', track: 'gtrR', stem: 'guitars', faderDb: -11, pan: 0.9 },
  { file: '12 Acoustic Gtr.wav', track: 'acoustic', stem: 'guitars', faderDb: -15, pan: 0.4, bitDepth: 16 },
  { file: '13 Piano.wav', track: 'piano', stem: 'keys', faderDb: -11, pan: 0 },
  { file: '14 Synth Pad.wav', track: 'pad', stem: 'keys', faderDb: -14, pan: 0, startOffsetFrames: PAD_LATE_FRAMES },
  { file: '15 Lead Vox.wav', track: 'leadVox', stem: 'vocals', faderDb: -3, pan: 0 },
  { file: '16 Lead Vox Dbl.wav', track: 'leadVoxDbl', stem: 'vocals', faderDb: -12, pan: 0 },
  { file: '17 BGV Harmony.wav', track: 'bgvHarmony', stem: 'bgv', faderDb: -12, pan: -0.45 },
  { file: '18 BGV Delay.wav', track: 'bgvDelay', stem: 'bgv', faderDb: -15, pan: 0.45, note: 'delay printed' },
  { file: '19 Vox Verb Print.wav', track: 'voxVerbPrint', stem: 'vocals', faderDb: -9, pan: 0, note: 'reverb of 15, wet' },
  { file: 'Audio 1_03.wav', track: 'shaker', stem: 'drums', faderDb: -17, pan: 0.55, note: 'shaker' },
];

const STEMS: ReadonlyArray<{ id: StemId; file: string }> = [
  { id: 'drums', file: 'Ada_Lights_STEM_Drums.wav' },
  { id: 'bass', file: 'Ada_Lights_STEM_Bass.wav' },
  { id: 'guitars', file: 'Ada_Lights_STEM_Guitars.wav' },
  { id: 'keys', file: 'Ada_Lights_STEM_Keys.wav' },
  { id: 'vocals', file: 'Ada_Lights_STEM_Vocals.wav' },
  { id: 'bgv', file: 'Ada_Lights_STEM_BGV.wav' },
];

const VOX_UP_GAIN = 10 ** (1 / 20);

/** Alternate mixes as gains per stem (missing stems are muted). */
const REFERENCES: ReadonlyArray<{ file: string; stems: Partial<Record<StemId, number>>; clipBurst?: boolean }> = [
  { file: 'Ada_Lights_Main.wav', stems: { drums: 1, bass: 1, guitars: 1, keys: 1, vocals: 1, bgv: 1 }, clipBurst: true },
  { file: 'Ada_Lights_Instrumental.wav', stems: { drums: 1, bass: 1, guitars: 1, keys: 1 } },
  { file: 'Ada_Lights_Acapella.wav', stems: { vocals: 1, bgv: 1 } },
  { file: 'Ada_Lights_Vox Up.wav', stems: { drums: 1, bass: 1, guitars: 1, keys: 1, vocals: VOX_UP_GAIN, bgv: 1 } },
];

const CHUNK_FRAMES = 65536;
const FULL_SCALE_24 = 2 ** 23;

export async function generateDemoDelivery(root: string, opts: { seconds?: number } = {}): Promise<{ files: string[] }> {
  const seconds = opts.seconds ?? 24;
  if (!Number.isFinite(seconds) || seconds < 1) throw new RangeError(`The demo needs at least 1 second, got ${seconds}`);
  await prepareEmptyRoot(root);
  for (const folder of ['Multitracks', 'Stems', 'References', 'Session', 'Docs']) await mkdir(join(root, folder));

  const song = createSong(DEMO_SAMPLE_RATE, seconds);
  const tracks = createTracks(song);
  const audioFiles = await renderAudio(root, song, tracks);
  await writeFile(join(root, 'Session', 'Ada_Lights.ptx'), sessionPlaceholder(), { flag: 'wx' });
  await writeFile(join(root, 'Docs', 'Track Sheet.txt'), trackSheet(song, tracks), { flag: 'wx' });
  await writeFile(join(root, 'delivery.json'), DELIVERY_JSON, { flag: 'wx' });
  return { files: [...audioFiles, 'Session/Ada_Lights.ptx', 'Docs/Track Sheet.txt', 'delivery.json'].sort() };
}

/** The caller picks a fresh folder: an existing non-empty one is refused, never written into. */
async function prepareEmptyRoot(root: string): Promise<void> {
  let entries: string[] | null = null;
  try {
    entries = await readdir(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (entries === null) await mkdir(root, { recursive: true });
  else if (entries.length > 0) throw new Error(`Refusing to write the demo into ${root}: the folder is not empty. Pick a new folder.`);
}

function createTracks(song: Song): Record<TrackId, Track> {
  const drums = createDrums(song);
  const bass = createBass(song);
  const guitars = createElectricGuitars(song);
  const vocals = createVocals(song);
  return {
    ...drums,
    bassDi: bass.di,
    bassAmp: bass.amp,
    gtrL: guitars.left,
    gtrR: guitars.right,
    acoustic: createAcousticGuitar(song),
    piano: createPiano(song),
    pad: createSynthPad(song),
    leadVox: vocals.lead,
    leadVoxDbl: vocals.double,
    bgvHarmony: vocals.harmony,
    bgvDelay: vocals.delayed,
    voxVerbPrint: vocals.verbPrint,
  };
}

interface Output {
  file: string;
  writer: WavWriter;
  /** Frames this file gets (the Bass stem stops early on purpose). */
  frames: number;
}

/** Renders every track chunk by chunk and streams multi-tracks, stems and references together. */
async function renderAudio(root: string, song: Song, tracks: Record<TrackId, Track>): Promise<string[]> {
  // The pad's multi-track was bounced from 10 ms later: a second, shifted performance of the same part.
  const padLate = delayedStart(createSynthPad(song), PAD_LATE_FRAMES);
  const total = song.totalFrames;
  const outputs: Output[] = [];
  // Writes of one chunk run in the background while the next chunk renders.
  let pending: Promise<unknown> = Promise.resolve();
  const open = async (file: string, format: WavWriteFormat, frames = total): Promise<Output> => {
    const output = { file, writer: await openWavWriter(join(root, file), format), frames };
    outputs.push(output);
    return output;
  };
  try {
    const multitracks: Output[] = [];
    for (const spec of MULTITRACKS) {
      const timeReference = DEMO_TIME_REFERENCE + (spec.startOffsetFrames ?? 0);
      const format = demoFormat(tracks[spec.track].channels, timeReference, spec.file, spec.bitDepth);
      multitracks.push(await open(`Multitracks/${spec.file}`, format));
    }
    const stems: Output[] = [];
    for (const stem of STEMS) {
      const frames = stem.id === 'bass' ? total - BASS_STEM_SHORT_FRAMES : total;
      stems.push(await open(`Stems/${stem.file}`, demoFormat(2, DEMO_TIME_REFERENCE, stem.file), frames));
    }
    const references: Output[] = [];
    for (const ref of REFERENCES) references.push(await open(`References/${ref.file}`, demoFormat(2, DEMO_TIME_REFERENCE, ref.file)));

    const burstStart = clipBurstStartFrame(total);
    const stemScratch = STEMS.map(() => new ScratchBlocks(2));
    const referenceScratch = REFERENCES.map(() => new ScratchBlocks(2));
    for (let start = 0; start < total; start += CHUNK_FRAMES) {
      const frames = Math.min(CHUNK_FRAMES, total - start);
      const rendered = new Map<TrackId, Float32Array[]>();
      for (const spec of MULTITRACKS) rendered.set(spec.track, tracks[spec.track].render(start, frames));
      const padForFile = padLate.render(start, frames);
      const stemBlocks = STEMS.map((stem, i) => mixStem(stem.id, rendered, stemScratch[i].get(frames)));
      await pending;
      const writes: Array<Promise<void>> = [];
      MULTITRACKS.forEach((spec, i) => writes.push(writeClipped(multitracks[i], start, spec.track === 'pad' ? padForFile : mustGet(rendered, spec.track))));
      stemBlocks.forEach((block, i) => writes.push(writeClipped(stems[i], start, block)));
      REFERENCES.forEach((ref, i) => {
        const mix = sumStems(stemBlocks, ref.stems, referenceScratch[i].get(frames));
        if (ref.clipBurst) addClipBurst(mix, start, burstStart);
        writes.push(writeClipped(references[i], start, mix));
      });
      pending = Promise.all(writes);
    }
    await pending;
    for (const output of outputs) await output.writer.close();
  } catch (err) {
    await pending.catch(() => undefined);
    await Promise.all(outputs.map((o) => o.writer.abort()));
    throw err;
  }
  return outputs.map((o) => o.file);
}

function demoFormat(channels: number, timeReference: number, name: string, bitDepth: 16 | 24 = 24): WavWriteFormat {
  return {
    sampleRate: DEMO_SAMPLE_RATE,
    channels,
    bitDepth,
    dither: bitDepth === 16 ? 'tpdf' : 'none',
    seed: 1203,
    bext: {
      description: `Ada - Lights: ${name.replace(/\.wav$/, '')}`,
      originator: 'Audio Deliverables demo',
      originationDate: '2025-03-14',
      originationTime: '10:00:00',
      timeReference,
    },
  };
}

function mustGet(rendered: Map<TrackId, Float32Array[]>, id: TrackId): Float32Array[] {
  const block = rendered.get(id);
  if (!block) throw new Error(`Track ${id} was not rendered`);
  return block;
}

/**
 * A stem: its tracks through fader and pan, then rounded to the 24-bit grid before it is written.
 * The references sum these same rounded values, so a null test against the stems is exact.
 */
function mixStem(stem: StemId, rendered: Map<TrackId, Float32Array[]>, out: Float32Array[]): Float32Array[] {
  const frames = out[0].length;
  for (const spec of MULTITRACKS) {
    if (spec.stem !== stem) continue;
    const block = mustGet(rendered, spec.track);
    const gain = 10 ** (spec.faderDb / 20);
    const angle = ((spec.pan + 1) * Math.PI) / 4; // constant-power pan for mono sources
    const gains = block.length === 1 ? [gain * Math.cos(angle) * Math.SQRT2, gain * Math.sin(angle) * Math.SQRT2] : [gain, gain];
    for (let c = 0; c < 2; c++) {
      const source = block[Math.min(c, block.length - 1)];
      const target = out[c];
      const g = gains[c];
      for (let i = 0; i < frames; i++) target[i] += g * source[i];
    }
  }
  for (const channel of out) {
    for (let i = 0; i < frames; i++) channel[i] = Math.max(-FULL_SCALE_24, Math.min(FULL_SCALE_24 - 1, Math.round(channel[i] * FULL_SCALE_24))) / FULL_SCALE_24;
  }
  return out;
}

/** Sums of 24-bit-grid values stay exact in float32 while they are below 2.0 in magnitude. */
function sumStems(stemBlocks: Float32Array[][], gains: Partial<Record<StemId, number>>, out: Float32Array[]): Float32Array[] {
  const frames = out[0].length;
  STEMS.forEach((stem, s) => {
    const gain = gains[stem.id];
    if (gain === undefined) return;
    for (let c = 0; c < 2; c++) {
      const source = stemBlocks[s][c];
      for (let i = 0; i < frames; i++) out[c][i] += gain * source[i];
    }
  });
  return out;
}

/** A hot drum transient added to the Main only: a Hann-shaped pulse whose top flattens on the rail. */
function addClipBurst(mix: Float32Array[], chunkStart: number, burstStart: number): void {
  for (let f = Math.max(chunkStart, burstStart); f < Math.min(chunkStart + mix[0].length, burstStart + CLIP_BURST_FRAMES); f++) {
    const pulse = 2 * 0.5 * (1 - Math.cos((2 * Math.PI * (f - burstStart + 0.5)) / CLIP_BURST_FRAMES));
    for (const channel of mix) channel[f - chunkStart] += pulse;
  }
}

/** Writes the part of a chunk that falls inside this file's length. */
async function writeClipped(output: Output, chunkStart: number, block: Float32Array[]): Promise<void> {
  const keep = Math.min(block[0].length, output.frames - chunkStart);
  if (keep <= 0) return;
  await output.writer.write(keep === block[0].length ? block : block.map((c) => c.subarray(0, keep)));
}

/** Not a real Pro Tools session: just bytes with the right name, so the session rule has something to find. */
function sessionPlaceholder(): Buffer {
  const text = Buffer.from('\x03Audio Deliverables demo: placeholder for a Pro Tools session (not a real .ptx)\n', 'latin1');
  const filler = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 37 + 11) & 0xff));
  return Buffer.concat([text, filler]);
}

function trackSheet(song: Song, tracks: Record<TrackId, Track>): string {
  const lines = [
    `TRACK SHEET: ${SONG.artist} - ${SONG.title}`,
    '',
    `Tempo: ${SONG.bpm} BPM    Key: ${SONG.key}    Progression: ${SONG.progression.join(' - ')}`,
    `Session start: 01:00:00:00    Sample rate: ${DEMO_SAMPLE_RATE / 1000} kHz    Length: ${(song.totalFrames / DEMO_SAMPLE_RATE).toFixed(1)} s`,
    'Engineer: Sam Rivera (mix)',
    '',
    'Multitracks/',
    ...MULTITRACKS.map((t) => `  ${t.file.padEnd(24)} ${tracks[t.track].channels === 2 ? 'stereo' : 'mono  '}  ${t.bitDepth ?? 24}-bit  -> ${t.stem.toUpperCase()} stem${t.note ? ` (${t.note})` : ''}`),
    '',
    'Stems/ (stereo, 24-bit, all from 01:00:00:00)',
    ...STEMS.map((s) => `  ${s.file}`),
    '',
    'References/',
    ...REFERENCES.map((r) => `  ${r.file}`),
    '',
  ];
  return lines.join('\n');
}

/** JSONC, as a person would write it: comments say why a field is set. */
const DELIVERY_JSON = `{
  // Demo delivery generated by Audio Deliverables. Fields below override the preset.
  "preset": "music-mix",
  "project": { "artist": "Ada", "title": "Lights", "bpm": 92, "key": "F# minor" },
  "format": { "sampleRates": [48000, 96000], "bitDepths": [24, 32], "containers": ["wav"] },
  "multitracks": { "folder": "Multitracks" },
  "stems": {
    "folder": "Stems",
    "required": ["drums", "bass", "guitars", "keys", "vocals", "backing-vocals"],
    "nullTest": { "mix": "References/Ada_Lights_Main.wav", "maxResidualDb": -40 }
  },
  "references": { "folder": "References", "required": ["main", "instrumental", "a-cappella", "tv"] },
  "naming": { "pattern": "{artist}_{title}_{name}" },
  // The reverb print is a reference for the mix, not a source track.
  "roles": { "Multitracks/19 Vox Verb Print.wav": "effect-print" },
  "session": {
    "owner": "Mix engineer (Sam Rivera)",
    "handover": false,
    "notes": "Session files are not part of this delivery (contract §4)."
  }
}
`;
