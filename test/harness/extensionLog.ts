// The Audio Deliverables output channel as the extension hosts wrote it to disk. A run may have
// several extension hosts (a spec that opens another folder reloads the window), each with its
// own log folder, so every one is read.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

const LOG_NAME = 'Audio Deliverables.log';
/** Polling a file: nothing to subscribe to. */
const POLL_MS = 200;

async function extensionLogText(stateDir: string): Promise<string> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith(LOG_NAME)) found.push(full);
    }
  };
  await walk(stateDir);
  const texts = await Promise.all(found.sort().map((f) => fs.readFile(f, 'utf8').catch(() => '')));
  return texts.join('\n');
}

/** Waits until every line is in the extension's logs; fails with the log's tail when time is up. */
export async function waitForLogLines(stateDir: string, lines: Array<string | RegExp>, timeoutMs: number): Promise<string> {
  const has = (text: string, line: string | RegExp) => (typeof line === 'string' ? text.includes(line) : line.test(text));
  return waitForLog(stateDir, (text) => lines.every((l) => has(text, l)), lines.map(String).join(' | '), timeoutMs);
}

/** Waits until the extension's logs hold `count` matches of `pattern` (global); returns them all, oldest log first. */
export async function waitForLogMatches(stateDir: string, pattern: RegExp, count: number, timeoutMs: number): Promise<RegExpExecArray[]> {
  const text = await waitForLog(stateDir, (t) => [...t.matchAll(pattern)].length >= count, `${count} × ${String(pattern)}`, timeoutMs);
  return [...text.matchAll(pattern)];
}

async function waitForLog(stateDir: string, done: (text: string) => boolean, wanted: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = await extensionLogText(stateDir);
  while (!done(text)) {
    if (Date.now() > deadline) throw new Error(`the output log never showed ${wanted}; it holds:\n${text.slice(-3000)}`);
    await new Promise<void>((resolve) => setTimeout(resolve, POLL_MS));
    text = await extensionLogText(stateDir);
  }
  return text;
}
