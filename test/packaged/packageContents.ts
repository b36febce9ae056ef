// What a packaged extension must and must not hold, as plain functions over a folder (the
// installed .vsix) and over package.json: used by the packaged e2e run and the unit tests.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Files vsce adds under its own names (README.md → readme.md, LICENSE → LICENSE.txt). */
export const SHIPPED_BY_VSCE = ['package.json', 'readme.md', 'changelog.md', 'LICENSE.txt'];

/**
 * The .vsix size budget. It is about 0.6 MB (the bundles, most of it the language client and
 * server, and the rule pages), with room for the webviews' bundles; a stray node_modules or
 * source maps would add megabytes, which is what this catches.
 */
export const VSIX_BUDGET_BYTES = 1.5 * 1024 * 1024;

/** Every file under `dir`, as forward-slash paths relative to it. */
export function listPackage(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

const UNWANTED_FOLDERS = new Set(['src', 'test', 'out', 'node_modules', 'scripts', 'demo', 'test-results', '.ci', '.github', '.vscode', '.vscode-test']);
const UNWANTED_FILE = /(\.ts|\.map|\.vsix|\.tsbuildinfo)$|^(tsconfig.*\.json|esbuild\.js|eslint\.config\.mjs|\.mocharc.*|\.gitignore|package-lock\.json)$/;

/** Files that have no business in the package: sources, tests, maps, build config, dependencies. */
export function unwantedInPackage(files: readonly string[]): string[] {
  return files.filter((f) => {
    const parts = f.split('/');
    return parts.slice(0, -1).some((p) => UNWANTED_FOLDERS.has(p)) || UNWANTED_FILE.test(parts[parts.length - 1]!);
  });
}

export interface Manifest {
  main?: string;
  icon?: string;
  bin?: Record<string, string>;
  contributes?: {
    viewsContainers?: Record<string, Array<{ icon?: string }>>;
    views?: Record<string, Array<{ icon?: string }>>;
    jsonValidation?: Array<{ url: string }>;
    walkthroughs?: Array<{ steps: Array<{ media: { svg?: string; markdown?: string; image?: string | Record<string, string> } }> }>;
  };
}

/** Every local file package.json names (main, icon, bin, view icons, schemas, walkthrough media). */
export function manifestPaths(manifest: Manifest): string[] {
  const c = manifest.contributes ?? {};
  const named = [
    manifest.main,
    manifest.icon,
    ...Object.values(manifest.bin ?? {}),
    ...Object.values(c.viewsContainers ?? {}).flat().map((v) => v.icon),
    ...Object.values(c.views ?? {}).flat().map((v) => v.icon),
    ...(c.jsonValidation ?? []).map((j) => j.url),
    ...(c.walkthroughs ?? []).flatMap((w) => w.steps.flatMap((s) => {
      const image = s.media.image;
      return [s.media.svg, s.media.markdown, ...(typeof image === 'object' ? Object.values(image) : [image])];
    })),
  ];
  // Icons may be codicons ("$(…)") and URLs may be remote; only local files are the package's.
  const local = named.filter((p): p is string => typeof p === 'string' && !p.startsWith('$(') && !/^[a-z]+:/i.test(p));
  return [...new Set(local.map((p) => path.posix.normalize(p)))];
}
