import { readAt, type ByteSource } from '../io/fileSource';
import { probeAiff } from './aiff';
import type { Container, ProbeResult } from './format';
import { probeFlac } from './otherFormats';
import { fourCC, quoteId, riffFamilyContainer, probeRiff, unreadable } from './riff';

/** Enough leading bytes to tell every container we know apart ('RIFF' size 'WAVE', '....ftyp'). */
export const SNIFF_BYTES = 12;

/** MPEG audio frame header: 11 sync bits, then a version, layer, bitrate and rate that exist. */
function isMpegFrameSync(b: Uint8Array): boolean {
  if (b.length < 3 || b[0] !== 0xff || (b[1]! & 0xe0) !== 0xe0) return false;
  const version = (b[1]! >> 3) & 0x03;
  const layer = (b[1]! >> 1) & 0x03;
  const bitrate = b[2]! >> 4;
  const rate = (b[2]! >> 2) & 0x03;
  // Layer 0 is ADTS AAC, not MPEG audio; version 1, bitrate 15 and rate 3 are reserved.
  return version !== 1 && layer !== 0 && bitrate !== 0x0f && rate !== 0x03;
}

/**
 * The container the first bytes announce, whatever the file is called. A RIFF or FORM file whose
 * form type is not audio ('ACON' cursors, '8SVX') is 'unknown'. ID3 is taken to mean MP3.
 */
export function detectContainer(bytes: Uint8Array): Container {
  const magic = fourCC(bytes);
  const riff = riffFamilyContainer(magic);
  if (riff) return fourCC(bytes, 8) === 'WAVE' ? riff : 'unknown';
  if (magic === 'FORM') {
    const formType = fourCC(bytes, 8);
    return formType === 'AIFF' ? 'aiff' : formType === 'AIFC' ? 'aifc' : 'unknown';
  }
  if (magic === 'fLaC') return 'flac';
  if (magic === 'OggS') return 'ogg';
  if (magic.startsWith('ID3') || isMpegFrameSync(bytes)) return 'mp3';
  if (fourCC(bytes, 4) === 'ftyp') return 'm4a';
  return 'unknown';
}

/**
 * Reads an audio file's header through `source` and says what it holds. RIFF family, AIFF/AIFC and
 * FLAC are read here; MP3/Ogg/M4A come back `ok: false` with their container and an `unsupported`
 * issue, for the caller to hand to probeWithMusicMetadata. Never throws.
 */
export async function probeAudio(source: ByteSource): Promise<ProbeResult> {
  try {
    if (source.size === 0) return unreadable('unknown', 'file is empty (0 bytes)');
    const head = await readAt(source, 0, SNIFF_BYTES);
    const magic = fourCC(head);
    // Dispatch on the magic alone so a bad form type gets the reader's precise message.
    if (riffFamilyContainer(magic)) return await probeRiff(source);
    if (magic === 'FORM') return await probeAiff(source);
    const container = detectContainer(head);
    if (container === 'flac') return await probeFlac(source);
    if (container === 'unknown') return unreadable('unknown', `not a recognised audio container (file starts with ${quoteId(magic)})`);
    return { ok: false, container, issues: [{ code: 'unsupported', message: `${container} headers are read through music-metadata, not the byte probe` }] };
  } catch (err) {
    return unreadable('unknown', `header could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}
