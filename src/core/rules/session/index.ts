import type { Rule } from '../rule';
import { sessionIncluded } from './included';
import { sessionTermsMissing } from './termsMissing';

/** session/*: the DAW session and the terms under which it is (or is not) handed over. */
export const sessionRules: Rule[] = [sessionIncluded, sessionTermsMissing];
