import fc from 'fast-check';
import { chunk, commChunk, concat, dataChunk, ds64Chunk, fmtChunk, formFile, riffFile, ssndChunk, type Chunk, type RiffMagic } from './riffBuilder';

/**
 * fast-check models of RIFF-family and AIFF files for the fuzz properties (fuzz.test.ts): a valid
 * file described by a few numbers (format, extra chunks, where fmt sits, how many frames), then
 * one defect applied to its bytes. Because the model knows where every chunk sits, it can say
 * what the probe must report about the defect (an oracle), not only "does not throw".
 * Built with riffBuilder (which shares no code with src/core/audio).
 */

/** Ids of chunks a reader must step over; known ones and made-up ones (printable, as RIFF says). */
const EXTRA_IDS = ['LIST', 'JUNK', 'junk', 'PAD ', 'cue ', 'smpl', 'acid', 'iXML', 'id3 ', 'Xtra', 'abcd', 'ZZZZ'];
/**
 * A missing pad byte is only unambiguous when the next id is one a reader knows: after an odd
 * chunk, 'Xtra' at the unpadded offset and 'tra?' at the padded one are both plausible ids.
 */
const WELL_KNOWN_IDS = new Set(['fmt ', 'data', 'LIST', 'JUNK', 'junk', 'PAD ', 'cue ', 'smpl', 'acid', 'iXML', 'id3 ']);

export interface ExtraChunk {
  id: string;
  length: number;
  /** Leave out the pad byte after an odd body (a common writer bug the walk must survive). */
  missingPad: boolean;
}

export interface RiffModel {
  magic: RiffMagic;
  float: boolean;
  channels: number;
  sampleRate: number;
  bits: number;
  frames: number;
  before: ExtraChunk[];
  after: ExtraChunk[];
  /** Index among the chunks before data where fmt goes; -1 puts fmt after data (legal order). */
  fmtAt: number;
}

const extraChunk: fc.Arbitrary<ExtraChunk> = fc.record({
  id: fc.constantFrom(...EXTRA_IDS),
  length: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 10, max: 300 })),
  missingPad: fc.boolean(),
});

export const riffModel: fc.Arbitrary<RiffModel> = fc.record({
  magic: fc.constantFrom<RiffMagic>('RIFF', 'RIFX', 'RF64', 'BW64'),
  float: fc.boolean(),
  channels: fc.integer({ min: 1, max: 8 }),
  sampleRate: fc.constantFrom(8000, 22_050, 44_100, 48_000, 96_000, 192_000),
  bits: fc.constantFrom(8, 16, 24, 32),
  frames: fc.integer({ min: 0, max: 40 }),
  before: fc.array(extraChunk, { maxLength: 3 }),
  after: fc.array(extraChunk, { maxLength: 3 }),
  fmtAt: fc.integer({ min: -1, max: 3 }),
}).map((m) => ({ ...m, bits: m.float ? (m.bits >= 24 ? 64 : 32) : m.bits, fmtAt: Math.min(m.fmtAt, m.before.length) }));

/** Where the parts of a built file sit, for the oracles. */
export interface Layout {
  bytes: Uint8Array;
  blockAlign: number;
  /** Offset of the first sample byte, and one past the last. */
  dataBody: number;
  /** One past the data chunk's own fields (SSND's offset and block size); ≤ dataBody. */
  dataHeaderEnd: number;
  dataEnd: number;
  /** One past the end of the fmt (or COMM) body: a file cut before it has no usable format. */
  formatEnd: number;
  /** Offset of the data chunk's 32-bit size field, and of the file's own size field (ds64 for RF64). */
  dataSizeField: number;
  riffSizeField: { offset: number; bytes: 4 | 8 };
  /** Where each extra chunk's size field is, and whether it comes after the data chunk. */
  extras: Array<{ sizeField: number; afterData: boolean }>;
  littleEndian: boolean;
  fmtAfterData: boolean;
}

function extraBody(e: ExtraChunk): Chunk & { missingPad: boolean } {
  // Zero bodies: a zero is never part of a chunk id, so the walk cannot mistake body for header.
  const body = new Uint8Array(e.length);
  if (e.id === 'LIST') nestInfo(body);
  return { ...chunk(e.id, body), missingPad: e.missingPad };
}

