import { ReadAhead, readAt, type ByteSource } from '../io/fileSource';
import { fourCC, nextChunkOffset, readChunkHeader } from './riff';

/**
 * BWF `bext` and iXML metadata of a RIFF-family file, for the waveform editor's side panel. Reads
 * chunk headers and the two small chunks only (iXML up to MAX_IXML_BYTES), never the audio.
 * AIFF and other containers carry neither: they give null.
 */

export const MAX_IXML_BYTES = 256 * 1024;
/** bext up to and including TimeReferenceHigh. */
const BEXT_BYTES = 346;

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
  const head = await readAt(source, 0, 12);
  if (head.length < 12) return null;
  const magic = fourCC(head, 0);
  if (!['RIFF', 'RF64', 'BW64', 'RIFX'].includes(magic) || fourCC(head, 8) !== 'WAVE') return null;
  const le = magic !== 'RIFX';
  const reader = new ReadAhead(source);
  const out: BroadcastMetadata = { bext: null, ixml: null };
  let pos = 12;
  for (let chunks = 0; pos < source.size; chunks++) {
    const next = await readChunkHeader(reader, pos, chunks, le);
    if ('stop' in next) break;
    if (next.id === 'bext' && !out.bext) out.bext = parseBext(await readAt(source, next.body, Math.min(next.size, BEXT_BYTES)), le);
    if (next.id === 'iXML' && !out.ixml) out.ixml = parseIxml(new TextDecoder().decode(await readAt(source, next.body, Math.min(next.size, MAX_IXML_BYTES))));
    // RF64 data sizes live in ds64; a data chunk sized 0xFFFFFFFF runs to the end: nothing after it.
    if (next.id === 'data' && next.size === 0xffffffff) break;
    pos = await nextChunkOffset(reader, next.body, next.size);
  }
  return out.bext || out.ixml ? out : null;
}

function parseBext(bytes: Uint8Array, le: boolean): NonNullable<BroadcastMetadata['bext']> {
  const text = (offset: number, length: number) => latin1(bytes.subarray(offset, offset + length));
  let timeReference: number | null = null;
  if (bytes.length >= BEXT_BYTES) {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    timeReference = v.getUint32(le ? 338 : 342, le) + v.getUint32(le ? 342 : 338, le) * 2 ** 32;
  }
  return {
    description: text(0, 256),
    originator: text(256, 32),
    originatorReference: text(288, 32),
    originationDate: text(320, 10),
    originationTime: text(330, 8),
    timeReference,
  };
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s.trim();
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
