/**
 * Messages between the delivery overview webview and the extension host. The webview says `ready`
 * first; the host answers with the delivery, then serves peak and sample requests for the files of
 * that delivery only. Everything the webview sends is checked by parseOverviewMessage before use.
 */
import type { ReferenceKind, StemGroup } from '../core/delivery/model';
import { isPcmReply, maxPcmFrames, type PcmReplyMessage } from './audioData';
import { checkPeaksRange, isPeakChannels, isRequestId, MAX_OVERVIEW_COLUMNS, type PeakChannels, type PeaksRange, type PeaksRangeProblem } from './overviewLimits';
import { isFiniteNumber, isIntegerIn, isRecord, isRelativeDeliveryPath } from './guards';
import type { DeliveryChecklist } from './view/deliveryChecklist';
import { isContractNotesView, parseSaveContractNotes, type ContractNotesMessage, type SaveContractNotesMessage } from './contractNotesMessages';

/** One lane of the timeline: a stem or the mix, with what placing and playing it needs. */
export interface OverviewLane {
  /** Relative path in the delivery (the lane's identity in every message). */
  path: string;
  kind: 'stem' | 'mix';
  /** The stem group, or the mix's reference kind, as the classifier read it. */
  group: StemGroup | ReferenceKind | null;
  sampleRate: number;
  channels: number;
  frames: number;
  timeReference: number | null;
  /** `48 kHz · 24-bit · stereo · 4:02`. */
  description: string;
}

/** The null test as the residual lane shows it. */
export type OverviewResidual =
  | {
    ok: true;
    mix: string;
    /** Residual RMS (dBFS) per second of the stems' timeline (NullTestOutcome.residualSeconds). */
    seconds: Array<number | null>;
    peakDbfs: number | null;
    worstSecond: { startSec: number; rmsDbfs: number | null } | null;
    offsetSamples: number | null;
  }
  | { ok: false; reason: string };

export interface OverviewDelivery {
  name: string;
  /** The timeline's rate: the mix's, else the first stem's. */
  sampleRate: number;
  lanes: OverviewLane[];
  checklist: DeliveryChecklist;
  /** null until a null test has run. */
  residual: OverviewResidual | null;
  /** Sentences about what the timeline leaves out (no mix found, stems that are not readable audio…). */
  notes: string[];
}

export type HostToOverview =
  | { type: 'delivery'; delivery: OverviewDelivery }
  | ({ type: 'peaks'; requestId: number; ok: true } & PeakChannels)
  | { type: 'peaks'; requestId: number; ok: false; error: string }
  | PcmReplyMessage
  | { type: 'focus'; section: 'contractNotes' }
  | ContractNotesMessage;

export interface PeaksRequestMessage extends PeaksRange {
  type: 'peaks';
  requestId: number;
  path: string;
}

export interface PcmRequestMessage {
  type: 'pcm';
  requestId: number;
  path: string;
  startFrame: number;
  frames: number;
}

export type OverviewToHost = { type: 'ready' } | PeaksRequestMessage | PcmRequestMessage | SaveContractNotesMessage;

/** What the validator knows of each file the webview may ask about: the panel's lanes. */
export type LaneFormats = ReadonlyMap<string, Pick<OverviewLane, 'sampleRate' | 'channels' | 'frames'>>;

export type ParsedMessage<T> = { ok: true; message: T } | { ok: false; reason: string };


/**
 * Checks a message from the overview webview: a known type, well-typed fields, a path that is one
 * of the panel's lanes (no other file of the delivery, nothing outside it) and ranges inside that
 * file, no larger than the server would serve. The reason says what was wrong, for the log.
 */
export function parseOverviewMessage(raw: unknown, lanes: LaneFormats): ParsedMessage<OverviewToHost> {
  if (!isRecord(raw)) return no('not an object');
  switch (raw.type) {
    case 'ready':
      return { ok: true, message: { type: 'ready' } };
    case 'peaks': {
      const file = laneOf(raw, lanes);
      if ('reason' in file) return no(file.reason);
      const checked = checkPeaksRange(raw, { wholeFrames: false, lastStartFrame: file.lane.frames });
      if (!checked.ok) return no(peaksReason(checked.problem, file.path));
      return { ok: true, message: { type: 'peaks', requestId: file.requestId, path: file.path, ...checked.range } };
    }
    case 'pcm': {
      const file = laneOf(raw, lanes);
      if ('reason' in file) return no(file.reason);
      const { startFrame, frames } = raw;
      if (!isIntegerIn(startFrame, 0, Math.max(0, file.lane.frames - 1))) return no(`pcm: startFrame must be a whole frame inside ${file.path}`);
      const most = maxPcmFrames(file.lane.sampleRate, file.lane.channels);
      if (!isIntegerIn(frames, 1, most)) return no(`pcm: frames must be a whole number from 1 to ${most}`);
      return { ok: true, message: { type: 'pcm', requestId: file.requestId, path: file.path, startFrame, frames } };
    }
    case 'saveContractNotes': {
      const notes = parseSaveContractNotes(raw);
      if (!notes) return no('saveContractNotes: the notes have other keys, wrong types, values too long or control characters');
      return { ok: true, message: { type: 'saveContractNotes', notes } };
    }
    default:
      return no(`unknown message type ${typeof raw.type === 'string' ? JSON.stringify(raw.type.slice(0, 40)) : typeof raw.type}`);
  }
}

