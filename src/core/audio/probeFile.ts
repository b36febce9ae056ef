import type { AudioFormat, Container, ProbeDetails, ProbeIssue } from './format';
import { openFileSource } from '../io/fileSource';
import { probeAudio } from './probe';
import type { DecodableProbe } from './decode';
import { probeWithMusicMetadata } from './otherFormats';

export interface ProbedFile {
  container: Container;
  format: AudioFormat | null;
  issues: ProbeIssue[];
  /**
   * Where the samples and metadata chunks lie, when our own readers read the header (null for
   * what music-metadata read, and for unreadable files): with it, a later read of a range or of
   * the iXML goes straight to its bytes without walking the header again.
   */
  details: ProbeDetails | null;
}

/** Containers our own readers own; the rest go to music-metadata for their metadata. */
const OWN_CONTAINERS = new Set<Container>(['wav', 'rf64', 'bw64', 'rifx', 'aiff', 'aifc', 'unknown']);

/** Probes one file's header from disk. Never throws: an unreadable file is an `unreadable` issue. */
export async function probeFile(absPath: string, displayPath: string): Promise<ProbedFile> {
  let source;
  try {
    source = await openFileSource(absPath);
  } catch (err) {
    return { container: 'unknown', format: null, issues: [{ code: 'unreadable', message: `${displayPath} cannot be opened: ${(err as Error).message}` }], details: null };
  }
  try {
    const result = await probeAudio(source);
    if (result.ok) return { container: result.format.container, format: result.format, issues: result.issues, details: result.details };
    if (!OWN_CONTAINERS.has(result.container)) return { ...(await probeWithMusicMetadata(absPath, result.container)), details: null };
    return { container: result.container, format: null, issues: result.issues, details: null };
  } catch (err) {
    return { container: 'unknown', format: null, issues: [{ code: 'unreadable', message: `header could not be read: ${(err as Error).message}` }], details: null };
  } finally {
    await source.close().catch(() => undefined);
  }
}

/** The probe as the decoder takes it, when the header was read by our own readers. */
export function decodableProbe(probed: ProbedFile): DecodableProbe | null {
  return probed.format && probed.details ? { ok: true, format: probed.format, details: probed.details, issues: probed.issues } : null;
}
