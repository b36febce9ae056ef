import { hasPhrase, tokenize } from '../../delivery/tokens';

/**
 * What a file or folder name claims about the format: "96k24", "48kHz", "44.1", "44k1",
 * "24bit", "16-bit", "32f", "32bit float", "Mono", "Stereo". Bare numbers ("48", "96") claim
 * nothing: they are as likely track numbers or tempos.
 */
export interface FormatClaim {
  sampleRate?: number;
  bitDepth?: number;
  /** True when the name says float ("32f", "32bit float"). */
  float?: boolean;
  channels?: number;
}

/** Sample rates by how they are written in kHz; "44k" is shorthand for 44.1 kHz, and so on. */
const KHZ: Readonly<Record<string, number>> = {
  '44': 44100, '44.1': 44100, '48': 48000, '88': 88200, '88.2': 88200, '96': 96000,
  '176': 176400, '176.4': 176400, '192': 192000, '352': 352800, '352.8': 352800, '384': 384000,
};
const KHZ_VALUES = '44[.,]1|88[.,]2|176[.,]4|352[.,]8|44|48|88|96|176|192|352|384';

/** "96k", "48 kHz", "44k1", "96k24", "48k24b", "96k32f": a rate in kHz, maybe with the depth after it. */
const RATE_K = new RegExp(
  `(?<![\\d.,])(${KHZ_VALUES})\\s?(?:khz|k)(?:(?<=44k|88k|176k|352k)([1248])(?!\\d))?(?![a-z])` +
  `(?:[\\s_\\-]?(16|24|32)(?:(fp|float|f)|bits?|b)?(?![\\da-z]))?`,
  'gi',
);
/** "44.1", "88.2": unambiguous without a unit. */
const RATE_DECIMAL = /(?<![\d.,])(44[.,]1|88[.,]2|176[.,]4|352[.,]8)(?!\d)/gi;
/** "48000", "96000 Hz". */
const RATE_HZ = /(?<!\d)(44100|48000|88200|96000|176400|192000|352800|384000)(?:\s?hz)?(?!\d)/gi;
/** "24bit", "16-bit", "24b", "32f", "32 bit float", "32fp" (not "8-bit": that is a synth sound). */
const DEPTH = /(?<![\d.,])(16|20|24|32|64)[\s_-]?(?:(fp|float|f)|bits?(?:[\s_-]?(fp|float|f))?|b)(?![a-z])/gi;

/** "Dual Mono", "Mono Synth": the word is about something else than the channel count. */
const NOT_CHANNEL_WORDS = ['dual mono', 'multi mono', 'split mono', 'fake stereo', 'pseudo stereo', 'mono synth', 'mono compatible', 'mono compat', 'mono check', 'stereo width', 'stereo widener'];

export function claimsOf(name: string): FormatClaim {
  const claim: FormatClaim = {};
  const text = name.normalize('NFC');
  for (const m of text.matchAll(RATE_K)) {
    const khz = m[1]!.replace(',', '.');
    claim.sampleRate ??= m[2] ? KHZ[`${khz}.${m[2]}`] ?? KHZ[khz] : KHZ[khz];
    if (m[3]) {
      claim.bitDepth ??= Number(m[3]);
      if (m[4]) claim.float ??= true;
    }
  }
  for (const m of text.matchAll(RATE_DECIMAL)) claim.sampleRate ??= KHZ[m[1]!.replace(',', '.')];
  for (const m of text.matchAll(RATE_HZ)) claim.sampleRate ??= Number(m[1]);
  for (const m of text.matchAll(DEPTH)) {
    if (claim.bitDepth !== undefined) break;
    claim.bitDepth = Number(m[1]);
    if (m[2] || m[3]) claim.float = true;
  }
  const tokens = tokenize(text);
  if (!NOT_CHANNEL_WORDS.some((w) => hasPhrase(tokens, w))) {
    const mono = tokens.includes('mono');
    const stereo = tokens.includes('stereo');
    if (mono !== stereo) claim.channels = mono ? 1 : 2;
  }
  return claim;
}

export function hasClaims(claim: FormatClaim): boolean {
  return claim.sampleRate !== undefined || claim.bitDepth !== undefined || claim.channels !== undefined;
}
