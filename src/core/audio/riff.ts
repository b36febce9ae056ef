import { ReadAhead, type ByteSource } from '../io/fileSource';
import type { AudioFormat, Codec, Container, ProbeDetails, ProbeIssue, ProbeResult } from './format';

/**
 * Header-only reader for the RIFF family (RIFF/WAVE, RIFX, RF64, BW64). It reads chunk headers
 * and the few small chunks it needs (fmt, ds64, bext, fact), never a chunk body sized from a
 * declared length, so a hostile or 4 GB file costs a handful of small reads. Every read goes
 * through a ReadAhead window: a file of thousands of small chunks costs a few reads, not one each.
 */

// ---- IFF helpers, shared with aiff.ts -------------------------------------------------------

/** Real files hold a few dozen chunks; the cap stops a file of millions of empty chunks. */
export const MAX_CHUNKS = 10_000;

/** Ids of chunks seen in the wild; used only to break a tie when guessing a missing pad byte. */
const KNOWN_IDS = new Set([
  'fmt ', 'data', 'fact', 'LIST', 'bext', 'iXML', 'axml', 'ds64', 'JUNK', 'junk', 'PAD ', 'FLLR',
  'cue ', 'smpl', 'inst', 'acid', 'PEAK', 'id3 ', 'ID3 ', 'umid', 'minf', 'elm1', 'regn', 'DGDA',
  'COMM', 'SSND', 'FVER', 'MARK', 'INST', 'APPL', 'NAME', 'AUTH', 'ANNO', '(c) ', 'COMT',
]);

export function fourCC(bytes: Uint8Array, offset = 0): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + 4));
}

/** A chunk id is four printable ASCII characters, not starting with a space. */
export function isPlausibleChunkId(bytes: Uint8Array, offset = 0): boolean {
  if (bytes.length < offset + 4 || bytes[offset] === 0x20) return false;
  return bytes.subarray(offset, offset + 4).every((b) => b >= 0x20 && b <= 0x7e);
}

