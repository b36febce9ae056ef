// Throughput of the loudness measurements (K-weighting + gating + LRA, and true peak), single
// threaded, on generated 24-bit-like stereo chunks, and of ffmpeg's ebur128=peak=true on a WAV
// holding the same samples. Run by hand:
//
//   npx tsc -p tsconfig.test.json && node out/scripts/bench/loudnessBench.js [--minutes 10] [--no-ffmpeg]
//
// "MB" is MB of the 24-bit stereo input the samples stand for (6 bytes a frame), so the figures
// compare with ffmpeg reading the WAV. Only push()/finish() are timed, not the synthesis.
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Analyser, StreamInfo } from '../../src/core/analysis/analyser';
import { LoudnessAnalyser, type LoudnessResult } from '../../src/core/analysis/loudness';
import { TruePeakAnalyser, type TruePeakResult } from '../../src/core/analysis/truePeak';
import { openWavWriter } from '../../src/core/audio/wavWriter';

const RATE = 48000;
const CHUNK = 16384; // the decoder's chunk
const BYTES_PER_FRAME = 6;

type Material = 'music' | 'dense' | 'sparse';

/**
 * Streaming synthesis of one material, chunk by chunk into reused arrays, quantised to 24 bits.
 * music: a 120 bpm arrangement (kick, noise bursts, bass, decaying plucks) with quiet and loud
 *   sections, peaks at about -1 dBFS: the true-peak bound skips most segments once the loudest
 *   passage has been seen.
 * dense: full-band noise plus tones at a constant level close to full scale, the worst case for
 *   the bound: almost every segment has to be interpolated.
 * sparse: a multi-track like a tom track: a hit every 4 s for the first minute, then digital
 *   silence, where K-weighting state decays into subnormal numbers unless it is flushed.
 */
class Synth {
  private readonly left = new Float32Array(CHUNK);
  private readonly right = new Float32Array(CHUNK);
  private seed = 0x9e3779b9;
  private frame = 0;
  private lowL = 0;
  private lowR = 0;

  constructor(private readonly material: Material) {}

  next(frames: number): Float32Array[] {
    const l = this.left;
    const r = this.right;
    for (let i = 0; i < frames; i++, this.frame++) {
      const t = this.frame / RATE;
      let a: number;
      let b: number;
      if (this.material === 'sparse') {
        const since = t % 4;
        const envelope = t < 60 ? 0.7 * Math.exp(-since * 8) : 0;
        const n1 = this.noise();
        a = envelope * (Math.sin(2 * Math.PI * (95 * since + 3 * (1 - Math.exp(-since * 20)))) + 0.15 * n1);
        b = a;
      } else if (this.material === 'dense') {
        const n1 = this.noise();
        const n2 = this.noise();
        this.lowL += 0.6 * (n1 - this.lowL);
        this.lowR += 0.6 * (n2 - this.lowR);
        const tone = 0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.15 * Math.sin(2 * Math.PI * 3520 * t);
        a = 0.28 * this.lowL + tone;
        b = 0.28 * this.lowR + tone;
      } else {
        const beat = t % 0.5;
        const bar = Math.floor(t / 0.5);
        const sectionLength = 20;
        const sectionIndex = Math.floor(t / sectionLength) % 4;
        const gain = [0.25, 0.8, 0.06, 1][sectionIndex];
        const kick = 0.8 * Math.exp(-beat * 12) * Math.sin(2 * Math.PI * (50 * beat + 2 * (1 - Math.exp(-beat * 30))));
        const bassHz = [41.2, 55, 49, 61.7][bar % 4];
        const bass = 0.4 * Math.exp(-beat * 2.5) * Math.sin(2 * Math.PI * bassHz * t);
        const pluckHz = [220, 261.6, 196, 246.9][(bar >> 1) % 4];
        const pluckEnv = 0.15 * Math.exp(-(t % 1) * 3);
        const pluck = pluckEnv * (Math.sin(2 * Math.PI * pluckHz * t) + 0.5 * Math.sin(4 * Math.PI * pluckHz * t));
        const hatEnv = 0.15 * Math.exp(-(t % 0.25) * 60);
        const n1 = this.noise();
        const n2 = this.noise();
        this.lowL += 0.5 * (n1 - this.lowL);
        this.lowR += 0.5 * (n2 - this.lowR);
        a = gain * (kick + bass + pluck + hatEnv * (n1 - this.lowL));
        b = gain * (kick + bass + 0.8 * pluck + hatEnv * (n2 - this.lowR));
      }
      l[i] = quantise24(a);
      r[i] = quantise24(b);
    }
    return [l, r];
  }

  private noise(): number {
    // xorshift32: deterministic, cheap.
    let s = this.seed;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.seed = s >>> 0;
    return this.seed / 2147483648 - 1;
  }
}

function quantise24(v: number): number {
  return Math.max(-8388608, Math.min(8388607, Math.round(v * 8388608))) / 8388608;
}

interface Timing {
  seconds: number;
  mbPerSecond: number;
  note: string;
}

