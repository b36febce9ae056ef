/**
 * The stems null test: stems summed at unity minus the mix, streamed in lockstep.
 * (Types first; the streaming implementation lives below them.)
 */
export type NullTestOutcome =
  | {
    ok: true;
    /** Relative paths of the mix and the stems summed. */
    mix: string;
    stems: string[];
    /** Residual (sum of stems − mix) peak and RMS over the whole length; null for exact silence. */
    residualPeakDbfs: number | null;
    residualRmsDbfs: number | null;
    /** The one-second window with the highest residual RMS. */
    worstSecond: { startSec: number; rmsDbfs: number | null } | null;
    /** A constant offset between stem sum and mix, in samples (positive: the mix is late); null if none found. */
    offsetSamples: number | null;
    frames: number;
  }
  | {
    ok: false;
    mix: string | null;
    /** Why no number could be given (rates or lengths differ, mix missing, unreadable…). */
    reason: string;
    files: string[];
  };
