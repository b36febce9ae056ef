import { namesTimeEffect } from '../../delivery/classify';
import { baseName, hasPhrase, tokenize } from '../../delivery/tokens';
import type { Rule, RuleFinding } from '../rule';

/** Effect words that name a reverb; the others (delay, echo, slap…) name a delay. */
const REVERB_WORDS = new Set(['reverb', 'verb', 'rvb', 'plate', 'hall', 'chamber', 'room verb', 'spring']);

/**
 * Names where an effect word means something else: a slap bass is a playing technique, and a
 * "Hall Amb" or "Chamber Mics" track is a room microphone, a source in its own right.
 */
const NOT_AN_EFFECT: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['slap', ['bass']],
  ['hall', ['mic', 'mics', 'amb', 'ambience', 'ambient', 'tree', 'pair', 'spot', 'spots', 'surround']],
  ['chamber', ['mic', 'mics', 'amb', 'ambience', 'ambient', 'orchestra', 'ensemble', 'choir']],
];

/**
 * A source multi-track whose name says a time-based effect is printed on it ("BGV Delay",
 * "Vox Reverb"): the dry track is what a mixer needs, with the effect on a track of its own.
 * Effect prints ("Vox Verb Print", role effect-print) and stems are not source tracks.
 */
export const effectInSource: Rule = {
  id: 'multitracks/effect-in-source',
  defaultSeverity: 'warning',
  summary: "A source track's name says a time-based effect is printed on it.",
  check(delivery) {
    const projectWords = [delivery.effective.project.artist, delivery.effective.project.title]
      .filter((w): w is string => !!w)
      .map(tokenize);
    const out: RuleFinding[] = [];
    for (const f of delivery.files) {
      if (f.role !== 'multitrack') continue;
      const name = baseName(f.path);
      const tokens = projectWords.reduce(withoutPhrase, tokenize(name));
      const effect = namesTimeEffect(tokens);
      if (!effect || meansSomethingElse(effect, tokens)) continue;
      const kind = REVERB_WORDS.has(effect) ? 'reverb' : 'delay';
      out.push({
        message: `${f.path}: its name says a ${kind} ("${effect}") is printed on this source track. `
          + `Deliver the track dry and print the ${kind} to a track of its own (e.g. "${name} Print"); `
          + `if this file is that print, mark it in delivery.json: "roles": { "${f.path}": "effect-print" }.`,
        file: f.path,
        timeSec: null,
        data: { effect, kind },
      });
    }
    return out;
  },
};

function meansSomethingElse(effect: string, tokens: readonly string[]): boolean {
  return NOT_AN_EFFECT.some(([word, context]) => word === effect && context.some((c) => hasPhrase(tokens, c)));
}

/** The tokens without the first run equal to `phrase`: the song called "Echo" is not an echo. */
function withoutPhrase(tokens: string[], phrase: readonly string[]): string[] {
  if (phrase.length === 0) return tokens;
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    if (phrase.every((w, j) => tokens[i + j] === w)) return [...tokens.slice(0, i), ...tokens.slice(i + phrase.length)];
  }
  return tokens;
}