/**
 * A LIST body with nested INFO chunks whose sizes lie (0xFFFFFFFF, 0, past the LIST's end): a
 * reader walks over a LIST by its own size and must never follow the sizes inside it.
 */
function nestInfo(body: Uint8Array): void {
  const view = new DataView(body.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => (body[at + i] = c.charCodeAt(0)));
  if (body.length >= 4) text(0, 'INFO');
  const lies = [0xffffffff, 0, body.length * 2 + 1, 3];
  for (let at = 4, i = 0; at + 8 <= body.length; at += 12, i++) {
    text(at, ['INAM', 'IART', 'ICMT'][i % 3]!);
    view.setUint32(at + 4, lies[i % lies.length]!, true);
  }
}

/** Leaves out the pad bytes the model asks to, where the next id keeps that unambiguous. */
function dropPads(chunks: Chunk[]): void {
  chunks.forEach((c, i) => {
    const next = chunks[i + 1];
    if ((c as { missingPad?: boolean }).missingPad && (!next || WELL_KNOWN_IDS.has(next.id))) c.pad = false;
  });
}

/** Concatenated size of chunks as serialised (header, body, pad unless left out). */
function span(chunks: readonly Chunk[]): number {
  return chunks.reduce((n, c) => n + 8 + c.body.length + (c.body.length % 2 === 1 && c.pad !== false ? 1 : 0), 0);
}

export function buildRiff(m: RiffModel): Layout {
  const le = m.magic !== 'RIFX';
  const sizes64 = m.magic === 'RF64' || m.magic === 'BW64';
  const blockAlign = m.channels * (m.bits / 8);
  const dataLength = m.frames * blockAlign;
  const fmt = fmtChunk({ formatTag: m.float ? 3 : 1, channels: m.channels, sampleRate: m.sampleRate, bitsPerSample: m.bits }, le ? 'le' : 'be');
  const before = m.before.map(extraBody);
  const after = m.after.map(extraBody);
  const data = dataChunk(dataLength, sizes64 ? { size: 0xffffffff } : {});
  const head: Chunk[] = [...before];
  if (m.fmtAt >= 0) head.splice(m.fmtAt, 0, fmt);
  const tail: Chunk[] = m.fmtAt < 0 ? [fmt, ...after] : after;
  const ds64 = sizes64 ? [ds64Chunk(0, dataLength, m.frames)] : [];
  const chunks = [...ds64, ...head, data, ...tail];
  dropPads(chunks);
  const total = 12 + span(chunks);
  if (sizes64) chunks[0] = ds64Chunk(total - 8, dataLength, m.frames);
  const bytes = riffFile(m.magic, chunks, sizes64 ? { riffSize: 0xffffffff } : {});

  const offsets: number[] = [];
  let pos = 12;
  for (const c of chunks) {
    offsets.push(pos);
    pos += 8 + c.body.length + (c.body.length % 2 === 1 && c.pad !== false ? 1 : 0);
  }
  const dataIndex = chunks.indexOf(data);
  const fmtIndex = chunks.indexOf(fmt);
  const dataBody = offsets[dataIndex]! + 8;
  return {
    bytes,
    blockAlign,
    dataBody,
    dataHeaderEnd: dataBody,
    dataEnd: dataBody + dataLength,
    formatEnd: offsets[fmtIndex]! + 8 + fmt.body.length,
    dataSizeField: offsets[dataIndex]! + 4,
    riffSizeField: sizes64 ? { offset: offsets[0]! + 8, bytes: 8 } : { offset: 4, bytes: 4 },
    extras: chunks.flatMap((c, i) => (c === fmt || c === data || i < ds64.length ? [] : [{ sizeField: offsets[i]! + 4, afterData: i > dataIndex }])),
    littleEndian: le,
    fmtAfterData: fmtIndex > dataIndex,
  };
}

export interface AiffModel {
  aifc: boolean;
  channels: number;
  sampleRate: number;
  bits: number;
  frames: number;
  ssndOffset: number;
  before: ExtraChunk[];
  after: ExtraChunk[];
}

const AIFF_EXTRA_IDS = ['NAME', 'ANNO', 'AUTH', 'APPL', 'MARK', 'Xtra'];

