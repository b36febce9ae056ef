/**
 * Builds RIFF-family and AIFF files byte by byte, for the cases no audio library writes on
 * purpose: chunks out of order, missing pad bytes, placeholder sizes, truncation, RF64/ds64.
 * Kept independent of the readers under test: it shares no code with src/core/audio.
 */

export type ByteOrder = 'le' | 'be';

export interface Chunk {
  id: string;
  body: Uint8Array;
  /** Size written in the header; the body's length unless a test lies on purpose. */
  size?: number;
  /** Write the pad byte after an odd-sized body (the spec says to); false to leave it out. */
  pad?: boolean;
}

export function chunk(id: string, body: Uint8Array | readonly number[], options: { size?: number; pad?: boolean } = {}): Chunk {
  if (id.length !== 4) throw new Error(`chunk id must be 4 characters: '${id}'`);
  return { id, body: body instanceof Uint8Array ? body : Uint8Array.from(body), ...options };
}

/** Little helper to fill a body with fields of a given byte order. */
export class Fields {
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private pos = 0;

  constructor(length: number, private readonly order: ByteOrder) {
    this.bytes = new Uint8Array(length);
    this.view = new DataView(this.bytes.buffer);
  }

  u8(n: number): this { this.view.setUint8(this.pos, n); this.pos += 1; return this; }
  u16(n: number): this { this.view.setUint16(this.pos, n, this.order === 'le'); this.pos += 2; return this; }
  u32(n: number): this { this.view.setUint32(this.pos, n, this.order === 'le'); this.pos += 4; return this; }
  u64(n: number): this { this.view.setBigUint64(this.pos, BigInt(n), this.order === 'le'); this.pos += 8; return this; }
  raw(b: Uint8Array | readonly number[]): this { this.bytes.set(b, this.pos); this.pos += b.length; return this; }
  /** Fixed-width text field, NUL-padded (bext strings, AIFC compression type). */
  text(s: string, width = s.length): this { return this.raw(latin1Bytes(s).subarray(0, width)).skip(width - Math.min(width, s.length)); }
  skip(n: number): this { this.pos += n; return this; }
  done(): Uint8Array { return this.bytes; }
}

function latin1Bytes(s: string): Uint8Array {
  return Uint8Array.from([...s].map((c) => c.charCodeAt(0) & 0xff));
}

/** Concatenates chunk headers and bodies in the given byte order; pads odd bodies unless told not to. */
export function serialiseChunks(chunks: readonly Chunk[], order: ByteOrder): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const c of chunks) {
    parts.push(new Fields(8, order).text(c.id).u32(c.size ?? c.body.length).done(), c.body);
    if (c.body.length % 2 === 1 && c.pad !== false) parts.push(new Uint8Array(1));
  }
  return concat(parts);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let pos = 0;
  for (const p of parts) { out.set(p, pos); pos += p.length; }
  return out;
}

export type RiffMagic = 'RIFF' | 'RIFX' | 'RF64' | 'BW64';

/** A whole RIFF-family file. The RIFF size is computed unless `riffSize` overrides it. */
export function riffFile(magic: RiffMagic, chunks: readonly Chunk[], options: { formType?: string; riffSize?: number } = {}): Uint8Array {
  const order: ByteOrder = magic === 'RIFX' ? 'be' : 'le';
  const body = serialiseChunks(chunks, order);
  const header = new Fields(12, order).text(magic).u32(options.riffSize ?? 4 + body.length).text(options.formType ?? 'WAVE').done();
  return concat([header, body]);
}

export interface FmtSpec {
  formatTag?: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  blockAlign?: number;
  /** WAVE_FORMAT_EXTENSIBLE fields; formatTag becomes 0xFFFE. */
  extensible?: { validBits: number; channelMask: number; subFormat: number; cbSize?: number };
}

