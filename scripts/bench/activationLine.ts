/** The line the activation probe prints in the extension host and the bench reads back. */
export const ACTIVATION_PREFIX = 'AUDIO_DELIVERABLES_ACTIVATION_MS';
