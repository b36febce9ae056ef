import type { Finding, Severity } from '../findings';
import type { Delivery } from '../delivery/delivery';

/** What a rule reports, before its severity (default or overridden) is applied. */
export type RuleFinding = Omit<Finding, 'rule' | 'severity'> & { severity?: Severity };

/** One rule of the catalogue (DESIGN.md): a stable id, a default severity, and a pure check. */
export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One line for `rules` listings and SARIF; the docs page says the rest. */
  summary: string;
  check(delivery: Delivery): RuleFinding[];
}
