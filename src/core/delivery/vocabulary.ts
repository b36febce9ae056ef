import type { ReferenceKind, StemGroup } from './model';

/**
 * The words engineers use, in one place. Tables are ordered: the first match wins, so specific
 * phrases ("backing vocals", "vox up") stand before the general words they contain ("vocals").
 */

export const AUDIO_EXTENSIONS = new Set([
  'wav', 'wave', 'bwf', 'rf64', 'w64', 'aif', 'aiff', 'aifc', 'flac', 'mp3', 'm4a', 'aac', 'ogg',
  'oga', 'opus', 'caf', 'wma', 'alac', 'mp2', 'dsf', 'dff',
]);

/** DAW sessions and interchange files; `.logicx` and `.band` are folders (macOS bundles). */
export const SESSION_EXTENSIONS = new Set([
  'ptx', 'ptf', 'pts', 'logicx', 'logic', 'band', 'als', 'alp', 'cpr', 'npr', 'rpp', 'rpp-bak',
  'song', 'flp', 'aaf', 'omf', 'omfi', 'sesx', 'dawproject', 'bwproject', 'reason', 'ardour',
  'xrns', 'aup', 'aup3', 'mmpz', 'cwp', 'studioone',
]);

/** Session extensions that are folders on disk: the scanner treats them as one file. */
export const SESSION_BUNDLE_EXTENSIONS = new Set(['logicx', 'logic', 'band']);

export const DOCUMENT_EXTENSIONS = new Set([
  'pdf', 'txt', 'md', 'rtf', 'doc', 'docx', 'odt', 'pages', 'csv', 'xls', 'xlsx', 'numbers', 'ods',
  'json', 'jsonc', 'xml', 'html', 'htm', 'jpg', 'jpeg', 'png', 'gif', 'tif', 'tiff', 'heic', 'webp',
  'sha256', 'sha1', 'md5', 'cue', 'lrc', 'srt', 'edl', 'mid', 'midi',
]);

/** Folder names that say what the files inside are (whole name, after tokenising). */
export const MULTITRACK_FOLDERS = [
  'multitracks', 'multitrack', 'multi tracks', 'multi track', 'mts', 'mt', 'tracks', 'raw',
  'raw tracks', 'edits', 'edited tracks', 'edited multitracks', 'audio files', 'consolidated',
  'consolidated tracks', 'session tracks',
];
export const STEM_FOLDERS = ['stems', 'stem', 'mix stems', 'stem mixes', 'stem prints'];
export const REFERENCE_FOLDERS = [
  'references', 'reference', 'refs', 'ref', 'mixes', 'mix', 'masters', 'master', 'mastering',
  'alt mixes', 'alternate mixes', 'alternates', 'alts', 'mix prints', 'bounces', 'final mixes',
  'finals', 'premasters', 'pre masters',
];

/** A name token that marks a stem wherever the file sits. */
export const STEM_TOKENS = ['stem', 'stems'];

export const REFERENCE_KIND_WORDS: ReadonlyArray<readonly [ReferenceKind, readonly string[]]> = [
  ['a-cappella', ['acapella', 'acappella', 'a cappella', 'a capella', 'acca', 'vocal only', 'vox only', 'vocals only']],
  ['instrumental', ['instrumental', 'inst', 'instr', 'no vox', 'novox', 'no vocals', 'karaoke']],
  ['tv', ['tv', 'tv mix', 'tv track', 'backing track', 'production only', 'prod only', 'track only']],
  ['vocal-up', ['vox up', 'vocal up', 'vocals up', 'voc up', 'vup', 'vox plus', 'vocal plus']],
  ['vocal-down', ['vox down', 'vocal down', 'vocals down', 'voc down', 'vox dn', 'vdown', 'vox minus', 'vocal minus']],
  ['clean', ['clean', 'clean edit', 'radio edit']],
  ['master', ['master', 'mastered', 'premaster']],
  ['main', ['main', 'main mix', 'full mix', 'mix', 'final mix', 'stereo mix', 'lr mix']],
];

export const STEM_GROUP_WORDS: ReadonlyArray<readonly [StemGroup, readonly string[]]> = [
  ['backing-vocals', ['bgv', 'bgvs', 'bvs', 'bv', 'bvox', 'backing vocals', 'backing vocal', 'backing vox', 'backings', 'background vocals', 'bg vox', 'choir', 'harmonies', 'harmony']],
  ['vocals', ['vocals', 'vocal', 'vox', 'lead vocal', 'lead vocals', 'lead vox', 'lv', 'voice', 'vo']],
  ['percussion', ['percussion', 'perc', 'percs', 'shaker', 'tambourine', 'tamb', 'congas', 'bongos']],
  ['drums', ['drums', 'drum', 'drm', 'drms', 'kit', 'kick', 'snare', 'overheads', 'beat', 'beats']],
  ['bass', ['bass', 'bas', 'sub', 'sub bass', '808']],
  ['guitars', ['guitars', 'guitar', 'gtrs', 'gtr', 'gits', 'acoustic']],
  ['synths', ['synths', 'synth', 'syn', 'pads', 'pad', 'arp', 'arps', 'lead synth']],
  ['keys', ['keys', 'keyboards', 'keyboard', 'kbd', 'kbds', 'piano', 'pianos', 'organ', 'rhodes', 'wurli', 'epiano']],
  ['strings', ['strings', 'string', 'str', 'violins', 'cello', 'orchestra', 'orch']],
  ['brass', ['brass', 'horns', 'horn', 'trumpets', 'trumpet', 'sax', 'trombone', 'winds']],
  ['fx', ['fx', 'sfx', 'effects', 'efx', 'risers', 'ear candy', 'sweeps', 'transitions']],
  ['production', ['production', 'prod', 'loops', 'samples', 'other', 'misc']],
];

/** Time-based effects: printed on a source track they are a problem; on their own track, a print. */
export const TIME_EFFECT_WORDS = [
  'reverb', 'verb', 'rvb', 'delay', 'dly', 'echo', 'slapback', 'slap', 'plate', 'hall', 'chamber',
  'room verb', 'spring',
];

/** Words that, with an effect word, mark an effect print ("Vox Verb Print", "Delay Return"). */
export const PRINT_WORDS = ['print', 'printed', 'return', 'ret', 'wet', 'fx print', 'aux'];
