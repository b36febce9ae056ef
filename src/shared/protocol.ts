/**
 * The custom LSP messages between the extension (client) and the validator (server): what LSP
 * has no message for. Imported by both sides, so a renamed field breaks the build, not a user.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { AudioFormat } from '../core/audio/format';
import type { ReferenceKind, Role, StemGroup } from '../core/delivery/model';
import type { Finding } from '../core/findings';
import type { FileAnalysisFields } from '../core/analysis/fileAnalysis';

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
}

export interface ModelResult {
  /** Bumped on every re-validation; the client drops answers older than one it has shown. */
  generation: number;
  deliveries: DeliveryDto[];
}

/** deliverables/model: the classified tree of every delivery in the workspace. */
export const ModelRequest = new RequestType<Record<string, never>, ModelResult, void>('deliverables/model');

/** deliverables/validate: scan and check again now; answers with the new model. */
export const ValidateRequest = new RequestType<Record<string, never>, ModelResult, void>('deliverables/validate');

/** deliverables/modelChanged: the server re-validated; the client asks for the model again. */
export const ModelChangedNotification = new NotificationType<{ generation: number }>('deliverables/modelChanged');

export interface OverviewParams {
  /** Absolute file-system path of an audio file inside a delivery of the workspace. */
  path: string;
  startFrame: number;
  endFrame: number;
  /** Columns to draw (the canvas width in device pixels); at most MAX_OVERVIEW_COLUMNS. */
  columns: number;
}

export const MAX_OVERVIEW_COLUMNS = 16384;

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
export const OverviewRequest = new RequestType<OverviewParams, OverviewResult, void>('deliverables/overview');

/** deliverables/fileInfo: everything known about one file (format, levels, role, findings). */
export type FileInfoResult = { delivery: string; file: FileDto; findings: Finding[] } | null;
export const FileInfoRequest = new RequestType<{ path: string }, FileInfoResult, void>('deliverables/fileInfo');
