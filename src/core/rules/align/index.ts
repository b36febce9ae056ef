import type { Rule } from '../rule';
import { lengthMismatch } from './lengthMismatch';
import { startMismatch } from './startMismatch';

/** align/*: files that must line up (same length, same start) and do not. */
export const alignRules: Rule[] = [lengthMismatch, startMismatch];
