import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { WaveFile } from 'wavefile';
import { readPcmRange } from '../../src/core/audio/pcmRange';
import { decodePcm } from '../../src/core/audio/decode';
import { DeliveryAnalyzer } from '../../src/core/analysis/deliveryAnalyzer';
import { pcmRange } from '../../src/server/requestParams';
import { WorkspaceValidator } from '../../src/server/workspaceValidator';
import { readSettings } from '../../src/server/settings';
import type { PcmBody } from '../../src/shared/protocol';
import { expectedFromCode, probeBytes, seededRandom } from './helpers/pcmFixtures';
import { makeTempDir } from './helpers/tempDir';
import { quietConnection } from './helpers/serverConnection';

const RATE = 48000;
const FRAMES = 3 * RATE;

/** Stereo 24-bit seeded noise written by wavefile (an independent writer); returns the codes. */
async function writeNoise(file: string, seed: number): Promise<number[][]> {
  const random = seededRandom(seed);
  const codes = [0, 1].map(() => Array.from({ length: FRAMES }, () => Math.round((random() * 2 - 1) * 0x7fffff)));
  const wav = new WaveFile();
  wav.fromScratch(2, RATE, '24', codes);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, wav.toBuffer());
  return codes;
}

function expectedSlice(codes: number[][], start: number, frames: number): number[][] {
  return codes.map((c) => c.slice(start, start + frames).map((v) => expectedFromCode(v, 3)));
}

describe('deliverables/pcm: range checks', () => {
  const format = { sampleRate: RATE, channels: 2, frames: FRAMES };
  const refused = (params: Record<string, unknown>, pattern: RegExp) => {
    const checked = pcmRange(params, format);
    assert.equal(checked.ok, false, JSON.stringify(params));
    if (!checked.ok) assert.match(checked.error, pattern);
  };

  it('a start inside the file and 1 to 4 s of frames pass', () => {
    assert.deepEqual(pcmRange({ startFrame: 0, frames: 4 * RATE }, format), { ok: true, value: { startFrame: 0, frames: 192000 } });
    assert.deepEqual(pcmRange({ startFrame: FRAMES - 1, frames: 1 }, format), { ok: true, value: { startFrame: FRAMES - 1, frames: 1 } });
  });

  it('wrong types, negative, fractional, past the end or too long are refused with the reason', () => {
    refused({ startFrame: '0', frames: 10 }, /startFrame must be a whole number/);
    refused({ startFrame: -1, frames: 10 }, /startFrame must be a whole number/);
    refused({ startFrame: 1.5, frames: 10 }, /startFrame must be a whole number/);
    refused({ startFrame: 2 ** 60, frames: 10 }, /startFrame must be a whole number/);
    refused({ startFrame: FRAMES, frames: 10 }, /startFrame 144000 is past the end of the file \(144000 frames\)/);
    refused({ startFrame: 0, frames: 0 }, /frames must be a whole number from 1 to 192000 \(4 s of this file at most\)/);
    refused({ startFrame: 0, frames: 4 * RATE + 1 }, /frames must be a whole number from 1 to 192000/);
    refused({ startFrame: 0, frames: null }, /frames must be/);
    refused({ startFrame: 0 }, /frames must be/);
  });
});

