import type { ReferenceKind } from '../../delivery/model';
import type { Rule, RuleFinding } from '../rule';
import { formatLevel } from '../ruleText';
import { analysedFiles } from '../select';

/**
 * Alternates that are the mix with parts muted at unity gain: quieter by design, and turning
 * them up to the target would break their match with the main mix.
 */
const MUTED_ALTERNATES: ReadonlySet<ReferenceKind | null> = new Set<ReferenceKind | null>(['instrumental', 'a-cappella', 'tv']);

/** Integrated loudness (BS.1770) of the references outside the preset's target ± tolerance. */
export const loudness: Rule = {
  id: 'level/loudness',
  defaultSeverity: 'warning',
  summary: 'Integrated loudness outside the preset target range (references).',
  check(delivery) {
    const target = delivery.effective.levels.loudness;
    if (!target) return [];
    const { unit } = target;
    const out: RuleFinding[] = [];
    for (const { file, analysis } of analysedFiles(delivery)) {
      if (file.role !== 'reference' || MUTED_ALTERNATES.has(file.kind)) continue;
      const lufs = analysis.fields.integratedLufs;
      if (lufs === null) continue; // silence: level/silent speaks for it
      const deviation = lufs - target.target;
      if (Math.abs(Math.round(deviation * 10) / 10) <= target.tolerance) continue;
      const louder = deviation > 0;
      const range = `${formatLevel(target.target - target.tolerance)} to ${formatLevel(target.target + target.tolerance)} ${unit}`;
      const note = target.note ? ` Note: ${target.note}.` : '';
      const fix = louder
        ? 'Turn it down (or ease the limiter) and print it again.'
        : 'Bring it up, keeping within the true-peak ceiling, and print it again.';
      out.push({
        message: `${file.path} measures ${formatLevel(lufs)} ${unit} integrated, ${Math.abs(deviation).toFixed(1)} LU ${louder ? 'louder' : 'quieter'} than the ${formatLevel(target.target)} ${unit} target of the ${delivery.effective.preset} preset (allowed ${range}). ${fix}${note}`,
        file: file.path,
        timeSec: null,
        data: { integratedLufs: lufs, target: target.target, tolerance: target.tolerance, unit, deviationLu: deviation, preset: delivery.effective.preset },
      });
    }
    return out;
  },
};
