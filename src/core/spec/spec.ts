/**
 * delivery.json as written (DESIGN.md "Spec file"; schemas/delivery.schema.json); all fields
 * optional. Values are not trusted: the schema check reports wrong ones and resolveSpec ignores them.
 */
export interface DeliverySpec {
  $schema?: string;
  preset?: string;
  project?: { artist?: string; title?: string; bpm?: number; key?: string };
  format?: { sampleRates?: number[]; bitDepths?: number[]; containers?: string[] };
  multitracks?: { folder?: string };
  stems?: { folder?: string; required?: string[]; nullTest?: { mix?: string; maxResidualDb?: number } };
  references?: { folder?: string; required?: string[] };
  naming?: { pattern?: string };
  /** Path or glob → role name. */
  roles?: Record<string, string>;
  session?: { owner?: string; handover?: boolean; contract?: string; notes?: string };
  checksums?: string;
  rules?: Record<string, string>;
}

/** Zero-based line/character positions, as LSP and VS Code use them. */
export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

/** A problem in delivery.json, with where it is. */
export interface SpecProblem { message: string; range: Range }

export const SPEC_FILE_NAME = 'delivery.json';
