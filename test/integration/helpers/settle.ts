import type * as vscode from 'vscode';

/**
 * Resolves with `read()` once `check` holds for it, re-reading on every `onChange` event (never a
 * sleep). After `timeoutMs` it rejects with the value it saw last, so a failure shows the state
 * rather than a bare mocha timeout.
 */
export function settles<T>(onChange: vscode.Event<unknown>, read: () => T | Promise<T>, check: (value: T) => boolean, what: string, timeoutMs = 45_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let last: T | undefined;
    const finish = (outcome: { value: T } | { error: Error }) => {
      if (done) return;
      done = true;
      sub.dispose();
      clearTimeout(timer);
      if ('value' in outcome) resolve(outcome.value);
      else reject(outcome.error);
    };
    const evaluate = async () => {
      try {
        const value = await read();
        last = value;
        if (check(value)) finish({ value });
      } catch (err) {
        finish({ error: err instanceof Error ? err : new Error(String(err)) });
      }
    };
    const sub = onChange(() => void evaluate());
    const timer = setTimeout(() => finish({ error: new Error(`timed out waiting for ${what}; last seen:\n${JSON.stringify(last, null, 2)}`) }), timeoutMs);
    void evaluate();
  });
}
