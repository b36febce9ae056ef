/**
 * The language server's requests about one file (deliverables/fileInfo, deliverables/pcm) and its
 * re-validations read an unchanged file no more than they must: headers and BWF/iXML come from
 * what the server memoised by path + size + mtime, a pcm request opens the file once and reads
 * only the range asked for. A file whose size or mtime changed is read again and answers its new
 * content. Reads are counted by a spy on the real file system (fs.promises), not a fake.
 */
import * as assert from 'node:assert/strict';
import * as fsModule from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DeliveryAnalyzer } from '../../src/core/analysis/deliveryAnalyzer';
import { loadDelivery } from '../../src/core/delivery/delivery';
import { probeAudio } from '../../src/core/audio/probe';
import { memorySource } from '../../src/core/io/fileSource';
import { readSettings } from '../../src/server/settings';
import { WorkspaceValidator } from '../../src/server/workspaceValidator';
import { FileMemo } from '../../src/core/util/fileMemo';
import { encodeInterleaved, expectedFromCode, randomCodes } from './helpers/pcmFixtures';
import { bextChunk, chunk, fmtChunk, riffFile } from './helpers/riffBuilder';
import { makeTempDir } from './helpers/tempDir';
import { quietConnection } from './helpers/serverConnection';

const RATE = 48000;
const FRAMES = 24_000;

/** Every open and every positional read of the real file system, per path, while installed. */
class FsSpy {
  readonly opens = new Map<string, number>();
  readonly reads = new Map<string, Array<{ position: number; length: number }>>();
  readonly readFiles: string[] = [];
  private readonly realOpen = fsModule.promises.open;
  private readonly realReadFile = fsModule.promises.readFile;

  install(): this {
    const { realOpen, opens, reads } = this;
    fsModule.promises.open = async function (file: fsModule.PathLike, ...rest: unknown[]) {
      const key = path.resolve(String(file));
      opens.set(key, (opens.get(key) ?? 0) + 1);
      const handle = await (realOpen as (...a: unknown[]) => Promise<fsModule.promises.FileHandle>)(file, ...rest);
      const realRead = handle.read.bind(handle) as (...a: unknown[]) => Promise<{ bytesRead: number }>;
      (handle as unknown as { read: unknown }).read = (buffer: Uint8Array, offset: number, length: number, position: number) => {
        const list = reads.get(key) ?? [];
        list.push({ position, length });
        reads.set(key, list);
        return realRead(buffer, offset, length, position);
      };
      return handle;
    } as typeof fsModule.promises.open;
    const { realReadFile, readFiles } = this;
    fsModule.promises.readFile = function (file: Parameters<typeof realReadFile>[0], ...rest: unknown[]) {
      readFiles.push(path.resolve(String(file)));
      return (realReadFile as (...a: unknown[]) => Promise<unknown>)(file, ...rest);
    } as typeof fsModule.promises.readFile;
    return this;
  }

  opensOf(file: string): number {
    return this.opens.get(path.resolve(file)) ?? 0;
  }

  readsOf(file: string): Array<{ position: number; length: number }> {
    return this.reads.get(path.resolve(file)) ?? [];
  }

  reset(): void {
    this.opens.clear();
    this.reads.clear();
    this.readFiles.length = 0;
  }

  uninstall(): void {
    fsModule.promises.open = this.realOpen;
    fsModule.promises.readFile = this.realReadFile;
  }
}

const ixmlXml = (project: string) => `<?xml version="1.0"?><BWFXML><PROJECT>${project}</PROJECT><SCENE>12A</SCENE></BWFXML>`;

/** A stereo 16-bit BWF with bext and iXML before its data; returns the bytes and the sample codes. */
function bwfBytes(project: string, description: string, seed: number): { bytes: Uint8Array; codes: number[][] } {
  const codes = [0, 1].map((c) => randomCodes(FRAMES, 16, 16, seed + c));
  const bytes = riffFile('RIFF', [
    fmtChunk({ channels: 2, sampleRate: RATE, bitsPerSample: 16 }),
    bextChunk({ description, originator: 'Recorder', originationDate: '2026-12-01', originationTime: '10:00:00', timeReference: 48_000 * 3600 }),
    chunk('iXML', new TextEncoder().encode(ixmlXml(project))),
    chunk('data', encodeInterleaved(codes, { bytes: 2, bigEndian: false })),
  ]);
  return { bytes, codes };
}

/** A plain WAV (fmt + data only): nothing but samples. */
function plainBytes(seed: number): Uint8Array {
  const codes = [randomCodes(FRAMES, 16, 16, seed)];
  return riffFile('RIFF', [fmtChunk({ channels: 1, sampleRate: RATE, bitsPerSample: 16 }), chunk('data', encodeInterleaved(codes, { bytes: 2, bigEndian: false }))]);
}

async function layoutOf(bytes: Uint8Array): Promise<{ dataOffset: number; blockAlign: number; ixml: { offset: number; size: number } }> {
  const probe = await probeAudio(memorySource(bytes));
  assert.ok(probe.ok && probe.details.ixml);
  return { dataOffset: probe.details.dataOffset, blockAlign: probe.details.blockAlign, ixml: probe.details.ixml };
}

