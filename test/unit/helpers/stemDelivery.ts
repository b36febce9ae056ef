import { promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { WaveFile } from 'wavefile';
import { seededRandom } from './pcmFixtures';

/**
 * Stem deliveries for alternate-mix tests, written with wavefile (an independent writer) and read
 * back with it (an independent reader). Every stem carries its own signal, a sine at its own
 * frequency plus seeded noise, so a stem summed in the wrong place or with the wrong gain shows.
 */
export interface StemSpec {
  path: string;
  frequency: number;
  amplitude: number;
  seconds?: number;
  sampleRate?: number;
  channels?: number;
  bitDepth?: '16' | '24' | '32f';
  seed?: number;
}

export const STEMS_SPEC = `{
  "preset": "music-mix",
  "project": { "artist": "Ada", "title": "Lights" },
  "stems": { "folder": "Stems" },
  "references": { "folder": "References" },
  "session": { "owner": "Mix engineer", "handover": false }
}
`;

/** Five stems (drums, bass, keys, lead vocal, backing vocals) and a main mix reference. */
export const FIVE_STEMS: readonly StemSpec[] = [
  { path: 'Stems/Ada_Lights_STEM_Drums.wav', frequency: 110, amplitude: 0.15, seed: 1 },
  { path: 'Stems/Ada_Lights_STEM_Bass.wav', frequency: 55, amplitude: 0.15, seed: 2 },
  { path: 'Stems/Ada_Lights_STEM_Keys.wav', frequency: 440, amplitude: 0.1, seed: 3 },
  { path: 'Stems/Ada_Lights_STEM_Vox.wav', frequency: 660, amplitude: 0.12, seed: 4 },
  { path: 'Stems/Ada_Lights_STEM_BGV.wav', frequency: 880, amplitude: 0.08, seed: 5 },
];

export async function createStemDelivery(dir: string, stems: readonly StemSpec[] = FIVE_STEMS, spec = STEMS_SPEC): Promise<void> {
  for (const s of stems) await writeStemWav(path.join(dir, s.path), s);
  await writeStemWav(path.join(dir, 'References/Ada_Lights_Main.wav'), { path: '', frequency: 220, amplitude: 0.2, seed: 9 });
  await fs.writeFile(path.join(dir, 'delivery.json'), spec);
}

export async function writeStemWav(file: string, s: StemSpec): Promise<void> {
  const rate = s.sampleRate ?? 48000;
  const channels = s.channels ?? 2;
  const bitDepth = s.bitDepth ?? '24';
  const frames = Math.round((s.seconds ?? 1) * rate);
  const random = seededRandom(s.seed ?? 1);
  const float = bitDepth === '32f';
  const full = float ? 1 : 2 ** (Number(bitDepth) - 1) - 1;
  const data: number[][] = [];
  for (let c = 0; c < channels; c++) {
    const ch = new Array<number>(frames);
    for (let i = 0; i < frames; i++) {
      const v = s.amplitude * (0.8 * Math.sin((2 * Math.PI * s.frequency * (1 + c / 4) * i) / rate) + 0.2 * (2 * random() - 1));
      ch[i] = float ? v : Math.round(v * full);
    }
    data.push(ch);
  }
  const wav = new WaveFile();
  wav.fromScratch(channels, rate, bitDepth, channels === 1 ? data[0]! : data);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, wav.toBuffer());
}

/** A WAV read with wavefile: samples per channel as float64 in [-1, 1), the way our decoder scales them. */
export function readWav(file: string): { sampleRate: number; bitDepth: string; channels: Float64Array[] } {
  const wav = new WaveFile(readFileSync(file));
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  const channels = Array.isArray(raw) ? raw : [raw];
  const bitDepth = wav.bitDepth;
  const scale = bitDepth === '32f' || bitDepth === '64' ? 1 : 2 ** (Number(bitDepth) - 1);
  const fmt = wav.fmt as { sampleRate: number };
  return { sampleRate: fmt.sampleRate, bitDepth, channels: channels.map((ch) => ch.map((v) => v / scale)) };
}

/** Sum of stems with gains in dB, in float64, padded to the longest: the reference alternate. */
export function referenceMix(files: Array<{ file: string; gainDb: number }>): Float64Array[] {
  const stems = files.map(({ file, gainDb }) => ({ channels: readWav(file).channels, gain: 10 ** (gainDb / 20) }));
  const frames = Math.max(...stems.map((s) => s.channels[0]!.length));
  const out = stems[0]!.channels.map(() => new Float64Array(frames));
  for (const s of stems) {
    s.channels.forEach((ch, c) => ch.forEach((v, i) => { out[c]![i]! += s.gain * v; }));
  }
  return out;
}

/** Largest absolute difference between two multichannel signals, in dBFS (-Infinity when equal). */
export function residualPeakDbfs(a: Float64Array[], b: Float64Array[]): number {
  let peak = 0;
  a.forEach((ch, c) => ch.forEach((v, i) => { peak = Math.max(peak, Math.abs(v - b[c]![i]!)); }));
  return 20 * Math.log10(peak);
}
