import type { Rule, RuleFinding } from '../rule';
import { foldersOf, lastSegment } from './folders';
import { MAX_RELATIVE_PATH_CHARS, nameProblems, quoteName, type NameProblem } from './nameSafety';

const ADVICE = 'Rename it with letters, digits, spaces, "-" and "_" so it survives every drive, archive and transfer.';

/**
 * Names that break on some file system or transfer. Each file is checked for its own name and
 * whole path; each folder once (file null), so one bad folder does not flag every file in it.
 */
export const unsafeName: Rule = {
  id: 'naming/unsafe',
  defaultSeverity: 'warning',
  summary: 'A file or folder name has characters or a length that break on some file systems or transfers.',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const folder of foldersOf(delivery.files)) {
      const problems = nameProblems(lastSegment(folder));
      if (problems.length === 0) continue;
      out.push({
        message: `The folder ${quoteName(folder)} ${describe(problems)}. ${ADVICE}`,
        file: null,
        timeSec: null,
        data: { folder, problems: problems.map((p) => p.code) },
      });
    }
    for (const f of delivery.files) {
      const problems = nameProblems(lastSegment(f.path));
      if (f.path.length > MAX_RELATIVE_PATH_CHARS) {
        problems.push({ code: 'long-path', text: `has a path ${f.path.length} characters long; past ${MAX_RELATIVE_PATH_CHARS}, copying it into a folder on Windows can exceed the 260-character limit` });
      }
      if (problems.length === 0) continue;
      out.push({
        message: `${quoteName(f.path)} ${describe(problems)}. ${ADVICE}`,
        file: f.path,
        timeSec: null,
        data: { problems: problems.map((p) => p.code) },
      });
    }
    return out;
  },
};

function describe(problems: readonly NameProblem[]): string {
  return problems.map((p) => p.text).join('; it ');
}