export const aiffModel: fc.Arbitrary<AiffModel> = fc.record({
  aifc: fc.boolean(),
  channels: fc.integer({ min: 1, max: 6 }),
  sampleRate: fc.constantFrom(8000, 22_254.545454545456, 44_100, 48_000, 96_000),
  bits: fc.constantFrom(8, 16, 24, 32),
  frames: fc.integer({ min: 1, max: 40 }),
  ssndOffset: fc.constantFrom(0, 0, 4, 7),
  before: fc.array(fc.record({ id: fc.constantFrom(...AIFF_EXTRA_IDS), length: fc.integer({ min: 0, max: 40 }), missingPad: fc.constant(false) }), { maxLength: 2 }),
  after: fc.array(fc.record({ id: fc.constantFrom(...AIFF_EXTRA_IDS), length: fc.integer({ min: 0, max: 40 }), missingPad: fc.constant(false) }), { maxLength: 2 }),
});

export function buildAiff(m: AiffModel): Layout {
  const blockAlign = m.channels * (m.bits / 8);
  const soundBytes = m.frames * blockAlign;
  const comm = commChunk({ channels: m.channels, frames: m.frames, sampleSize: m.bits, sampleRate: m.sampleRate, ...(m.aifc ? { compression: 'NONE' } : {}) });
  const ssnd = ssndChunk(soundBytes, m.ssndOffset);
  const chunks = [comm, ...m.before.map(extraBody), ssnd, ...m.after.map(extraBody)];
  const bytes = formFile(m.aifc ? 'AIFC' : 'AIFF', chunks);
  const offsets: number[] = [];
  let pos = 12;
  for (const c of chunks) {
    offsets.push(pos);
    pos += 8 + c.body.length + (c.body.length % 2);
  }
  const ssndIndex = chunks.indexOf(ssnd);
  const dataBody = offsets[ssndIndex]! + 8 + 8 + m.ssndOffset;
  return {
    bytes,
    blockAlign,
    dataBody,
    dataHeaderEnd: offsets[ssndIndex]! + 16,
    dataEnd: dataBody + soundBytes,
    formatEnd: offsets[0]! + 8 + comm.body.length,
    dataSizeField: offsets[ssndIndex]! + 4,
    riffSizeField: { offset: 4, bytes: 4 },
    extras: chunks.flatMap((c, i) => (c === comm || c === ssnd ? [] : [{ sizeField: offsets[i]! + 4, afterData: i > ssndIndex }])),
    littleEndian: false,
    fmtAfterData: false,
  };
}

/** Sizes a hostile or broken writer puts in a size field. */
export const hostileSize: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, 1, 0xffffffff, 0xfffffffe, 0x7fffffff, 0x80000000),
  fc.integer({ min: 0, max: 0xffffffff }).map((n) => (n | 1) >>> 0), // odd
  fc.integer({ min: 0, max: 0xffffffff }),
);

export function withU32(bytes: Uint8Array, offset: number, value: number, littleEndian: boolean): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setUint32(offset, value >>> 0, littleEndian);
  return out;
}

export function withU64(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setBigUint64(offset, BigInt(value), true);
  return out;
}

/** Random bytes after a real magic, so the fuzzing reaches past the first check. */
export const garbageFile: fc.Arbitrary<Uint8Array> = fc.tuple(
  fc.constantFrom('', 'RIFF', 'RIFX', 'RF64', 'BW64', 'FORM', 'fLaC'),
  fc.constantFrom('', 'WAVE', 'AIFF', 'AIFC'),
  fc.uint8Array({ maxLength: 600 }),
  fc.array(fc.constantFrom('fmt ', 'data', 'ds64', 'COMM', 'SSND', 'LIST', 'bext', 'fact'), { maxLength: 6 }),
).map(([magic, form, noise, ids]) => {
  const text = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
  // Sprinkle real chunk ids through the noise so chunk walks find (broken) chunks to parse.
  const parts: Uint8Array[] = [text(magic), noise.subarray(0, magic ? 4 : 0), text(form)];
  const step = Math.max(1, Math.floor(noise.length / (ids.length + 1)));
  ids.forEach((id, i) => parts.push(text(id), noise.subarray(4 + i * step, 4 + (i + 1) * step)));
  if (ids.length === 0) parts.push(noise.subarray(4));
  return concat(parts);
});
