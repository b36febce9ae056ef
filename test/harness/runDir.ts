// A fresh folder under os.tmpdir() for one run: workspace, server state, browser profile and logs
// all live inside it, so a run never touches ~/.config, ~/.local or another run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** os.tmpdir()/ad-<label>-XXXXXX (short: VS Code makes unix sockets below it). */
export function createRunDir(label: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `ad-${label}-`));
}

export function removeRunDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/** The last `lines` lines of a text file, or '' when it cannot be read. */
export function tailOfFile(file: string, lines = 40): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