describe('deliverables/pcm: decoding a range', () => {
  it('the decoder seeks: chunks start at startFrame and hold the samples from there', async () => {
    const random = seededRandom(3);
    const codes = [Array.from({ length: 5000 }, () => Math.round((random() * 2 - 1) * 0x7fffff))];
    const wav = new WaveFile();
    wav.fromScratch(1, RATE, '24', codes[0]!);
    const { source, probe } = await probeBytes(wav.toBuffer());
    const got: number[] = [];
    let first = -1;
    for await (const chunk of decodePcm(source, probe, { startFrame: 4000, chunkFrames: 300 })) {
      if (first < 0) first = chunk.startFrame;
      got.push(...chunk.channels[0]!.subarray(0, chunk.frames));
    }
    assert.equal(first, 4000);
    assert.deepEqual(got, expectedSlice(codes, 4000, 1000)[0]);
    let none = 0;
    for await (const chunk of decodePcm(source, probe, { startFrame: 5000 })) none += chunk.frames;
    assert.equal(none, 0);
  });

  it('readPcmRange gives exactly the samples of [start, start + frames), fewer at the end', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const file = path.join(dir, 'noise.wav');
      const codes = await writeNoise(file, 7);
      const mid = await readPcmRange(file, 'noise.wav', 50_001, 12_345);
      assert.deepEqual([mid.sampleRate, mid.startFrame, mid.frames, mid.channels.length], [RATE, 50_001, 12_345, 2]);
      assert.deepEqual(mid.channels.map((c) => Array.from(c)), expectedSlice(codes, 50_001, 12_345));
      const tail = await readPcmRange(file, 'noise.wav', FRAMES - 100, 1000);
      assert.equal(tail.frames, 100);
      assert.deepEqual(tail.channels.map((c) => Array.from(c)), expectedSlice(codes, FRAMES - 100, 100));
      await fs.writeFile(path.join(dir, 'fake.wav'), 'not audio');
      await assert.rejects(readPcmRange(path.join(dir, 'fake.wav'), 'fake.wav', 0, 10), /fake\.wav is not readable audio/);
    } finally {
      await cleanup();
    }
  });
});

describe('deliverables/pcm: the server answers only for files of its deliveries', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let analyzer: DeliveryAnalyzer;
  let validator: WorkspaceValidator;
  let codes: number[][];

  before(async () => {
    ({ dir, cleanup } = await makeTempDir());
    codes = await writeNoise(path.join(dir, 'Song', 'Stems', 'Song_STEM_Drums.wav'), 11);
    await fs.writeFile(path.join(dir, 'Song', 'delivery.json'), '{ "preset": "music-mix" }\n');
    await writeNoise(path.join(dir, 'Outside', 'secret.wav'), 12);
    analyzer = new DeliveryAnalyzer({ jobs: 0, cacheDir: null });
    validator = new WorkspaceValidator(quietConnection(), analyzer);
    validator.configure(readSettings({ analysis: { onOpen: false } }), analyzer);
    validator.setFolders([path.join(dir, 'Song')]);
    await validator.validateNow(false);
  });

  after(async () => {
    await analyzer.close();
    await cleanup();
  });

  const stem = () => path.join(dir, 'Song', 'Stems', 'Song_STEM_Drums.wav');

  it('a file of the delivery: the samples, base64 float32 per channel', async () => {
    const reply = await validator.pcm({ path: stem(), startFrame: 1000, frames: 2000 });
    assert.ok(reply.ok, JSON.stringify(reply));
    const body: PcmBody = reply.body;
    assert.deepEqual([body.sampleRate, body.startFrame, body.frames, body.channels.length], [RATE, 1000, 2000, 2]);
    const decoded = body.channels.map((b64) => {
      const bytes = Buffer.from(b64, 'base64');
      return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
    });
    assert.deepEqual(decoded, expectedSlice(codes, 1000, 2000));
  });

  it('paths outside the deliveries, relative paths, traversal and bad params are refused', async () => {
    const refusals: Array<[unknown, RegExp]> = [
      [{ path: path.join(dir, 'Outside', 'secret.wav'), startFrame: 0, frames: 10 }, /not a file of a delivery/],
      [{ path: path.join(dir, 'Song', 'Stems', '..', '..', 'Outside', 'secret.wav'), startFrame: 0, frames: 10 }, /not a file of a delivery/],
      [{ path: 'Stems/Song_STEM_Drums.wav', startFrame: 0, frames: 10 }, /not a file of a delivery/],
      [{ path: path.join(dir, 'Song', 'delivery.json'), startFrame: 0, frames: 10 }, /not a file of a delivery|not readable audio/],
      [{ path: 42, startFrame: 0, frames: 10 }, /not a file of a delivery/],
      [{ path: stem(), startFrame: 0, frames: 10 * RATE }, /frames must be a whole number from 1 to 192000/],
      [{ path: stem(), startFrame: -5, frames: 10 }, /startFrame must be/],
      [null, /no parameters object/],
      [[stem(), 0, 10], /no parameters object/],
    ];
    for (const [params, pattern] of refusals) {
      const reply = await validator.pcm(params);
      assert.equal(reply.ok, false, JSON.stringify(params));
      if (!reply.ok) assert.match(reply.error, pattern);
    }
  });
});
