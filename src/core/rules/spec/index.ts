import type { Rule } from '../rule';
import { invalid } from './invalid';

/** spec/*: delivery.json itself. */
export const specRules: Rule[] = [invalid];
