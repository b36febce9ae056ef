/**
 * Checksum manifests (sha256sum format: "<64 hex>  <path>" per line). (Types first; reading,
 * verifying and writing manifests live below them.)
 */
export interface ChecksumOutcome {
  /** Manifest path relative to the delivery root. */
  manifest: string;
  /** The spec names a manifest that is not there. */
  manifestMissing: boolean;
  /** Files whose SHA-256 differs from the manifest's. */
  mismatches: Array<{ path: string; expected: string; actual: string }>;
  /** Audio files of the delivery the manifest does not list. */
  unlisted: string[];
  /** Manifest entries whose file is not in the delivery. */
  absent: string[];
}
