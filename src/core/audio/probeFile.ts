import type { AudioFormat, Container, ProbeIssue } from './format';
import { openFileSource } from '../io/fileSource';
import { probeAudio } from './probe';
import { probeWithMusicMetadata } from './otherFormats';

export interface ProbedFile {
  container: Container;
  format: AudioFormat | null;
  issues: ProbeIssue[];
}

/** Containers our own readers own; the rest go to music-metadata for their metadata. */
const OWN_CONTAINERS = new Set<Container>(['wav', 'rf64', 'bw64', 'rifx', 'aiff', 'aifc', 'unknown']);

/** Probes one file's header from disk. Never throws: an unreadable file is an `unreadable` issue. */
export async function probeFile(absPath: string, displayPath: string): Promise<ProbedFile> {
  let source;
  try {
    source = await openFileSource(absPath);
  } catch (err) {
    return { container: 'unknown', format: null, issues: [{ code: 'unreadable', message: `${displayPath} cannot be opened: ${(err as Error).message}` }] };
  }
  try {
    const result = await probeAudio(source);
    if (result.ok) return { container: result.format.container, format: result.format, issues: result.issues };
    if (!OWN_CONTAINERS.has(result.container)) return await probeWithMusicMetadata(absPath, result.container);
    return { container: result.container, format: null, issues: result.issues };
  } catch (err) {
    return { container: 'unknown', format: null, issues: [{ code: 'unreadable', message: `header could not be read: ${(err as Error).message}` }] };
  } finally {
    await source.close().catch(() => undefined);
  }
}
