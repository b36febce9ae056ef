import type { Rule } from '../rule';
import { SPEC_FILE_NAME } from '../../spec/spec';

/** delivery.json does not parse or holds values that make no sense; each with its range. */
export const invalid: Rule = {
  id: 'spec/invalid',
  defaultSeverity: 'error',
  summary: 'delivery.json does not parse or violates the schema (with the range).',
  check(delivery) {
    return delivery.specProblems.map((p) => ({
      message: p.message,
      file: SPEC_FILE_NAME,
      timeSec: null,
      data: {},
      range: p.range,
    }));
  },
};
