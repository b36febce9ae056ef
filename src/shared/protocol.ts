/**
 * The custom LSP messages between the extension (client) and the validator (server): what LSP
 * has no message for. Imported by both sides, so a renamed field breaks the build, not a user.
 */
import type { ProgressToken } from 'vscode-languageserver-protocol';
import type { AudioFormat } from '../core/audio/format';
import type { BroadcastMetadata } from '../core/audio/broadcastMetadata';
import type { ReferenceKind, Role, StemGroup } from '../core/delivery/model';
import type { Finding } from '../core/findings';
import type { FileAnalysisFields } from '../core/analysis/fileAnalysis';
import type { NullTestOutcome } from '../core/analysis/nullTest';
import type { AltMixKind, AltMixOutcome } from '../core/render/altMix';
import type { PcmBody } from './audioData';

/**
 * One of this protocol's requests: its method, and (for the compiler only) its params and result.
 * Plain data, not vscode-jsonrpc's RequestType, so that loading the extension's first module does
 * not load the JSON-RPC library: the language client comes after activation (client/server.ts).
 */
export interface RequestSignature<P, R> {
  readonly method: string;
  /** Never set: carries P and R to the callers' types. */
  readonly signature?: (params: P) => R;
}

/** One of this protocol's notifications (see RequestSignature). */
export interface NotificationSignature<P> {
  readonly method: string;
  readonly signature?: (params: P) => void;
}

/** The params a request or notification of this protocol carries. */
export type ParamsOf<T> = T extends RequestSignature<infer P, unknown> ? P : T extends NotificationSignature<infer P> ? P : never;

const request = <P, R>(method: string): RequestSignature<P, R> => ({ method });
const notification = <P>(method: string): NotificationSignature<P> => ({ method });

export interface FileDto {
  /** Relative to the delivery root, forward slashes. */
  path: string;
  role: Role;
  group: StemGroup | null;
  kind: ReferenceKind | null;
  reason: string;
  size: number;
  format: AudioFormat | null;
  /** Measured levels once analysed (null fields until then); null for files that are not audio. */
  analysis: FileAnalysisFields | null;
  /** `48 kHz · 24-bit · stereo · 4:02`, or why there is none. */
  description: string;
}

export interface DeliveryDto {
  /** Absolute file-system path of the delivery root. */
  root: string;
  name: string;
  specPath: string | null;
  files: FileDto[];
  findings: Finding[];
  summary: { errors: number; warnings: number; infos: number };
  /** What the effective spec (delivery.json over its preset) requires: the overview's checklist. */
  required: { stems: StemGroup[]; references: ReferenceKind[] };
  /** The null test the spec asks for, once the analysis ran it; null before that or without one. */
  nullTest: NullTestOutcome | null;
}

export interface ModelResult {
  /** Bumped on every re-validation; the client drops answers older than one it has shown. */
  generation: number;
  deliveries: DeliveryDto[];
}

/** deliverables/model: the classified tree of every delivery in the workspace. */
export const ModelRequest = request<Record<string, never>, ModelResult>('deliverables/model');

/** deliverables/validate: scan and check again now; answers with the new model. */
export const ValidateRequest = request<Record<string, never>, ModelResult>('deliverables/validate');

/** deliverables/modelChanged: the server re-validated; the client asks for the model again. */
export const ModelChangedNotification = notification<{ generation: number }>('deliverables/modelChanged');

export interface OverviewParams {
  /** Absolute file-system path of an audio file inside a delivery of the workspace. */
  path: string;
  startFrame: number;
  endFrame: number;
  /** Columns to draw (the canvas width in device pixels); at most MAX_OVERVIEW_COLUMNS. */
  columns: number;
}

export { MAX_OVERVIEW_COLUMNS } from './overviewLimits';

export type OverviewResult =
  | {
    ok: true;
    sampleRate: number;
    channels: number;
    /** Frames the file holds (what was decoded). */
    totalFrames: number;
    /** Per channel, one value per column (NaN as null past the end of the file). */
    min: Array<Array<number | null>>;
    max: Array<Array<number | null>>;
    /** The finest detail behind these columns, in frames per block. */
    blockFrames: number;
  }
  | { ok: false; error: string };

/** deliverables/overview: waveform min/max of a frame range at a column count. */
export const OverviewRequest = request<OverviewParams, OverviewResult>('deliverables/overview');

/**
 * deliverables/fileInfo: everything known about one file (format, levels, role, findings, and its
 * BWF/iXML metadata: null when it has none).
 */
export type FileInfoResult = { delivery: string; file: FileDto; findings: Finding[]; metadata: BroadcastMetadata | null } | null;
export const FileInfoRequest = request<{ path: string }, FileInfoResult>('deliverables/fileInfo');

