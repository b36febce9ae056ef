import type { Rule } from '../rule';
import { checksumMismatch } from './checksumMismatch';
import { checksumMissing } from './checksumMissing';

/** integrity/*: the delivery against its checksum manifest (verified in the analysis phase). */
export const integrityRules: Rule[] = [checksumMismatch, checksumMissing];
