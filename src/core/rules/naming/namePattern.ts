import type { DeliveryFile, Role } from '../../delivery/model';
import type { EffectiveSpec } from '../../spec/effectiveSpec';
import { REFERENCE_KIND_WORDS, STEM_GROUP_WORDS } from '../../delivery/vocabulary';

/*
 * delivery.json `naming.pattern` ("{artist}_{title}_{name}") turned into a matcher for one file's
 * name (without extension). Literal text must be there as written (letter case aside); tokens are
 * lenient the way engineers write them: artist "Ada Lovelace" also matches "AdaLovelace" or
 * "Ada_Lovelace", {key} "F# minor" also "F#m" or "F#min", {bpm} 92 also "92bpm".
 */

export type Project = EffectiveSpec['project'];
type FileFacts = Pick<DeliveryFile, 'role' | 'group' | 'kind'>;

const ANY = '.+?';
const TOKEN = /\{([a-z]+)\}/gi;
const SEP = '[\\s_.-]?';
const SHARP = `(?:#|♯|${SEP}sharp)`;
const FLAT = `(?:b|♭|${SEP}flat)`;
const MINOR = `${SEP}(?:minor|min|m)`;
const MAJOR = `${SEP}(?:major|maj)`;

/** What {role} accepts for each role, and what an example name uses. */
const ROLE_WORDS: Partial<Record<Role, readonly string[]>> = {
  stem: ['stem', 'stems'],
  reference: ['mix', 'ref', 'reference', 'master'],
  multitrack: ['mt', 'multitrack', 'multi track', 'track'],
  'effect-print': ['print', 'fx print', 'effect print'],
};
const ROLE_EXAMPLE: Partial<Record<Role, string>> = { stem: 'STEM', reference: 'Mix', multitrack: 'MT', 'effect-print': 'Print' };

/** A trailing ".wav" in the pattern is ignored: the pattern describes the name before it. */
export function patternWithoutExtension(pattern: string): string {
  return pattern.replace(/\.[A-Za-z0-9]{2,5}$/, '');
}

export function compileNamePattern(pattern: string, project: Project, file: FileFacts): RegExp {
  const p = patternWithoutExtension(pattern).normalize('NFC');
  let source = '';
  let last = 0;
  for (const m of p.matchAll(TOKEN)) {
    source += escapeRegExp(p.slice(last, m.index)) + `(?:${tokenSource(m[1]!.toLowerCase(), project, file)})`;
    last = m.index + m[0].length;
  }
  source += escapeRegExp(p.slice(last));
  return new RegExp(`^${source}$`, 'iu');
}

/** The name the pattern asks for, built from the file's current name: shown in messages, offered for renaming. */
export function exampleName(pattern: string, project: Project, file: FileFacts, currentBase: string): string {
  const group = file.group ? camel(file.group) : null;
  const kind = file.kind ? camel(file.kind) : null;
  const filled: Record<string, string> = {
    artist: project.artist ?? 'Artist',
    title: project.title ?? 'Title',
    bpm: project.bpm !== null ? String(project.bpm) : '120',
    key: project.key !== null ? compactKey(project.key) : 'C',
    role: ROLE_EXAMPLE[file.role] ?? file.role,
    group: group ?? 'Group',
    kind: kind ?? 'Main',
    name: nameRemainder(currentBase, [project.artist, project.title]) || group || kind || 'Name',
  };
  return patternWithoutExtension(pattern).replace(TOKEN, (whole, token: string) => filled[token.toLowerCase()] ?? whole);
}

function tokenSource(token: string, project: Project, file: FileFacts): string {
  switch (token) {
    case 'artist': return project.artist ? words(project.artist) : ANY;
    case 'title': return project.title ? words(project.title) : ANY;
    case 'bpm': return `${project.bpm !== null ? escapeRegExp(String(project.bpm)) : '\\d{2,3}(?:[.,]\\d+)?'}(?:${SEP}bpm)?`;
    case 'key': return project.key ? keySource(project.key) : `[A-G](?:${SHARP}|${FLAT})?(?:${MINOR}|${MAJOR})?`;
    case 'role': return ROLE_WORDS[file.role] ? alternatives(ROLE_WORDS[file.role]!) : ANY;
    case 'group': return file.group ? alternatives([file.group, ...phrasesOf(STEM_GROUP_WORDS, file.group)]) : ANY;
    case 'kind': return file.kind ? alternatives([file.kind, ...phrasesOf(REFERENCE_KIND_WORDS, file.kind)]) : ANY;
    default: return ANY; // {name}, and tokens this version does not know: any non-empty text
  }
}

interface MusicalKey { root: string; accidental: 'sharp' | 'flat' | null; minor: boolean }

/** "F# minor", "Bb", "Ebm", "A min", "C major" → parts; null when the text is not a key. */
export function parseKey(text: string): MusicalKey | null {
  const m = /^\s*([A-Ga-g])\s*(#|♯|b|♭|sharp|flat)?\s*(.*?)\s*$/i.exec(text);
  if (!m) return null;
  const acc = m[2]?.toLowerCase();
  const accidental = acc === '#' || acc === '♯' || acc === 'sharp' ? 'sharp' : acc ? 'flat' : null;
  const mode = m[3]!;
  const minor = mode === 'm' || /^(min|minor|moll|mi)\.?$/i.test(mode);
  if (!minor && mode !== '' && mode !== 'M' && !/^(maj|major|dur)\.?$/i.test(mode)) return null;
  return { root: m[1]!.toUpperCase(), accidental, minor };
}

function keySource(key: string): string {
  const k = parseKey(key);
  if (!k) return words(key);
  const accidental = k.accidental === 'sharp' ? SHARP : k.accidental === 'flat' ? FLAT : '';
  return `${k.root}${accidental}${k.minor ? MINOR : `(?:${MAJOR})?`}`;
}

/** "F# minor" → "F#m", "Bb major" → "Bb": the short form that is safe in a file name. */
function compactKey(key: string): string {
  const k = parseKey(key);
  if (!k) return key.replace(/\s+/g, '');
  return `${k.root}${k.accidental === 'sharp' ? '#' : k.accidental === 'flat' ? 'b' : ''}${k.minor ? 'm' : ''}`;
}

/** The words of a value with any separator (or none) between them. */
function words(value: string): string {
  return value.normalize('NFC').split(/[\s_.-]+/).filter((w) => w !== '').map(escapeRegExp).join('[\\s_.-]*');
}

function alternatives(phrases: readonly string[]): string {
  return [...new Set(phrases)].map(words).join('|');
}

function phrasesOf<T>(table: ReadonlyArray<readonly [T, readonly string[]]>, value: T): readonly string[] {
  return table.find(([v]) => v === value)?.[1] ?? [];
}

/** The current name without the artist and title in it: what {name} most likely stands for. */
function nameRemainder(base: string, remove: ReadonlyArray<string | null>): string {
  let rest = base.normalize('NFC');
  for (const value of remove) {
    if (value) rest = rest.replace(new RegExp(words(value), 'giu'), ' ');
  }
  return rest.replace(/^[\s_.-]+|[\s_.-]+$/g, '').replace(/([\s_.-])[\s_.-]+/g, '$1');
}

/** "backing-vocals" → "BackingVocals"; two-letter ids are upper-cased ("TV", "FX"). */
function camel(id: string): string {
  if (id.length <= 2) return id.toUpperCase();
  return id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
