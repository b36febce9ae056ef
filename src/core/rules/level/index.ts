import type { Rule } from '../rule';
import { clipping } from './clipping';
import { overFullScale } from './overFullScale';
import { truePeak } from './truePeak';
import { loudness } from './loudness';
import { silent } from './silent';
import { dcOffset } from './dcOffset';
import { dualMono } from './dualMono';
import { invertedPolarity } from './invertedPolarity';

/** level/*: what the samples measure (clipping, peaks, loudness, silence, DC, stereo image). */
export const levelRules: Rule[] = [clipping, overFullScale, truePeak, loudness, silent, dcOffset, dualMono, invertedPolarity];
