/**
 * Marks of the page's steps to its first draw (performance.mark, read by bench:waveform with the
 * page's resource timing). Imported first by main.ts, so 'waveform:script' is when the bundle
 * starts to run, before any other module of it is evaluated.
 */
export function mark(step: string): void {
  performance.mark(`waveform:${step}`);
}

mark('script');
// VS Code keeps a new page hidden, and holds the host's messages to it, until its load event.
addEventListener('load', () => mark('load'));
