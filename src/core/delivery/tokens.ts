/**
 * Splits a file or folder name into lower-case word tokens, so that "Ada_Lights_STEM_Drums",
 * "LeadVox-Up" and "01 Kick In" are matched the same way: separators, camelCase and
 * letter/digit boundaries all split ("96k24" → "96", "k", "24").
 */
export function tokenize(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/(\d)([A-Za-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

/** A phrase is a space-separated token sequence ("vox up"); true when it occurs in `tokens`. */
export function hasPhrase(tokens: readonly string[], phrase: string): boolean {
  const words = phrase.split(' ');
  outer: for (let i = 0; i + words.length <= tokens.length; i++) {
    for (let j = 0; j < words.length; j++) {
      if (tokens[i + j] !== words[j]) continue outer;
    }
    return true;
  }
  return false;
}

/** The first entry whose phrases occur in `tokens`, with the phrase that matched. */
export function firstMatch<T>(
  tokens: readonly string[],
  table: ReadonlyArray<readonly [T, readonly string[]]>,
): { value: T; phrase: string } | null {
  for (const [value, phrases] of table) {
    for (const phrase of phrases) {
      if (hasPhrase(tokens, phrase)) return { value, phrase };
    }
  }
  return null;
}

/** The file name without folders and without its last extension. */
export function baseName(relPath: string): string {
  const file = relPath.slice(relPath.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

/** The lower-case extension without the dot ("wav"), or "" when there is none. */
export function extensionOf(relPath: string): string {
  const file = relPath.slice(relPath.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(dot + 1).toLowerCase() : '';
}
