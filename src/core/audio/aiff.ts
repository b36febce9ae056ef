import { ReadAhead, type ByteSource } from '../io/fileSource';
import type { AudioFormat, Codec, Container, ProbeDetails, ProbeIssue, ProbeResult } from './format';
import { MAX_INTEGER_BITS, describeBytes, fourCC, isPlausibleChunkId, nextChunkOffset, quoteId, readChunkHeader, unreadable } from './riff';

/**
 * Header-only reader for AIFF and AIFF-C: the COMM chunk (format) and the position of SSND
 * (samples). Everything is big-endian; only the `sowt` compression stores little-endian samples.
 * Reads go through a ReadAhead window, as in riff.ts.
 */

interface Compression {
  codec: Codec;
  littleEndian: boolean;
  /** Float codes fix the sample width whatever COMM's sampleSize says. */
  floatBits?: 32 | 64;
}

const PCM_BE: Compression = { codec: 'pcm', littleEndian: false };
const COMPRESSIONS: Readonly<Record<string, Compression>> = {
  NONE: PCM_BE, twos: PCM_BE, in24: PCM_BE, in32: PCM_BE, 'raw ': PCM_BE,
  sowt: { codec: 'pcm', littleEndian: true },
  fl32: { codec: 'float', littleEndian: false, floatBits: 32 },
  FL32: { codec: 'float', littleEndian: false, floatBits: 32 },
  fl64: { codec: 'float', littleEndian: false, floatBits: 64 },
  FL64: { codec: 'float', littleEndian: false, floatBits: 64 },
};

const PLACEHOLDER_32 = 0xffffffff;

interface Comm {
  channels: number;
  frames: number;
  sampleSize: number;
  sampleRate: number;
  compressionType: string;
}

interface Ssnd {
  bodyOffset: number;
  declared: number;
  /** Size 0 / 0xFFFFFFFF with sound after it: the writer never finalised the header. */
  placeholder: boolean;
}

interface FormScan {
  chunkIds: string[];
  comm: { bytes: Uint8Array; declared: number } | null;
  ssnd: Ssnd | null;
  stoppedBecause: string | null;
}

/** IEEE 754 80-bit extended, as COMM stores the sample rate. */
export function readExtended80(v: DataView, offset: number): number {
  const signExponent = v.getUint16(offset);
  const exponent = signExponent & 0x7fff;
  const mantissa = v.getUint32(offset + 2) * 2 ** 32 + v.getUint32(offset + 6);
  if (exponent === 0x7fff) return NaN;
  if (mantissa === 0) return 0;
  const value = mantissa * 2 ** (exponent - 16383 - 63);
  return signExponent & 0x8000 ? -value : value;
}

async function walkForm(reader: ReadAhead): Promise<FormScan> {
  const source = reader.source;
  const scan: FormScan = { chunkIds: [], comm: null, ssnd: null, stoppedBecause: null };
  let pos = 12;
  while (pos < source.size) {
    const next = await readChunkHeader(reader, pos, scan.chunkIds.length, false);
    if ('stop' in next) {
      scan.stoppedBecause = next.stop;
      break;
    }
    const { id, size, body } = next;
    scan.chunkIds.push(id);
    if (id === 'COMM' && !scan.comm) {
      scan.comm = { bytes: await reader.at(body, Math.min(size, 22)), declared: size };
    } else if (id === 'SSND' && !scan.ssnd) {
      const placeholder = size === PLACEHOLDER_32 ||
        (size === 0 && body < source.size && !isPlausibleChunkId(await reader.at(body, 4)));
      scan.ssnd = { bodyOffset: body, declared: size, placeholder };
      if (placeholder) break;
    }
    pos = await nextChunkOffset(reader, body, size);
  }
  return scan;
}

function parseComm(comm: { bytes: Uint8Array; declared: number }, aifc: boolean): Comm | { error: string } {
  const needed = aifc ? 22 : 18;
  if (comm.declared < needed) return { error: `COMM chunk is ${comm.declared} bytes, needs at least ${needed}` };
  if (comm.bytes.length < needed) return { error: `COMM chunk is cut off: ${comm.bytes.length} of ${comm.declared} bytes present` };
  const v = new DataView(comm.bytes.buffer, comm.bytes.byteOffset, comm.bytes.byteLength);
  const parsed: Comm = {
    channels: v.getUint16(0),
    frames: v.getUint32(2),
    sampleSize: v.getUint16(6),
    sampleRate: readExtended80(v, 8),
    compressionType: aifc ? fourCC(comm.bytes, 18) : 'NONE',
  };
  if (parsed.channels === 0) return { error: 'COMM declares 0 channels' };
  if (!(parsed.sampleRate > 0) || !Number.isFinite(parsed.sampleRate)) {
    return { error: `COMM declares a sample rate of ${parsed.sampleRate} Hz` };
  }
  return parsed;
}

interface SoundExtent {
  dataOffset: number;
  declared: number;
  available: number;
}

