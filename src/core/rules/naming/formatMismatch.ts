import type { AudioFormat } from '../../audio/format';
import { baseName } from '../../delivery/tokens';
import { formatBitDepth, formatChannels, formatRate } from '../../report/describe';
import type { Rule, RuleFinding } from '../rule';
import { claimsOf, hasClaims, type FormatClaim } from './formatClaims';

type Aspect = 'sampleRate' | 'bitDepth' | 'channels';

interface Contradiction { aspect: Aspect; source: string; claimed: string; actual: string }

/**
 * The name (or, for what the name leaves unsaid, the nearest folder: "Stems 48k24") promises a
 * format the header contradicts: "96k24" on a 48 kHz file. Someone will trust the name.
 */
export const formatMismatch: Rule = {
  id: 'naming/format-mismatch',
  defaultSeverity: 'warning',
  summary: 'The name claims a format the header contradicts ("96k24" on a 48 kHz file).',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const f of delivery.files) {
      if (!f.audio || !f.format) continue;
      const found = contradictions(f.path, f.format);
      if (found.length === 0) continue;
      const said = found.map((c) => `${c.source} says ${c.claimed} but the file is ${c.actual}`).join('; ');
      out.push({
        message: `${f.path}: ${said}. Export it again in the format the name promises, or rename it so the name tells the truth.`,
        file: f.path,
        timeSec: null,
        data: Object.fromEntries(found.map((c) => [c.aspect, { source: c.source, claimed: c.claimed, actual: c.actual }])),
      });
    }
    return out;
  },
};

function contradictions(relPath: string, format: AudioFormat): Contradiction[] {
  const folders = relPath.split('/').slice(0, -1).reverse();
  const sources: Array<{ source: string; claim: FormatClaim }> = [
    { source: 'the name', claim: claimsOf(baseName(relPath)) },
    ...folders.map((dir) => ({ source: `the folder "${dir}"`, claim: claimsOf(dir) })),
  ].filter((s) => hasClaims(s.claim));
  const out: Contradiction[] = [];
  const first = <K extends keyof FormatClaim>(key: K) => sources.find((s) => s.claim[key] !== undefined);

  const rate = first('sampleRate');
  if (rate && format.sampleRate > 0 && rate.claim.sampleRate !== format.sampleRate) {
    out.push({ aspect: 'sampleRate', source: rate.source, claimed: formatRate(rate.claim.sampleRate!), actual: formatRate(format.sampleRate) });
  }
  const depth = first('bitDepth');
  if (depth && format.bitDepth > 0 && format.codec !== 'other') {
    const { bitDepth, float } = depth.claim;
    if (bitDepth !== format.bitDepth || (float === true && format.codec !== 'float')) {
      out.push({ aspect: 'bitDepth', source: depth.source, claimed: `${bitDepth}-bit${float ? ' float' : ''}`, actual: formatBitDepth(format) });
    }
  }
  const channels = first('channels');
  if (channels && channels.claim.channels !== format.channels) {
    out.push({ aspect: 'channels', source: channels.source, claimed: formatChannels(channels.claim.channels!), actual: formatChannels(format.channels) });
  }
  return out;
}