function decodePcmBody(b64: string): number[] {
  const bytes = Buffer.from(b64, 'base64');
  return Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
}

/** A later mtime than the file has, so a rewrite of the same size is seen as a change whatever the clock's resolution. */
async function touchLater(file: string): Promise<void> {
  const st = await fs.stat(file);
  const later = new Date(st.mtimeMs + 5000);
  await fs.utimes(file, later, later);
}

describe('language server: an unchanged file is not read again', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let analyzer: DeliveryAnalyzer;
  let validator: WorkspaceValidator;
  let spy: FsSpy;
  const bwf = () => path.join(dir, 'Song', 'Multitracks', 'Boom.wav');
  const plain = () => path.join(dir, 'Song', 'Multitracks', 'Kick.wav');

  before(async () => {
    ({ dir, cleanup } = await makeTempDir('ad-server-reads-'));
    await fs.mkdir(path.dirname(bwf()), { recursive: true });
    await fs.writeFile(bwf(), bwfBytes('Lights', 'Scene 12A', 1).bytes);
    await fs.writeFile(plain(), plainBytes(9));
    await fs.writeFile(path.join(dir, 'Song', 'delivery.json'), '{ "preset": "music-mix" }\n');
    analyzer = new DeliveryAnalyzer({ jobs: 0, cacheDir: null });
    validator = new WorkspaceValidator(quietConnection(), analyzer, 0);
    validator.configure(readSettings({ analysis: { onOpen: false } }), analyzer);
    validator.setFolders([path.join(dir, 'Song')]);
    await validator.validateNow(false);
    spy = new FsSpy().install();
  });

  afterEach(() => spy.reset());

  after(async () => {
    spy.uninstall();
    await analyzer.close();
    await cleanup();
  });

  it('fileInfo: bext from the probe, the iXML body read once, nothing read for a file without iXML', async () => {
    const { ixml } = await layoutOf(await fs.readFile(bwf()));
    spy.reset();
    for (let i = 0; i < 4; i++) {
      const info = await validator.fileInfo(bwf());
      assert.equal(info?.metadata?.bext?.description, 'Scene 12A');
      assert.deepEqual(info?.metadata?.ixml, [{ name: 'PROJECT', value: 'Lights' }, { name: 'SCENE', value: '12A' }]);
    }
    assert.equal(spy.opensOf(bwf()), 1, 'four fileInfo requests open the file once, for its iXML');
    assert.deepEqual(spy.readsOf(bwf()), [{ position: ixml.offset, length: ixml.size }], 'only the iXML body is read');
    for (let i = 0; i < 3; i++) assert.equal((await validator.fileInfo(plain()))?.metadata, null);
    assert.equal(spy.opensOf(plain()), 0);
  });

  it('a re-validation of unchanged files opens none of them', async () => {
    await validator.validateNow(false);
    assert.deepEqual([spy.opensOf(bwf()), spy.opensOf(plain())], [0, 0]);
    // Nor does fileInfo afterwards: the metadata memo outlives a re-validation of the same file.
    await validator.fileInfo(bwf());
    assert.equal(spy.opensOf(bwf()), 0);
  });

  it('pcm: one open per request, and only bytes of the asked range are read (no header walk)', async () => {
    const bytes = new Uint8Array(await fs.readFile(bwf()));
    const { dataOffset, blockAlign } = await layoutOf(bytes);
    const { codes } = bwfBytes('Lights', 'Scene 12A', 1);
    spy.reset();
    for (const [start, frames] of [[1000, 500], [20_000, 4000]] as const) {
      const reply = await validator.pcm({ path: bwf(), startFrame: start, frames });
      assert.ok(reply.ok, JSON.stringify(reply));
      const got = Math.min(frames, FRAMES - start);
      assert.equal(reply.body.frames, got);
      assert.deepEqual(reply.body.channels.map(decodePcmBody), codes.map((c) => c.slice(start, start + got).map((v) => expectedFromCode(v, 2))));
    }
    assert.equal(spy.opensOf(bwf()), 2);
    const reads = spy.readsOf(bwf());
    assert.ok(reads.length > 0);
    const firstByte = dataOffset + 1000 * blockAlign;
    for (const r of reads) assert.ok(r.position >= firstByte, `a read at ${r.position} lies before the first asked frame (byte ${firstByte}): ${JSON.stringify(reads)}`);
  });

  it('a file rewritten with another size is read again: new iXML, new samples', async () => {
    const next = bwfBytes('Lights Reprise', 'Scene 14', 5);
    await fs.writeFile(bwf(), next.bytes);
    await validator.validateNow(false);
    const info = await validator.fileInfo(bwf());
    assert.equal(info?.metadata?.bext?.description, 'Scene 14');
    assert.deepEqual(info?.metadata?.ixml?.[0], { name: 'PROJECT', value: 'Lights Reprise' });
    const reply = await validator.pcm({ path: bwf(), startFrame: 0, frames: 10 });
    assert.ok(reply.ok);
    assert.deepEqual(decodePcmBody(reply.body.channels[1]!), next.codes[1]!.slice(0, 10).map((v) => expectedFromCode(v, 2)));
    assert.ok(spy.opensOf(bwf()) >= 3, 'probed again, iXML read again, pcm opened');
  });

  it('a file rewritten with the same size and a new mtime is read again', async () => {
    const before = await fs.stat(bwf());
    const next = bwfBytes('Lights Remixed', 'Scene 15', 7);
    assert.equal(next.bytes.length, before.size);
    await fs.writeFile(bwf(), next.bytes);
    await touchLater(bwf());
    await validator.validateNow(false);
    const info = await validator.fileInfo(bwf());
    assert.deepEqual(info?.metadata?.ixml?.[0], { name: 'PROJECT', value: 'Lights Remixed' });
    const reply = await validator.pcm({ path: bwf(), startFrame: 100, frames: 10 });
    assert.ok(reply.ok);
    assert.deepEqual(decodePcmBody(reply.body.channels[0]!), next.codes[0]!.slice(100, 110).map((v) => expectedFromCode(v, 2)));
  });
});

