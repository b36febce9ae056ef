/** The line the activation probe prints in the extension host and the bench reads back. */
export const ACTIVATION_PREFIX = 'AUDIO_DELIVERABLES_ACTIVATION_MS';

/** One activation, as the probe measured it. */
export interface ActivationSample {
  /** Loading dist/extension.js (VS Code's codeLoadingTime). */
  requireMs: number;
  /**
   * activate() called until what it returned settled, from the extension host's own marks
   * (VS Code's activateCallTime + activateResolvedTime; whole milliseconds).
   */
  activateMs: number;
  /** The module load, then extension.activate() to its end: VS Code's set-up of the context included. */
  endToEndMs: number;
  /** Whether dist/languageClient.js was loaded by the time activation ended (it should come after). */
  clientLoadedInActivation: boolean;
}

/** Activation as VS Code counts it (Developer: Show Running Extensions): code loading + activate(). */
export const activationMs = (sample: ActivationSample): number => sample.requireMs + sample.activateMs;
