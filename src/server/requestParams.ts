import * as path from 'node:path';
import { ALT_MIX_KINDS, type AltMixKind } from '../core/render/altMix';
import type { DeliveryFile } from '../core/delivery/model';
import { MAX_ALT_MIX_DB, REPORT_FORMATS, type ReportFormat } from '../shared/protocol';
import { MAX_PCM_SECONDS, maxPcmFrames } from '../shared/audioData';

/**
 * Checks of what a client sends with the action requests. Any LSP client may send anything, so
 * nothing is trusted: a root must be one the server validated, a file one of that delivery's, a
 * suggested name a plain name in the same folder. Each check gives the value or a sentence saying
 * what is wrong, never throws.
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const no = <T>(error: string): Checked<T> => ({ ok: false, error });

/** The params object itself: requests without one, or with an array, are refused. */
export function paramsObject(params: unknown): Checked<Record<string, unknown>> {
  return params && typeof params === 'object' && !Array.isArray(params) ? ok(params as Record<string, unknown>) : no('the request has no parameters object');
}

/** `root` names one of `roots` (absolute delivery roots the server holds). */
export function deliveryRoot(params: Record<string, unknown>, roots: readonly string[]): Checked<string> {
  const root = params.root;
  if (typeof root !== 'string' || root === '' || !path.isAbsolute(root)) return no('the request names no delivery (an absolute folder path)');
  const resolved = path.resolve(root);
  const known = roots.find((r) => path.resolve(r) === resolved);
  return known ? ok(known) : no(`${root} is not a delivery of this workspace`);
}

/** An LSP progress token (a string or a number); anything else is ignored, as if none was sent. */
export function progressToken(value: unknown): string | number | undefined {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : undefined;
}

export function reportFormat(value: unknown): Checked<ReportFormat> {
  return typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value)
    ? ok(value as ReportFormat)
    : no(`the report format must be one of ${REPORT_FORMATS.join(', ')}`);
}

export function altMixKind(value: unknown): Checked<AltMixKind> {
  return typeof value === 'string' && (ALT_MIX_KINDS as readonly string[]).includes(value)
    ? ok(value as AltMixKind)
    : no(`the alternate mix must be one of ${ALT_MIX_KINDS.join(', ')}`);
}

/** The vocal change in dB: absent (the default), or a number above 0 and at most MAX_ALT_MIX_DB. */
export function vocalDb(value: unknown): Checked<number | undefined> {
  if (value === undefined || value === null) return ok(undefined);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_ALT_MIX_DB
    ? ok(value)
    : no(`the vocal change must be a number of dB above 0 and at most ${MAX_ALT_MIX_DB}`);
}

/**
 * The mix for a null test: the relative path of an audio file of the delivery that is not a stem
 * (a mix cannot be one of the stems it is compared with). Paths are compared as the scan wrote
 * them, so "../x", absolute paths and files outside the scan never match.
 */
export function nullTestMix(value: unknown, files: readonly DeliveryFile[]): Checked<string | undefined> {
  if (value === undefined || value === null) return ok(undefined);
  if (typeof value !== 'string' || value === '') return no('the mix must be the relative path of a file of the delivery');
  const rel = value.replace(/\\/g, '/');
  const file = files.find((f) => f.path === rel);
  if (!file) return no(`${value} is not a file of this delivery`);
  if (!file.audio) return no(`${value} is not an audio file`);
  if (file.role === 'stem') return no(`${value} is a stem; the null test compares the stems with a mix`);
  return ok(file.path);
}

/**
 * A name suggested for `fromRel` (naming/pattern's `data.expected`) as a relative path in the same
 * folder. The suggestion is built from user text (artist, title), so a "/" or ".." in it must not
 * move the file anywhere else.
 */
export function renameTarget(fromRel: string, expected: unknown): Checked<string> {
  if (typeof expected !== 'string' || expected.trim() === '') return no('no name was suggested');
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f\u007f]/.test(expected)) return no(`the suggested name "${expected}" holds a path separator or a control character`);
  if (expected === '.' || expected === '..') return no(`"${expected}" is not a file name`);
  const folder = path.posix.dirname(fromRel);
  return ok(folder === '.' ? expected : `${folder}/${expected}`);
}

/**
 * The range of a deliverables/pcm request against the file's format: whole numbers, a start
 * inside the file (its last frame at most) and 1 to maxPcmFrames frames, so no request makes the
 * server decode or send more than a few seconds.
 */
export function pcmRange(params: Record<string, unknown>, format: { sampleRate: number; channels: number; frames: number }): Checked<{ startFrame: number; frames: number }> {
  const { startFrame, frames } = params;
  if (typeof startFrame !== 'number' || !Number.isSafeInteger(startFrame) || startFrame < 0) return no('startFrame must be a whole number of frames from 0');
  if (startFrame >= Math.max(1, format.frames)) return no(`startFrame ${startFrame} is past the end of the file (${format.frames} frames)`);
  const most = maxPcmFrames(format.sampleRate, format.channels);
  if (typeof frames !== 'number' || !Number.isSafeInteger(frames) || frames < 1 || frames > most) {
    return no(`frames must be a whole number from 1 to ${most} (${MAX_PCM_SECONDS} s of this file at most)`);
  }
  return ok({ startFrame, frames });
}
