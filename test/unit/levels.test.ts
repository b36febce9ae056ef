import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { AnalyserFactory } from '../../src/core/analysis/analyser';
import { analyseSource } from '../../src/core/analysis/analyseFile';
import { EffectiveBits } from '../../src/core/analysis/bitDepth';
import { MAX_LISTED_CLIP_RUNS, fullScaleLimits } from '../../src/core/analysis/clipping';
import { toDbfs } from '../../src/core/analysis/dbfs';
import { levelsAnalyser, levelsAnalysisFields, type LevelsResult } from '../../src/core/analysis/levels';
import { overviewAnalyser } from '../../src/core/analysis/overview';
import { SILENCE_THRESHOLD_DBFS } from '../../src/core/analysis/silence';
import { UndecodableError } from '../../src/core/audio/decode';
import { openFileSource } from '../../src/core/io/fileSource';
import { probeAudio } from '../../src/core/audio/probe';
import { chunk, fmtChunk, riffFile } from './helpers/riffBuilder';
import { encodeInterleaved, probeBytes, runAnalyser, seededRandom, streamInfoOf, wavBytes } from './helpers/pcmFixtures';
import { makeTempDir } from './helpers/tempDir';

const RATE = 48_000;
const run = promisify(execFile);

/** Channels given as functions of the frame index, quantised to `bits` as a file would hold them. */
function quantised(frames: number, bits: number, ...fns: ((i: number) => number)[]): Float32Array[] {
  const scale = 2 ** (bits - 1);
  return fns.map((fn) => Float32Array.from({ length: frames }, (_, i) => {
    const code = Math.max(-scale, Math.min(scale - 1, Math.round(fn(i) * scale)));
    return code / scale;
  }));
}

function levels(channels: Float32Array[], info: { bitDepth?: number; float?: boolean } = {}, chunkFrames = 4096): LevelsResult {
  return runAnalyser(levelsAnalyser, streamInfoOf({ channels: channels.length, bitDepth: info.bitDepth ?? 24, float: info.float ?? false }), channels, chunkFrames);
}

const sine = (amplitude: number, hz: number) => (i: number) => amplitude * Math.sin((2 * Math.PI * hz * i) / RATE);

