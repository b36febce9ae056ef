import type { AnalyseProgress } from '../core/analysis/deliveryAnalyzer';
import type { Out } from './args';

/** A person is watching this stream (a terminal, and NO_COLOR is not set). */
export function isTty(stream: Out): boolean {
  return (stream as NodeJS.WriteStream).isTTY === true && !process.env.NO_COLOR;
}

/** A one-line progress meter on stderr, only when a person is watching a terminal; 10 updates a second at most. */
export function progressLine(err: Out): ((text: string, finished: boolean) => void) | undefined {
  if (!isTty(err)) return undefined;
  let last = 0;
  return (text, finished) => {
    const now = Date.now();
    if (now - last < 100 && !finished) return;
    last = now;
    err.write(`\r${text}${finished ? '\n' : ''}`);
  };
}

export function progressReporter(err: Out): ((p: AnalyseProgress) => void) | undefined {
  const line = progressLine(err);
  return line && ((p) => {
    const pct = p.bytesTotal > 0 ? Math.floor((100 * p.bytesDone) / p.bytesTotal) : 100;
    line(`analysing ${p.filesDone}/${p.filesTotal} files (${pct} %)`, p.filesDone === p.filesTotal);
  });
}

export function renderProgress(err: Out): ((done: number, total: number) => void) | undefined {
  const line = progressLine(err);
  return line && ((done, total) => line(`rendering ${total > 0 ? Math.floor((100 * done) / total) : 100} %`, done >= total));
}

/** "hashing 3/12 files" while checksums are written or verified. */
export function hashProgress(err: Out): ((done: number, total: number) => void) | undefined {
  const line = progressLine(err);
  return line && ((done, total) => line(`hashing ${done}/${total} files`, done >= total));
}
