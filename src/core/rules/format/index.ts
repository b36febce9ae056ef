import type { Rule } from '../rule';
import { unreadable } from './unreadable';
import { truncated } from './truncated';
import { container } from './container';
import { sampleRate } from './sampleRate';
import { mixedSampleRates } from './mixedSampleRates';
import { bitDepth } from './bitDepth';
import { channels } from './channels';
import { extensionMismatch } from './extensionMismatch';
import { paddedBitDepth } from './paddedBitDepth';

/** format/*: what the files are (containers, rates, depths, channels) and whether they read. */
export const formatRules: Rule[] = [
  unreadable, truncated, container, sampleRate, mixedSampleRates, bitDepth, channels, extensionMismatch, paddedBitDepth,
];