function laneOf(raw: Record<string, unknown>, lanes: LaneFormats):
  | { requestId: number; path: string; lane: Pick<OverviewLane, 'sampleRate' | 'channels' | 'frames'> }
  | { reason: string } {
  if (!isRequestId(raw.requestId)) return { reason: `${String(raw.type)}: requestId must be a whole number` };
  if (!isRelativeDeliveryPath(raw.path)) return { reason: `${String(raw.type)}: path must be a relative path inside the delivery` };
  const lane = lanes.get(raw.path);
  if (!lane) return { reason: `${String(raw.type)}: ${raw.path.slice(0, 200)} is not a file on this overview's timeline` };
  return { requestId: raw.requestId, path: raw.path, lane };
}

function peaksReason(problem: PeaksRangeProblem, path: string): string {
  if (problem === 'columns') return `peaks: columns must be a whole number from 1 to ${MAX_OVERVIEW_COLUMNS}`;
  return `peaks: startFrame/endFrame must be numbers with 0 ≤ start < end, start within ${path}`;
}

function no<T>(reason: string): ParsedMessage<T> {
  return { ok: false, reason };
}

/* ---- host → webview ---- */

/**
 * The overview page's check of what its host sends (trusted, but a page must not throw on a
 * message from another version of the extension): a known type and the fields the page reads, of
 * their types. What fails is dropped.
 */
export function isHostToOverview(raw: unknown): raw is HostToOverview {
  if (!isRecord(raw)) return false;
  switch (raw.type) {
    case 'delivery':
      return isOverviewDelivery(raw.delivery);
    case 'peaks':
      if (!isFiniteNumber(raw.requestId)) return false;
      return raw.ok === true ? isPeakChannels(raw.min, raw.max) : raw.ok === false && typeof raw.error === 'string';
    case 'pcm':
      return isPcmReply(raw);
    case 'focus':
      return raw.section === 'contractNotes';
    case 'contractNotes':
      return isContractNotesView(raw.view);
    default:
      return false;
  }
}

function isOverviewDelivery(raw: unknown): raw is OverviewDelivery {
  if (!isRecord(raw) || typeof raw.name !== 'string' || !isPositive(raw.sampleRate)) return false;
  if (!Array.isArray(raw.lanes) || !raw.lanes.every(isOverviewLane)) return false;
  if (!Array.isArray(raw.notes) || !raw.notes.every((n) => typeof n === 'string')) return false;
  if (!isRecord(raw.checklist) || !isChecklistRows(raw.checklist.stems) || !isChecklistRows(raw.checklist.references)) return false;
  return raw.residual === null || isResidual(raw.residual);
}

function isOverviewLane(raw: unknown): raw is OverviewLane {
  return isRecord(raw) && typeof raw.path === 'string' && (raw.kind === 'stem' || raw.kind === 'mix')
    && (raw.group === null || typeof raw.group === 'string') && isPositive(raw.sampleRate) && isIntegerIn(raw.channels, 1, 1024)
    && isFiniteNumber(raw.frames) && raw.frames >= 0 && (raw.timeReference === null || isFiniteNumber(raw.timeReference))
    && typeof raw.description === 'string';
}

function isChecklistRows(raw: unknown): boolean {
  return Array.isArray(raw) && raw.every((row) => isRecord(row) && (row.key === null || typeof row.key === 'string')
    && (row.status === 'delivered' || row.status === 'missing' || row.status === 'extra')
    && Array.isArray(row.files) && row.files.every((f) => typeof f === 'string'));
}

function isResidual(raw: unknown): raw is OverviewResidual {
  if (!isRecord(raw)) return false;
  if (raw.ok === false) return typeof raw.reason === 'string';
  const worst = raw.worstSecond;
  return raw.ok === true && typeof raw.mix === 'string' && Array.isArray(raw.seconds) && raw.seconds.every(isNumberOrNull)
    && isNumberOrNull(raw.peakDbfs) && isNumberOrNull(raw.offsetSamples)
    && (worst === null || (isRecord(worst) && isFiniteNumber(worst.startSec) && isNumberOrNull(worst.rmsDbfs)));
}

function isPositive(value: unknown): value is number {
  return isFiniteNumber(value) && value > 0;
}

/** A level or position; dBFS may be −∞ where nothing was measured. */
function isNumberOrNull(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && !Number.isNaN(value));
}
