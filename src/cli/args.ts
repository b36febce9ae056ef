import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { relativePath } from '../core/delivery/deliveryPath';

/** Exit codes of DESIGN.md: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error. */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A mistake in the command line: main prints it with a pointer to the command's help. */
export class UsageError extends Error {}

/** Output streams of one command; injectable so tests capture them. */
export type Out = NodeJS.WritableStream;

export function oneOf(value: string | undefined, allowed: string[], flag: string): string {
  if (value === undefined || !allowed.includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}`);
  return value;
}

/** The folder a command works on; a usage error when it is not one, or --spec is missing. */
export async function deliveryFolder(given: string, spec: string | undefined): Promise<string> {
  const dir = path.resolve(given);
  const st = await fs.stat(dir).catch(() => null);
  if (!st?.isDirectory()) throw new UsageError(`${given} is not a folder`);
  if (spec && !(await fs.stat(spec).catch(() => null))?.isFile()) throw new UsageError(`--spec ${spec} does not exist`);
  return dir;
}

/** --preset only fills in for a delivery.json that names none; say so rather than ignore it silently. */
export function warnIfPresetUnused(requested: string | undefined, effective: string, err: Out): void {
  if (requested !== undefined && requested !== effective) {
    err.write(`audio-deliverables: delivery.json names the preset ${effective}; --preset ${requested} applies only to deliveries whose spec names none\n`);
  }
}

/** A path as the user reads it: relative to the delivery root with forward slashes when inside it, else absolute. */
export function shownPath(root: string, file: string): string {
  const rel = relativePath(root, file);
  return rel.startsWith('..') ? file : rel;
}
