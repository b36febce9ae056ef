/**
 * Throughput of the streaming decoder and the sample-level analysers, single thread, by hand:
 *   npx tsc -p tsconfig.test.json && node out/scripts/bench/decodeBench.js [MB]
 * Writes a deterministic 48 kHz / 24-bit stereo WAV and a mono one (MB total, default 384) into
 * os.tmpdir(), reads each a few times (warm page cache: the figures are CPU cost, not disk), prints
 * MB/s of the audio data for decode alone, decode + levels, decode + levels + overview, and
 * deletes the files. Two figures: wall clock, and bytes per CPU-second of the process (steadier
 * on a shared machine; it includes the I/O pool's share of the reads).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnalyserFactory } from '../../src/core/analysis/analyser';
import { analyseSource } from '../../src/core/analysis/analyseFile';
import { levelsAnalyser } from '../../src/core/analysis/levels';
import { overviewAnalyser } from '../../src/core/analysis/overview';
import { decodePcm, type DecodableProbe } from '../../src/core/audio/decode';
import { openFileSource } from '../../src/core/io/fileSource';
import { probeAudio } from '../../src/core/audio/probe';

const SAMPLE_RATE = 48_000;
const RUNS = 3;

function wavHeader(channels: number, frames: number): Buffer {
  const blockAlign = channels * 3;
  const dataBytes = frames * blockAlign;
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(SAMPLE_RATE, 24);
  h.writeUInt32LE(SAMPLE_RATE * blockAlign, 28);
  h.writeUInt16LE(blockAlign, 32);
  h.writeUInt16LE(24, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** Music-like: three detuned partials with a slow swell, plus seeded noise; about -6 dBFS peak. */
async function writeTestWav(file: string, channels: number, bytes: number): Promise<void> {
  const frames = Math.floor(bytes / (channels * 3));
  const handle = await fs.open(file, 'wx');
  try {
    await handle.write(wavHeader(channels, frames));
    const block = 48_000;
    const buf = Buffer.alloc(block * channels * 3);
    let seed = 0x2f6b_1d3a;
    for (let f0 = 0; f0 < frames; f0 += block) {
      const n = Math.min(block, frames - f0);
      let p = 0;
      for (let i = 0; i < n; i++) {
        const t = (f0 + i) / SAMPLE_RATE;
        const swell = 0.6 + 0.4 * Math.sin(2 * Math.PI * 0.1 * t);
        for (let c = 0; c < channels; c++) {
          seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
          const tone = Math.sin(2 * Math.PI * (110 + c) * t) + 0.5 * Math.sin(2 * Math.PI * 331 * t) + 0.25 * Math.sin(2 * Math.PI * 997 * t);
          const x = 0.28 * swell * tone + 0.01 * (seed / 2 ** 31 - 1);
          const v = Math.round(x * 8_388_607);
          buf[p++] = v & 0xff;
          buf[p++] = (v >> 8) & 0xff;
          buf[p++] = (v >> 16) & 0xff;
        }
      }
      await handle.write(buf, 0, p);
    }
  } finally {
    await handle.close();
  }
}

type Mode = 'decode' | 'decode+levels' | 'decode+levels+overview';

interface Timing {
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds of the whole process (main thread plus the I/O pool's reads). */
  cpuSeconds: number;
  bytes: number;
}

async function runOnce(file: string, mode: Mode): Promise<Timing> {
  const source = await openFileSource(file);
  try {
    const probe = await probeAudio(source);
    if (!probe.ok) throw new Error(`probe failed: ${probe.issues.map((i) => i.message).join('; ')}`);
    const decodable: DecodableProbe = probe;
    const started = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    if (mode === 'decode') {
      let frames = 0;
      for await (const chunk of decodePcm(source, decodable)) frames += chunk.frames;
      if (frames !== probe.format.frames) throw new Error('frame count mismatch');
    } else {
      const factories: AnalyserFactory<unknown>[] = mode === 'decode+levels' ? [levelsAnalyser] : [levelsAnalyser, overviewAnalyser()];
      await analyseSource(source, decodable, factories);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, bytes: probe.details.dataAvailableBytes };
  } finally {
    await source.close();
  }
}

async function main(): Promise<void> {
  const totalMb = Number(process.argv[2] ?? 384);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ad-decode-bench-'));
  try {
    const files = [
      { name: 'stereo', channels: 2, bytes: Math.round((totalMb * 2 / 3) * 1e6) },
      { name: 'mono', channels: 1, bytes: Math.round((totalMb / 3) * 1e6) },
    ];
    for (const f of files) await writeTestWav(path.join(dir, `${f.name}.wav`), f.channels, f.bytes);
    console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    const modes: Mode[] = ['decode', 'decode+levels', 'decode+levels+overview'];
    for (const f of files) {
      const file = path.join(dir, `${f.name}.wav`);
      await runOnce(file, 'decode'); // warm the page cache and the JIT
      for (const mode of modes) {
        const wall: number[] = [];
        const cpu: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const t = await runOnce(file, mode);
          wall.push(t.bytes / 1e6 / t.seconds);
          cpu.push(t.bytes / 1e6 / t.cpuSeconds);
        }
        const best = (xs: number[]) => Math.max(...xs).toFixed(0);
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0);
        console.log(`${f.name.padEnd(6)} ${(f.bytes / 1e6).toFixed(0)} MB  ${mode.padEnd(24)} wall: best ${best(wall)} MB/s, median ${median(wall)}   per CPU-second: best ${best(cpu)}, median ${median(cpu)}`);
      }
    }
    console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (includes writing the test files)`);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
