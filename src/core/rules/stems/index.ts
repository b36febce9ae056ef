import type { Rule } from '../rule';
import { missingGroup } from './missingGroup';
import { duplicateGroup } from './duplicateGroup';
import { nullTest } from './nullTest';

/** stems/*: the stem set as a whole (groups present, no two alike) and whether it sums to the mix. */
export const stemsRules: Rule[] = [missingGroup, duplicateGroup, nullTest];
