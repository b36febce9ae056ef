/**
 * Runs a bench script in a Node process of its own (so the peak RSS it reports is its own, not
 * the harness's) and reads the one JSON line it prints last. Its stderr goes to ours.
 */
import { spawn } from 'node:child_process';

export type ChildOutcome<T> = { ok: true; value: T } | { ok: false; note: string };

export function runJsonChild<T>(script: string, args: readonly string[]): Promise<ChildOutcome<T>> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => { stdout += chunk; });
    child.on('error', (err) => resolve({ ok: false, note: `could not start: ${err.message}` }));
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      resolve(code === 0 && last.startsWith('{') ? { ok: true, value: JSON.parse(last) as T } : { ok: false, note: `failed (exit code ${code})` });
    });
  });
}
