import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WaveFile } from 'wavefile';
import { BEXT_TIME_REFERENCE_OFFSET, openWavWriter, writeWavFile, type WavWriteFormat } from '../../src/core/audio/wavWriter';

/** Reads a file back with wavefile (an independent reader), one Float64Array per channel. */
function readBack(path: string): { wav: WaveFile; channels: Float64Array[] } {
  const wav = new WaveFile(readFileSync(path));
  const samples = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  return { wav, channels: Array.isArray(samples) ? samples : [samples] };
}

interface ChunkInfo {
  id: string;
  offset: number;
  size: number;
}

/** Lists RIFF chunks by walking the bytes ourselves. */
function listChunks(bytes: Buffer): ChunkInfo[] {
  const chunks: ChunkInfo[] = [];
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = bytes.readUInt32LE(at + 4);
    chunks.push({ id: bytes.toString('ascii', at, at + 4), offset: at + 8, size });
    at += 8 + size + (size & 1);
  }
  return chunks;
}

function soxiAvailable(): boolean {
  return spawnSync('soxi', ['-h'], { encoding: 'utf8' }).error === undefined;
}

function soxi(flag: string, path: string): string {
  return spawnSync('soxi', [flag, path], { encoding: 'utf8' }).stdout.trim();
}

describe('wavWriter', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wav-writer-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes 24-bit mono with exact values, clamping +1.0 and counting it as clipped', async () => {
    const path = join(dir, 'mono24.wav');
    const writer = await openWavWriter(path, { sampleRate: 48000, channels: 1, bitDepth: 24 });
    await writer.write([Float32Array.from([0.5, -1.0, 1.0, 0, -0.5, 1.5, -2])]);
    // odd byte count (7 frames × 3 bytes): the writer must pad the data chunk
    const summary = await writer.close();
    assert.deepEqual(summary, { frames: 7, clippedSamples: 3 });
    const { wav, channels } = readBack(path);
    assert.equal(wav.bitDepth, '24');
    assert.deepEqual(Array.from(channels[0]), [4194304, -8388608, 8388607, 0, -4194304, 8388607, -8388608]);
    const bytes = readFileSync(path);
    assert.equal(bytes.length % 2, 0);
    assert.equal(bytes.readUInt32LE(4), bytes.length - 8);
    const chunks = listChunks(bytes);
    assert.deepEqual(chunks.map((c) => c.id), ['fmt ', 'data']);
    assert.equal(chunks[0].size, 16);
    assert.equal(bytes.readUInt16LE(chunks[0].offset), 1); // plain PCM
    assert.equal(chunks[1].size, 21);
  });

  it('writes 16-bit stereo interleaved across several chunks', async () => {
    const path = join(dir, 'stereo16.wav');
    const writer = await openWavWriter(path, { sampleRate: 44100, channels: 2, bitDepth: 16 });
    await writer.write([Float32Array.from([0.25, -0.25]), Float32Array.from([-1, 0.5])]);
    await writer.write([Float32Array.from([0.999]), Float32Array.from([1])]);
    const summary = await writer.close();
    assert.deepEqual(summary, { frames: 3, clippedSamples: 1 });
    const { wav, channels } = readBack(path);
    assert.equal(wav.bitDepth, '16');
    assert.deepEqual(Array.from(channels[0]), [8192, -8192, 32735]);
    assert.deepEqual(Array.from(channels[1]), [-32768, 16384, 32767]);
  });

  it('writes 32-bit integer PCM', async () => {
    const path = join(dir, 'int32.wav');
    const writer = await openWavWriter(path, { sampleRate: 48000, channels: 1, bitDepth: 32 });
    await writer.write([Float32Array.from([0.5, -1, 1])]);
    assert.deepEqual(await writer.close(), { frames: 3, clippedSamples: 1 });
    assert.deepEqual(Array.from(readBack(path).channels[0]), [1073741824, -2147483648, 2147483647]);
  });

  it('writes 32-bit float (tag 3, fact chunk) and passes values beyond ±1 through', async () => {
    const path = join(dir, 'float.wav');
    const writer = await openWavWriter(path, { sampleRate: 96000, channels: 2, bitDepth: 32, float: true });
    await writer.write([Float32Array.from([0.5, 1.25]), Float32Array.from([-0.125, -3])]);
    assert.deepEqual(await writer.close(), { frames: 2, clippedSamples: 2 });
    const { wav, channels } = readBack(path);
    assert.equal(wav.bitDepth, '32f');
    assert.deepEqual(Array.from(channels[0]), [0.5, 1.25]);
    assert.deepEqual(Array.from(channels[1]), [-0.125, -3]);
    const bytes = readFileSync(path);
    const chunks = listChunks(bytes);
    assert.deepEqual(chunks.map((c) => c.id), ['fmt ', 'fact', 'data']);
    assert.equal(bytes.readUInt16LE(chunks[0].offset), 3);
    assert.equal(bytes.readUInt32LE(chunks[1].offset), 2);
  });

  it('uses WAVE_FORMAT_EXTENSIBLE for more than two channels', async () => {
    const path = join(dir, 'six.wav');
    const writer = await openWavWriter(path, { sampleRate: 48000, channels: 6, bitDepth: 24 });
    await writer.write([0, 1, 2, 3, 4, 5].map((c) => Float32Array.from([c / 8, -c / 8])));
    await writer.close();
    const bytes = readFileSync(path);
    const fmt = listChunks(bytes)[0];
    assert.equal(fmt.size, 40);
    assert.equal(bytes.readUInt16LE(fmt.offset), 0xfffe);
    assert.equal(bytes.readUInt32LE(fmt.offset + 20), 0x3f);
    assert.equal(bytes.readUInt16LE(fmt.offset + 24), 1);
    const { channels } = readBack(path);
    assert.equal(channels.length, 6);
    assert.deepEqual(Array.from(channels[3]), [3145728, -3145728]);
  });

  it('writes a version-1 bext chunk before fmt with a 64-bit TimeReference', async () => {
    const path = join(dir, 'bwf.wav');
    const timeReference = 2 ** 32 * 3 + 172800000; // beyond 32 bits on purpose
    const writer = await openWavWriter(path, {
      sampleRate: 48000,
      channels: 1,
      bitDepth: 24,
      bext: { description: 'Kick — In', originator: 'Test', originationDate: '2024-05-14', originationTime: '10:00:00', timeReference },
    });
    await writer.write([new Float32Array(10)]);
    await writer.close();
    const bytes = readFileSync(path);
    const chunks = listChunks(bytes);
    assert.deepEqual(chunks.map((c) => c.id), ['bext', 'fmt ', 'data']);
    const bext = bytes.subarray(chunks[0].offset, chunks[0].offset + chunks[0].size);
    assert.equal(bext.length, 602);
    const low = bext.readUInt32LE(BEXT_TIME_REFERENCE_OFFSET);
    const high = bext.readUInt32LE(BEXT_TIME_REFERENCE_OFFSET + 4);
    assert.equal(high * 2 ** 32 + low, timeReference);
    assert.equal(bext.readUInt16LE(346), 1);
    assert.equal(bext.toString('ascii', 0, 9), 'Kick ? In');
    assert.equal(bext.toString('ascii', 256, 260), 'Test');
    assert.equal(bext.toString('ascii', 320, 330), '2024-05-14');
    assert.equal(bext.toString('ascii', 330, 338), '10:00:00');
    assert.equal(readBack(path).channels[0].length, 10);
  });

  it('dithers 16-bit output deterministically with TPDF of at most ±1 LSB', async () => {
    const format: WavWriteFormat = { sampleRate: 48000, channels: 1, bitDepth: 16, dither: 'tpdf', seed: 42 };
    const input = Float32Array.from({ length: 2000 }, (_, i) => 0.3 * Math.sin(i / 10));
    for (const name of ['a.wav', 'b.wav']) {
      const writer = await openWavWriter(join(dir, name), format);
      await writer.write([input]);
      await writer.close();
    }
    assert.deepEqual(readFileSync(join(dir, 'a.wav')), readFileSync(join(dir, 'b.wav')));
    const out = readBack(join(dir, 'a.wav')).channels[0];
    let changed = 0;
    out.forEach((v, i) => {
      const exact = input[i] * 32768;
      assert.ok(Math.abs(v - exact) <= 1.5, `sample ${i}: ${v} vs ${exact}`);
      if (v !== Math.round(exact)) changed++;
    });
    assert.ok(changed > 100, 'dither should change some roundings');
  });

  it('refuses to overwrite an existing file (EEXIST) and leaves it untouched', async () => {
    const path = join(dir, 'exists.wav');
    writeFileSync(path, 'precious');
    await assert.rejects(openWavWriter(path, { sampleRate: 48000, channels: 1, bitDepth: 24 }), (err: NodeJS.ErrnoException) => {
      assert.equal(err.code, 'EEXIST');
      assert.match(err.message, /Refusing to overwrite/);
      return true;
    });
    assert.equal(readFileSync(path, 'utf8'), 'precious');
  });

  it('rejects blocks with the wrong channel count or ragged lengths', async () => {
    const writer = await openWavWriter(join(dir, 'bad.wav'), { sampleRate: 48000, channels: 2, bitDepth: 24 });
    await assert.rejects(writer.write([new Float32Array(4)]), /Expected 2 channel arrays/);
    await assert.rejects(writer.write([new Float32Array(4), new Float32Array(3)]), /same length/);
    await writer.abort();
  });

  it('writeWavFile streams from a render callback in chunks', async () => {
    const path = join(dir, 'rendered.wav');
    const calls: Array<[number, number]> = [];
    const summary = await writeWavFile(
      path,
      { sampleRate: 48000, channels: 2, bitDepth: 24, bext: { timeReference: 172800000 } },
      (start, frames) => {
        calls.push([start, frames]);
        const l = new Float32Array(frames);
        const r = new Float32Array(frames);
        for (let i = 0; i < frames; i++) {
          l[i] = ((start + i) % 100) / 256;
          r[i] = -l[i];
        }
        return [l, r];
      },
      2500,
      1000,
    );
    assert.deepEqual(calls, [[0, 1000], [1000, 1000], [2000, 500]]);
    assert.deepEqual(summary, { frames: 2500, clippedSamples: 0 });
    const { channels } = readBack(path);
    assert.equal(channels[0].length, 2500);
    assert.equal(channels[0][1234], (1234 % 100) * 32768);
    assert.equal(channels[1][1234], -(1234 % 100) * 32768);
  });

  it('writeWavFile removes its partial file when rendering fails', async () => {
    const path = join(dir, 'failed.wav');
    await assert.rejects(
      writeWavFile(path, { sampleRate: 48000, channels: 1, bitDepth: 24 }, (start, frames) => {
        if (start > 0) throw new Error('render failed');
        return [new Float32Array(frames)];
      }, 3000, 1000),
      /render failed/,
    );
    assert.throws(() => statSync(path), /ENOENT/);
  });

  it('agrees with soxi on rate, channels, bits and frames', async function () {
    if (!soxiAvailable()) this.skip();
    const cases: Array<[WavWriteFormat, number]> = [
      [{ sampleRate: 48000, channels: 1, bitDepth: 24, bext: { timeReference: 172800000 } }, 4801],
      [{ sampleRate: 44100, channels: 2, bitDepth: 16 }, 1000],
      [{ sampleRate: 96000, channels: 2, bitDepth: 32, float: true }, 777],
      [{ sampleRate: 48000, channels: 6, bitDepth: 24 }, 300],
    ];
    for (const [i, [format, frames]] of cases.entries()) {
      const path = join(dir, `soxi-${i}.wav`);
      await writeWavFile(path, format, (_s, n) => Array.from({ length: format.channels }, () => new Float32Array(n).fill(0.1)), frames, 256);
      assert.equal(soxi('-r', path), String(format.sampleRate));
      assert.equal(soxi('-c', path), String(format.channels));
      assert.equal(soxi('-b', path), String(format.bitDepth));
      assert.equal(soxi('-s', path), String(frames));
    }
  });
});