function soundExtent(ssnd: Ssnd, ssndHead: Uint8Array, fileSize: number): SoundExtent | { error: string } {
  if (!ssnd.placeholder && ssnd.declared < 8) return { error: `SSND chunk is ${ssnd.declared} bytes, needs at least 8` };
  if (ssndHead.length < 8) return { error: 'SSND chunk is cut off before its offset and block size fields' };
  const offset = new DataView(ssndHead.buffer, ssndHead.byteOffset, 8).getUint32(0);
  const dataOffset = ssnd.bodyOffset + 8 + offset;
  const present = Math.max(0, fileSize - dataOffset);
  if (ssnd.placeholder) return { dataOffset, declared: ssnd.declared, available: present };
  if (offset > ssnd.declared - 8) return { error: `SSND offset ${offset} points past the end of its ${ssnd.declared}-byte chunk` };
  const declared = ssnd.declared - 8 - offset;
  return { dataOffset, declared, available: Math.min(declared, present) };
}

export async function probeAiff(source: ByteSource): Promise<ProbeResult> {
  const reader = new ReadAhead(source);
  const head = await reader.at(0, 12);
  if (fourCC(head) !== 'FORM') return unreadable('unknown', `file does not start with FORM (${quoteId(fourCC(head))})`);
  if (head.length < 12) return unreadable('aiff', `file is ${source.size} bytes, too short for a FORM header (12)`);
  const formType = fourCC(head, 8);
  if (formType !== 'AIFF' && formType !== 'AIFC') {
    return unreadable('unknown', `FORM type is ${quoteId(formType)}, not 'AIFF' or 'AIFC'`);
  }
  const container: Container = formType === 'AIFC' ? 'aifc' : 'aiff';

  const scan = await walkForm(reader);
  const why = scan.stoppedBecause ? ` (${scan.stoppedBecause})` : '';
  if (!scan.comm) return unreadable(container, `no COMM chunk${why}`);
  const comm = parseComm(scan.comm, container === 'aifc');
  if ('error' in comm) return unreadable(container, comm.error);

  const compression = COMPRESSIONS[comm.compressionType];
  const issues: ProbeIssue[] = [];
  const codec: Codec = compression?.codec ?? 'other';
  /** Samples a converter reads: only then does the sample size say how long a frame is. */
  let decodable = codec !== 'other';
  if (!compression) {
    issues.push({ code: 'unsupported', message: `AIFF-C compression ${quoteId(comm.compressionType)} is not PCM or float, so its samples cannot be decoded` });
  } else if (codec === 'pcm' && comm.sampleSize === 0) {
    return unreadable(container, 'COMM declares 0 bits per sample');
  } else if (codec === 'pcm' && comm.sampleSize > MAX_INTEGER_BITS) {
    // Integer PCM of a width no converter reads (or a bogus sample size): COMM's frame count
    // stands, and no truncation is inferred from a frame size nothing can check.
    issues.push({ code: 'unsupported', message: `${comm.sampleSize}-bit integer samples are not supported (${MAX_INTEGER_BITS} bits at most), so its samples cannot be decoded` });
    decodable = false;
  }
  const bitDepth = compression?.floatBits ?? comm.sampleSize;
  // AIFF stores no block align: it follows from the sample size only for samples we can read.
  const blockAlign = decodable ? comm.channels * Math.ceil(bitDepth / 8) : 0;

  // AIFF needs no SSND when there are no frames; otherwise the samples are missing.
  let extent: SoundExtent = { dataOffset: 0, declared: 0, available: 0 };
  if (scan.ssnd) {
    const found = soundExtent(scan.ssnd, await reader.at(scan.ssnd.bodyOffset, 8), source.size);
    if ('error' in found) return unreadable(container, found.error);
    extent = found;
  } else if (comm.frames > 0) {
    return unreadable(container, `no SSND chunk, though COMM declares ${comm.frames} sample frames${why}`);
  }

  let frames = comm.frames;
  if (decodable && blockAlign > 0) {
    const framesPresent = Math.floor(extent.available / blockAlign);
    const bytesPerSecond = blockAlign * comm.sampleRate;
    if (scan.ssnd?.placeholder || (comm.frames === 0 && framesPresent > 0)) {
      frames = framesPresent;
      issues.push({ code: 'unfinalised', message: `${scan.ssnd?.placeholder ? 'SSND chunk size' : 'COMM sample frame count'} was never finalised; counted the ${describeBytes(extent.available, bytesPerSecond)} to the end of the sound data` });
    } else if (framesPresent < comm.frames) {
      frames = framesPresent;
      const missing = comm.frames * blockAlign - extent.available;
      issues.push({ code: 'truncated', message: `COMM declares ${comm.frames} sample frames but only ${framesPresent} are present: ${describeBytes(missing, bytesPerSecond)} missing` });
    }
  }

  const format: AudioFormat = {
    container,
    codec,
    sampleRate: comm.sampleRate,
    bitDepth,
    channels: comm.channels,
    frames,
    durationSec: frames / comm.sampleRate,
    timeReference: null,
  };
  const details: ProbeDetails = {
    formatTag: null,
    blockAlign,
    dataOffset: extent.dataOffset,
    dataDeclaredBytes: extent.declared,
    dataAvailableBytes: extent.available,
    channelMask: null,
    bigEndian: !(compression?.littleEndian ?? false),
    chunks: scan.chunkIds,
    bext: null,
    ixml: null,
  };
  return { ok: true, format, details, issues };
}
