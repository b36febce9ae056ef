// The extensionTestsPath module: the extension host require()s it and awaits run(), on desktop
// VS Code (test-electron) and in code-server alike. Runs every out/test/integration/**/*.test.js
// with mocha; the reporter writes through console.log, which the harness prints.
import Mocha from 'mocha';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function run(): Promise<void> {
  return runMochaIn(__dirname);
}

/** Every *.test.js under `dir` in one mocha run; other suites (test/restricted) reuse it. */
export function runMochaIn(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  const files = findTests(dir);
  if (files.length === 0) {
    return Promise.reject(new Error(`no *.test.js files under ${dir}`));
  }
  for (const file of files) {
    mocha.addFile(file);
  }
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) {
          reject(new Error(`${failures} integration test(s) failed`));
        } else {
          resolve();
        }
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...findTests(full));
    } else if (entry.name.endsWith('.test.js')) {
      found.push(full);
    }
  }
  return found.sort();
}
