import { ReadAhead, type ByteSource } from '../io/fileSource';
import type { AudioFormat, Codec, Container, ProbeDetails, ProbeIssue, ProbeResult } from './format';
import { MAX_CHUNKS, unreadable } from './riff';

/**
 * Containers that are not RIFF or AIFF. FLAC's STREAMINFO is read here directly (it is 34 bytes at
 * a fixed place and gives exact frame counts); the rest goes through music-metadata.
 */

// ---- FLAC -----------------------------------------------------------------------------------

const STREAMINFO = 0;
const STREAMINFO_BYTES = 34;

/**
 * Walks the metadata block headers to the first audio frame (through a ReadAhead window, so many
 * small blocks cost a few reads); only STREAMINFO's body is read.
 */
async function flacAudioOffset(reader: ReadAhead): Promise<{ offset: number; issue: ProbeIssue | null }> {
  const source = reader.source;
  let pos = 4;
  for (let blocks = 0; blocks < MAX_CHUNKS; blocks++) {
    const header = await reader.at(pos, 4);
    if (header.length < 4) return { offset: pos, issue: { code: 'truncated', message: `FLAC metadata ends at byte ${source.size} before its last block; no audio frames present` } };
    const length = (header[1]! << 16) | (header[2]! << 8) | header[3]!;
    const next = pos + 4 + length;
    if (next > source.size) {
      return { offset: source.size, issue: { code: 'truncated', message: `FLAC metadata block at byte ${pos} declares ${length} bytes but the file ends at byte ${source.size}` } };
    }
    if (header[0]! & 0x80) return { offset: next, issue: null };
    pos = next;
  }
  return { offset: pos, issue: null };
}

export async function probeFlac(source: ByteSource): Promise<ProbeResult> {
  const reader = new ReadAhead(source);
  const head = await reader.at(0, 8 + STREAMINFO_BYTES);
  if (head.length < 8) return unreadable('flac', `file is ${source.size} bytes, too short for a FLAC header`);
  const blockType = head[4]! & 0x7f;
  const blockLength = (head[5]! << 16) | (head[6]! << 8) | head[7]!;
  if (blockType !== STREAMINFO) {
    return unreadable('flac', `first FLAC metadata block is type ${blockType}, not STREAMINFO`);
  }
  if (blockLength < STREAMINFO_BYTES) return unreadable('flac', `STREAMINFO is ${blockLength} bytes, needs ${STREAMINFO_BYTES}`);
  if (head.length < 8 + STREAMINFO_BYTES) return unreadable('flac', 'STREAMINFO is cut off by the end of the file');

  // Bytes 10..17 of STREAMINFO pack rate (20 bits), channels-1 (3), bits-1 (5), total samples (36).
  const s = head.subarray(8);
  const sampleRate = (s[10]! << 12) | (s[11]! << 4) | (s[12]! >> 4);
  const channels = ((s[12]! >> 1) & 0x07) + 1;
  const bitDepth = (((s[12]! & 0x01) << 4) | (s[13]! >> 4)) + 1;
  const frames = (s[13]! & 0x0f) * 2 ** 32 + new DataView(s.buffer, s.byteOffset + 14, 4).getUint32(0);
  if (sampleRate === 0) return unreadable('flac', 'STREAMINFO declares a sample rate of 0 Hz');

  const { offset, issue } = await flacAudioOffset(reader);
  const issues: ProbeIssue[] = issue ? [issue] : [];
  if (frames === 0) issues.push({ code: 'unfinalised', message: 'STREAMINFO gives no total sample count (the encoder never finalised it)' });
  const format: AudioFormat = {
    container: 'flac', codec: 'pcm', sampleRate, bitDepth, channels, frames,
    durationSec: frames / sampleRate, timeReference: null,
  };
  const details: ProbeDetails = {
    formatTag: null, blockAlign: channels * Math.ceil(bitDepth / 8), dataOffset: offset,
    dataDeclaredBytes: source.size - offset, dataAvailableBytes: source.size - offset,
    channelMask: null, bigEndian: true, chunks: [], bext: null, ixml: null,
  };
  return { ok: true, format, details, issues };
}

// ---- music-metadata -------------------------------------------------------------------------

/** The part of music-metadata's IFormat we use; declared here so the mapping is testable alone. */
export interface MetadataFormat {
  readonly codec?: string;
  readonly lossless?: boolean;
  readonly sampleRate?: number;
  readonly bitsPerSample?: number;
  readonly numberOfChannels?: number;
  readonly duration?: number;
  readonly numberOfSamples?: number;
}

/** Same shape as probeFile's ProbedFile: what a caller needs whichever reader ran. */
export interface MetadataProbe {
  container: Container;
  format: AudioFormat | null;
  issues: ProbeIssue[];
}

/** Lossless codecs decode to plain PCM; everything else (MP3, AAC, Vorbis, Opus) is 'other'. */
function codecOf(format: MetadataFormat): Codec {
  return /^(flac|alac)\b/i.test(format.codec ?? '') ? 'pcm' : 'other';
}

export function fromMetadataFormat(format: MetadataFormat, container: Container): MetadataProbe {
  const { sampleRate, numberOfChannels } = format;
  if (!sampleRate || !numberOfChannels) {
    const message = `music-metadata found no audio stream description in this ${container} file`;
    return { container, format: null, issues: [{ code: 'unreadable', message }] };
  }
  const frames = format.numberOfSamples ?? (format.duration ? Math.round(format.duration * sampleRate) : 0);
  return {
    container,
    format: {
      container,
      codec: codecOf(format),
      sampleRate,
      bitDepth: format.bitsPerSample ?? 0,
      channels: numberOfChannels,
      frames,
      durationSec: format.duration ?? frames / sampleRate,
      timeReference: null,
    },
    issues: [],
  };
}

/**
 * Header facts of a FLAC/MP3/Ogg/M4A file through music-metadata. `duration: false` keeps it to
 * headers (no full scan of VBR MP3s). Never throws: a parse failure is an `unreadable` issue.
 */
export async function probeWithMusicMetadata(path: string, container: Container): Promise<MetadataProbe> {
  try {
    // Loaded on first use: most deliveries are WAV only and never pay for it.
    const { parseFile } = await import('music-metadata');
    const { format } = await parseFile(path, { duration: false, skipCovers: true });
    return fromMetadataFormat(format, container);
  } catch (err) {
    const message = `music-metadata could not read this ${container} file: ${err instanceof Error ? err.message : String(err)}`;
    return { container, format: null, issues: [{ code: 'unreadable', message }] };
  }
}
