import { minimatch } from 'minimatch';
import type { Classification, ReferenceKind, Role, StemGroup } from './model';
import { baseName, extensionOf, firstMatch, hasPhrase, tokenize } from './tokens';
import {
  AUDIO_EXTENSIONS, DOCUMENT_EXTENSIONS, MULTITRACK_FOLDERS, PRINT_WORDS, REFERENCE_FOLDERS,
  REFERENCE_KIND_WORDS, SESSION_EXTENSIONS, STEM_FOLDERS, STEM_GROUP_WORDS, STEM_TOKENS,
  TIME_EFFECT_WORDS,
} from './vocabulary';

/** What delivery.json says about where things are; every field optional (defaults by name). */
export interface ClassifyContext {
  folders?: { multitracks?: string; stems?: string; references?: string };
  /** Path (or glob) → role, from delivery.json `roles`; wins over everything else. */
  roles?: Readonly<Record<string, Role>>;
}

type FolderRole = 'multitrack' | 'stem' | 'reference';

export function isAudioExtension(relPath: string): boolean {
  return AUDIO_EXTENSIONS.has(extensionOf(relPath));
}

/**
 * Classifies one file of a delivery from its path alone (no bytes read): an explicit
 * delivery.json role first, then session/document extensions, then the folder it sits in,
 * then tokens of its name. `audio` is whether the file is audio (by content when known).
 */
export function classify(relPath: string, audio: boolean, ctx: ClassifyContext = {}): Classification {
  const tokens = tokenize(baseName(relPath));
  const override = roleOverride(relPath, ctx.roles);
  if (override) return withDetails(override, tokens, 'delivery.json roles');

  const ext = extensionOf(relPath);
  if (SESSION_EXTENSIONS.has(ext)) return plain('session', `session file (.${ext})`);
  if (!audio) {
    return DOCUMENT_EXTENSIONS.has(ext) ? plain('document', `document (.${ext || 'no extension'})`) : plain('other', 'not audio');
  }

  const folder = folderRole(relPath, ctx);
  if (folder?.role === 'stem' || folder?.role === 'reference') return withDetails(folder.role, tokens, folder.reason);
  if (isEffectPrint(tokens)) return plain('effect-print', 'name says a printed effect');
  if (folder?.role === 'multitrack') return plain('multitrack', folder.reason);

  const stemToken = STEM_TOKENS.find((t) => tokens.includes(t));
  if (stemToken) return withDetails('stem', tokens, `name token '${stemToken.toUpperCase()}'`);
  const kind = firstMatch(tokens, REFERENCE_KIND_WORDS);
  if (kind) return { role: 'reference', group: null, kind: kind.value, reason: `name token '${kind.phrase}'` };
  return plain('other', 'audio outside the known folders, with no role in its name');
}

/** Stem group from a stem's name: the words after "STEM" first ("Ada_Bass_STEM_Drums" is drums). */
export function stemGroupOf(tokens: readonly string[]): StemGroup | null {
  const at = tokens.findIndex((t) => STEM_TOKENS.includes(t));
  if (at >= 0) {
    const after = firstMatch(tokens.slice(at + 1), STEM_GROUP_WORDS);
    if (after) return after.value;
  }
  return firstMatch(tokens, STEM_GROUP_WORDS)?.value ?? null;
}

export function referenceKindOf(tokens: readonly string[]): ReferenceKind | null {
  return firstMatch(tokens, REFERENCE_KIND_WORDS)?.value ?? null;
}

/** "Vox Verb Print", "Delay Return", "Gtr Verb Wet": an effect word together with a print word. */
export function isEffectPrint(tokens: readonly string[]): boolean {
  return namesTimeEffect(tokens) !== null && PRINT_WORDS.some((w) => hasPhrase(tokens, w));
}

/** The time-based effect a name mentions ("verb", "delay"…), or null. */
export function namesTimeEffect(tokens: readonly string[]): string | null {
  return TIME_EFFECT_WORDS.find((w) => hasPhrase(tokens, w)) ?? null;
}

function withDetails(role: Role, tokens: readonly string[], reason: string): Classification {
  return {
    role,
    group: role === 'stem' ? stemGroupOf(tokens) : null,
    kind: role === 'reference' ? referenceKindOf(tokens) : null,
    reason,
  };
}

function plain(role: Role, reason: string): Classification {
  return { role, group: null, kind: null, reason };
}

/** A delivery.json roles key that is a glob ("Multitracks/*Print*.wav") rather than one path. */
export function isGlobPattern(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

function roleOverride(relPath: string, roles: ClassifyContext['roles']): Role | null {
  if (!roles) return null;
  const exact = roles[relPath];
  if (exact) return exact;
  const lower = relPath.toLowerCase();
  for (const [pattern, role] of Object.entries(roles)) {
    if (pattern.toLowerCase() === lower) return role;
    if (isGlobPattern(pattern) && minimatch(relPath, pattern, { nocase: true, dot: true })) return role;
  }
  return null;
}

/** The role given by the nearest enclosing folder: a spec folder first, then a conventional name. */
function folderRole(relPath: string, ctx: ClassifyContext): { role: FolderRole; reason: string } | null {
  const specFolders: Array<[FolderRole, string | undefined]> = [
    ['multitrack', ctx.folders?.multitracks],
    ['stem', ctx.folders?.stems],
    ['reference', ctx.folders?.references],
  ];
  const lower = relPath.toLowerCase();
  for (const [role, folder] of specFolders) {
    const prefix = folder ? trimSlashes(folder).toLowerCase() : '';
    if (prefix && lower.startsWith(prefix + '/')) return { role, reason: `delivery.json folder '${folder}'` };
  }
  const dirs = relPath.split('/').slice(0, -1).reverse();
  for (const dir of dirs) {
    const role = roleOfFolderName(dir);
    if (role) return { role, reason: `folder '${dir}'` };
  }
  return null;
}

const FOLDER_WORDS: ReadonlyArray<readonly [FolderRole, readonly string[]]> = [
  ['multitrack', MULTITRACK_FOLDERS],
  ['stem', STEM_FOLDERS],
  ['reference', REFERENCE_FOLDERS],
];

/**
 * "Stems", "02 Stems", "Ada - Lights - Stems (48k)": the whole name (numbers aside) matches a
 * folder word, or it contains exactly one role's distinctive word (five letters or more, so that
 * "mix" or "raw" inside a longer name decide nothing).
 */
export function roleOfFolderName(dir: string): FolderRole | null {
  const tokens = tokenize(dir).filter((t) => !/^\d+$/.test(t) && t !== 'k');
  const name = tokens.join(' ');
  for (const [role, words] of FOLDER_WORDS) if (words.includes(name)) return role;
  const found = new Set<FolderRole>();
  for (const [role, words] of FOLDER_WORDS) {
    if (words.some((w) => w.length >= 5 && hasPhrase(tokens, w))) found.add(role);
  }
  return found.size === 1 ? [...found][0]! : null;
}

/** A folder or path as written in delivery.json ("./Stems/", "Stems\\") → "Stems": forward slashes, none at either end. */
export function trimSlashes(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\.?\/+|\/+$/g, '');
}
