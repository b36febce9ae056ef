import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { isRole, type Role } from '../delivery/model';
import type { DeliverySpec, Range, SpecProblem } from './spec';

export interface LoadedSpec {
  spec: DeliverySpec;
  problems: SpecProblem[];
}

/** Largest delivery.json we parse; a spec is a few KB, anything near this is not a spec. */
export const MAX_SPEC_BYTES = 1024 * 1024;

/**
 * Parses delivery.json as JSONC (comments, trailing commas) and keeps what is usable even when
 * parts are broken: a syntax error or a wrong value becomes a problem with its range, never a throw.
 */
export function parseSpec(text: string): LoadedSpec {
  const problems: SpecProblem[] = [];
  const lines = lineStarts(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const e of errors) {
    problems.push({ message: `delivery.json: ${describeParseError(printParseErrorCode(e.error))}`, range: rangeOf(lines, e.offset, e.length) });
  }
  if (!root) return { spec: {}, problems };
  if (root.type !== 'object') {
    problems.push({ message: 'delivery.json must hold one JSON object ({ … })', range: rangeOf(lines, root.offset, root.length) });
    return { spec: {}, problems };
  }
  const spec = getNodeValue(root) as DeliverySpec;
  spec.roles = validRoles(root, lines, problems);
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { spec, problems };
}

function validRoles(root: Node, lines: number[], problems: SpecProblem[]): Record<string, Role> | undefined {
  const node = findNodeAtLocation(root, ['roles']);
  if (!node) return undefined;
  if (node.type !== 'object') {
    problems.push({ message: '"roles" must be an object mapping paths to roles', range: rangeOf(lines, node.offset, node.length) });
    return undefined;
  }
  const roles: Record<string, Role> = {};
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (!key || !value) continue;
    const role: unknown = getNodeValue(value);
    if (isRole(role)) roles[String(getNodeValue(key))] = role;
    else {
      problems.push({
        message: `roles["${String(getNodeValue(key))}"]: ${JSON.stringify(role)} is not a role; use one of multitrack, stem, reference, effect-print, session, document, other`,
        range: rangeOf(lines, value.offset, value.length),
      });
    }
  }
  return roles;
}

function describeParseError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `${words} (JSON with comments is allowed; check commas, quotes and brackets)`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionAt(starts: number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo]! };
}

function rangeOf(starts: number[], offset: number, length: number): Range {
  return { start: positionAt(starts, offset), end: positionAt(starts, offset + Math.max(0, length)) };
}
