import type { Rule } from '../rule';
import { namingPattern } from './pattern';
import { unsafeName } from './unsafe';
import { caseCollision } from './caseCollision';
import { genericName } from './generic';
import { formatMismatch } from './formatMismatch';

/** naming/*: what the names of files and folders say, and whether they survive a transfer. */
export const namingRules: Rule[] = [namingPattern, unsafeName, caseCollision, genericName, formatMismatch];
