/**
 * What a header probe learns about an audio file, without decoding samples. Field names follow the
 * `format` object of the JSON output in DESIGN.md; the extra fields feed rules and the tree.
 */
export type Container = 'wav' | 'rf64' | 'bw64' | 'rifx' | 'aiff' | 'aifc' | 'flac' | 'mp3' | 'ogg' | 'm4a' | 'unknown';

export type Codec = 'pcm' | 'float' | 'other';

export interface AudioFormat {
  container: Container;
  codec: Codec;
  /** Sample rate in Hz. */
  sampleRate: number;
  /** Bits per sample as declared (valid bits for WAVE_FORMAT_EXTENSIBLE). */
  bitDepth: number;
  channels: number;
  /** Sample frames the data actually holds (bounded by the file's real size). */
  frames: number;
  durationSec: number;
  /** BWF `bext` TimeReference in samples since midnight; null without a bext chunk. */
  timeReference: number | null;
}

export interface ProbeDetails {
  /** Format tag from fmt (1 PCM, 3 float, 0xFFFE extensible…); null outside RIFF. */
  formatTag: number | null;
  /** Bytes per sample frame (block align). */
  blockAlign: number;
  /** Byte offset of the first sample and the byte length the header declares for them. */
  dataOffset: number;
  dataDeclaredBytes: number;
  /** Byte length really present in the file (≤ declared unless the declaration was a placeholder). */
  dataAvailableBytes: number;
  /** Channel mask of WAVE_FORMAT_EXTENSIBLE; null otherwise. */
  channelMask: number | null;
  /** True when the byte order of samples is big-endian (RIFX, AIFF). */
  bigEndian: boolean;
  /** The chunk ids in file order, for diagnostics ("fmt ", "bext", "data"…). */
  chunks: string[];
  /** BWF bext description/originator when present. */
  bext: { description: string; originator: string; originatorReference: string; originationDate: string; originationTime: string } | null;
  /** Where an iXML chunk's body lies (not read by the probe: it may be large); null without one. */
  ixml: { offset: number; size: number } | null;
}

/** A problem the probe found; `code` maps onto a rule id (format/unreadable, format/truncated…). */
export interface ProbeIssue {
  code: 'unreadable' | 'truncated' | 'unfinalised' | 'unsupported';
  message: string;
}

export type ProbeResult =
  | { ok: true; format: AudioFormat; details: ProbeDetails; issues: ProbeIssue[] }
  | { ok: false; container: Container; issues: ProbeIssue[] };
