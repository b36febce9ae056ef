import type { Rule, RuleFinding } from '../rule';

/**
 * Files that differ from the checksum manifest: damaged or changed after the manifest was written.
 * A manifest entry whose file is gone is reported here too (on the manifest), as `sha256sum -c`
 * fails on it: the file was lost in transfer or renamed.
 */
export const checksumMismatch: Rule = {
  id: 'integrity/checksum-mismatch',
  defaultSeverity: 'error',
  summary: 'A file differs from the checksum manifest, or a listed file is missing.',
  check(delivery) {
    const outcome = delivery.checksums;
    if (!outcome || outcome.manifestMissing) return [];
    const out: RuleFinding[] = [];
    for (const m of outcome.mismatches) {
      const message = m.actual === ''
        ? `${m.path} could not be read to check it against ${outcome.manifest}; check its permissions, or copy it again from the source.`
        : `${m.path} does not match ${outcome.manifest} (SHA-256 ${short(m.actual)}…, expected ${short(m.expected)}…): it changed or was damaged after the manifest was written. Copy it again from the source, or ask for it to be sent again.`;
      out.push({ message, file: m.path, timeSec: null, data: { manifest: outcome.manifest, expected: m.expected, actual: m.actual || null } });
    }
    for (const missing of outcome.absent) {
      out.push({
        message: `${outcome.manifest} lists ${missing}, which is not in the delivery: it was lost in transfer or renamed after the manifest was written. Ask for it, or for an updated manifest.`,
        file: outcome.manifest,
        timeSec: null,
        data: { manifest: outcome.manifest, missing },
      });
    }
    return out;
  },
};

function short(hash: string): string {
  return hash.slice(0, 12);
}
