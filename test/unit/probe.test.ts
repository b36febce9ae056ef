import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { WaveFile } from 'wavefile';
import { memorySource, type ByteSource } from '../../src/core/io/fileSource';
import type { ProbeResult } from '../../src/core/audio/format';
import { detectContainer, probeAudio } from '../../src/core/audio/probe';
import { fromMetadataFormat, probeWithMusicMetadata } from '../../src/core/audio/otherFormats';
import {
  bextChunk, chunk, commChunk, concat, dataChunk, ds64Chunk, Fields, fmtChunk, formFile, listInfoChunk,
  riffFile, seededBytes, ssndChunk, type Chunk,
} from './helpers/riffBuilder';
import { makeTempDir } from './helpers/tempDir';

type Probed = Extract<ProbeResult, { ok: true }>;

async function probeBytes(bytes: Uint8Array): Promise<ProbeResult> {
  return probeAudio(memorySource(bytes));
}

function assertOk(result: ProbeResult): asserts result is Probed {
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result.issues)}`);
}

async function probeOk(bytes: Uint8Array): Promise<Probed> {
  const result = await probeBytes(bytes);
  assertOk(result);
  return result;
}

async function assertUnreadable(bytes: Uint8Array, message: string | RegExp): Promise<void> {
  const result = await probeBytes(bytes);
  assert.equal(result.ok, false, 'expected ok: false');
  assert.deepEqual(result.issues.map((i) => i.code), ['unreadable']);
  if (typeof message === 'string') assert.equal(result.issues[0]!.message, message);
  else assert.match(result.issues[0]!.message, message);
}

function codes(result: ProbeResult): string[] {
  return result.issues.map((i) => i.code);
}

const PCM16_STEREO_48K = { channels: 2, sampleRate: 48000, bitsPerSample: 16 };

/** A minimal valid WAV around `chunks`: fmt 16-bit stereo 48 kHz, then whatever the test adds. */
function wav16(...chunks: Chunk[]): Uint8Array {
  return riffFile('RIFF', [fmtChunk(PCM16_STEREO_48K), ...chunks]);
}

describe('detectContainer', () => {
  const cases: Array<[string, number[] | string, string]> = [
    ['RIFF/WAVE', 'RIFF\0\0\0\0WAVE', 'wav'],
    ['RIFX/WAVE', 'RIFX\0\0\0\0WAVE', 'rifx'],
    ['RF64/WAVE', 'RF64\xff\xff\xff\xffWAVE', 'rf64'],
    ['BW64/WAVE', 'BW64\xff\xff\xff\xffWAVE', 'bw64'],
    ['RIFF/ACON (a cursor)', 'RIFF\0\0\0\0ACON', 'unknown'],
    ['FORM/AIFF', 'FORM\0\0\0\0AIFF', 'aiff'],
    ['FORM/AIFC', 'FORM\0\0\0\0AIFC', 'aifc'],
    ['FORM/8SVX', 'FORM\0\0\0\x008SVX', 'unknown'],
    ['fLaC', 'fLaC\0\0\0\x22', 'flac'],
    ['ID3v2 tag', 'ID3\x04\0\0\0\0\0\0', 'mp3'],
    ['MPEG-1 layer 3 frame sync', [0xff, 0xfb, 0x90, 0x64], 'mp3'],
    ['ADTS AAC sync (layer 0) is not MP3', [0xff, 0xf1, 0x50, 0x80], 'unknown'],
    ['reserved MPEG bitrate', [0xff, 0xfb, 0xf0, 0x64], 'unknown'],
    ['OggS', 'OggS\0\x02\0\0', 'ogg'],
    ['ISO BMFF ftyp', '\0\0\0\x20ftypM4A ', 'm4a'],
    ['text', 'This is not audio', 'unknown'],
    ['too short', 'RI', 'unknown'],
  ];
  for (const [name, start, expected] of cases) {
    it(`${name} → ${expected}`, () => {
      const bytes = typeof start === 'string' ? Uint8Array.from(start, (c) => c.charCodeAt(0)) : Uint8Array.from(start);
      assert.equal(detectContainer(bytes), expected);
    });
  }
});

/** Deterministic sample values for wavefile (fixed-seed LCG), within the range of the bit depth. */
function samplesFor(bits: string, channels: number, frames: number): number[][] {
  const raw = seededBytes(channels * frames * 2, 0x5eed);
  const float = bits === '32f' || bits === '64';
  const depth = parseInt(bits, 10);
  return Array.from({ length: channels }, (_, ch) => Array.from({ length: frames }, (_, i) => {
    const u = ((raw[(ch * frames + i) * 2]! << 8) | raw[(ch * frames + i) * 2 + 1]!) / 65535; // 0..1
    if (float) return u * 1.8 - 0.9;
    if (depth === 8) return Math.round(u * 255);
    return Math.round((u - 0.5) * (2 ** (depth - 1) - 1));
  }));
}

interface WavefileFmt {
  audioFormat: number;
  blockAlign: number;
  dwChannelMask: number;
}

interface WavefileCase {
  bits: string;
  channels: number;
  rate: number;
  frames: number;
  codec: 'pcm' | 'float';
  bitDepth: number;
  tag: number;
}

/** Files written by wavefile, an independent writer, and what its fmt says they hold. */
const WAVEFILE_CASES: WavefileCase[] = [
  { bits: '8', channels: 1, rate: 8000, frames: 801, codec: 'pcm', bitDepth: 8, tag: 1 },
  { bits: '16', channels: 1, rate: 22050, frames: 2205, codec: 'pcm', bitDepth: 16, tag: 1 },
  { bits: '16', channels: 2, rate: 44100, frames: 4410, codec: 'pcm', bitDepth: 16, tag: 1 },
  { bits: '24', channels: 1, rate: 48000, frames: 4800, codec: 'pcm', bitDepth: 24, tag: 1 },
  { bits: '24', channels: 2, rate: 96000, frames: 961, codec: 'pcm', bitDepth: 24, tag: 1 },
  { bits: '32', channels: 2, rate: 88200, frames: 1000, codec: 'pcm', bitDepth: 32, tag: 1 },
  { bits: '32f', channels: 1, rate: 44100, frames: 999, codec: 'float', bitDepth: 32, tag: 3 },
  { bits: '32f', channels: 2, rate: 192000, frames: 1920, codec: 'float', bitDepth: 32, tag: 3 },
  { bits: '64', channels: 2, rate: 48000, frames: 480, codec: 'float', bitDepth: 64, tag: 3 },
  // wavefile writes tag 1 with a 40-byte fmt for > 2 channels at standard depths: plain PCM to us.
  { bits: '24', channels: 4, rate: 48000, frames: 480, codec: 'pcm', bitDepth: 24, tag: 1 },
  // Non-byte depths become WAVE_FORMAT_EXTENSIBLE: valid bits in a wider container.
  { bits: '20', channels: 2, rate: 44100, frames: 441, codec: 'pcm', bitDepth: 20, tag: 0xfffe },
  { bits: '12', channels: 1, rate: 16000, frames: 160, codec: 'pcm', bitDepth: 12, tag: 0xfffe },
];

function wavefileBytes(c: WavefileCase, options: { container?: 'RIFX' } = {}): { bytes: Uint8Array; fmt: WavefileFmt } {
  const wav = new WaveFile();
  wav.fromScratch(c.channels, c.rate, c.bits, samplesFor(c.bits, c.channels, c.frames), options);
  return { bytes: wav.toBuffer(), fmt: wav.fmt as WavefileFmt };
}

describe('probeAudio on WAVs written by wavefile', () => {
  for (const c of WAVEFILE_CASES) {
    it(`${c.bits}-bit ${c.channels} ch ${c.rate} Hz: exact format and frames`, async () => {
      const { bytes, fmt } = wavefileBytes(c);
      const r = await probeOk(bytes);
      assert.deepEqual(r.format, {
        container: 'wav', codec: c.codec, sampleRate: c.rate, bitDepth: c.bitDepth, channels: c.channels,
        frames: c.frames, durationSec: c.frames / c.rate, timeReference: null,
      });
      assert.equal(r.details.formatTag, c.tag);
      assert.equal(r.details.blockAlign, fmt.blockAlign);
      assert.equal(r.details.channelMask, c.tag === 0xfffe ? fmt.dwChannelMask : null);
      assert.equal(r.details.dataAvailableBytes, c.frames * fmt.blockAlign);
      assert.deepEqual(r.issues, []);
    });
  }

  it('RIFX (big-endian) from wavefile: container rifx, same numbers', async () => {
    const c = WAVEFILE_CASES[2]!;
    const r = await probeOk(wavefileBytes(c, { container: 'RIFX' }).bytes);
    assert.equal(r.format.container, 'rifx');
    assert.equal(r.details.bigEndian, true);
    assert.deepEqual([r.format.sampleRate, r.format.bitDepth, r.format.channels, r.format.frames], [44100, 16, 2, 4410]);
  });

  it('bext written by wavefile (before fmt): 64-bit TimeReference and text fields', async () => {
    const wav = new WaveFile();
    wav.fromScratch(2, 48000, '24', samplesFor('24', 2, 480));
    const timeReference = 7 * 2 ** 32 + 123_456_789;
    Object.assign(wav.bext, {
      description: 'Lead vocal take 3', originator: 'Recorder 9', originationDate: '2024-05-01',
      originationTime: '13:45:00', timeReference: [123_456_789, 7],
    });
    const r = await probeOk(wav.toBuffer());
    assert.equal(r.details.chunks[0], 'bext');
    assert.equal(r.format.timeReference, timeReference);
    assert.deepEqual(r.details.bext, {
      description: 'Lead vocal take 3', originator: 'Recorder 9', originatorReference: '', originationDate: '2024-05-01', originationTime: '13:45:00',
    });
    assert.equal(r.format.frames, 480);
  });
});

describe('probeAudio on hand-built RIFF files', () => {
  it('bext before fmt with a TimeReference above 2^32', async () => {
    const timeReference = 2 ** 32 * 3 + 0x89abcdef; // 3 hours-ish of samples at 1 MHz
    const bytes = riffFile('RIFF', [
      bextChunk({ description: 'Drums OH', originator: 'Pro Tools', originationDate: '2023-11-02', originationTime: '09:00:00', timeReference }),
      fmtChunk({ channels: 2, sampleRate: 96000, bitsPerSample: 24 }),
      dataChunk(6 * 1000),
    ]);
    const r = await probeOk(bytes);
    assert.equal(r.format.timeReference, 15_194_639_855);
    assert.equal(r.format.timeReference, timeReference);
    assert.equal(r.details.bext?.originator, 'Pro Tools');
    assert.deepEqual(r.details.chunks, ['bext', 'fmt ', 'data']);
    assert.equal(r.format.frames, 1000);
  });

  it('odd-sized chunk with its pad byte', async () => {
    const r = await probeOk(riffFile('RIFF', [chunk('junk', [1, 2, 3]), fmtChunk(PCM16_STEREO_48K), dataChunk(400)]));
    assert.deepEqual(r.details.chunks, ['junk', 'fmt ', 'data']);
    assert.equal(r.format.frames, 100);
  });

  it('odd-sized chunk without its pad byte (next id found at the unpadded offset)', async () => {
    const r = await probeOk(riffFile('RIFF', [chunk('junk', [1, 2, 3], { pad: false }), fmtChunk(PCM16_STEREO_48K), dataChunk(400)]));
    assert.deepEqual(r.details.chunks, ['junk', 'fmt ', 'data']);
    assert.equal(r.format.frames, 100);
    assert.deepEqual(r.issues, []);
  });

  it('odd data chunk, with and without pad, followed by LIST: both walk on to LIST', async () => {
    const fmt8 = fmtChunk({ channels: 1, sampleRate: 44100, bitsPerSample: 8 });
    for (const pad of [true, false]) {
      const r = await probeOk(riffFile('RIFF', [fmt8, dataChunk(2241, { pad }), listInfoChunk('Kick In')]));
      assert.deepEqual(r.details.chunks, ['fmt ', 'data', 'LIST'], `pad ${pad}`);
      assert.equal(r.format.frames, 2241);
      assert.deepEqual(r.issues, []);
    }
  });

  it('fmt after data, LIST/INFO skipped', async () => {
    const r = await probeOk(riffFile('RIFF', [listInfoChunk('Bass DI'), dataChunk(4 * 4800), fmtChunk(PCM16_STEREO_48K)]));
    assert.deepEqual(r.details.chunks, ['LIST', 'data', 'fmt ']);
    assert.equal(r.format.frames, 4800);
    assert.equal(r.format.durationSec, 0.1);
  });

  it('RF64 with ds64: 0xFFFFFFFF sizes resolved from ds64', async () => {
    const fmt = fmtChunk({ channels: 2, sampleRate: 48000, bitsPerSample: 24 });
    const dataBytes = 6 * 12_345;
    const body = [ds64Chunk(0, dataBytes, 12_345), fmt, dataChunk(dataBytes, { size: 0xffffffff })];
    const fileSize = riffFile('RF64', body).length;
    const bytes = riffFile('RF64', [ds64Chunk(fileSize - 8, dataBytes, 12_345), ...body.slice(1)], { riffSize: 0xffffffff });
    const r = await probeOk(bytes);
    assert.equal(r.format.container, 'rf64');
    assert.equal(r.format.frames, 12_345);
    assert.equal(r.details.dataDeclaredBytes, dataBytes);
    assert.deepEqual(r.issues, []);
  });

  it('BW64 is read like RF64', async () => {
    const bytes = riffFile('BW64', [ds64Chunk(0, 400, 100), fmtChunk(PCM16_STEREO_48K), dataChunk(400, { size: 0xffffffff })], { riffSize: 0xffffffff });
    const r = await probeOk(bytes);
    assert.equal(r.format.container, 'bw64');
    assert.equal(r.format.frames, 100);
  });

  it('RF64 declaring 6 GB of data (beyond 32 bits) in a short file: exact 64-bit size, truncated', async () => {
    const declared = 6_000_000_000;
    const bytes = riffFile('RF64', [ds64Chunk(declared + 100, declared, declared / 4), fmtChunk(PCM16_STEREO_48K), dataChunk(4000, { size: 0xffffffff })], { riffSize: 0xffffffff });
    const r = await probeOk(bytes);
    assert.equal(r.details.dataDeclaredBytes, declared);
    assert.equal(r.format.frames, 1000);
    assert.deepEqual(codes(r), ['truncated']);
    assert.match(r.issues[0]!.message, /declares 6000000000 bytes but the file holds 4000: 5999996000 bytes \(31249\.979 s\) missing/);
  });

  it('RIFX hand-built: big-endian sizes and fmt fields', async () => {
    const bytes = riffFile('RIFX', [fmtChunk({ channels: 2, sampleRate: 88200, bitsPerSample: 24 }, 'be'), dataChunk(6 * 300)]);
    const r = await probeOk(bytes);
    assert.deepEqual([r.format.container, r.format.sampleRate, r.format.bitDepth, r.format.channels, r.format.frames], ['rifx', 88200, 24, 2, 300]);
    assert.equal(r.details.bigEndian, true);
  });

  it('data size 0 with audio after it: unfinalised, frames from the bytes to the end', async () => {
    const r = await probeOk(wav16(dataChunk(4 * 1200, { size: 0 })));
    assert.equal(r.format.frames, 1200);
    assert.deepEqual(codes(r), ['unfinalised']);
    assert.match(r.issues[0]!.message, /data chunk size is 0 .*4800 bytes \(0\.025 s\)/);
  });

  it('data size 0xFFFFFFFF: unfinalised, frames from the bytes to the end', async () => {
    const r = await probeOk(wav16(dataChunk(4 * 1000 + 3, { size: 0xffffffff, pad: false })));
    assert.equal(r.format.frames, 1000);
    assert.equal(r.details.dataAvailableBytes, 4003);
    assert.deepEqual(codes(r), ['unfinalised']);
  });

  it('data size 0 at the end of the file, or before another chunk, is simply empty', async () => {
    for (const bytes of [wav16(dataChunk(0)), wav16(dataChunk(0), listInfoChunk('x'))]) {
      const r = await probeOk(bytes);
      assert.equal(r.format.frames, 0);
      assert.deepEqual(r.issues, []);
    }
  });

  it('data longer than the file: frames from the real bytes, truncated with bytes and seconds missing', async () => {
    const full = wav16(dataChunk(4 * 48000));
    const r = await probeOk(full.subarray(0, 44 + 4 * 12000));
    assert.equal(r.format.frames, 12000);
    assert.equal(r.details.dataDeclaredBytes, 192000);
    assert.equal(r.details.dataAvailableBytes, 48000);
    assert.deepEqual(codes(r), ['truncated']);
    assert.equal(r.issues[0]!.message, 'data chunk declares 192000 bytes but the file holds 48000: 144000 bytes (0.75 s) missing');
  });

  it('complete data but RIFF size larger than the file: trailing chunks lost', async () => {
    const r = await probeOk(riffFile('RIFF', [fmtChunk(PCM16_STEREO_48K), dataChunk(400)], { riffSize: 4 + 24 + 408 + 500 }));
    assert.deepEqual(codes(r), ['truncated']);
    assert.equal(r.issues[0]!.message, 'RIFF header declares 944 bytes but the file has 444: the last 500 bytes are missing');
  });

  it('unknown codec tags: ok with codec other and an unsupported issue', async () => {
    const mp3InWav = riffFile('RIFF', [fmtChunk({ formatTag: 0x55, channels: 2, sampleRate: 44100, bitsPerSample: 0, blockAlign: 1 }), dataChunk(1000)]);
    const r = await probeOk(mp3InWav);
    assert.equal(r.format.codec, 'other');
    assert.deepEqual(codes(r), ['unsupported']);
    assert.match(r.issues[0]!.message, /format tag 0x0055 \(MPEG Layer 3\) is not PCM or IEEE float/);
    const adpcm = await probeOk(riffFile('RIFF', [fmtChunk({ formatTag: 2, channels: 1, sampleRate: 11025, bitsPerSample: 4, blockAlign: 256 }), dataChunk(512)]));
    assert.equal(adpcm.format.codec, 'other');
    assert.deepEqual(codes(adpcm), ['unsupported']);
  });

  it('EXTENSIBLE: subformat GUID decides pcm / float / other; valid bits and channel mask kept', async () => {
    const ext = (subFormat: number, bits: number, validBits: number) =>
      riffFile('RIFF', [fmtChunk({ channels: 6, sampleRate: 48000, bitsPerSample: bits, extensible: { validBits, channelMask: 0x3f, subFormat } }), dataChunk(6 * (bits / 8) * 10)]);
    const float = await probeOk(ext(3, 32, 32));
    assert.deepEqual([float.format.codec, float.format.bitDepth, float.details.channelMask, float.format.frames], ['float', 32, 0x3f, 10]);
    const pcm = await probeOk(ext(1, 32, 24));
    assert.deepEqual([pcm.format.codec, pcm.format.bitDepth, pcm.details.blockAlign], ['pcm', 24, 24]);
    const other = await probeOk(ext(0x92, 16, 16));
    assert.equal(other.format.codec, 'other');
    assert.deepEqual(codes(other), ['unsupported']);
    assert.match(other.issues[0]!.message, /subformat 00000092-0000-0010-8000-00aa00389b71 is not PCM or IEEE float/);
  });

  it('EXTENSIBLE with a short extension is unreadable', async () => {
    const bytes = riffFile('RIFF', [fmtChunk({ channels: 1, sampleRate: 48000, bitsPerSample: 16, extensible: { validBits: 16, channelMask: 4, subFormat: 1, cbSize: 2 } }), dataChunk(20)]);
    await assertUnreadable(bytes, 'WAVE_FORMAT_EXTENSIBLE extension size (cbSize) is 2, needs at least 22');
  });

  it('defects that make a file unreadable are named precisely', async () => {
    await assertUnreadable(riffFile('RIFF', [dataChunk(100)]), 'no fmt chunk');
    await assertUnreadable(riffFile('RIFF', [fmtChunk(PCM16_STEREO_48K)]), 'no data chunk');
    await assertUnreadable(riffFile('RIFF', []), 'no fmt chunk and no data chunk');
    await assertUnreadable(riffFile('RIFF', [chunk('fmt ', new Uint8Array(8)), dataChunk(8)]), 'fmt chunk is 8 bytes, needs at least 16');
    await assertUnreadable(riffFile('RIFF', [fmtChunk({ channels: 0, sampleRate: 48000, bitsPerSample: 16, blockAlign: 2 }), dataChunk(8)]), 'fmt declares 0 channels');
    await assertUnreadable(riffFile('RIFF', [fmtChunk({ channels: 2, sampleRate: 0, bitsPerSample: 16 }), dataChunk(8)]), 'fmt declares a sample rate of 0 Hz');
    await assertUnreadable(riffFile('RIFF', [fmtChunk({ channels: 2, sampleRate: 48000, bitsPerSample: 16, blockAlign: 0 }), dataChunk(8)]), 'fmt declares a block align of 0 bytes');
    await assertUnreadable(riffFile('RIFF', [fmtChunk({ channels: 3, sampleRate: 8000, bitsPerSample: 24, blockAlign: 4 }), dataChunk(8)]), 'block align is 4 bytes, but 3 channels of 24-bit samples need 9');
    await assertUnreadable(riffFile('RIFF', [fmtChunk(PCM16_STEREO_48K), dataChunk(8)], { formType: 'ACON' }), "RIFF form type is 'ACON', not 'WAVE'");
    await assertUnreadable(riffFile('RIFF', [fmtChunk(PCM16_STEREO_48K)]).subarray(0, 10), 'file is 10 bytes, too short for a RIFF header (12)');
    await assertUnreadable(wav16().subarray(0, 28), 'fmt chunk is cut off: 8 of 16 bytes present');
    await assertUnreadable(new Uint8Array(0), 'file is empty (0 bytes)');
  });

  it('a file cut inside a chunk header says where', async () => {
    const bytes = concat([wav16(), Uint8Array.from('data\x10', (c) => c.charCodeAt(0))]);
    await assertUnreadable(bytes, "no data chunk (the file ends inside a chunk header at byte 36 ('data'))");
  });

  it('garbage never throws: random bytes, and random bytes after a valid RIFF header', async () => {
    for (let seed = 1; seed <= 50; seed++) {
      const noise = seededBytes(64 + seed * 7, seed);
      const plain = await probeBytes(noise);
      assert.equal(plain.ok, false);
      const afterHeader = await probeBytes(concat([riffFile('RIFF', []), noise]));
      assert.equal(afterHeader.ok, false);
      assert.match(afterHeader.issues[0]!.message, /^no fmt chunk and no data chunk/);
    }
    await assertUnreadable(Uint8Array.from('CDF\x01 netcdf', (c) => c.charCodeAt(0)), "not a recognised audio container (file starts with 'CDF\\x01')");
  });

  it('a source that fails to read becomes an unreadable issue, not a throw', async () => {
    const failing: ByteSource = { size: 1000, close: async () => undefined, read: () => Promise.reject(new Error('EIO: i/o error')) };
    const r = await probeAudio(failing);
    assert.deepEqual([r.ok, codes(r), r.issues[0]!.message], [false, ['unreadable'], 'header could not be read: EIO: i/o error']);
  });

  it('stops after 10,000 chunks instead of walking a hostile file forever', async () => {
    const empties = Array.from({ length: 10_050 }, () => chunk('JUNK', []));
    await assertUnreadable(riffFile('RIFF', [...empties, fmtChunk(PCM16_STEREO_48K), dataChunk(4)]), 'no fmt chunk and no data chunk (gave up after 10000 chunks)');
  });

  it('never reads more than 64 KiB at once, whatever the chunks declare', async () => {
    const huge = 0x7ffffff0;
    const bytes = riffFile('RIFF', [
      chunk('bext', new Uint8Array(700), { size: 700 }), chunk('LIST', new Uint8Array(4), { size: 4 }),
      fmtChunk(PCM16_STEREO_48K), dataChunk(1000, { size: huge }),
    ]);
    const reads: number[] = [];
    const inner = memorySource(bytes);
    const spy: ByteSource = { size: inner.size, close: inner.close, read: (b, o, l, p) => { reads.push(l); return inner.read(b, o, l, p); } };
    const r = await probeAudio(spy);
    assertOk(r);
    assert.ok(Math.max(...reads) <= 64 * 1024, `largest read ${Math.max(...reads)}`);
    assert.ok(reads.length < 20, `${reads.length} reads`);
    assert.deepEqual(codes(r), ['truncated']);
  });
});

describe('probeAudio on AIFF / AIFF-C', () => {
  it('AIFF 16-bit stereo 44.1 kHz: rate from the 80-bit float, exact frames', async () => {
    const r = await probeOk(formFile('AIFF', [commChunk({ channels: 2, frames: 44100, sampleSize: 16, sampleRate: 44100 }), ssndChunk(4 * 44100)]));
    assert.deepEqual(r.format, { container: 'aiff', codec: 'pcm', sampleRate: 44100, bitDepth: 16, channels: 2, frames: 44100, durationSec: 1, timeReference: null });
    assert.equal(r.details.bigEndian, true);
    assert.equal(r.details.dataOffset, 12 + 26 + 16);
    assert.deepEqual(r.issues, []);
  });

  it('exact rates: 8000, 96000, 192000 and 22254.545454… (old Macintosh rate)', async () => {
    for (const rate of [8000, 96000, 192000, 22254.545454545456]) {
      const r = await probeOk(formFile('AIFF', [commChunk({ channels: 1, frames: 10, sampleSize: 24, sampleRate: rate }), ssndChunk(30)]));
      assert.equal(r.format.sampleRate, rate);
      assert.equal(r.format.frames, 10);
    }
  });

  it('AIFF-C sowt: little-endian 16-bit PCM', async () => {
    const r = await probeOk(formFile('AIFC', [chunk('FVER', [0xa2, 0x80, 0x51, 0x40]), commChunk({ channels: 2, frames: 480, sampleSize: 16, sampleRate: 48000, compression: 'sowt' }), ssndChunk(4 * 480)]));
    assert.deepEqual([r.format.container, r.format.codec, r.format.bitDepth, r.format.frames, r.details.bigEndian], ['aifc', 'pcm', 16, 480, false]);
  });

  it('AIFF-C fl32 and fl64: float', async () => {
    const f32 = await probeOk(formFile('AIFC', [commChunk({ channels: 2, frames: 96, sampleSize: 32, sampleRate: 96000, compression: 'fl32' }), ssndChunk(8 * 96)]));
    assert.deepEqual([f32.format.codec, f32.format.bitDepth, f32.format.sampleRate, f32.format.frames, f32.details.blockAlign], ['float', 32, 96000, 96, 8]);
    const f64 = await probeOk(formFile('AIFC', [commChunk({ channels: 1, frames: 5, sampleSize: 64, sampleRate: 48000, compression: 'FL64' }), ssndChunk(40)]));
    assert.deepEqual([f64.format.codec, f64.format.bitDepth, f64.format.frames], ['float', 64, 5]);
  });

  it('AIFF-C with a compressed codec: other, unsupported', async () => {
    const r = await probeOk(formFile('AIFC', [commChunk({ channels: 1, frames: 8000, sampleSize: 16, sampleRate: 8000, compression: 'ulaw' }), ssndChunk(8000)]));
    assert.equal(r.format.codec, 'other');
    assert.deepEqual(codes(r), ['unsupported']);
    assert.match(r.issues[0]!.message, /compression 'ulaw' is not PCM or float/);
  });

  it('SSND offset moves the data position; chunks after SSND are still listed', async () => {
    const r = await probeOk(formFile('AIFF', [commChunk({ channels: 1, frames: 100, sampleSize: 8, sampleRate: 11025 }), ssndChunk(100, 16), chunk('NAME', [0x41, 0x42, 0x43], { pad: false }), chunk('ANNO', [0x58, 0x59])]));
    assert.equal(r.details.dataOffset, 12 + 26 + 16 + 16);
    assert.deepEqual(r.details.chunks, ['COMM', 'SSND', 'NAME', 'ANNO']);
    assert.equal(r.format.frames, 100);
  });

  it('SSND cut short: frames from the bytes present, truncated', async () => {
    const full = formFile('AIFF', [commChunk({ channels: 2, frames: 1000, sampleSize: 16, sampleRate: 8000 }), ssndChunk(4000)]);
    const r = await probeOk(full.subarray(0, full.length - 2400));
    assert.equal(r.format.frames, 400);
    assert.deepEqual(codes(r), ['truncated']);
    assert.equal(r.issues[0]!.message, 'COMM declares 1000 sample frames but only 400 are present: 2400 bytes (0.075 s) missing');
  });

  it('robustness: COMM of 0 bytes (CWE-835 trap), no COMM, no SSND, not AIFF', async () => {
    await assertUnreadable(formFile('AIFC', [chunk('COMM', []), ssndChunk(10)]), 'COMM chunk is 0 bytes, needs at least 22');
    await assertUnreadable(formFile('AIFF', [ssndChunk(10)]), 'no COMM chunk');
    await assertUnreadable(formFile('AIFF', [commChunk({ channels: 1, frames: 10, sampleSize: 16, sampleRate: 8000 })]), 'no SSND chunk, though COMM declares 10 sample frames');
    await assertUnreadable(formFile('AIFF', [commChunk({ channels: 0, frames: 10, sampleSize: 16, sampleRate: 8000 }), ssndChunk(20)]), 'COMM declares 0 channels');
    await assertUnreadable(formFile('AIFF', [commChunk({ channels: 1, frames: 10, sampleSize: 16, sampleRate: 0 }), ssndChunk(20)]), 'COMM declares a sample rate of 0 Hz');
    await assertUnreadable(formFile('8SVX', []), "FORM type is '8SVX', not 'AIFF' or 'AIFC'");
  });

  it('COMM frames 0 and SSND size 0 with sound after them: unfinalised, frames from the bytes', async () => {
    const bytes = formFile('AIFF', [commChunk({ channels: 2, frames: 0, sampleSize: 24, sampleRate: 48000 }), ssndChunk(6 * 500, 0, { size: 0 })]);
    const r = await probeOk(bytes);
    assert.equal(r.format.frames, 500);
    assert.deepEqual(codes(r), ['unfinalised']);
  });

  it('no SSND is fine when COMM declares no frames', async () => {
    const r = await probeOk(formFile('AIFF', [commChunk({ channels: 2, frames: 0, sampleSize: 16, sampleRate: 48000 })]));
    assert.equal(r.format.frames, 0);
    assert.deepEqual(r.issues, []);
  });
});

/** fLaC + a STREAMINFO block (last) for the given stream parameters. */
function flacHeader(rate: number, channels: number, bits: number, total: number): Uint8Array {
  const info = new Fields(34, 'be').u16(4096).u16(4096).skip(6).done();
  // rate (20 bits) | channels-1 (3) | bits-1 (5) | total samples (36), big-endian from byte 10.
  const packed = (BigInt(rate) << 44n) | (BigInt(channels - 1) << 41n) | (BigInt(bits - 1) << 36n) | BigInt(total);
  new DataView(info.buffer).setBigUint64(10, packed);
  return concat([Uint8Array.from('fLaC', (c) => c.charCodeAt(0)), Uint8Array.from([0x80, 0, 0, 34]), info, new Uint8Array(16)]);
}

describe('probeAudio on FLAC (STREAMINFO)', () => {
  it('exact rate, channels, bits and a 36-bit total', async () => {
    const r = await probeOk(flacHeader(96000, 2, 24, 2 ** 33 + 5));
    assert.deepEqual(r.format, { container: 'flac', codec: 'pcm', sampleRate: 96000, bitDepth: 24, channels: 2, frames: 2 ** 33 + 5, durationSec: (2 ** 33 + 5) / 96000, timeReference: null });
    assert.deepEqual(r.issues, []);
  });

  it('total 0 means the encoder never wrote it: unfinalised', async () => {
    const r = await probeOk(flacHeader(44100, 1, 16, 0));
    assert.deepEqual(codes(r), ['unfinalised']);
  });
});

describe('music-metadata for other containers', () => {
  it('maps FLAC to pcm and lossy codecs to other', () => {
    const flac = fromMetadataFormat({ codec: 'FLAC', lossless: true, sampleRate: 44100, bitsPerSample: 16, numberOfChannels: 2, duration: 1, numberOfSamples: 44100 }, 'flac');
    assert.deepEqual(flac.format, { container: 'flac', codec: 'pcm', sampleRate: 44100, bitDepth: 16, channels: 2, frames: 44100, durationSec: 1, timeReference: null });
    const mp3 = fromMetadataFormat({ codec: 'MPEG 1 Layer 3', sampleRate: 48000, numberOfChannels: 2, duration: 2.5 }, 'mp3');
    assert.deepEqual([mp3.format?.codec, mp3.format?.bitDepth, mp3.format?.frames], ['other', 0, 120000]);
    const empty = fromMetadataFormat({}, 'm4a');
    assert.equal(empty.format, null);
    assert.deepEqual(empty.issues.map((i) => i.code), ['unreadable']);
  });

  it('never throws: a missing file and a text file become unreadable issues', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const text = path.join(dir, 'notes.mp3');
      await fs.writeFile(text, 'This is not an mp3 at all, just words.');
      for (const file of [path.join(dir, 'missing.mp3'), text]) {
        const r = await probeWithMusicMetadata(file, 'mp3');
        assert.equal(r.format, null);
        assert.deepEqual(r.issues.map((i) => i.code), ['unreadable']);
      }
    } finally {
      await cleanup();
    }
  });

  it('mp3/ogg/m4a come back from probeAudio as not ours, with their container', async () => {
    const r = await probeBytes(Uint8Array.from('OggS\0\x02\0\0\0\0\0\0', (c) => c.charCodeAt(0)));
    assert.deepEqual([r.ok, r.ok ? null : r.container, codes(r)], [false, 'ogg', ['unsupported']]);
  });
});

const hasSox = !spawnSync('sox', ['--version']).error && !spawnSync('soxi', ['-V0']).error;

function soxi(flag: string, file: string): number {
  return Number(spawnSync('soxi', [flag, file], { encoding: 'utf8' }).stdout.trim());
}

describe('agrees with SoX (soxi) on files written by other tools', function () {
  let dir = '';
  let cleanup: () => Promise<void> = async () => undefined;
  before(async function () {
    if (!hasSox) {
      console.log('    (sox/soxi not installed: skipping the comparison with a real tool)');
      this.skip();
    }
    ({ dir, cleanup } = await makeTempDir('ad-probe-soxi-'));
  });
  after(() => cleanup());

  async function compare(file: string): Promise<void> {
    const source = memorySource(await fs.readFile(file));
    const r = await probeAudio(source);
    assertOk(r);
    const expected = { frames: soxi('-s', file), rate: soxi('-r', file), channels: soxi('-c', file), bits: soxi('-b', file) };
    assert.deepEqual({ frames: r.format.frames, rate: r.format.sampleRate, channels: r.format.channels, bits: r.format.bitDepth }, expected, path.basename(file));
  }

  it('WAVs written by wavefile (soxi cannot read its padded EXTENSIBLE ones)', async () => {
    for (const c of WAVEFILE_CASES.filter((w) => w.tag !== 0xfffe)) {
      const file = path.join(dir, `wf-${c.bits}-${c.channels}-${c.rate}.wav`);
      await fs.writeFile(file, wavefileBytes(c).bytes);
      await compare(file);
    }
  });

  it('AIFF, AIFF-C, WAV (6-channel EXTENSIBLE, float64) and FLAC written by sox', async () => {
    const made: Array<[string, string[]]> = [
      ['a.aiff', ['-r', '44100', '-c', '2', '-b', '16']],
      ['b.aif', ['-r', '48000', '-c', '1', '-b', '24']],
      ['c.aifc', ['-r', '96000', '-c', '2', '-e', 'floating-point', '-b', '32']],
      ['d.wav', ['-r', '32000', '-c', '6', '-b', '24']],
      ['e.wav', ['-r', '44100', '-c', '2', '-e', 'floating-point', '-b', '64']],
      ['f.flac', ['-r', '88200', '-c', '2', '-b', '24']],
    ];
    for (const [name, args] of made) {
      const file = path.join(dir, name);
      const run = spawnSync('sox', ['-n', ...args, file, 'synth', '0.37', 'sine', '440'], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      await compare(file);
    }
  });

  it('Ogg Vorbis written by sox, read through music-metadata', async function () {
    const file = path.join(dir, 'g.ogg');
    if (spawnSync('sox', ['-n', '-r', '44100', '-c', '2', file, 'synth', '0.5', 'sine', '440']).status !== 0) {
      console.log('    (this sox cannot write Ogg Vorbis: skipping)');
      this.skip();
    }
    const sniffed = await probeAudio(memorySource(await fs.readFile(file)));
    assert.deepEqual([sniffed.ok, sniffed.ok ? null : sniffed.container], [false, 'ogg']);
    const r = await probeWithMusicMetadata(file, 'ogg');
    assert.deepEqual(r.issues, []);
    assert.deepEqual([r.format?.codec, r.format?.sampleRate, r.format?.channels], ['other', soxi('-r', file), soxi('-c', file)]);
  });
});