/** Shows an id in a message even when it holds control bytes: 'AC\x00N'. */
export function quoteId(id: string): string {
  return `'${id.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
}

/**
 * Offset of the chunk after a body of `size` bytes at `bodyOffset`. Odd sizes are followed by a
 * pad byte, but some writers (LTspice, hand-made fixtures) omit it: look where a chunk id really is.
 */
export async function nextChunkOffset(reader: ReadAhead, bodyOffset: number, size: number): Promise<number> {
  const end = bodyOffset + size;
  if (size % 2 === 0 || end >= reader.source.size) return end + (size % 2);
  const peek = await reader.at(end, 5);
  const padded = isPlausibleChunkId(peek, 1);
  const unpadded = isPlausibleChunkId(peek, 0);
  if (padded && unpadded) return KNOWN_IDS.has(fourCC(peek, 0)) && !KNOWN_IDS.has(fourCC(peek, 1)) ? end : end + 1;
  return unpadded && !padded ? end : end + 1;
}

export function unreadable(container: Container, message: string): ProbeResult {
  return { ok: false, container, issues: [{ code: 'unreadable', message }] };
}

/** "88200 bytes (0.5 s)": how much audio a byte count is, for truncation messages. */
export function describeBytes(bytes: number, bytesPerSecond: number): string {
  if (bytesPerSecond <= 0) return `${bytes} bytes`;
  return `${bytes} bytes (${Number((bytes / bytesPerSecond).toFixed(3))} s)`;
}

export function latin1(bytes: Uint8Array, offset: number, length: number): string {
  const field = bytes.subarray(offset, offset + length);
  const nul = field.indexOf(0);
  return String.fromCharCode(...(nul < 0 ? field : field.subarray(0, nul))).trimEnd();
}

// ---- RIFF family ----------------------------------------------------------------------------

interface Family {
  container: Container;
  littleEndian: boolean;
  /** RF64/BW64: sizes of 0xFFFFFFFF are placeholders for the 64-bit values in ds64. */
  sizes64: boolean;
}

const FAMILIES: Readonly<Record<string, Family>> = {
  RIFF: { container: 'wav', littleEndian: true, sizes64: false },
  RIFX: { container: 'rifx', littleEndian: false, sizes64: false },
  RF64: { container: 'rf64', littleEndian: true, sizes64: true },
  BW64: { container: 'bw64', littleEndian: true, sizes64: true },
};

/** The container a RIFF-family magic ('RIFF', 'RF64'…) announces; null for other bytes. */
export function riffFamilyContainer(magic: string): Container | null {
  return Object.hasOwn(FAMILIES, magic) ? FAMILIES[magic]!.container : null;
}

const PLACEHOLDER_32 = 0xffffffff;
/** fmt needs 40 bytes at most (WAVE_FORMAT_EXTENSIBLE); bext up to TimeReferenceHigh is 346. */
const FMT_READ = 40;
const BEXT_READ = 346;

interface ChunkBytes {
  bytes: Uint8Array;
  declared: number;
}

interface DataChunk {
  offset: number;
  declared: number;
  /** Size field was 0 / 0xFFFFFFFF with audio after it: the writer never came back to fill it in. */
  placeholder: boolean;
}

interface RiffScan {
  chunkIds: string[];
  fmt: ChunkBytes | null;
  ds64: { riffSize: number; dataSize: number } | null;
  bext: Uint8Array | null;
  ixml: { offset: number; size: number } | null;
  factFrames: number | null;
  data: DataChunk | null;
  /** Why the walk ended before the end of the file, for "no fmt chunk" messages. */
  stoppedBecause: string | null;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(v: DataView, offset: number, le: boolean): number {
  const low = v.getUint32(offset + (le ? 0 : 4), le);
  const high = v.getUint32(offset + (le ? 4 : 0), le);
  return low + high * 2 ** 32;
}

/** A 0-byte data chunk is real (no samples) when nothing or another chunk follows its header. */
async function isZeroSizePlaceholder(reader: ReadAhead, bodyOffset: number): Promise<boolean> {
  if (bodyOffset >= reader.source.size) return false;
  return !isPlausibleChunkId(await reader.at(bodyOffset, 4));
}

/**
 * The next chunk header of a RIFF-style walk (RIFF, RIFX, RF64, AIFF): its id, 32-bit size and
 * body offset, or why the walk stops there (chunk cap, cut-off header, no plausible id).
 */
export async function readChunkHeader(
  reader: ReadAhead,
  pos: number,
  chunksSoFar: number,
  littleEndian: boolean,
): Promise<{ id: string; size: number; body: number } | { stop: string }> {
  if (chunksSoFar >= MAX_CHUNKS) return { stop: `gave up after ${MAX_CHUNKS} chunks` };
  const header = await reader.at(pos, 8);
  if (header.length < 8) return { stop: `the file ends inside a chunk header at byte ${pos} (${quoteId(fourCC(header))})` };
  if (!isPlausibleChunkId(header)) return { stop: `no valid chunk id at byte ${pos} (${quoteId(fourCC(header))})` };
  return { id: fourCC(header), size: view(header).getUint32(4, littleEndian), body: pos + 8 };
}

async function walkChunks(reader: ReadAhead, family: Family): Promise<RiffScan> {
  const source = reader.source;
  const le = family.littleEndian;
  const scan: RiffScan = { chunkIds: [], fmt: null, ds64: null, bext: null, ixml: null, factFrames: null, data: null, stoppedBecause: null };
  let pos = 12;
  while (pos < source.size) {
    const next = await readChunkHeader(reader, pos, scan.chunkIds.length, le);
    if ('stop' in next) {
      scan.stoppedBecause = next.stop;
      break;
    }
    const { id, body } = next;
    let size = next.size;
    scan.chunkIds.push(id);
    if (id === 'ds64' && family.sizes64 && !scan.ds64) {
      const ds64 = await reader.at(body, Math.min(size, 16));
      if (ds64.length === 16) scan.ds64 = { riffSize: u64(view(ds64), 0, le), dataSize: u64(view(ds64), 8, le) };
    } else if (id === 'fmt ' && !scan.fmt) {
      scan.fmt = { bytes: await reader.at(body, Math.min(size, FMT_READ)), declared: size };
    } else if (id === 'bext' && !scan.bext) {
      scan.bext = await reader.at(body, Math.min(size, BEXT_READ));
    } else if (id === 'iXML' && !scan.ixml) {
      scan.ixml = { offset: body, size };
    } else if (id === 'fact' && scan.factFrames === null && size >= 4) {
      const fact = await reader.at(body, 4);
      if (fact.length === 4) scan.factFrames = view(fact).getUint32(0, le);
    } else if (id === 'data') {
      // A size resolved through ds64 is a real 64-bit count, even when it happens to be 0xFFFFFFFF.
      const viaDs64 = family.sizes64 && size === PLACEHOLDER_32 && scan.ds64 !== null;
      if (viaDs64) size = scan.ds64!.dataSize;
      const placeholder = (size === PLACEHOLDER_32 && !viaDs64) || (size === 0 && (await isZeroSizePlaceholder(reader, body)));
      if (!scan.data || (scan.data.declared === 0 && !scan.data.placeholder)) {
        scan.data = { offset: body, declared: size, placeholder };
      }
      // Nothing after an unsized data chunk can be found: it runs to the end of the file.
      if (placeholder) break;
    }
    pos = await nextChunkOffset(reader, body, size);
  }
  return scan;
}

// ---- fmt ------------------------------------------------------------------------------------

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

const TAG_NAMES: Readonly<Record<number, string>> = {
  0x0002: 'Microsoft ADPCM', 0x0006: 'A-law', 0x0007: 'µ-law', 0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10', 0x0050: 'MPEG', 0x0055: 'MPEG Layer 3', 0x0092: 'Dolby AC-3', 0x2000: 'AC-3',
};

/** KSDATAFORMAT_SUBTYPE_* GUIDs are xxxxxxxx-0000-0010-8000-00aa00389b71, xxxxxxxx the format tag. */
const SUBFORMAT_DATA4 = [0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

interface WaveFmt {
  formatTag: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  /** Valid bits for EXTENSIBLE when given, else the container's bits per sample. */
  bitDepth: number;
  channelMask: number | null;
  codec: Codec;
  /**
   * PCM or IEEE float (by tag or subformat) with a checked block align: frames are whole blocks,
   * even when the sample width is one no converter reads.
   */
  uncompressed: boolean;
  /** Why a readable header still cannot be decoded as PCM or float. */
  unsupported: string | null;
}

/** Widest integer sample the decoder reads (pcmConverters.ts: 1 to 4 bytes). */
export const MAX_INTEGER_BITS = 32;

function hex4(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;
}

function guidText(bytes: Uint8Array, le: boolean): string {
  const v = view(bytes);
  const h = (n: number, w: number) => n.toString(16).padStart(w, '0');
  const tail = [...bytes.subarray(8, 16)].map((b) => h(b, 2)).join('');
  return `${h(v.getUint32(0, le), 8)}-${h(v.getUint16(4, le), 4)}-${h(v.getUint16(6, le), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/** The format tag a standard KSDATAFORMAT subtype GUID stands for (1 PCM, 3 float), else null. */
function subFormatCode(guid: Uint8Array, le: boolean): number | null {
  const v = view(guid);
  const standard = v.getUint16(4, le) === 0x0000 && v.getUint16(6, le) === 0x0010 &&
    SUBFORMAT_DATA4.every((b, i) => guid[8 + i] === b);
  return standard ? v.getUint32(0, le) : null;
}

function parseFmt(fmt: ChunkBytes, le: boolean): WaveFmt | { error: string } {
  if (fmt.declared < 16) return { error: `fmt chunk is ${fmt.declared} bytes, needs at least 16` };
  if (fmt.bytes.length < 16) return { error: `fmt chunk is cut off: ${fmt.bytes.length} of ${fmt.declared} bytes present` };
  const v = view(fmt.bytes);
  const formatTag = v.getUint16(0, le);
  const channels = v.getUint16(2, le);
  const sampleRate = v.getUint32(4, le);
  const byteRate = v.getUint32(8, le);
  const blockAlign = v.getUint16(12, le);
  const bitsPerSample = v.getUint16(14, le);
  if (channels === 0) return { error: 'fmt declares 0 channels' };
  if (sampleRate === 0) return { error: 'fmt declares a sample rate of 0 Hz' };
  if (blockAlign === 0) return { error: 'fmt declares a block align of 0 bytes' };

  let code = formatTag;
  let bitDepth = bitsPerSample;
  let channelMask: number | null = null;
  let unsupported: string | null = null;
  if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
    if (fmt.declared < 40) return { error: `WAVE_FORMAT_EXTENSIBLE fmt chunk is ${fmt.declared} bytes, needs at least 40` };
    if (fmt.bytes.length < 40) return { error: `fmt chunk is cut off: ${fmt.bytes.length} of ${fmt.declared} bytes present` };
    const cbSize = v.getUint16(16, le);
    if (cbSize < 22) return { error: `WAVE_FORMAT_EXTENSIBLE extension size (cbSize) is ${cbSize}, needs at least 22` };
    const validBits = v.getUint16(18, le);
    if (validBits > bitsPerSample) return { error: `fmt declares ${validBits} valid bits in a ${bitsPerSample}-bit sample container` };
    bitDepth = validBits || bitsPerSample;
    channelMask = v.getUint32(20, le);
    const guid = fmt.bytes.subarray(24, 40);
    const sub = subFormatCode(guid, le);
    code = sub ?? -1;
    if (sub !== WAVE_FORMAT_PCM && sub !== WAVE_FORMAT_IEEE_FLOAT) {
      unsupported = `WAVE_FORMAT_EXTENSIBLE subformat ${guidText(guid, le)} is not PCM or IEEE float`;
    }
  } else if (formatTag !== WAVE_FORMAT_PCM && formatTag !== WAVE_FORMAT_IEEE_FLOAT) {
    const name = TAG_NAMES[formatTag];
    unsupported = `format tag ${hex4(formatTag)}${name ? ` (${name})` : ''} is not PCM or IEEE float`;
  }

  let codec: Codec = unsupported ? 'other' : code === WAVE_FORMAT_IEEE_FLOAT ? 'float' : 'pcm';
  const uncompressed = codec !== 'other';
  if (uncompressed) {
    if (bitsPerSample === 0) return { error: 'fmt declares 0 bits per sample' };
    const needed = channels * Math.ceil(bitsPerSample / 8);
    if (blockAlign !== needed) {
      return { error: `block align is ${blockAlign} bytes, but ${channels} channels of ${bitsPerSample}-bit samples need ${needed}` };
    }
    if (codec === 'float' && bitsPerSample !== 32 && bitsPerSample !== 64) {
      unsupported = `${bitsPerSample}-bit IEEE float samples are not supported (only 32 and 64)`;
      codec = 'other';
    } else if (codec === 'pcm' && bitsPerSample > MAX_INTEGER_BITS) {
      // A consistent header for a width no converter reads: the file is integer PCM (its codec
      // says so), whole blocks give its frames; the issue says its samples cannot be decoded.
      const width = bitDepth === bitsPerSample ? `${bitDepth}-bit integer samples` : `${bitDepth}-bit integer samples in ${bitsPerSample}-bit containers`;
      unsupported = `${width} are not supported (${MAX_INTEGER_BITS} bits at most)`;
    }
  }
  return { formatTag, channels, sampleRate, byteRate, blockAlign, bitDepth, channelMask, codec, uncompressed, unsupported };
}

// ---- result ---------------------------------------------------------------------------------

/** Compressed codecs hold no fixed bytes per frame: trust fact, else the average byte rate. */
function compressedFrames(fmt: WaveFmt, available: number, data: DataChunk, factFrames: number | null): number {
  if (factFrames !== null) {
    const complete = data.placeholder || data.declared <= available;
    return complete ? factFrames : Math.floor((factFrames * available) / data.declared);
  }
  return fmt.byteRate > 0 ? Math.floor((available * fmt.sampleRate) / fmt.byteRate) : 0;
}

function parseBext(bytes: Uint8Array, le: boolean): { bext: ProbeDetails['bext']; timeReference: number | null } {
  const bext = {
    description: latin1(bytes, 0, 256),
    originator: latin1(bytes, 256, 32),
    originatorReference: latin1(bytes, 288, 32),
    originationDate: latin1(bytes, 320, 10),
    originationTime: latin1(bytes, 330, 8),
  };
  // TimeReference is a 64-bit sample count split into low and high 32-bit words.
  const timeReference = bytes.length >= BEXT_READ ? u64(view(bytes), 338, le) : null;
  return { bext, timeReference };
}

interface DataExtent {
  magic: string;
  data: DataChunk;
  available: number;
  fileSize: number;
  bytesPerSecond: number;
  /** RIFF size from the header (ds64 for RF64/BW64); null when it is a placeholder. */
  riffSize: number | null;
}

function dataIssues({ magic, data, available, fileSize, bytesPerSecond, riffSize }: DataExtent): ProbeIssue[] {
  if (data.placeholder) {
    const field = data.declared === 0 ? '0' : '0xFFFFFFFF';
    return [{ code: 'unfinalised', message: `data chunk size is ${field} (header never finalised); counted the ${describeBytes(available, bytesPerSecond)} to the end of the file` }];
  }
  if (data.declared > available) {
    return [{ code: 'truncated', message: `data chunk declares ${data.declared} bytes but the file holds ${available}: ${describeBytes(data.declared - available, bytesPerSecond)} missing` }];
  }
  // Audio complete, but the file is shorter than the RIFF header says: chunks after it were lost.
  // One byte of slack: a missing final pad byte loses nothing.
  const declaredEnd = riffSize === null ? 0 : riffSize + 8;
  return declaredEnd > fileSize + 1
    ? [{ code: 'truncated', message: `${magic} header declares ${declaredEnd} bytes but the file has ${fileSize}: the last ${declaredEnd - fileSize} bytes are missing` }]
    : [];
}

/** " (the file ends at byte 72 but the RIFF header declares 17708)": says a missing chunk was cut off. */
function cutShort(magic: string, riffSize: number | null, fileSize: number): string {
  return riffSize !== null && riffSize + 8 > fileSize + 1
    ? ` (the file ends at byte ${fileSize} but the ${magic} header declares ${riffSize + 8})`
    : '';
}

/** The RIFF size field, resolved through ds64 for RF64/BW64; null for placeholders. */
function declaredRiffSize(head: Uint8Array, family: Family, scan: RiffScan): number | null {
  const size = view(head).getUint32(4, family.littleEndian);
  const resolved = family.sizes64 && size === PLACEHOLDER_32 ? scan.ds64?.riffSize ?? 0 : size;
  return resolved === 0 || resolved === PLACEHOLDER_32 ? null : resolved;
}

export async function probeRiff(source: ByteSource): Promise<ProbeResult> {
  const reader = new ReadAhead(source);
  const head = await reader.at(0, 12);
  const magic = fourCC(head);
  const family = FAMILIES[magic];
  if (!family) return unreadable('unknown', `file does not start with RIFF, RIFX, RF64 or BW64 (${quoteId(magic)})`);
  if (head.length < 12) return unreadable(family.container, `file is ${source.size} bytes, too short for a ${magic} header (12)`);
  const formType = fourCC(head, 8);
  if (formType !== 'WAVE') return unreadable('unknown', `${magic} form type is ${quoteId(formType)}, not 'WAVE'`);
  const le = family.littleEndian;
  const container = family.container;

  const scan = await walkChunks(reader, family);
  const why = scan.stoppedBecause ? ` (${scan.stoppedBecause})` : '';
  if (!scan.fmt) return unreadable(container, `no fmt chunk${scan.data ? '' : ' and no data chunk'}${why}`);
  const fmt = parseFmt(scan.fmt, le);
  if ('error' in fmt) return unreadable(container, fmt.error);
  if (!scan.data) return unreadable(container, `no data chunk${why || cutShort(magic, declaredRiffSize(head, family, scan), source.size)}`);

  const data = scan.data;
  const present = Math.max(0, source.size - data.offset);
  const available = data.placeholder ? present : Math.min(data.declared, present);
  const frames = fmt.uncompressed
    ? Math.floor(available / fmt.blockAlign)
    : compressedFrames(fmt, available, data, scan.factFrames);
  const bytesPerSecond = fmt.uncompressed ? fmt.blockAlign * fmt.sampleRate : fmt.byteRate;
  const riffSize = declaredRiffSize(head, family, scan);
  const issues = dataIssues({ magic, data, available, fileSize: source.size, bytesPerSecond, riffSize });
  if (fmt.unsupported) issues.push({ code: 'unsupported', message: `${fmt.unsupported}, so its samples cannot be decoded` });

  const parsedBext = scan.bext ? parseBext(scan.bext, le) : null;
  const format: AudioFormat = {
    container,
    codec: fmt.codec,
    sampleRate: fmt.sampleRate,
    bitDepth: fmt.bitDepth,
    channels: fmt.channels,
    frames,
    durationSec: frames / fmt.sampleRate,
    timeReference: parsedBext?.timeReference ?? null,
  };
  const details: ProbeDetails = {
    formatTag: fmt.formatTag,
    blockAlign: fmt.blockAlign,
    dataOffset: data.offset,
    dataDeclaredBytes: data.declared,
    dataAvailableBytes: available,
    channelMask: fmt.channelMask,
    bigEndian: !le,
    chunks: scan.chunkIds,
    bext: parsedBext?.bext ?? null,
    ixml: scan.ixml,
  };
  return { ok: true, format, details, issues };
}