function time(material: Material, frames: number, make: (info: StreamInfo) => Analyser<unknown>[]): Timing {
  const info: StreamInfo = { sampleRate: RATE, channels: 2, bitDepth: 24, float: false, channelMask: null, totalFrames: frames };
  const analysers = make(info);
  const synth = new Synth(material);
  let elapsed = 0;
  for (let start = 0; start < frames; start += CHUNK) {
    const n = Math.min(CHUNK, frames - start);
    const chunk = { channels: synth.next(n), frames: n, startFrame: start };
    const t0 = performance.now();
    for (const a of analysers) a.push(chunk);
    elapsed += performance.now() - t0;
  }
  const t0 = performance.now();
  const results = analysers.map((a) => a.finish());
  elapsed += performance.now() - t0;
  const notes: string[] = [];
  for (const r of results) {
    if (isLoudness(r)) notes.push(`I ${fmt(r.integratedLufs)} LUFS, LRA ${fmt(r.lraLu)} LU`);
    else if (isTruePeak(r)) notes.push(`TP ${fmt(r.truePeakDbtp)} dBTP`);
  }
  const truePeak = analysers.find((a): a is TruePeakAnalyser => a instanceof TruePeakAnalyser);
  if (truePeak) {
    const share = truePeak.interpolatedSegments / (truePeak.interpolatedSegments + truePeak.skippedSegments);
    notes.push(`${(100 * share).toFixed(1)} % of segments interpolated`);
  }
  const seconds = elapsed / 1000;
  return { seconds, mbPerSecond: (frames * BYTES_PER_FRAME) / 1e6 / seconds, note: notes.join(', ') };
}

const fmt = (v: number | null): string => (v === null ? '-' : v.toFixed(2));
const isLoudness = (r: unknown): r is LoudnessResult => typeof r === 'object' && r !== null && 'integratedLufs' in r;
const isTruePeak = (r: unknown): r is TruePeakResult => typeof r === 'object' && r !== null && 'truePeakDbtp' in r;

async function writeWav(file: string, material: Material, frames: number): Promise<void> {
  const writer = await openWavWriter(file, { sampleRate: RATE, channels: 2, bitDepth: 24 });
  const synth = new Synth(material);
  try {
    for (let start = 0; start < frames; start += CHUNK) {
      const n = Math.min(CHUNK, frames - start);
      await writer.write(synth.next(n).map((c) => c.subarray(0, n)));
    }
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

function ffmpegTiming(file: string, frames: number): Timing | null {
  if (spawnSync('ffmpeg', ['-version']).status !== 0) return null;
  const t0 = performance.now();
  const run = spawnSync('ffmpeg', ['-nostats', '-hide_banner', '-threads', '1', '-i', file, '-af', 'ebur128=peak=true', '-f', 'null', '-'], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (run.status !== 0) throw new Error(run.stderr);
  const summary = run.stderr.slice(run.stderr.lastIndexOf('Summary:'));
  const value = (re: RegExp): string => re.exec(summary)?.[1] ?? '?';
  const note = `I ${value(/I:\s+(-?[\d.]+)/)} LUFS, LRA ${value(/LRA:\s+(-?[\d.]+)/)} LU, TP ${value(/Peak:\s+(-?[\d.]+)/)} dBTP`;
  return { seconds, mbPerSecond: (frames * BYTES_PER_FRAME) / 1e6 / seconds, note };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const minutesArg = args.indexOf('--minutes');
  const minutes = minutesArg >= 0 ? Number(args[minutesArg + 1]) : 10;
  const withFfmpeg = !args.includes('--no-ffmpeg');
  const frames = Math.round(minutes * 60 * RATE);
  console.log(`${minutes} min, ${RATE / 1000} kHz stereo (${((frames * BYTES_PER_FRAME) / 1e6).toFixed(1)} MB as 24-bit), chunks of ${CHUNK} frames, node ${process.version}\n`);

  const runs: Array<[string, (info: StreamInfo) => Analyser<unknown>[]]> = [
    ['K-weighting + gating + LRA', (i) => [new LoudnessAnalyser(i)]],
    ['true peak (4x)', (i) => [new TruePeakAnalyser(i)]],
    ['loudness + true peak', (i) => [new LoudnessAnalyser(i), new TruePeakAnalyser(i)]],
  ];
  const dir = withFfmpeg ? await fs.mkdtemp(path.join(os.tmpdir(), 'ad-loudness-bench-')) : null;
  try {
    for (const material of ['music', 'dense', 'sparse'] as const) {
      console.log(`== ${material}`);
      // One untimed warm-up pass over a minute lets the JIT settle.
      time(material, Math.min(frames, 60 * RATE), runs[2][1]);
      let combined = 0;
      for (const [name, make] of runs) {
        const t = time(material, frames, make);
        if (name === 'loudness + true peak') combined = t.mbPerSecond;
        console.log(`${name.padEnd(28)} ${t.mbPerSecond.toFixed(0).padStart(6)} MB/s  (${t.seconds.toFixed(2)} s)  ${t.note}`);
      }
      if (dir) {
        const file = path.join(dir, `${material}.wav`);
        await writeWav(file, material, frames);
        const f = ffmpegTiming(file, frames);
        if (f) {
          console.log(`${'ffmpeg ebur128=peak=true'.padEnd(28)} ${f.mbPerSecond.toFixed(0).padStart(6)} MB/s  (${f.seconds.toFixed(2)} s)  ${f.note}`);
          console.log(`ratio (loudness + true peak / ffmpeg): ${(combined / f.mbPerSecond).toFixed(1)}x`);
        } else {
          console.log('ffmpeg not found: no comparison');
        }
        await fs.rm(file, { force: true });
      }
      console.log('');
    }
  } finally {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
