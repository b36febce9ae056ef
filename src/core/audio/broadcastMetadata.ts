import { readAt, type ByteSource } from '../io/fileSource';
import { probeAudio } from './probe';
import type { AudioFormat, ProbeDetails } from './format';

/**
 * BWF `bext` and iXML metadata of a RIFF-family file, for the waveform editor's side panel. The
 * probe's one chunk walk finds both (bext parsed, iXML located); only the iXML body is read here,
 * up to MAX_IXML_BYTES, never the audio. AIFF and other containers carry neither: they give null.
 */

export const MAX_IXML_BYTES = 256 * 1024;

export interface BroadcastMetadata {
  bext: {
    description: string;
    originator: string;
    originatorReference: string;
    originationDate: string;
    originationTime: string;
    /** Samples since midnight. */
    timeReference: number | null;
  } | null;
  /** The iXML fields an engineer looks for; absent ones are left out. */
  ixml: Array<{ name: string; value: string }> | null;
}

/** iXML elements shown, in this order (their names as iXML spells them). */
const IXML_FIELDS = ['PROJECT', 'SCENE', 'TAKE', 'TAPE', 'CIRCLED', 'NOTE', 'FILE_UID', 'UBITS', 'SPEED/TIMECODE_RATE', 'SPEED/TIMECODE_FLAG'];

export async function readBroadcastMetadata(source: ByteSource): Promise<BroadcastMetadata | null> {
  const probe = await probeAudio(source);
  if (!probe.ok) return null;
  return metadataFromProbe(probe.format, probe.details, (offset, length) => readAt(source, offset, length));
}

/**
 * The metadata of a file probed earlier: bext as the probe parsed it, the iXML body through
 * `readBytes` (called only when the file has one), so a file without iXML costs no read at all.
 */
export async function metadataFromProbe(
  format: Pick<AudioFormat, 'timeReference'>,
  details: Pick<ProbeDetails, 'bext' | 'ixml'>,
  readBytes: (offset: number, length: number) => Promise<Uint8Array>,
): Promise<BroadcastMetadata | null> {
  const { bext, ixml: where } = details;
  const ixml = where ? parseIxml(new TextDecoder().decode(await readBytes(where.offset, Math.min(where.size, MAX_IXML_BYTES)))) : null;
  if (!bext && !ixml) return null;
  return { bext: bext && { ...bext, timeReference: format.timeReference }, ixml };
}

/**
 * The named fields of an iXML document, by element path ("SPEED/TIMECODE_RATE"), plus the track
 * names of TRACK_LIST. A tolerant scan, not an XML parser: iXML is flat and written by recorders
 * that do not always escape; a field that cannot be found is left out.
 */
export function parseIxml(xml: string): Array<{ name: string; value: string }> {
  const fields: Array<{ name: string; value: string }> = [];
  for (const field of IXML_FIELDS) {
    const parts = field.split('/');
    const scope = parts.length > 1 ? elementText(xml, parts[0]!) : xml;
    const value = scope === null ? null : elementText(scope, parts[parts.length - 1]!);
    if (value) fields.push({ name: field, value: unescapeXml(value) });
  }
  const trackList = elementText(xml, 'TRACK_LIST');
  if (trackList) {
    const names = [...trackList.matchAll(/<NAME>([^<]*)<\/NAME>/g)].map((m) => unescapeXml(m[1]!.trim())).filter(Boolean);
    if (names.length > 0) fields.push({ name: 'TRACK_LIST', value: names.join(', ') });
  }
  return fields;
}

function elementText(xml: string, name: string): string | null {
  const open = xml.indexOf(`<${name}>`);
  if (open < 0) return null;
  const close = xml.indexOf(`</${name}>`, open);
  if (close < 0) return null;
  const inner = xml.slice(open + name.length + 2, close).trim();
  return inner === '' ? null : inner;
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
