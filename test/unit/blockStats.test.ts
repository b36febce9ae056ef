import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AnalyserFactory, PcmChunk } from '../../src/core/analysis/analyser';
import { BlockStatsBuilder, STATS_BLOCK_FRAMES } from '../../src/core/analysis/blockStats';
import { KWeightingBank } from '../../src/core/analysis/kWeighting';
import { levelsAnalyser } from '../../src/core/analysis/levels';
import { createLoudnessAnalyser } from '../../src/core/analysis/loudness';
import { overviewAnalyser, packedOverviewAnalyser, recyclingOverviewAnalyser } from '../../src/core/analysis/overview';
import { serialisePackedOverview } from '../../src/core/analysis/overviewCodec';
import { createTruePeakAnalyser } from '../../src/core/analysis/truePeak';
import { DEFAULT_CHUNK_FRAMES, decodePcm } from '../../src/core/audio/decode';
import { conversionPlan } from '../../src/core/audio/pcmConverters';
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

describe('block stats computed while decoding 24-bit (fused converter)', () => {
  /** The stats BlockStatsBuilder.attach computes from the decoded samples, copied out. */
  function scanned(channels: readonly Float32Array[], frames: number) {
    const stats = new BlockStatsBuilder(channels.length).attach({ channels: channels.map((c) => c.slice(0, frames)), frames, startFrame: 0 }).stats!;
    return copyStats(stats, channels.length);
  }
  function copyStats(stats: NonNullable<PcmChunk['stats']>, channels: number) {
    const used = channels * stats.blocks;
    return { blocks: stats.blocks, min: [...stats.min.subarray(0, used)], max: [...stats.max.subarray(0, used)], sum: [...stats.sum.subarray(0, channels)], peak: [...stats.peak.subarray(0, channels)] };
  }
  const plan = conversionPlan({ float: false, bytes: 3, bigEndian: false, unsigned: true })!;
  const code = fc.integer({ min: -(2 ** 23), max: 2 ** 23 - 1 });

  it('the fused converter gives the plain converter\'s samples and the scan\'s extents and sums, bit for bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 300 }), fc.array(code, { minLength: 1, maxLength: 64 }), (channels, groups, pattern) => {
        const frames = 4 * groups;
        const codes = Array.from({ length: channels }, (_, c) => Array.from({ length: frames }, (_, i) => pattern[(i * channels + c) % pattern.length]!));
        const raw = encodeInterleaved(codes, { bytes: 3, bigEndian: false });
        const bytes = new Uint8Array(new ArrayBuffer(raw.length + 8), 4, raw.length);
        bytes.set(raw);
        const plain = Array.from({ length: channels }, () => new Float32Array(frames));
        plan.convert(bytes, frames, plain, { count: 0, first: -1 });
        const fusedOut = Array.from({ length: channels }, () => new Float32Array(frames).fill(NaN));
        const builder = new BlockStatsBuilder(channels);
        assert.equal(plan.convertWithExtents!(bytes, frames, fusedOut, builder.extentsFor(frames)), true);
        const stats = builder.attachFilled({ channels: fusedOut, frames, startFrame: 0 }).stats!;
        assert.deepEqual(fusedOut, plain);
        assert.deepEqual(copyStats(stats, channels), scanned(plain, frames));
      }),
      { numRuns: 300 },
    );
  });

  it('the WebAssembly converter gives the plain converter\'s samples and the scan\'s extents and sums up to a full chunk, and declines past it', () => {
    // Whole chunks of random codes with the extremes mixed in, at any byte offset (the kernel copies the bytes).
    const extreme = fc.constantFrom(-(2 ** 23), 2 ** 23 - 1, -1, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 4097 }), fc.array(fc.oneof(code, extreme), { minLength: 1, maxLength: 97 }), fc.integer({ min: 4, max: 7 }), (channels, groups, pattern, offset) => {
        const frames = 4 * groups;
        const codes = Array.from({ length: channels }, (_, c) => Array.from({ length: frames }, (_, i) => pattern[(i * 7 + c) % pattern.length]!));
        const raw = encodeInterleaved(codes, { bytes: 3, bigEndian: false });
        const bytes = new Uint8Array(new ArrayBuffer(raw.length + 8), offset, raw.length);
        bytes.set(raw);
        const out = Array.from({ length: channels }, () => new Float32Array(frames).fill(NaN));
        const builder = new BlockStatsBuilder(channels);
        const fused = plan.convertWithExtents!(bytes, frames, out, builder.extentsFor(frames));
        assert.equal(fused, frames <= DEFAULT_CHUNK_FRAMES);
        if (!fused) return;
        const plain = Array.from({ length: channels }, () => new Float32Array(frames));
        plan.convert(bytes, frames, plain, { count: 0, first: -1 });
        assert.deepEqual(out, plain);
        assert.deepEqual(copyStats(builder.attachFilled({ channels: out, frames, startFrame: 0 }).stats!, channels), scanned(plain, frames));
      }),
      { numRuns: 60 },
    );
  });

  it('declines what it does not handle: a frame count not a multiple of 4, three channels', () => {
    const builder = new BlockStatsBuilder(3);
    const bytes = new Uint8Array(new ArrayBuffer(64), 4, 36);
    const out = [new Float32Array(8), new Float32Array(8), new Float32Array(8)];
    assert.equal(plan.convertWithExtents!(bytes, 5, out.slice(0, 1), builder.extentsFor(5)), false);
    assert.equal(plan.convertWithExtents!(bytes, 4, out, builder.extentsFor(4)), false);
  });

  for (const channels of [1, 2, 3]) {
    for (const frames of [4099, 3 * 16_384 + 512, 16_384 + 2]) {
      it(`${channels} channel(s), ${frames} frames: every chunk's stats as a scan of its samples gives them, whatever the chunk size`, async () => {
        const rnd = seededRandom(frames + channels);
        const codes = Array.from({ length: channels }, (_, c) => Array.from({ length: frames }, (_, i) => (i % 1000 < 300 ? 0 : Math.floor((rnd() - 0.5) * 2 ** (12 + 4 * c)))));
        codes[0]![frames - 1] = -(2 ** 23);
        codes[channels - 1]![7] = 2 ** 23 - 1;
        const bytes = wavBytes({ formatTag: 1, channels, sampleRate: 48_000, bitsPerSample: 24 }, encodeInterleaved(codes, { bytes: 3, bigEndian: false }));
        for (const chunkFrames of [undefined, 256, 1000, 7]) {
          const { source, probe } = await probeBytes(bytes);
          let seen = 0;
          for await (const chunk of decodePcm(source, probe, { chunkFrames, finiteOnly: true, withStats: true })) {
            assert.deepEqual(copyStats(chunk.stats!, channels), scanned(chunk.channels, chunk.frames), `chunks of ${chunkFrames ?? 'default'} at ${chunk.startFrame}`);
            chunk.channels.forEach((ch, c) => assert.deepEqual([...ch.subarray(0, chunk.frames)], codes[c]!.slice(chunk.startFrame, chunk.startFrame + chunk.frames).map((v) => expectedFromCode(v, 3))));
            seen += chunk.frames;
          }
          assert.equal(seen, frames);
        }
      });
    }
  }
});
