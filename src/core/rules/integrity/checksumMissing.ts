import type { Delivery } from '../../delivery/delivery';
import type { Rule, RuleFinding } from '../rule';

/**
 * Audio files the manifest does not list: nothing says whether they arrived intact.
 *
 * A manifest delivery.json names but the delivery lacks is spec/path-not-found's finding (an
 * error on the `checksums` line); it is not reported twice. This rule speaks for the manifest only
 * where that rule cannot: the file is there but cannot be read as text, or its name is hidden
 * (".checksums.sha256"), or the scan stopped early, which that rule does not look at.
 */
export const checksumMissing: Rule = {
  id: 'integrity/checksum-missing',
  defaultSeverity: 'warning',
  summary: 'An audio file is not listed in the checksum manifest (or the manifest cannot be read).',
  check(delivery) {
    const outcome = delivery.checksums;
    if (!outcome) return [];
    if (outcome.manifestMissing) {
      return reportedAsSpecPath(delivery, outcome.manifest) ? [] : [{
        message: `The checksum manifest ${outcome.manifest} that delivery.json names is missing or cannot be read, so no file can be verified. Ask the sender for it; to protect the copies you pass on, write one with "audio-deliverables checksums write".`,
        file: null,
        timeSec: null,
        data: { manifest: outcome.manifest, manifestMissing: true },
      }];
    }
    return outcome.unlisted.map((path): RuleFinding => ({
      message: `${path} is not listed in ${outcome.manifest}, so whether it arrived intact cannot be verified. Ask for an updated manifest that covers every file.`,
      file: path,
      timeSec: null,
      data: { manifest: outcome.manifest },
    }));
  },
};

/** True when spec/path-not-found reports the manifest: a visible path the full scan did not find. */
function reportedAsSpecPath(delivery: Delivery, manifest: string): boolean {
  const hidden = manifest.split('/').some((part) => part.startsWith('.'));
  return !hidden && !delivery.scanTruncated && !delivery.files.some((f) => f.path === manifest);
}
