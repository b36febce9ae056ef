import { getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { SPEC_FILE_NAME, type DeliverySpec, type SpecProblem } from './spec';
import { locateSpecValues, type SpecLocations } from './specLocations';
import { rangeMapper } from './textRanges';
import { validateSpec } from './validateSpec';

export interface LoadedSpec {
  spec: DeliverySpec;
  problems: SpecProblem[];
  /** Where each value is written, so findings about the spec can point at it. */
  locations: SpecLocations;
}

/** Largest delivery.json we parse; a spec is a few KB, anything near this is not a spec. */
export const MAX_SPEC_BYTES = 1024 * 1024;

/**
 * Parses delivery.json as JSONC (comments, trailing commas), checks it against the schema, and
 * keeps what is usable even when parts are broken: a syntax error or a wrong value becomes a
 * problem with its range, never a throw. Wrong values stay in `spec`; resolveSpec ignores them.
 */
export function parseSpec(text: string): LoadedSpec {
  const problems: SpecProblem[] = [];
  const rangeOf = rangeMapper(text);
  const { root, errors } = parseSpecTree(text);
  for (const e of errors) {
    problems.push({ message: `${SPEC_FILE_NAME}: ${parseErrorWords(e)} (JSON with comments is allowed; check commas, quotes and brackets)`, range: rangeOf(e.offset, e.length) });
  }
  if (!root) return { spec: {}, problems, locations: {} };
  const locations = locateSpecValues(root, rangeOf);
  if (root.type !== 'object') {
    problems.push({ message: SPEC_NOT_AN_OBJECT, range: rangeOf(root.offset, root.length) });
    return { spec: {}, problems, locations };
  }
  const spec = getNodeValue(root) as DeliverySpec;
  problems.push(...validateSpec(spec, locations));
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { spec, problems, locations };
}

/** delivery.json's dialect of JSON: comments and trailing commas allowed. */
export function parseSpecTree(text: string): { root: Node | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return { root, errors };
}

/** A parse error in words: "comma expected", "property name expected". */
export function parseErrorWords(error: ParseError): string {
  return printParseErrorCode(error.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export const SPEC_NOT_AN_OBJECT = `${SPEC_FILE_NAME} must hold one JSON object ({ … })`;
