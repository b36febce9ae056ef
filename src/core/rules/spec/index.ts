import type { Rule } from '../rule';
import { invalid } from './invalid';
import { pathNotFound } from './pathNotFound';

/** spec/*: delivery.json itself. */
export const specRules: Rule[] = [invalid, pathNotFound];
