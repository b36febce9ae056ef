import type { Finding, Severity } from '../findings';
import { SEVERITIES } from '../findings';
import type { Delivery } from '../delivery/delivery';
import type { Rule } from './rule';
import { formatRules } from './format';
import { levelRules } from './level';
import { alignRules } from './align';
import { stemsRules } from './stems';
import { multitracksRules } from './multitracks';
import { referencesRules } from './references';
import { namingRules } from './naming';
import { sessionRules } from './session';
import { integrityRules } from './integrity';
import { specRules } from './spec';

/** Every rule, in catalogue order (DESIGN.md): one family per folder, one rule per module. */
export const RULES: readonly Rule[] = [
  ...formatRules,
  ...levelRules,
  ...alignRules,
  ...stemsRules,
  ...multitracksRules,
  ...referencesRules,
  ...namingRules,
  ...sessionRules,
  ...integrityRules,
  ...specRules,
];

export type SeverityOverride = Severity | 'off';

/** Runs every rule; severities come from overrides (settings, then delivery.json `rules`). */
export function runRules(delivery: Delivery, overrides: Readonly<Record<string, string>> = {}): Finding[] {
  const merged: Record<string, string> = { ...overrides, ...delivery.effective.rules };
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const override = merged[rule.id];
    if (override === 'off') continue;
    const severity = SEVERITIES.includes(override as Severity) ? (override as Severity) : undefined;
    for (const f of rule.check(delivery)) {
      findings.push({ rule: rule.id, ...f, severity: severity ?? f.severity ?? rule.defaultSeverity });
    }
  }
  return findings;
}

export { ruleDocPath } from './docPath';
