import * as assert from 'node:assert/strict';
import type { AnalyserFactory } from '../../src/core/analysis/analyser';
import { BlockStatsBuilder, STATS_BLOCK_FRAMES } from '../../src/core/analysis/blockStats';
import { KWeightingBank } from '../../src/core/analysis/kWeighting';
import { levelsAnalyser } from '../../src/core/analysis/levels';
import { createLoudnessAnalyser } from '../../src/core/analysis/loudness';
import { overviewAnalyser, packedOverviewAnalyser, recyclingOverviewAnalyser } from '../../src/core/analysis/overview';
import { serialisePackedOverview } from '../../src/core/analysis/overviewCodec';
import { createTruePeakAnalyser } from '../../src/core/analysis/truePeak';
import { decodeAll, encodeInterleaved, expectedFromCode, probeBytes, runAnalyser, seededRandom, streamInfoOf, wavBytes } from './helpers/pcmFixtures';

/**
 * The shared block stats (one pass per chunk, blockStats.ts) and the other speed paths must give
 * exactly what the analysers computed on their own: the same bits, not merely close values.
 */

/** Music-like test material: two tones, noise, a silent gap, a clipped run at full scale. */
function material(frames: number, channels: number, seed: number): Float32Array[] {
  const rnd = seededRandom(seed);
  return Array.from({ length: channels }, (_, c) => {
    const x = new Float32Array(frames);
    for (let i = 0; i < frames; i++) {
      const t = i / 48_000;
      x[i] = 0.45 * Math.sin(2 * Math.PI * (220 + 30 * c) * t) + 0.2 * Math.sin(2 * Math.PI * 5_000 * t) + 0.1 * (rnd() - 0.5);
    }
    x.fill(0, Math.floor(frames * 0.3), Math.floor(frames * 0.45));
    x.fill(1 - 2 ** -23, Math.floor(frames * 0.7), Math.floor(frames * 0.7) + 5);
    return x;
  });
}

describe('block stats shared by the analysers', () => {
  const frames = 3 * 48_000 + 123;
  for (const channels of [1, 2, 3]) {
    const info = streamInfoOf({ channels });
    const signal = material(frames, channels, 7 + channels);
    // 16384 and 256 keep chunk starts on the 256-frame grid; 300 and 4097 do not (the overview then
    // scans the samples itself); 1 is the extreme.
    for (const chunkFrames of [16_384, 256, 300, 4097]) {
      it(`${channels} channel(s), chunks of ${chunkFrames}: levels, overview, true peak and loudness are identical`, () => {
        const factories: Array<[string, AnalyserFactory<unknown>]> = [
          ['levels', levelsAnalyser],
          ['overview', overviewAnalyser()],
          ['true peak', createTruePeakAnalyser],
          ['loudness', createLoudnessAnalyser],
          ['serialised overview', recyclingOverviewAnalyser(serialisePackedOverview)],
        ];
        for (const [name, factory] of factories) {
          const plain = runAnalyser(factory, info, signal, chunkFrames);
          const shared = runAnalyser(factory, info, signal, chunkFrames, true);
          assert.deepEqual(shared, plain, name);
        }
      });
    }
  }

  it('per block: min, max, and per channel the sum and max |x| of the chunk', () => {
    const [x] = material(1000, 1, 3);
    const stats = new BlockStatsBuilder(1).attach({ channels: [x!], frames: 1000, startFrame: 0 }).stats!;
    assert.equal(stats.blockFrames, STATS_BLOCK_FRAMES);
    assert.equal(stats.blocks, 4);
    for (let b = 0; b < 4; b++) {
      const block = x!.subarray(b * 256, Math.min(1000, (b + 1) * 256));
      assert.equal(stats.min[b], Math.min(...block));
      assert.equal(stats.max[b], Math.max(...block));
    }
    assert.equal(stats.peak[0], Math.max(...x!.map(Math.abs)));
    assert.ok(Math.abs(stats.sum[0]! - x!.reduce((s, v) => s + v, 0)) < 1e-9);
  });

  it('the recycling overview reuses its arrays from file to file and still serialises each file exactly', () => {
    const info = streamInfoOf({ channels: 2 });
    const long = material(40_000, 2, 1);
    const short = material(9_000, 2, 2);
    const factory = recyclingOverviewAnalyser(serialisePackedOverview);
    for (const signal of [long, short, long]) {
      const fresh = serialisePackedOverview(runAnalyser(packedOverviewAnalyser(), info, signal));
      assert.deepEqual(runAnalyser(factory, info, signal), fresh);
    }
  });
});

describe('K-weighting two channels per loop', () => {
  it('gives each channel the bits of its own loop, from rest, after silence and across calls', () => {
    const [a, b] = material(20_000, 2, 11);
    // Channel b starts with digital silence: the pair hands it to the single loop, which skips it.
    b!.fill(0, 0, 5_000);
    const pair = new KWeightingBank(48_000, 2);
    const single = new KWeightingBank(48_000, 2);
    const out = new Float64Array(2);
    for (const [from, to] of [[0, 4_800], [4_800, 9_601], [9_601, 9_602], [9_602, 20_000]] as const) {
      pair.sumOfSquaresPair(0, a!, 1, b!, from, to, out);
      assert.equal(out[0], single.sumOfSquares(0, a!, from, to));
      assert.equal(out[1], single.sumOfSquares(1, b!, from, to));
      assert.deepEqual(pair.state, single.state);
    }
  });
});

describe('24-bit decoding from aligned words', () => {
  for (const channels of [1, 2]) {
    for (const frames of [1, 3, 4, 5, 4099]) {
      it(`${channels} channel(s), ${frames} frames: every sample as its code says, whatever the chunk size`, async () => {
        const rnd = seededRandom(frames * channels);
        const codes = Array.from({ length: channels }, () => Array.from({ length: frames }, () => Math.floor(rnd() * 2 ** 24) - 2 ** 23));
        codes[0]![0] = -(2 ** 23);
        if (frames > 1) codes[0]![1] = 2 ** 23 - 1;
        const bytes = wavBytes({ formatTag: 1, channels, sampleRate: 48_000, bitsPerSample: 24 }, encodeInterleaved(codes, { bytes: 3, bigEndian: false }));
        for (const chunkFrames of [undefined, 7, 1]) {
          const { source, probe } = await probeBytes(bytes);
          const decoded = await decodeAll(source, probe, chunkFrames);
          decoded.forEach((ch, c) => assert.deepEqual([...ch], codes[c]!.map((code) => expectedFromCode(code, 3)), `chunks of ${chunkFrames ?? 'default'}`));
        }
      });
    }
  }
});
