import * as assert from 'node:assert/strict';
import { analyseSource } from '../../src/core/analysis/analyseFile';
import { MAX_BASE_PAIRS, MIN_BLOCK_FRAMES, TOP_LEVEL_BLOCKS, overviewAnalyser, type Overview, type OverviewOptions } from '../../src/core/analysis/overview';
import { deserialiseOverview, serialiseOverview } from '../../src/core/analysis/overviewCodec';
import { chooseLevel, queryOverview } from '../../src/core/analysis/overviewQuery';
import { encodeInterleaved, probeBytes, runAnalyser, seededRandom, streamInfoOf, wavBytes } from './helpers/pcmFixtures';

function noise(frames: number, seed: number): Float32Array {
  const rnd = seededRandom(seed);
  let slow = 0;
  // A random walk plus noise: trends inside blocks, like real audio.
  return Float32Array.from({ length: frames }, () => {
    slow = Math.max(-0.8, Math.min(0.8, slow + (rnd() - 0.5) * 0.02));
    return Math.fround(slow + (rnd() - 0.5) * 0.1);
  });
}

function build(channels: Float32Array[], options: OverviewOptions = {}, chunkFrames = 4096, totalFramesHint?: number): Overview {
  const info = streamInfoOf({ channels: channels.length, totalFrames: totalFramesHint ?? channels[0]!.length });
  return runAnalyser(overviewAnalyser(options), info, channels, chunkFrames);
}

function bruteExtent(data: Float32Array, from: number, to: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = from; i < Math.min(to, data.length); i++) {
    lo = Math.min(lo, data[i]!);
    hi = Math.max(hi, data[i]!);
  }
  return [lo, hi];
}

/** Every block of every level equals the brute-force min/max of the frames it covers. */
function assertPyramidExact(o: Overview, channels: Float32Array[]): void {
  for (const [k, level] of o.levels.entries()) {
    assert.equal(level.blocks, Math.ceil(o.totalFrames / level.blockFrames), `level ${k} block count`);
    for (let c = 0; c < channels.length; c++) {
      for (let b = 0; b < level.blocks; b++) {
        const [lo, hi] = bruteExtent(channels[c]!, b * level.blockFrames, (b + 1) * level.blockFrames);
        if (level.min[c]![b] !== lo || level.max[c]![b] !== hi) {
          assert.fail(`level ${k} channel ${c} block ${b}: [${level.min[c]![b]}, ${level.max[c]![b]}] vs [${lo}, ${hi}]`);
        }
      }
    }
  }
}

