import type { Rule } from '../rule';
import { unreadable } from './unreadable';
import { truncated } from './truncated';
import { extensionMismatch } from './extensionMismatch';

/** format/*: what the files are (containers, rates, depths, channels) and whether they read. */
export const formatRules: Rule[] = [unreadable, truncated, extensionMismatch];