const KSDATAFORMAT_DATA4 = [0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

export function fmtChunk(spec: FmtSpec, order: ByteOrder = 'le', options: { size?: number } = {}): Chunk {
  const blockAlign = spec.blockAlign ?? spec.channels * Math.ceil(spec.bitsPerSample / 8);
  const ext = spec.extensible;
  const f = new Fields(ext ? 40 : 16, order)
    .u16(ext ? 0xfffe : spec.formatTag ?? 1)
    .u16(spec.channels)
    .u32(spec.sampleRate)
    .u32(spec.sampleRate * blockAlign)
    .u16(blockAlign)
    .u16(spec.bitsPerSample);
  if (ext) {
    // GUID: Data1 (u32), Data2 (u16), Data3 (u16) in the file's byte order, then 8 raw bytes.
    f.u16(ext.cbSize ?? 22).u16(ext.validBits).u32(ext.channelMask).u32(ext.subFormat).u16(0x0000).u16(0x0010)
      .raw(KSDATAFORMAT_DATA4);
  }
  return chunk('fmt ', f.done(), options);
}

export interface BextSpec {
  description: string;
  originator: string;
  originationDate: string;
  originationTime: string;
  timeReference: number;
}

/** A version-1 bext of the minimum 602 bytes; TimeReference split into low and high words. */
export function bextChunk(spec: BextSpec, order: ByteOrder = 'le'): Chunk {
  const low = spec.timeReference % 2 ** 32;
  const high = Math.floor(spec.timeReference / 2 ** 32);
  const body = new Fields(602, order)
    .text(spec.description, 256).text(spec.originator, 32).text('', 32)
    .text(spec.originationDate, 10).text(spec.originationTime, 8)
    .u32(low).u32(high).u16(1)
    .done();
  return chunk('bext', body);
}

export function ds64Chunk(riffSize: number, dataSize: number, sampleCount: number): Chunk {
  return chunk('ds64', new Fields(28, 'le').u64(riffSize).u64(dataSize).u64(sampleCount).u32(0).done());
}

/** A data chunk of `length` bytes of a fixed pattern (content never matters to a header probe). */
export function dataChunk(length: number, options: { size?: number; pad?: boolean } = {}): Chunk {
  return chunk('data', Uint8Array.from({ length }, (_, i) => (i * 37 + 11) & 0xff), options);
}

export function listInfoChunk(title: string): Chunk {
  const inam = serialiseChunks([chunk('INAM', latin1Bytes(`${title}\0`))], 'le');
  return chunk('LIST', concat([latin1Bytes('INFO'), inam]));
}

// ---- AIFF -----------------------------------------------------------------------------------

/** IEEE 754 80-bit extended encoding of a positive number, as AIFF COMM stores the rate. */
export function extended80(value: number): Uint8Array {
  const out = new Uint8Array(10);
  if (value === 0) return out;
  const exponent = Math.floor(Math.log2(value));
  const mantissa = BigInt(Math.round(value * 2 ** (63 - exponent)));
  const view = new DataView(out.buffer);
  view.setUint16(0, exponent + 16383);
  view.setBigUint64(2, mantissa);
  return out;
}

export interface CommSpec {
  channels: number;
  frames: number;
  sampleSize: number;
  sampleRate: number;
  /** AIFF-C only: 'NONE', 'sowt', 'fl32'… */
  compression?: string;
}

export function commChunk(spec: CommSpec, options: { size?: number } = {}): Chunk {
  const aifc = spec.compression !== undefined;
  const f = new Fields(aifc ? 24 : 18, 'be')
    .u16(spec.channels).u32(spec.frames).u16(spec.sampleSize).raw(extended80(spec.sampleRate));
  // AIFF-C adds the compression type and an (empty) Pascal-string name: 4 + 1 + pad.
  if (aifc) f.text(spec.compression ?? 'NONE', 4).u8(0);
  return chunk('COMM', f.done(), options);
}

/** SSND: offset and block size fields, `offset` bytes of padding, then `soundBytes` of sound. */
export function ssndChunk(soundBytes: number, offset = 0, options: { size?: number } = {}): Chunk {
  const body = new Fields(8 + offset + soundBytes, 'be').u32(offset).u32(0).done();
  return chunk('SSND', body, options);
}

export function formFile(formType: string, chunks: readonly Chunk[]): Uint8Array {
  const body = serialiseChunks(chunks, 'be');
  return concat([new Fields(12, 'be').text('FORM').u32(4 + body.length).text(formType).done(), body]);
}

/** Deterministic bytes (a fixed-seed LCG) for garbage-input tests. */
export function seededBytes(length: number, seed: number): Uint8Array {
  let state = seed >>> 0;
  return Uint8Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  });
}
