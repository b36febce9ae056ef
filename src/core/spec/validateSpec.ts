import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/delivery.schema.json';
import { closestMatch } from '../util/closestMatch';
import { pointerSegments, specPointer, type SpecLocations } from './specLocations';
import type { Range, SpecProblem } from './spec';

/**
 * Checks parsed delivery.json against schemas/delivery.schema.json (the schema VS Code also uses
 * for completion and hover) and says what is wrong in an engineer's words, at the offending text.
 */
export function validateSpec(spec: unknown, locations: SpecLocations): SpecProblem[] {
  const validate = compiledSchema();
  if (validate(spec)) return [];
  const errors = validate.errors ?? [];
  // A value of the wrong type fails its other checks too; the type is what to fix first.
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const problems = errors
    .filter((e) => e.keyword === 'type' || !wrongType.has(e.instancePath))
    .map((e) => toProblem(e, locations));
  // One node can fail twice in the same words (e.g. a duplicate listed three times); say it once.
  const unique = new Map<string, SpecProblem>();
  for (const p of problems) unique.set(`${p.message}@${p.range.start.line}:${p.range.start.character}`, p);
  return [...unique.values()];
}

let compiled: ValidateFunction | null = null;

/** Compiled on first use, once per process: compiling costs milliseconds that startup need not pay. */
function compiledSchema(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
    // Annotations VS Code's JSON language service reads; known to ajv so strict mode still catches typos.
    ajv.addVocabulary(['markdownDescription', 'enumDescriptions', 'defaultSnippets', 'allowComments', 'allowTrailingCommas']);
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** What error messages read from the part of the schema that failed. */
interface SchemaPart {
  /** The noun for a value of an enum: "role", "stem group", "severity"… */
  title?: string;
  description?: string;
  properties?: Record<string, SchemaPart>;
}

function toProblem(e: ErrorObject, locations: SpecLocations): SpecProblem {
  const at = (pointer: string): Range => (locations[pointer] ?? locations[''] ?? ZERO).value;
  const where = fieldName(e.instancePath);
  const parent = (e.parentSchema ?? {}) as SchemaPart;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const pointer = e.instancePath + specPointer([key]);
      const known = Object.keys(parent.properties ?? {});
      return { message: unknownKeyMessage(key, e.instancePath, where, known), range: locations[pointer]?.key ?? at(pointer) };
    }
    case 'enum':
      return { message: `${where}: ${notAllowedMessage(e.data, parent.title ?? 'allowed value', params.allowedValues as unknown[])}`, range: at(e.instancePath) };
    case 'type':
      return { message: `${where} must be ${typePhrase(String(params.type))}, not ${describeValue(e.data)}`, range: at(e.instancePath) };
    case 'required': {
      const missing = String(params.missingProperty);
      const what = parent.properties?.[missing]?.description;
      return { message: `${where} needs "${missing}"${what ? `: ${what.charAt(0).toLowerCase()}${what.slice(1)}` : ''}`, range: at(e.instancePath) };
    }
    case 'uniqueItems': {
      const later = Math.max(Number(params.i), Number(params.j));
      const item: unknown = Array.isArray(e.data) ? e.data[later] : undefined;
      return { message: `${where} lists ${JSON.stringify(item)} twice; list it once`, range: at(`${e.instancePath}/${later}`) };
    }
    case 'minItems':
      return { message: `${where} is empty; list at least one value, or leave the field out to use the preset's`, range: at(e.instancePath) };
    case 'minLength':
      return { message: `${where} is empty${parent.title === 'path' ? '; write a path relative to the delivery root' : ''}`, range: at(e.instancePath) };
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return { message: `${where} must be ${comparisonWords(String(params.comparison))} ${String(params.limit)}, not ${JSON.stringify(e.data)}`, range: at(e.instancePath) };
    case 'propertyNames':
      return { message: `${where}: a key is empty; write a path relative to the delivery root`, range: at(e.instancePath) };
    default:
      return { message: `${where} ${e.message ?? 'is not valid'}`, range: at(e.instancePath) };
  }
}

const ZERO = { value: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, key: null };

function unknownKeyMessage(key: string, objectPointer: string, where: string, known: string[]): string {
  const guess = closestMatch(key, known);
  const hint = guess ? `did you mean "${guess}"?` : `use one of ${known.map((k) => `"${k}"`).join(', ')}`;
  if (objectPointer === '/rules') return `"${key}" is not a rule id; ${guess ? hint : 'see the rule catalogue (docs/rules) for the ids'}`;
  return `"${key}" is not a field of ${objectPointer === '' ? 'delivery.json' : where}; ${hint}`;
}

function notAllowedMessage(value: unknown, noun: string, allowed: unknown[]): string {
  const guess = typeof value === 'string'
    ? closestMatch(value, allowed.filter((a): a is string => typeof a === 'string'))
    : typeof value === 'number' ? nearestNumber(value, allowed.filter((a): a is number => typeof a === 'number')) : null;
  const list = allowed.map((a) => (typeof a === 'string' ? a : String(a))).join(', ');
  return `${JSON.stringify(value)} is not ${article(noun)} ${noun}; ${guess !== null ? `did you mean ${JSON.stringify(guess)}? Use` : 'use'} one of ${list}`;
}

/** 44000 → 44100, 48 → 48000 (kHz written for Hz); nothing when no allowed value is that close. */
function nearestNumber(value: number, allowed: number[]): number | null {
  return allowed.find((a) => a === Math.round(value * 1000)) ?? allowed.find((a) => Math.abs(a - value) <= a * 0.02) ?? null;
}

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? 'an' : 'a';
}

/** "/stems/nullTest/mix" → "stems.nullTest.mix"; "/roles/a~1b.wav" → roles["a/b.wav"]; "" → delivery.json. */
function fieldName(pointer: string): string {
  const segments = pointerSegments(pointer);
  if (segments.length === 0) return 'delivery.json';
  return segments
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `${i === 0 ? '' : '.'}${s}` : `[${JSON.stringify(s)}]`))
    .join('');
}

function comparisonWords(op: string): string {
  return op === '<=' ? 'at most' : op === '>=' ? 'at least' : op === '<' ? 'below' : op === '>' ? 'above' : op;
}

function typePhrase(type: string): string {
  switch (type) {
    case 'string': return 'text in quotes';
    case 'number': return 'a number';
    case 'integer': return 'a whole number';
    case 'boolean': return 'true or false';
    case 'array': return 'a list [ … ]';
    case 'object': return 'an object { … }';
    default: return type;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `text (${JSON.stringify(value)})`;
  return JSON.stringify(value);
}
