import type { Rule } from '../rule';
import { effectInSource } from './effectInSource';

/** multitracks/*: the session's source tracks. */
export const multitracksRules: Rule[] = [effectInSource];