describe('overview pyramid', () => {
  const frames = 300_000;
  const channels = [noise(frames, 1), noise(frames, 2)];

  it('base blocks of 256 frames and every level above are exact', () => {
    const o = build(channels);
    assert.equal(o.levels[0]!.blockFrames, MIN_BLOCK_FRAMES);
    assert.equal(o.totalFrames, frames);
    assertPyramidExact(o, channels);
  });

  it('levels halve until one has at most TOP_LEVEL_BLOCKS blocks', () => {
    const o = build(channels);
    for (let k = 1; k < o.levels.length; k++) {
      assert.equal(o.levels[k]!.blockFrames, 2 * o.levels[k - 1]!.blockFrames);
      assert.equal(o.levels[k]!.blocks, Math.ceil(o.levels[k - 1]!.blocks / 2));
    }
    assert.ok(o.levels.at(-1)!.blocks <= TOP_LEVEL_BLOCKS);
    assert.ok(o.levels.at(-2)!.blocks > TOP_LEVEL_BLOCKS);
  });

  it('chunk sizes 1, 7, 300 and 4096 build identical pyramids', () => {
    const short = channels.map((c) => c.slice(0, 20_000));
    const reference = build(short, {}, 4096);
    for (const size of [1, 7, 300]) assert.deepEqual(build(short, {}, size), reference, `chunkFrames ${size}`);
  });

  it('a partial last block covers only the frames present', () => {
    const short = [channels[0]!.slice(0, 1000)];
    const o = build(short);
    assert.equal(o.levels[0]!.blocks, 4);
    assertPyramidExact(o, short);
  });

  it('an empty stream gives one empty level', () => {
    const o = build([new Float32Array(0)]);
    assert.equal(o.levels.length, 1);
    assert.equal(o.levels[0]!.blocks, 0);
    const q = queryOverview(o, 0, 100, 10);
    assert.ok(q.min[0]!.every(Number.isNaN));
  });

  describe('bounded memory', () => {
    it('a long file gets wider base blocks up front, within the pair cap', () => {
      // One hour of 48 kHz stereo as the hint: 172.8M frames.
      const info = streamInfoOf({ channels: 2, totalFrames: 3600 * 48_000 });
      const analyser = overviewAnalyser()(info);
      const o = analyser.finish();
      assert.equal(o.levels[0]!.blockFrames, 1024);
      assert.ok(Math.ceil(info.totalFrames / 1024) * 2 <= MAX_BASE_PAIRS);
    });

    it('a file longer than it said widens its base in place and stays exact', () => {
      for (const size of [1000, 4096, 777]) {
        // Hint of 0 frames, cap of 2 × 100 pairs: 300k frames force several widenings.
        const o = build(channels, { maxBasePairs: 200, topBlocks: 8 }, size, 1);
        assert.ok(o.levels[0]!.blocks <= 100, `${o.levels[0]!.blocks} blocks`);
        assert.ok(o.levels[0]!.blockFrames > MIN_BLOCK_FRAMES);
        assertPyramidExact(o, channels);
      }
    });
  });

  describe('query', () => {
    const o = build(channels);

    it('chooses the coarsest level whose blocks fit in a column', () => {
      assert.equal(chooseLevel(o, 100), 0);
      assert.equal(chooseLevel(o, 256), 0);
      assert.equal(chooseLevel(o, 511), 0);
      assert.equal(chooseLevel(o, 512), 1);
      assert.equal(chooseLevel(o, 1500), 2);
      assert.equal(chooseLevel(o, 1e9), o.levels.length - 1);
    });

    it('block-aligned columns are exact min/max of their frame ranges', () => {
      for (const [start, end, cols] of [[0, 256 * 1000, 1000], [1024, 1024 + 1024 * 50, 50], [0, 4096 * 64, 64], [256 * 10, 256 * 11, 1]]) {
        const q = queryOverview(o, start!, end!, cols!);
        const width = (end! - start!) / cols!;
        for (let c = 0; c < 2; c++) {
          for (let j = 0; j < cols!; j++) {
            const [lo, hi] = bruteExtent(channels[c]!, start! + j * width, start! + (j + 1) * width);
            assert.equal(q.min[c]![j], lo, `[${start}, ${end}) / ${cols} column ${j}`);
            assert.equal(q.max[c]![j], hi);
          }
        }
      }
    });

    it('unaligned columns cover their frames (never miss a peak) and no more than one block beyond', () => {
      const start = 1234;
      const end = 250_001;
      const cols = 777;
      const q = queryOverview(o, start, end, cols);
      const span = end - start;
      for (let j = 0; j < cols; j++) {
        const from = start + Math.floor((j * span) / cols);
        const to = start + Math.floor(((j + 1) * span) / cols);
        const [lo, hi] = bruteExtent(channels[0]!, from, to);
        assert.ok(q.min[0]![j]! <= lo && q.max[0]![j]! >= hi, `column ${j} misses its own frames`);
        const b = q.blockFrames;
        const [wideLo, wideHi] = bruteExtent(channels[0]!, Math.floor(from / b) * b, Math.ceil(to / b) * b);
        assert.equal(q.min[0]![j], wideLo);
        assert.equal(q.max[0]![j], wideHi);
      }
    });

    it('the whole file in a few columns uses the top level', () => {
      const q = queryOverview(o, 0, frames, 4);
      assert.equal(q.blockFrames, o.levels.at(-1)!.blockFrames);
      const [lo, hi] = bruteExtent(channels[1]!, 0, frames);
      assert.equal(Math.min(...q.min[1]!), lo);
      assert.equal(Math.max(...q.max[1]!), hi);
    });

    it('columns past the end are NaN; zooming below one block repeats the block', () => {
      const q = queryOverview(o, frames - 512, frames + 512, 4);
      assert.ok(!Number.isNaN(q.min[0]![0]!) && !Number.isNaN(q.min[0]![1]!));
      assert.ok(Number.isNaN(q.min[0]![2]!) && Number.isNaN(q.max[0]![3]!));
      const zoom = queryOverview(o, 256, 512, 64);
      assert.equal(zoom.blockFrames, 256);
      const [lo, hi] = bruteExtent(channels[0]!, 256, 512);
      assert.ok(zoom.min[0]!.every((v) => v === lo) && zoom.max[0]!.every((v) => v === hi));
    });

    it('NaN samples are ignored; a block of NaN only has no extent', () => {
      const data = new Float32Array(1024).fill(NaN);
      data.fill(0.25, 512, 768);
      data[600] = -0.5;
      const q = queryOverview(build([data]), 0, 1024, 4);
      assert.ok(Number.isNaN(q.min[0]![0]!) && Number.isNaN(q.max[0]![1]!));
      assert.deepEqual([q.min[0]![2], q.max[0]![2]], [-0.5, 0.25]);
    });
  });

  describe('serialisation', () => {
    it('round-trips through bytes, rebuilding the same pyramid', () => {
      const o = build(channels);
      const bytes = serialiseOverview(o);
      assert.equal(bytes.length, 40 + 8 * 2 * o.levels[0]!.blocks);
      assert.deepEqual(deserialiseOverview(bytes), o);
      // Also from a view into a larger buffer (as read from a cache file).
      const padded = new Uint8Array(bytes.length + 3);
      padded.set(bytes, 3);
      assert.deepEqual(deserialiseOverview(padded.subarray(3)), o);
    });

    it('rejects corrupt bytes instead of returning a wrong overview', () => {
      const bytes = serialiseOverview(build([channels[0]!.slice(0, 5000)]));
      assert.throws(() => deserialiseOverview(bytes.subarray(0, 20)), /shorter than the header/);
      assert.throws(() => deserialiseOverview(bytes.subarray(0, bytes.length - 4)), /expected/);
      const badMagic = bytes.slice();
      badMagic[0] = 0;
      assert.throws(() => deserialiseOverview(badMagic), /magic/);
      const badBlocks = bytes.slice();
      new DataView(badBlocks.buffer).setFloat64(32, 1e12, true);
      assert.throws(() => deserialiseOverview(badBlocks), /do not cover/);
    });
  });

  it('built from a real file through analyseSource matches the decoded samples', async () => {
    const codes = channels.map((ch) => Array.from(ch.subarray(0, 50_000), (x) => Math.round(x * 32767)));
    const bytes = wavBytes({ channels: 2, sampleRate: 44_100, bitsPerSample: 16 }, encodeInterleaved(codes, { bytes: 2, bigEndian: false }));
    const { source, probe } = await probeBytes(bytes);
    const { results: [o] } = await analyseSource(source, probe, [overviewAnalyser()]);
    const decoded = codes.map((ch) => Float32Array.from(ch, (v) => v / 32768));
    assert.equal(o.sampleRate, 44_100);
    assertPyramidExact(o, decoded);
  });
});
