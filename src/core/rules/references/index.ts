import type { Rule } from '../rule';
import { missing } from './missing';

/** references/*: the main mix and its alternates. */
export const referencesRules: Rule[] = [missing];