describe('levels analyser', () => {
  describe('sample peak', () => {
    it('a half-scale 1 kHz sine peaks at -6.02 dBFS (48 samples per period hit the crest)', () => {
      const r = levels(quantised(RATE, 24, sine(0.5, 1000), sine(0.25, 1000)));
      assert.equal(r.channelPeaks[0], 0.5);
      assert.equal(r.channelPeaks[1], 0.25);
      assert.ok(Math.abs(r.samplePeakDbfs! - -6.0206) < 1e-4, String(r.samplePeakDbfs));
    });

    it('digital silence has no peak level (null) and counts as silent', () => {
      const r = levels([new Float32Array(1000), new Float32Array(1000)]);
      assert.equal(r.samplePeakDbfs, null);
      assert.equal(r.digitalSilence, true);
      assert.equal(r.silence.silent, true);
      assert.equal(r.dcOffsetDbfs, null);
    });

    it('an empty stream gives zero frames and no levels', () => {
      const r = levels([new Float32Array(0)]);
      assert.equal(r.frames, 0);
      assert.equal(r.samplePeakDbfs, null);
      assert.equal(r.silence.leadingSec, 0);
      assert.equal(r.clipping.runCount, 0);
    });
  });

  describe('DC offset', () => {
    it('a constant 0.01 on top of a sine reads -40 dBFS', () => {
      const r = levels(quantised(RATE, 24, (i) => 0.01 + sine(0.3, 1000)(i)));
      assert.ok(Math.abs(r.dcOffsets[0]! - 0.01) < 1e-6, String(r.dcOffsets[0]));
      assert.ok(Math.abs(r.dcOffsetDbfs! - -40) < 0.001, String(r.dcOffsetDbfs));
    });

    it('reports the channel with the largest |mean|, negative or positive', () => {
      const r = levels(quantised(9600, 24, () => 0.001, () => -0.1));
      assert.ok(Math.abs(r.dcOffsetDbfs! - -20) < 0.001);
      assert.ok(r.dcOffsets[1]! < 0);
    });
  });

  describe('clipping', () => {
    /** Mono 24-bit, quiet noise with full-scale runs written in. */
    function withRuns(frames: number, runs: { at: number; length: number; negative?: boolean }[], bits = 24): Float32Array {
      const rnd = seededRandom(7);
      const [ch] = quantised(frames, bits, () => (rnd() - 0.5) * 0.5);
      const { positive, negative } = fullScaleLimits(bits, false);
      for (const r of runs) ch!.fill(r.negative ? negative : positive, r.at, r.at + r.length);
      return ch!;
    }

    it('a run of exactly 5 samples at frame 48000 is one run at 1.000 s', () => {
      for (const chunkFrames of [1, 7, 4096, 48_000]) {
        const r = levels([withRuns(2 * RATE, [{ at: 48_000, length: 5 }])], {}, chunkFrames);
        assert.equal(r.clipping.runCount, 1, `chunkFrames ${chunkFrames}`);
        assert.deepEqual(r.clipping.runs, [{ channel: 0, startFrame: 48_000, startSec: 1, length: 5 }]);
        assert.equal(r.clipping.clippedSamples, 5);
      }
    });

    it('two full-scale samples are not a run; three are; negative full scale counts too', () => {
      const r = levels([withRuns(RATE, [{ at: 100, length: 2 }, { at: 200, length: 3, negative: true }, { at: 300, length: 1 }])]);
      assert.equal(r.clipping.runCount, 1);
      assert.deepEqual(r.clipping.runs[0], { channel: 0, startFrame: 200, startSec: 200 / RATE, length: 3 });
    });

    it('a sign change splits a run; a run at the very end is closed by finish()', () => {
      const ch = withRuns(1000, [{ at: 10, length: 3 }, { at: 13, length: 3, negative: true }, { at: 995, length: 5 }]);
      const r = levels([ch], {}, 7);
      assert.deepEqual(r.clipping.runs.map((x) => [x.startFrame, x.length]), [[10, 3], [13, 3], [995, 5]]);
    });

    it('integer full scale is the largest code: one code below is not clipping', () => {
      const [ch] = quantised(100, 16, () => 0);
      ch!.fill(32767 / 32768, 10, 20);
      ch!.fill(32766 / 32768, 50, 60);
      const r = levels([ch!], { bitDepth: 16 });
      assert.equal(r.clipping.runCount, 1);
      assert.equal(r.clipping.runs[0]!.length, 10);
    });

    it('float files clip at |x| ≥ 1.0, and samples beyond count as over full scale', () => {
      const ch = new Float32Array(RATE).fill(0.1);
      ch.fill(1, 1000, 1004);
      ch.fill(-1.5, 24_000, 24_010);
      ch[30_000] = 2;
      const r = levels([ch], { bitDepth: 32, float: true });
      assert.deepEqual(r.clipping.runs.map((x) => [x.startFrame, x.length]), [[1000, 4], [24_000, 10]]);
      assert.deepEqual(r.overFullScale, { count: 11, firstFrame: 24_000, firstSec: 0.5 });
    });

    it('a float waveform swinging past 1.0 is over full scale, not clipped; a flat top beyond 1.0 is clipped', () => {
      // +2 dBFS sine: hundreds of consecutive samples ≥ 1.0 on every crest, none of them equal.
      const swing = Float32Array.from({ length: RATE }, (_, i) => 1.2589 * Math.sin((2 * Math.PI * 100 * i) / RATE));
      const r = levels([swing], { bitDepth: 32, float: true });
      assert.equal(r.clipping.runCount, 0);
      assert.ok(r.overFullScale!.count > 1000);
      const flat = new Float32Array(RATE).fill(0.1);
      flat.fill(1.25, 2000, 2006);
      assert.deepEqual(levels([flat], { bitDepth: 32, float: true }).clipping.runs.map((x) => [x.startFrame, x.length]), [[2000, 6]]);
    });

    it('integer files have no over-full-scale result', () => {
      assert.equal(levels(quantised(100, 24, () => 0.5)).overFullScale, null);
    });

    it('runs on several channels carry their channel; the list is capped, the count is not', () => {
      const runs = Array.from({ length: 150 }, (_, k) => ({ at: 100 + k * 10, length: 4 }));
      const left = withRuns(5000, runs);
      const right = withRuns(5000, [{ at: 50, length: 3 }]);
      const r = levels([left, right]);
      assert.equal(r.clipping.runCount, 151);
      assert.equal(r.clipping.runs.length, MAX_LISTED_CLIP_RUNS);
      assert.deepEqual(r.clipping.runs[0], { channel: 1, startFrame: 50, startSec: 50 / RATE, length: 3 });
      assert.equal(r.clipping.clippedSamples, 150 * 4 + 3);
    });
  });

  describe('silence', () => {
    it('0.5 s of leading digital silence and 0.25 s of trailing silence', () => {
      const frames = 2 * RATE;
      const fn = (i: number) => (i < RATE / 2 || i >= frames - RATE / 4 ? 0 : sine(0.5, 440)(i) + 0.01);
      for (const chunkFrames of [7, 4096]) {
        const r = levels(quantised(frames, 24, fn, fn), {}, chunkFrames);
        assert.equal(r.silence.leadingSec, 0.5);
        assert.equal(r.silence.trailingSec, 0.25);
        assert.equal(r.silence.silent, false);
      }
    });

    it('one channel with sound ends the silence for the frame', () => {
      const left = new Float32Array(1000);
      const right = new Float32Array(1000);
      right[480] = 0.1;
      left[600] = -0.1;
      const r = levels([left, right]);
      assert.equal(r.silence.leadingSec, 480 / RATE);
      assert.equal(r.silence.trailingSec, 399 / RATE);
    });

    it(`16-bit dither of ±1 LSB is below ${SILENCE_THRESHOLD_DBFS} dBFS: silent, but not digital silence`, () => {
      const rnd = seededRandom(3);
      const [ch] = quantised(RATE, 16, () => Math.round(rnd() * 2 - 1) / 32768);
      const r = levels([ch!], { bitDepth: 16 });
      assert.equal(r.silence.silent, true);
      assert.equal(r.digitalSilence, false);
      assert.equal(r.silence.leadingSec, 1);
      const loud = levels(quantised(RATE, 16, () => 2 / 32768), { bitDepth: 16 });
      assert.equal(loud.silence.silent, false);
    });
  });

  describe('stereo relation', () => {
    const music = (seed: number) => {
      const rnd = seededRandom(seed);
      return (i: number) => sine(0.3, 220)(i) + 0.2 * (rnd() - 0.5);
    };

    it('identical channels are dual mono, not inverted', () => {
      const [l] = quantised(RATE, 24, music(1));
      const r = levels([l!, l!.slice()]);
      assert.deepEqual(r.stereo, { dualMono: true, invertedPolarity: false });
    });

    it('right = -left is inverted polarity, including -1.0 stored as the largest positive code', () => {
      const [l] = quantised(RATE, 16, music(2));
      l![100] = -1;
      const right = l!.map((x) => (x === -1 ? 32767 / 32768 : -x));
      const r = levels([l!, right], { bitDepth: 16 });
      assert.deepEqual(r.stereo, { dualMono: false, invertedPolarity: true });
    });

    it('one differing code in the last frame is enough to be neither', () => {
      const [l] = quantised(RATE, 24, music(3));
      const same = l!.slice();
      same[RATE - 1] = same[RATE - 1]! + 2 ** -23;
      const inv = l!.map((x) => -x);
      inv[RATE - 1] = inv[RATE - 1]! + 2 ** -23;
      assert.deepEqual(levels([l!, same]).stereo, { dualMono: false, invertedPolarity: false });
      assert.deepEqual(levels([l!, inv]).stereo, { dualMono: false, invertedPolarity: false });
    });

    it('real stereo is neither; silent stereo is reported as neither; mono and 5.1 have no result', () => {
      const [l, r] = quantised(RATE, 24, music(4), music(5));
      assert.deepEqual(levels([l!, r!]).stereo, { dualMono: false, invertedPolarity: false });
      assert.deepEqual(levels([new Float32Array(100), new Float32Array(100)]).stereo, { dualMono: false, invertedPolarity: false });
      assert.equal(levels([l!]).stereo, null);
      assert.equal(levels(Array.from({ length: 6 }, () => l!)).stereo, null);
    });
  });

  describe('effective bit depth', () => {
    it('a 24-bit file carrying 16-bit values uses 16 bits', () => {
      const r = levels(quantised(RATE, 16, sine(0.7, 997)), { bitDepth: 24 });
      assert.deepEqual(r.bitDepth, { declaredBits: 24, effectiveBits: 16, float: false });
    });

    it('full 24-bit material uses 24; a single odd code anywhere is enough', () => {
      assert.equal(levels(quantised(RATE, 24, sine(0.7, 997))).bitDepth.effectiveBits, 24);
      const [ch] = quantised(RATE, 16, sine(0.5, 100));
      ch![RATE - 10] = ch![RATE - 10]! + 2 ** -23;
      assert.equal(levels([ch!]).bitDepth.effectiveBits, 24);
    });

    it('the maximum over channels counts: 20 bits on one channel, 16 on the other → 20', () => {
      const [a] = quantised(RATE, 20, sine(0.5, 100));
      const [b] = quantised(RATE, 16, sine(0.5, 100));
      assert.equal(levels([b!, a!]).bitDepth.effectiveBits, 20);
    });

    it('32-bit integer files: 24-bit values read 24; silence reads 0', () => {
      assert.equal(levels(quantised(RATE, 24, sine(0.6, 50)), { bitDepth: 32 }).bitDepth.effectiveBits, 24);
      assert.equal(levels([new Float32Array(10)], { bitDepth: 32 }).bitDepth.effectiveBits, 0);
    });

    it('float files: 16-bit values → 16, 24-bit values → 24, anything else → declared', () => {
      assert.equal(levels(quantised(RATE, 16, sine(0.5, 100)), { bitDepth: 32, float: true }).bitDepth.effectiveBits, 16);
      assert.equal(levels(quantised(RATE, 24, sine(0.5, 100)), { bitDepth: 32, float: true }).bitDepth.effectiveBits, 24);
      const free = Float32Array.from({ length: 1000 }, (_, i) => Math.fround(0.3 * Math.sin(i / 7.1)));
      assert.equal(levels([free], { bitDepth: 32, float: true }).bitDepth.effectiveBits, 32);
      // +1.0 is not a 24-bit code (the largest is 1 - 2^-23).
      assert.equal(levels([Float32Array.of(0.5, 1)], { bitDepth: 64, float: true }).bitDepth.effectiveBits, 64);
    });

    it('8-bit files: effective bits against 8', () => {
      const bits = new EffectiveBits(8, false);
      bits.push(Float32Array.of(0.5, -0.25, 0.75), 3);
      // Codes 64, -32, 96: 96 = 0b01100000 needs sign + 2 bits.
      assert.deepEqual(bits.finish(), { declaredBits: 8, effectiveBits: 3, float: false });
    });
  });

  it('levelsAnalysisFields maps onto the JSON field names of DESIGN.md', () => {
    const r = levels(quantised(RATE, 24, sine(0.5, 1000), sine(0.5, 1000)));
    const fields = levelsAnalysisFields(r);
    for (const key of ['samplePeakDbfs', 'dcOffsetDbfs', 'clippedRuns', 'leadingSilenceSec', 'trailingSilenceSec', 'dualMono', 'silent']) {
      assert.ok(key in fields, key);
    }
    assert.equal(fields.dualMono, true);
    assert.equal(fields.clippedRuns, 0);
  });

  it('toDbfs: 1.0 is 0 dBFS, 0.1 is -20, 0 and NaN are null', () => {
    assert.equal(toDbfs(1), 0);
    assert.equal(toDbfs(-0.1), -20);
    assert.equal(toDbfs(0), null);
    assert.equal(toDbfs(NaN), null);
  });
});