describe('DeliveryAnalyzer: analyses of unchanged files come from memory', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let spy: FsSpy;

  before(async () => {
    ({ dir, cleanup } = await makeTempDir('ad-analyzer-reads-'));
    spy = new FsSpy();
  });

  after(async () => {
    spy.uninstall();
    await cleanup();
  });

  it('a second analysis opens neither the file nor the disk cache; a changed file is analysed anew', async () => {
    const root = path.join(dir, 'Song');
    const file = path.join(root, 'Multitracks', 'Kick.wav');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, plainBytes(21));
    const analyzer = new DeliveryAnalyzer({ jobs: 0, cacheDir: path.join(dir, 'cache') });
    try {
      const first = await analyzer.analyse(root, (await loadDelivery(root)).files);
      const kick = first.get('Multitracks/Kick.wav');
      assert.ok(kick?.ok);
      const files = (await loadDelivery(root)).files;
      spy.install();
      const again = await analyzer.analyse(root, files);
      assert.equal(again.get('Multitracks/Kick.wav'), kick, 'the very analysis held in memory');
      assert.equal(analyzer.known(root, files).get('Multitracks/Kick.wav'), kick);
      assert.equal(spy.opensOf(file), 0);
      assert.deepEqual(spy.readFiles, [], 'no cache entry read');

      // Half the level, same size: a new mtime makes it another file.
      const quieter = riffFile('RIFF', [fmtChunk({ channels: 1, sampleRate: RATE, bitsPerSample: 16 }),
        chunk('data', encodeInterleaved([randomCodes(FRAMES, 15, 16, 21).map((v) => v / 2)], { bytes: 2, bigEndian: false }))]);
      await fs.writeFile(file, quieter);
      await touchLater(file);
      const changed = (await loadDelivery(root)).files;
      assert.equal(analyzer.known(root, changed).size, 0, 'nothing known of the changed file');
      spy.reset();
      const fresh = (await analyzer.analyse(root, changed)).get('Multitracks/Kick.wav');
      assert.ok(fresh?.ok && spy.opensOf(file) >= 1);
      assert.ok(fresh.analysis.fields.samplePeakDbfs! < kick.analysis.fields.samplePeakDbfs! - 5,
        `new peak ${fresh.analysis.fields.samplePeakDbfs}, old ${kick.analysis.fields.samplePeakDbfs}`);
    } finally {
      spy.uninstall();
      await analyzer.close();
    }
  });
});

describe('FileMemo', () => {
  it('answers only for the size and mtime a value was learnt at; a bound empties it', () => {
    const memo = new FileMemo<string>(2);
    memo.set('/a', { size: 1, mtimeMs: 10 }, 'a1');
    assert.equal(memo.get('/a', { size: 1, mtimeMs: 10 }), 'a1');
    assert.equal(memo.get('/a', { size: 2, mtimeMs: 10 }), undefined);
    assert.equal(memo.get('/a', { size: 1, mtimeMs: 11 }), undefined);
    memo.set('/a', { size: 2, mtimeMs: 11 }, 'a2');
    assert.equal(memo.get('/a', { size: 1, mtimeMs: 10 }), undefined);
    memo.set('/b', { size: 1, mtimeMs: 1 }, 'b');
    assert.equal(memo.size, 2);
    memo.set('/c', { size: 1, mtimeMs: 1 }, 'c');
    assert.deepEqual([memo.size, memo.get('/a', { size: 2, mtimeMs: 11 }), memo.get('/c', { size: 1, mtimeMs: 1 })], [1, undefined, 'c']);
    memo.set('/d', { size: 1, mtimeMs: 1 }, 'd');
    memo.retain((p) => p === '/d');
    assert.deepEqual([memo.size, memo.get('/d', { size: 1, mtimeMs: 1 })], [1, 'd']);
  });
});
