import type { Delivery } from '../../delivery/delivery';
import { isGlobPattern, trimSlashes } from '../../delivery/classify';
import { SPEC_FILE_NAME } from '../../spec/spec';
import { specPointer } from '../../spec/specLocations';
import { closestMatch } from '../../util/closestMatch';
import type { Rule, RuleFinding } from '../rule';

/** One path delivery.json names, and how to look for it in the delivery. */
interface NamedPath {
  /** The field as a person reads it: "stems.folder", roles["Vox.wav"]. */
  field: string;
  /** JSON pointer of the value, and whether the path is the key (roles) rather than the value. */
  pointer: string;
  inKey: boolean;
  written: string;
  kind: 'folder' | 'file';
  /** Files opened by path (mix, manifest) must match in case; folders and roles match like classify does. */
  caseSensitive: boolean;
  /** "The stems folder", "The null-test mix"… */
  label: string;
  fix: string;
}

/** The spec names a folder or file (folders, null-test mix, exact roles paths, manifest) that the delivery does not hold. */
export const pathNotFound: Rule = {
  id: 'spec/path-not-found',
  defaultSeverity: 'error',
  summary: 'The spec names a folder or file that does not exist.',
  check(delivery) {
    // A scan cut short at its entry limit has not seen everything: it cannot say a path is missing.
    if (delivery.scanTruncated) return [];
    const index = indexDelivery(delivery);
    const findings: RuleFinding[] = [];
    for (const named of namedPaths(delivery)) {
      const finding = checkPath(named, index, delivery);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

function namedPaths(delivery: Delivery): NamedPath[] {
  const spec = delivery.effective;
  const out: NamedPath[] = [];
  const folder = (field: 'multitracks' | 'stems' | 'references', written: string | null, noun: string): void => {
    if (written) {
      out.push({
        field: `${field}.folder`, pointer: specPointer([field, 'folder']), inKey: false, written, kind: 'folder', caseSensitive: false,
        label: `The ${noun} folder`, fix: `correct ${field}.folder in delivery.json, or deliver the ${noun} there`,
      });
    }
  };
  folder('multitracks', spec.multitracks.folder, 'multi-tracks');
  folder('stems', spec.stems.folder, 'stems');
  folder('references', spec.references.folder, 'references');
  if (spec.stems.nullTest) {
    out.push({
      field: 'stems.nullTest.mix', pointer: specPointer(['stems', 'nullTest', 'mix']), inKey: false, written: spec.stems.nullTest.mix,
      kind: 'file', caseSensitive: true, label: 'The null-test mix',
      fix: 'correct the path in delivery.json or deliver the mix; until then the stems cannot be null-tested',
    });
  }
  for (const path of Object.keys(spec.roles)) {
    if (isGlobPattern(path)) continue;
    out.push({
      field: `roles[${JSON.stringify(path)}]`, pointer: specPointer(['roles', path]), inKey: true, written: path, kind: 'file',
      caseSensitive: false, label: 'The roles entry',
      fix: 'the role applies to nothing until the path (relative to the delivery root) names a file; correct it or remove the entry',
    });
  }
  if (spec.checksums) {
    out.push({
      field: 'checksums', pointer: specPointer(['checksums']), inKey: false, written: spec.checksums, kind: 'file', caseSensitive: true,
      label: 'The checksum manifest', fix: 'write it with `audio-deliverables checksums write`, or correct the path in delivery.json',
    });
  }
  return out;
}

interface DeliveryIndex {
  files: ReadonlySet<string>;
  /** Lower-case path → path as it is, for files and for every folder that holds one. */
  filesByLower: ReadonlyMap<string, string>;
  foldersByLower: ReadonlyMap<string, string>;
}

function indexDelivery(delivery: Delivery): DeliveryIndex {
  const filesByLower = new Map<string, string>();
  const foldersByLower = new Map<string, string>();
  for (const f of delivery.files) {
    filesByLower.set(f.path.toLowerCase(), f.path);
    const parts = f.path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      foldersByLower.set(folder.toLowerCase(), folder);
    }
  }
  return { files: new Set(delivery.files.map((f) => f.path)), filesByLower, foldersByLower };
}

function checkPath(named: NamedPath, index: DeliveryIndex, delivery: Delivery): RuleFinding | null {
  // Roles keys are matched as written (classify does); folders and opened files as resolved paths.
  const path = named.inKey ? named.written : trimSlashes(named.written);
  if (path === '' || path === '.' || hiddenFromScan(path)) return null;
  const lower = path.toLowerCase();
  const pool = named.kind === 'folder' ? index.foldersByLower : index.filesByLower;
  const sameIgnoringCase = pool.get(lower);
  if (sameIgnoringCase !== undefined && (!named.caseSensitive || index.files.has(path))) return null;

  // A roles key is its own field name; other values say which field holds them.
  const where = `${named.label} "${named.written}"${named.inKey ? '' : ` (${named.field})`}`;
  let message: string;
  let suggestion: string | null;
  if (sameIgnoringCase !== undefined) {
    suggestion = sameIgnoringCase;
    message = `${where} differs in case from "${sameIgnoringCase}" in the delivery; write it exactly as the file is named, since names are case-sensitive on Linux and on many servers`;
  } else {
    suggestion = closestMatch(path, pool.values(), Math.max(2, Math.floor(path.length / 6)));
    const missing = named.kind === 'folder' ? 'is not in the delivery, or holds no files' : 'is not in the delivery';
    message = `${where} ${missing}${suggestion ? `; did you mean "${suggestion}"?` : '.'} ${capitalise(named.fix)}`;
  }
  const location = delivery.specLocations[named.pointer];
  const range = named.inKey ? location?.key ?? location?.value : location?.value;
  return {
    message,
    file: SPEC_FILE_NAME,
    timeSec: null,
    data: { field: named.field, path: named.written, kind: named.kind, suggestion },
    ...(range ? { range } : {}),
  };
}

/** The scan skips hidden names (".checksums.sha256"), so it cannot say whether they are there. */
function hiddenFromScan(path: string): boolean {
  return path.split('/').some((part) => part.startsWith('.') && part !== '..');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
