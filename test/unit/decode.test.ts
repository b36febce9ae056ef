import * as assert from 'node:assert/strict';
import { WaveFile } from 'wavefile';
import { DEFAULT_CHUNK_FRAMES, MAX_CHUNK_BYTES, READ_BYTES, UndecodableError, decodePcm, streamInfo, undecodableReason, type DecodableProbe } from '../../src/core/audio/decode';
import { memorySource, type ByteSource } from '../../src/core/io/fileSource';
import { chunk, concat, ds64Chunk, fmtChunk, riffFile, type FmtSpec } from './helpers/riffBuilder';
import {
  aiffBytes, decodeAll, encodeInterleaved, expectedFromCode, probeBytes, randomCodes, wavBytes, type Encoding,
} from './helpers/pcmFixtures';

const KSDATAFORMAT_PCM = 1;
const KSDATAFORMAT_FLOAT = 3;

/** Random codes plus the extremes a converter gets wrong first: min, max, 0, -1, +1. */
function codesWithExtremes(frames: number, bits: number, containerBits: number, seed: number): number[] {
  const shift = 2 ** (containerBits - bits);
  const extremes = [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1, 0, -1, 1].map((c) => c * shift);
  return [...extremes, ...randomCodes(frames - extremes.length, bits, containerBits, seed)];
}

function makeChannels(channels: number, frames: number, bits: number, containerBits: number): number[][] {
  return Array.from({ length: channels }, (_, c) => codesWithExtremes(frames, bits, containerBits, 1000 + 17 * c + bits));
}

function assertDecoded(actual: Float32Array[], expected: readonly (readonly number[])[], label: string): void {
  assert.equal(actual.length, expected.length, `${label}: channel count`);
  expected.forEach((values, c) => {
    assert.equal(actual[c]!.length, values.length, `${label}: frames of channel ${c}`);
    for (let i = 0; i < values.length; i++) {
      if (!Object.is(actual[c]![i], values[i])) {
        assert.fail(`${label}: channel ${c} frame ${i}: got ${actual[c]![i]}, expected ${values[i]}`);
      }
    }
  });
}

async function decodeBytes(bytes: Uint8Array, chunkFrames?: number): Promise<Float32Array[]> {
  const { source, probe } = await probeBytes(bytes);
  return decodeAll(source, probe, chunkFrames);
}