describe('analyseSource', () => {
  function codes24(channels: Float32Array[]): number[][] {
    return channels.map((ch) => Array.from(ch, (x) => Math.round(x * 2 ** 23)));
  }

  async function wavSource(channels: Float32Array[]) {
    const bytes = wavBytes({ channels: channels.length, sampleRate: RATE, bitsPerSample: 24 }, encodeInterleaved(codes24(channels), { bytes: 3, bigEndian: false }));
    return probeBytes(bytes);
  }

  it('decodes once and feeds every factory, results in order and typed', async () => {
    const channels = quantised(RATE, 24, sine(0.5, 1000), (i) => (i < RATE / 2 ? 0 : sine(0.25, 500)(i)));
    const { source, probe } = await wavSource(channels);
    let pushes = 0;
    const counter: AnalyserFactory<{ pushes: number; frames: number }> = () => {
      let frames = 0;
      return { push: (c) => { pushes++; frames += c.frames; }, finish: () => ({ pushes, frames }) };
    };
    const run1 = await analyseSource(source, probe, [levelsAnalyser, overviewAnalyser(), counter], { chunkFrames: 10_000 });
    const [lv, ov, count] = run1.results;
    assert.equal(run1.frames, RATE);
    assert.equal(run1.expectedFrames, RATE);
    assert.equal(lv.channelPeaks[0], 0.5);
    // Both channels start at exactly 0 (sine phase 0): one frame of silence.
    assert.equal(lv.silence.leadingSec, 1 / RATE);
    assert.equal(ov.totalFrames, RATE);
    assert.deepEqual(count, { pushes: 5, frames: RATE });
  });

  it('reports progress after each chunk and stops on abort', async () => {
    const channels = quantised(RATE, 24, sine(0.5, 1000));
    const { source, probe } = await wavSource(channels);
    const seen: number[] = [];
    await analyseSource(source, probe, [levelsAnalyser], { chunkFrames: 12_000, onProgress: (p) => seen.push(p.framesDone / p.totalFrames) });
    assert.deepEqual(seen, [0.25, 0.5, 0.75, 1]);

    const controller = new AbortController();
    await assert.rejects(analyseSource(source, probe, [levelsAnalyser], {
      chunkFrames: 12_000,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }), { name: 'AbortError' });
  });

  it('rejects undecodable files with UndecodableError', async () => {
    const bytes = riffFile('RIFF', [fmtChunk({ formatTag: 0x11, channels: 1, sampleRate: 8000, bitsPerSample: 4, blockAlign: 256 }), chunk('data', new Uint8Array(512))]);
    const { source, probe } = await probeBytes(bytes);
    await assert.rejects(analyseSource(source, probe, [levelsAnalyser]), UndecodableError);
  });

  describe('against sox stats (independent oracle)', function () {
    this.timeout(60_000);

    it('peak and DC offset of a music-like 24-bit stereo file match `sox F -n stats`', async function () {
      try {
        await run('sox', ['--version']);
      } catch {
        this.skip();
      }
      // Three partials, a slow swell, seeded noise, a small DC, a louder right channel.
      const rnd = seededRandom(2024);
      const frames = 10 * RATE;
      const music = (gain: number, dc: number) => (i: number) => {
        const t = i / RATE;
        const swell = 0.6 + 0.4 * Math.sin(2 * Math.PI * 0.3 * t);
        return dc + gain * swell * (0.5 * Math.sin(2 * Math.PI * 110 * t) + 0.3 * Math.sin(2 * Math.PI * 331 * t + 1) + 0.1 * (rnd() - 0.5));
      };
      const channels = quantised(frames, 24, music(0.7, 0.002), music(0.9, -0.0005));
      const tmp = await makeTempDir();
      try {
        const file = path.join(tmp.dir, 'music.wav');
        const bytes = wavBytes({ channels: 2, sampleRate: RATE, bitsPerSample: 24 }, encodeInterleaved(codes24(channels), { bytes: 3, bigEndian: false }));
        await fs.writeFile(file, bytes);
        const { stderr } = await run('sox', [file, '-n', 'stats']);
        const row = (name: string) => {
          const line = stderr.split('\n').find((l) => l.startsWith(name));
          assert.ok(line, `sox stats has no "${name}" line:\n${stderr}`);
          return line.slice(name.length).trim().split(/\s+/).map(Number);
        };
        const [pkOverall, pkLeft, pkRight] = row('Pk lev dB');
        const [, dcLeft, dcRight] = row('DC offset');

        const source = await openFileSource(file);
        try {
          const probe = await probeAudio(source);
          assert.ok(probe.ok);
          const { results: [lv] } = await analyseSource(source, probe, [levelsAnalyser]);
          // sox prints two decimals for dB and six for DC.
          assert.ok(Math.abs(lv.samplePeakDbfs! - pkOverall!) <= 0.006, `peak ${lv.samplePeakDbfs} vs sox ${pkOverall}`);
          assert.ok(Math.abs(toDbfs(lv.channelPeaks[0]!)! - pkLeft!) <= 0.006);
          assert.ok(Math.abs(toDbfs(lv.channelPeaks[1]!)! - pkRight!) <= 0.006);
          assert.ok(Math.abs(lv.dcOffsets[0]! - dcLeft!) <= 1e-6, `DC left ${lv.dcOffsets[0]} vs sox ${dcLeft}`);
          assert.ok(Math.abs(lv.dcOffsets[1]! - dcRight!) <= 1e-6, `DC right ${lv.dcOffsets[1]} vs sox ${dcRight}`);
        } finally {
          await source.close();
        }
      } finally {
        await tmp.cleanup();
      }
    });
  });
});