export interface PcmParams {
  /** Absolute file-system path of an audio file of a delivery of the workspace. */
  path: string;
  /** First frame, from 0; and frames wanted, from 1 to maxPcmFrames (audioData.ts) of the file. */
  startFrame: number;
  frames: number;
}

export type { PcmBody } from './audioData';

/** deliverables/pcm: a few seconds of decoded samples of one file, for playback in a webview. */
export const PcmRequest = request<PcmParams, Reply<PcmBody>>('deliverables/pcm');

/* ---- Commands that act on one delivery: the work runs in the server, the editor only asks. ---- */

/**
 * Replies of the action requests: a body, or why the action was not done (a sentence shown to the
 * user as it is). Expected refusals (a manifest that exists, a stem set that cannot be mixed) are
 * replies, not errors; only a broken server rejects the request.
 */
export type Reply<T> = { ok: true; body: T } | { ok: false; error: string };

/**
 * The delivery an action is about: the absolute path of its root, as DeliveryDto.root gives it.
 * The server refuses any path that is not the root of a delivery it holds.
 */
export interface DeliveryParams {
  root: string;
}

/**
 * Long actions report LSP work-done progress against this token (the client shows it) and stop
 * when the request is cancelled ($/cancelRequest).
 */
export interface ProgressParams {
  workDoneToken?: ProgressToken;
}

export const REPORT_FORMATS = ['markdown', 'sarif', 'json', 'text'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * deliverables/report: the delivery's current validation rendered in a report format, once a
 * running analysis has ended (so the levels are in it).
 */
export const ReportRequest = request<DeliveryParams & ProgressParams & { format: ReportFormat }, Reply<{ text: string }>>('deliverables/report');

export interface ChecksumsWritten {
  /** Absolute path of the manifest written. */
  manifest: string;
  /** Files listed in it. */
  files: number;
  /** delivery.json names this manifest (`checksums`); when false, validations do not verify it yet. */
  named: boolean;
}

/** deliverables/writeChecksums: a sha256sum manifest of every file; never overwrites one. */
export const WriteChecksumsRequest = request<DeliveryParams & ProgressParams, Reply<ChecksumsWritten>>('deliverables/writeChecksums');

export interface ChecksumsVerified {
  /** Manifest path relative to the delivery root. */
  manifest: string;
  named: boolean;
  /** Files hashed and compared. */
  checked: number;
  /** Relative paths whose hash differs, and those that could not be read at all. */
  mismatches: string[];
  unreadable: string[];
  /** Listed in the manifest but not in the delivery. */
  absent: string[];
  /** Audio files of the delivery the manifest does not list. */
  unlisted: string[];
}

/** deliverables/verifyChecksums: the delivery against its manifest (delivery.json's, else checksums.sha256). */
export const VerifyChecksumsRequest = request<DeliveryParams & ProgressParams, Reply<ChecksumsVerified>>('deliverables/verifyChecksums');

export interface AltMixParams extends DeliveryParams, ProgressParams {
  kind: AltMixKind;
  /** Lead vocal change for vocal-up / vocal-down, in dB above 0 and at most MAX_ALT_MIX_DB. */
  db?: number;
}

export const MAX_ALT_MIX_DB = 24;

/** deliverables/altMix: renders an alternate mix from the stems under a name no file has yet. */
export const AltMixRequest = request<AltMixParams, Reply<AltMixOutcome>>('deliverables/altMix');

export interface NullTestParams extends DeliveryParams, ProgressParams {
  /** The mix to test against (relative path of an audio file of the delivery); default: the spec's. */
  mix?: string;
}

export type NullTestBody =
  | {
    status: 'measured';
    outcome: NullTestOutcome;
    /** The spec's limit (stems.nullTest.maxResidualDb) when the spec names this mix; else null. */
    maxResidualDb: number | null;
  }
  /** delivery.json names no null test and no mix was given: the client asks which of these is the mix. */
  | { status: 'choose-mix'; references: Array<{ path: string; kind: ReferenceKind | null }> };

/** deliverables/nullTest: the stems summed at unity minus the mix, now. */
export const NullTestRequest = request<NullTestParams, Reply<NullTestBody>>('deliverables/nullTest');

export interface RenamePlan {
  /** Absolute paths; `to` is in the same folder as `from` and does not exist. */
  renames: Array<{ root: string; from: string; to: string }>;
  /** Suggested renames that cannot be done, and why (the name is taken, two files want it…). */
  skipped: Array<{ root: string; from: string; to: string; reason: string }>;
}

/** deliverables/renamePlan: the renames the naming/pattern findings suggest, checked against the disk. */
export const RenamePlanRequest = request<{ root?: string }, Reply<RenamePlan>>('deliverables/renamePlan');