describe('decodePcm', () => {
  describe('integer PCM, hand-encoded', () => {
    const cases: { bits: number; bytes: number }[] = [
      { bits: 8, bytes: 1 }, { bits: 16, bytes: 2 }, { bits: 24, bytes: 3 }, { bits: 32, bytes: 4 },
    ];
    for (const { bits, bytes } of cases) {
      for (const channels of [1, 2, 3]) {
        it(`WAV ${bits}-bit, ${channels} channel(s), little-endian`, async () => {
          const codes = makeChannels(channels, 300, bits, bits);
          const enc: Encoding = { bytes, bigEndian: false, unsigned: bits === 8 };
          const file = wavBytes({ channels, sampleRate: 48_000, bitsPerSample: bits }, encodeInterleaved(codes, enc));
          assertDecoded(await decodeBytes(file), codes.map((ch) => ch.map((v) => expectedFromCode(v, bytes))), `${bits}-bit`);
        });

        it(`RIFX ${bits}-bit, ${channels} channel(s), big-endian`, async () => {
          const codes = makeChannels(channels, 300, bits, bits);
          const enc: Encoding = { bytes, bigEndian: true, unsigned: bits === 8 };
          const file = wavBytes({ channels, sampleRate: 44_100, bitsPerSample: bits }, encodeInterleaved(codes, enc), { magic: 'RIFX' });
          assertDecoded(await decodeBytes(file), codes.map((ch) => ch.map((v) => expectedFromCode(v, bytes))), `RIFX ${bits}-bit`);
        });
      }
    }

    it('8-bit WAV is unsigned: byte 128 is 0, 0 is -1.0, 255 is 127/128', async () => {
      const file = wavBytes({ channels: 1, sampleRate: 8000, bitsPerSample: 8 }, Uint8Array.from([128, 0, 255, 129]));
      assert.deepEqual(Array.from((await decodeBytes(file))[0]!), [0, -1, 127 / 128, 1 / 128]);
    });

    it('valid bits below the container: 20-in-24 and 12-in-16 scale by the container', async () => {
      for (const [bits, bytes] of [[20, 3], [12, 2]] as const) {
        const codes = makeChannels(2, 200, bits, bytes * 8);
        const fmt: FmtSpec = {
          channels: 2, sampleRate: 96_000, bitsPerSample: bytes * 8,
          extensible: { validBits: bits, channelMask: 0x3, subFormat: KSDATAFORMAT_PCM },
        };
        const file = wavBytes(fmt, encodeInterleaved(codes, { bytes, bigEndian: false }));
        const { probe } = await probeBytes(file);
        assert.equal(probe.format.bitDepth, bits);
        const decoded = await decodeBytes(file);
        assertDecoded(decoded, codes.map((ch) => ch.map((v) => expectedFromCode(v, bytes))), `${bits}-in-${bytes * 8}`);
        // The valid-bit maximum lands exactly on 1 - 2^(1 - bits).
        assert.equal(decoded[0]![1], 1 - 2 ** (1 - bits));
      }
    });

    it('six channels of 24-bit, interleaved in order', async () => {
      const codes = makeChannels(6, 257, 24, 24);
      const file = wavBytes({
        channels: 6, sampleRate: 48_000, bitsPerSample: 24,
        extensible: { validBits: 24, channelMask: 0x3f, subFormat: KSDATAFORMAT_PCM },
      }, encodeInterleaved(codes, { bytes: 3, bigEndian: false }));
      assertDecoded(await decodeBytes(file), codes.map((ch) => ch.map((v) => expectedFromCode(v, 3))), '5.1');
    });

    it('RF64 with a ds64 chunk and 0xFFFFFFFF sizes', async () => {
      const codes = makeChannels(2, 100, 24, 24);
      const data = encodeInterleaved(codes, { bytes: 3, bigEndian: false });
      const fmt = fmtChunk({ channels: 2, sampleRate: 48_000, bitsPerSample: 24 });
      const file = riffFile('RF64', [ds64Chunk(0, data.length, 100), fmt, chunk('data', data, { size: 0xffffffff })], { riffSize: 0xffffffff });
      const patched = new DataView(file.buffer);
      // ds64 riffSize: the real file size minus 8.
      patched.setBigUint64(20, BigInt(file.length - 8), true);
      assertDecoded(await decodeBytes(file), codes.map((ch) => ch.map((v) => expectedFromCode(v, 3))), 'RF64');
    });
  });

  describe('IEEE float', () => {
    const values = [0, -0, 0.5, -0.25, 1, -1, 1.5, -2.75, 1e-30, 0.1, Math.PI, -1e6];
    for (const bytes of [4, 8] as const) {
      for (const bigEndian of [false, true]) {
        it(`${bytes * 8}-bit float, ${bigEndian ? 'RIFX big' : 'RIFF little'}-endian, values beyond ±1 kept`, async () => {
          const left = values;
          const right = values.map((v) => -v / 3);
          const file = wavBytes({ formatTag: 3, channels: 2, sampleRate: 48_000, bitsPerSample: bytes * 8 },
            encodeInterleaved([left, right], { bytes, bigEndian, float: true }), { magic: bigEndian ? 'RIFX' : 'RIFF' });
          assertDecoded(await decodeBytes(file), [left.map(Math.fround), right.map(Math.fround)], `float${bytes * 8}`);
        });
      }
    }

    it('WAVE_FORMAT_EXTENSIBLE float subformat', async () => {
      const file = wavBytes({
        channels: 1, sampleRate: 48_000, bitsPerSample: 32,
        extensible: { validBits: 32, channelMask: 0x4, subFormat: KSDATAFORMAT_FLOAT },
      }, encodeInterleaved([values], { bytes: 4, bigEndian: false, float: true }));
      assertDecoded(await decodeBytes(file), [values.map(Math.fround)], 'extensible float');
    });

    it('NaN samples pass through as NaN', async () => {
      const file = wavBytes({ formatTag: 3, channels: 1, sampleRate: 48_000, bitsPerSample: 32 },
        encodeInterleaved([[0.5, NaN, -0.5]], { bytes: 4, bigEndian: false, float: true }));
      const [ch] = await decodeBytes(file);
      assert.equal(ch![0], 0.5);
      assert.ok(Number.isNaN(ch![1]));
      assert.equal(ch![2], -0.5);
    });
  });

  describe('files written by wavefile', () => {
    const intCases: { depth: string; bytes: number; codes: number[] }[] = [
      { depth: '16', bytes: 2, codes: [0, 1, -1, 32767, -32768, 12345, -23456] },
      { depth: '24', bytes: 3, codes: [0, 1, -1, 8388607, -8388608, 1234567, -7654321] },
      { depth: '32', bytes: 4, codes: [0, 256, -256, 2147483647, -2147483648, 123456789, -987654321] },
    ];
    for (const { depth, bytes, codes } of intCases) {
      for (const rifx of [false, true]) {
        it(`${depth}-bit ${rifx ? 'RIFX' : 'RIFF'} stereo`, async () => {
          const right = codes.map((c) => (c === -(2 ** (bytes * 8 - 1)) ? c : 0 - c));
          const wav = new WaveFile();
          wav.fromScratch(2, 48_000, depth, [codes, right]);
          if (rifx) wav.toRIFX();
          assertDecoded(await decodeBytes(wav.toBuffer()), [codes, right].map((ch) => ch.map((v) => expectedFromCode(v, bytes))), `wavefile ${depth}`);
        });
      }
    }

    it('8-bit (unsigned bytes as given)', async () => {
      const raw = [0, 1, 127, 128, 129, 255];
      const wav = new WaveFile();
      wav.fromScratch(1, 22_050, '8', raw);
      assertDecoded(await decodeBytes(wav.toBuffer()), [raw.map((b) => (b - 128) / 128)], 'wavefile 8');
    });

    for (const depth of ['32f', '64']) {
      it(`${depth} float mono and stereo`, async () => {
        const samples = [0, 0.5, -0.5, 0.999, -1, 1.25, 1e-8];
        for (const channels of [1, 2]) {
          const wav = new WaveFile();
          const data = channels === 1 ? samples : [samples, samples.map((v) => v / 2)];
          wav.fromScratch(channels, 48_000, depth, data);
          const expected = channels === 1 ? [samples] : [samples, samples.map((v) => v / 2)];
          assertDecoded(await decodeBytes(wav.toBuffer()), expected.map((ch) => ch.map(Math.fround)), `wavefile ${depth}`);
        }
      });
    }
  });

  describe('AIFF and AIFF-C', () => {
    for (const { bits, bytes } of [{ bits: 8, bytes: 1 }, { bits: 16, bytes: 2 }, { bits: 24, bytes: 3 }, { bits: 32, bytes: 4 }]) {
      it(`AIFF ${bits}-bit big-endian signed`, async () => {
        const codes = makeChannels(2, 150, bits, bits);
        const file = aiffBytes({ channels: 2, sampleSize: bits, sampleRate: 44_100 }, encodeInterleaved(codes, { bytes, bigEndian: true }), 150);
        assertDecoded(await decodeBytes(file), codes.map((ch) => ch.map((v) => expectedFromCode(v, bytes))), `AIFF ${bits}`);
      });
    }

    it('AIFF 20-bit samples, left-justified in 3 bytes', async () => {
      const codes = makeChannels(1, 100, 20, 24);
      const file = aiffBytes({ channels: 1, sampleSize: 20, sampleRate: 48_000 }, encodeInterleaved(codes, { bytes: 3, bigEndian: true }), 100);
      assertDecoded(await decodeBytes(file), codes.map((ch) => ch.map((v) => expectedFromCode(v, 3))), 'AIFF 20');
    });

    for (const { bits, bytes } of [{ bits: 16, bytes: 2 }, { bits: 24, bytes: 3 }, { bits: 32, bytes: 4 }]) {
      it(`AIFF-C sowt ${bits}-bit little-endian`, async () => {
        const codes = makeChannels(2, 120, bits, bits);
        const file = aiffBytes({ channels: 2, sampleSize: bits, sampleRate: 48_000, compression: 'sowt' }, encodeInterleaved(codes, { bytes, bigEndian: false }), 120);
        assertDecoded(await decodeBytes(file), codes.map((ch) => ch.map((v) => expectedFromCode(v, bytes))), `sowt ${bits}`);
      });
    }

    for (const [compression, bytes] of [['fl32', 4], ['fl64', 8]] as const) {
      it(`AIFF-C ${compression} big-endian float`, async () => {
        const samples = [[0, 0.25, -0.75, 1.5, -1], [1e-3, -1e-3, 0.5, -0.5, 2]];
        const file = aiffBytes({ channels: 2, sampleSize: bytes * 8, sampleRate: 48_000, compression },
          encodeInterleaved(samples, { bytes, bigEndian: true, float: true }), 5);
        assertDecoded(await decodeBytes(file), samples.map((ch) => ch.map(Math.fround)), compression);
      });
    }

    it('AIFF decodes COMM frames only, even when SSND holds more bytes', async () => {
      const codes = makeChannels(1, 40, 16, 16);
      const sound = encodeInterleaved(codes, { bytes: 2, bigEndian: true });
      const file = aiffBytes({ channels: 1, sampleSize: 16, sampleRate: 48_000 }, sound, 30);
      const [ch] = await decodeBytes(file);
      assert.equal(ch!.length, 30);
    });
  });

  describe('chunking', () => {
    for (const channels of [1, 2, 3]) {
      it(`chunk sizes 1, 7, 4096 and the default give the exact samples (${channels} channel 24-bit)`, async () => {
        const codes = makeChannels(channels, 10_001, 24, 24);
        const file = wavBytes({ channels, sampleRate: 48_000, bitsPerSample: 24 }, encodeInterleaved(codes, { bytes: 3, bigEndian: false }));
        const expected = codes.map((ch) => ch.map((v) => expectedFromCode(v, 3)));
        for (const size of [undefined, 1, 7, 4096]) assertDecoded(await decodeBytes(file, size), expected, `chunkFrames ${size ?? 'default'}`);
      });
    }

    it('chunks are contiguous, bounded, and start where the last one ended', async () => {
      const codes = makeChannels(1, 1000, 16, 16);
      const { source, probe } = await probeBytes(wavBytes({ channels: 1, sampleRate: 48_000, bitsPerSample: 16 }, encodeInterleaved(codes, { bytes: 2, bigEndian: false })));
      let next = 0;
      for await (const c of decodePcm(source, probe, { chunkFrames: 300 })) {
        assert.equal(c.startFrame, next);
        assert.ok(c.frames > 0 && c.frames <= 300);
        next += c.frames;
      }
      assert.equal(next, 1000);
    });

    it('very wide frames cap a chunk at MAX_CHUNK_BYTES', async () => {
      const channels = 1000;
      const frames = 3000;
      const data = new Uint8Array(frames * channels * 4);
      const { source, probe } = await probeBytes(wavBytes({ formatTag: 3, channels, sampleRate: 48_000, bitsPerSample: 32 }, data));
      const cap = Math.floor(MAX_CHUNK_BYTES / (channels * 4));
      let total = 0;
      for await (const c of decodePcm(source, probe, { chunkFrames: 1_000_000 })) {
        assert.ok(c.frames <= cap, `${c.frames} > ${cap}`);
        assert.equal(c.channels.length, channels);
        total += c.frames;
      }
      assert.equal(total, frames);
    });

    it('reuses the same arrays from chunk to chunk (the documented contract)', async () => {
      const codes = makeChannels(1, 100, 16, 16);
      const { source, probe } = await probeBytes(wavBytes({ channels: 1, sampleRate: 48_000, bitsPerSample: 16 }, encodeInterleaved(codes, { bytes: 2, bigEndian: false })));
      const seen = new Set<Float32Array>();
      for await (const c of decodePcm(source, probe, { chunkFrames: 10 })) seen.add(c.channels[0]!);
      assert.equal(seen.size, 1);
    });

    it('has a sane default chunk size', () => {
      assert.ok(DEFAULT_CHUNK_FRAMES >= 4096 && DEFAULT_CHUNK_FRAMES <= 65_536);
    });
  });

  describe('truncation and short reads', () => {
    it('a data chunk declaring more than the file holds decodes the whole frames present', async () => {
      const codes = makeChannels(2, 100, 24, 24);
      const data = encodeInterleaved(codes, { bytes: 3, bigEndian: false });
      // 60 frames and 4 bytes of the 61st: the partial frame is dropped.
      const cut = data.subarray(0, 60 * 6 + 4);
      const file = wavBytes({ channels: 2, sampleRate: 48_000, bitsPerSample: 24 }, cut, { dataSize: data.length });
      const { probe } = await probeBytes(file);
      assert.ok(probe.issues.some((i) => i.code === 'truncated'));
      const decoded = await decodeBytes(file);
      assertDecoded(decoded, codes.map((ch) => ch.slice(0, 60).map((v) => expectedFromCode(v, 3))), 'truncated');
    });

    it('a source that returns a few bytes per read still decodes everything', async () => {
      const codes = makeChannels(2, 500, 24, 24);
      const bytes = wavBytes({ channels: 2, sampleRate: 48_000, bitsPerSample: 24 }, encodeInterleaved(codes, { bytes: 3, bigEndian: false }));
      const { probe } = await probeBytes(bytes);
      const inner = memorySource(bytes);
      const dribbling: ByteSource = { ...inner, read: (b, o, l, p) => inner.read(b, o, Math.min(l, 5), p) };
      assertDecoded(await decodeAll(dribbling, probe, 64), codes.map((ch) => ch.map((v) => expectedFromCode(v, 3))), 'dribbling');
    });

    it('a file that shrinks after the probe stops at the real end', async () => {
      const codes = makeChannels(1, 1000, 16, 16);
      const bytes = wavBytes({ channels: 1, sampleRate: 48_000, bitsPerSample: 16 }, encodeInterleaved(codes, { bytes: 2, bigEndian: false }));
      const { probe } = await probeBytes(bytes);
      // 44-byte header + 333 frames + half a frame remain.
      const shrunk = memorySource(bytes.subarray(0, 44 + 333 * 2 + 1));
      const [ch] = await decodeAll(shrunk, probe, 100);
      assert.equal(ch!.length, 333);
      assert.deepEqual(Array.from(ch!), codes[0]!.slice(0, 333).map((v) => expectedFromCode(v, 2)));
    });

    it('an empty data chunk yields no chunk at all', async () => {
      const { source, probe } = await probeBytes(wavBytes({ channels: 2, sampleRate: 48_000, bitsPerSample: 16 }, new Uint8Array(0)));
      let count = 0;
      for await (const _ of decodePcm(source, probe)) count++;
      assert.equal(count, 0);
    });
  });

  describe('errors and cancellation', () => {
    async function sixteenBit(frames: number): Promise<{ source: ByteSource; probe: DecodableProbe; bytes: Uint8Array }> {
      const codes = makeChannels(1, frames, 16, 16);
      const bytes = wavBytes({ channels: 1, sampleRate: 48_000, bitsPerSample: 16 }, encodeInterleaved(codes, { bytes: 2, bigEndian: false }));
      return { ...(await probeBytes(bytes)), bytes };
    }

    it('refuses codecs it cannot decode, with a reason', async () => {
      const mp3 = riffFile('RIFF', [fmtChunk({ formatTag: 0x55, channels: 2, sampleRate: 44_100, bitsPerSample: 0, blockAlign: 1 }), chunk('data', new Uint8Array(100))]);
      const { source, probe } = await probeBytes(mp3);
      assert.match(undecodableReason(probe) ?? '', /not PCM or IEEE float/);
      await assert.rejects(decodeAll(source, probe), UndecodableError);
    });

    it('refuses integer samples wider than 32 bits', async () => {
      const file = wavBytes({ channels: 1, sampleRate: 48_000, bitsPerSample: 48 }, new Uint8Array(60));
      const { source, probe } = await probeBytes(file);
      assert.match(undecodableReason(probe) ?? '', /48-bit integer samples are not supported/);
      await assert.rejects(decodeAll(source, probe), /48-bit/);
    });

    it('an already-aborted signal rejects before reading', async () => {
      const { source, probe } = await sixteenBit(100);
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(async () => {
        for await (const _ of decodePcm(source, probe, { signal: controller.signal })) assert.fail('no chunk expected');
      }, { name: 'AbortError' });
    });

    // Over READ_BYTES, so that a prefetch read is in flight while chunks are handed out.
    const severalReads = Math.ceil((2.5 * READ_BYTES) / 2);

    it('aborting mid-file stops with the abort reason and leaves no read in flight', async () => {
      const { probe, bytes } = await sixteenBit(severalReads);
      const inner = memorySource(bytes);
      let inFlight = 0;
      const slow: ByteSource = {
        ...inner,
        async read(b, o, l, p) {
          inFlight++;
          await new Promise((r) => setTimeout(r, 2));
          try {
            return await inner.read(b, o, l, p);
          } finally {
            inFlight--;
          }
        },
      };
      const controller = new AbortController();
      let chunks = 0;
      await assert.rejects(async () => {
        for await (const _ of decodePcm(slow, probe, { chunkFrames: 100, signal: controller.signal })) {
          if (++chunks === 3) controller.abort(new Error('stop here'));
          assert.equal(inFlight, 1, 'the next read is prefetched');
        }
      }, /stop here/);
      assert.equal(chunks, 3);
      assert.equal(inFlight, 0);
    });

    it('breaking out of the loop waits for the prefetch read', async () => {
      const { probe, bytes } = await sixteenBit(severalReads);
      const inner = memorySource(bytes);
      let inFlight = 0;
      const slow: ByteSource = {
        ...inner,
        async read(b, o, l, p) {
          inFlight++;
          await new Promise((r) => setTimeout(r, 5));
          inFlight--;
          return inner.read(b, o, l, p);
        },
      };
      for await (const _ of decodePcm(slow, probe, { chunkFrames: 100 })) break;
      assert.equal(inFlight, 0);
    });

    it('a failing read rejects the iteration (no unhandled rejection from the prefetch)', async () => {
      const { probe, bytes } = await sixteenBit(severalReads);
      const inner = memorySource(bytes);
      const failing: ByteSource = {
        ...inner,
        read(b, o, l, p) {
          if (p > READ_BYTES) return Promise.reject(new Error('EIO: disk went away'));
          return inner.read(b, o, l, p);
        },
      };
      let frames = 0;
      await assert.rejects(async () => {
        for await (const c of decodePcm(failing, probe, { chunkFrames: 4096 })) frames += c.frames;
      }, /EIO/);
      // The first read's frames came out before the error.
      assert.ok(frames > 0 && frames <= READ_BYTES / 2);
    });
  });

  describe('streamInfo', () => {
    it('describes the stream for analysers', async () => {
      const fmt: FmtSpec = { channels: 6, sampleRate: 48_000, bitsPerSample: 24, extensible: { validBits: 20, channelMask: 0x3f, subFormat: KSDATAFORMAT_PCM } };
      const { probe } = await probeBytes(wavBytes(fmt, new Uint8Array(18 * 10)));
      assert.deepEqual(streamInfo(probe), { sampleRate: 48_000, channels: 6, bitDepth: 20, float: false, channelMask: 0x3f, totalFrames: 10 });
      const { probe: f } = await probeBytes(wavBytes({ formatTag: 3, channels: 1, sampleRate: 44_100, bitsPerSample: 64 }, new Uint8Array(80)));
      assert.deepEqual(streamInfo(f), { sampleRate: 44_100, channels: 1, bitDepth: 64, float: true, channelMask: null, totalFrames: 10 });
    });
  });

  it('handles a buffer built by concat of several chunks before data (chunks in any order)', async () => {
    const codes = makeChannels(2, 50, 16, 16);
    const file = wavBytes({ channels: 2, sampleRate: 48_000, bitsPerSample: 16 }, encodeInterleaved(codes, { bytes: 2, bigEndian: false }),
      { before: [chunk('JUNK', new Uint8Array(27)), chunk('LIST', concat([new TextEncoder().encode('INFO')]))], after: [chunk('cue ', new Uint8Array(4))] });
    assertDecoded(await decodeBytes(file), codes.map((ch) => ch.map((v) => expectedFromCode(v, 2))), 'odd chunks');
  });
});
