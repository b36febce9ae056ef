/**
 * Names DAWs give tracks, regions and bounces when nobody names them: Pro Tools "Audio 1_03",
 * "Audio 1_01-02", "Audio 1.dup1_01", "Audio 1_01.L"; Logic "Audio 1#01", "Inst 2", "Bus 3",
 * "Bounce 1", "Audio 1_bip"; Ableton "1-Audio", "2-Audio 0001 [2024-05-01 101010]"; Reaper
 * "Track 1-002"; Studio One "Audio 1(3)"; Cubase "Audio 01_01-01"; phones "New Recording 4".
 */

/** A DAW's word for an unnamed track or bounce, with nothing else in the name. */
const DEFAULT_WORDS = [
  'audio track', 'audio', 'track', 'software instrument', 'instrument', 'inst', 'midi track', 'midi',
  'aux', 'bus', 'bounce', 'bounced', 'new recording', 'recording', 'new track', 'untitled', 'unnamed',
  'take', 'region',
];

const WORD = DEFAULT_WORDS.map((w) => w.replace(' ', '[\\s_-]?')).join('|');
/**
 * Numbers after the word: "Audio1", then each after its separator: " 1", "_03", "-02", "#01",
 * "(3)", ".dup1". A separator before every later number keeps the match linear in time.
 */
const NUMBERS = '\\d*(?:(?:[\\s_#.(\\-]|\\.dup)+\\d+\\)?)*';
/** Ableton's recording time stamp, a channel suffix of a multi-mono split, Logic's bounce-in-place. */
const SUFFIXES = '(?:\\s*\\[[^\\]]*\\])?(?:[._\\-](?:l|r|c|ls|rs|lfe|bip))?';
const GENERIC = new RegExp(`^(?:\\d+\\s*-\\s*)?(?:${WORD})${NUMBERS}${SUFFIXES}$`, 'i');

/** Folders a DAW makes inside a session folder: copied as is, they say nothing of what they hold. */
const GENERIC_FOLDERS = /^(bounced files|freeze files|rendered files|untitled folder( \d+)?|new folder( \(\d+\))?)$/i;

export function isGenericName(base: string): boolean {
  return GENERIC.test(base.trim());
}

export function isGenericFolderName(name: string): boolean {
  return GENERIC_FOLDERS.test(name.trim());
}
