/**
 * Where the time of opening the waveform editor goes, on one clock (epoch ms): the palette pick and
 * the webview iframe's creation seen in the workbench page, VS Code's webview host frame
 * (pre/index.html, which waits for its service worker), the extension's page (its resource timing
 * and its performance marks, src/webview/waveform/timing.ts) and the extension host's steps (the
 * timeline of its "first waveform drawn" log line). Browser and extension host run on this machine,
 * so their epoch clocks agree to well under a millisecond.
 */
import { writeFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { median } from './median';

/** One run's steps in ms after the palette pick, in the order they happen. */
export type Timeline = Array<{ step: string; at: number }>;

/** Resources the page fetched: name, bytes, ms from request to last byte. */
export interface Fetched {
  name: string;
  bytes: number;
  ms: number;
}

/**
 * Listens, in the workbench page, for the next click (the palette row) and for the webview iframe
 * VS Code adds to the DOM. Call it with the palette open, just before the row is picked.
 */
export async function armWorkbenchClock(page: Page): Promise<void> {
  // A string: this file compiles without the DOM library.
  await page.evaluate(`(() => {
    const now = () => performance.timeOrigin + performance.now();
    window.__benchPick = undefined;
    window.__benchIframe = undefined;
    document.addEventListener('click', () => { window.__benchPick ??= now(); }, { capture: true, once: true });
    const observer = new MutationObserver(() => {
      if (document.querySelector('iframe.webview')) { window.__benchIframe ??= now(); observer.disconnect(); }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  })()`);
}

interface FrameTiming {
  origin: number;
  nav: { name: string; fetchStart: number; workerStart: number; responseStart: number; responseEnd: number; domContentLoaded: number; load: number } | null;
  resources: Array<{ name: string; start: number; end: number; bytes: number }>;
  marks: Array<{ name: string; at: number }>;
}

const FRAME_TIMING = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    origin: performance.timeOrigin,
    nav: nav ? { name: nav.name, fetchStart: nav.fetchStart, workerStart: nav.workerStart, responseStart: nav.responseStart, responseEnd: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd } : null,
    resources: performance.getEntriesByType('resource').map((r) => ({ name: r.name, start: r.startTime, end: r.responseEnd, bytes: r.decodedBodySize || r.encodedBodySize || r.transferSize })),
    marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, at: m.startTime })),
  };
})()`;

/** The host side's steps, as the extension logs them (ms after resolveCustomEditor, and its epoch). */
export interface HostSteps {
  openedAtEpoch: number;
  [step: string]: number;
}

/** Reads everything after the page has drawn; returns the run's timeline and what the page fetched. */
export async function collectTimeline(page: Page, frames: { host: Frame; content: Frame }, hostSteps: HostSteps): Promise<{ timeline: Timeline; fetched: Fetched[] }> {
  const pick = (await page.evaluate('window.__benchPick')) as number | undefined;
  const iframeAt = (await page.evaluate('window.__benchIframe')) as number | undefined;
  if (pick === undefined) throw new Error('the palette pick was not seen');
  const host = (await frames.host.evaluate(FRAME_TIMING)) as FrameTiming;
  const content = (await frames.content.evaluate(FRAME_TIMING)) as FrameTiming;
  if (process.env.BENCH_DEBUG) console.log(JSON.stringify({ hostNav: host.nav, hostResources: host.resources, contentNav: content.nav }));
  const rel = (epoch: number) => Math.round((epoch - pick) * 10) / 10;
  const events: Timeline = [];
  const add = (step: string, epoch: number | undefined) => {
    if (epoch !== undefined && Number.isFinite(epoch)) events.push({ step, at: rel(epoch) });
  };
  add('extension host: resolveCustomEditor', hostSteps.openedAtEpoch);
  for (const [name, ms] of Object.entries(hostSteps)) {
    if (name !== 'openedAtEpoch') add(`extension host: ${name}`, hostSteps.openedAtEpoch + ms);
  }
  add('workbench: webview iframe added', iframeAt);
  add('webview host frame: navigation start', host.origin);
  if (host.nav) {
    add('webview host frame: index.html received', host.origin + host.nav.responseEnd);
    add('webview host frame: DOMContentLoaded', host.origin + host.nav.domContentLoaded);
  }
  add('page: frame navigation start (service worker ready, html arrived)', content.origin);
  if (content.nav) {
    add('page: fake.html response starts', content.origin + content.nav.responseStart);
    add('page: fake.html received', content.origin + content.nav.responseEnd);
    add('page: fake.html DOMContentLoaded', content.origin + content.nav.domContentLoaded);
  }
  const fetched: Fetched[] = [];
  for (const r of content.resources) {
    const name = r.name.replace(/^.*\//, '').replace(/\?.*$/, '');
    add(`page: ${name} requested`, content.origin + r.start);
    add(`page: ${name} received`, content.origin + r.end);
    fetched.push({ name, bytes: r.bytes, ms: Math.round(r.end - r.start) });
  }
  for (const m of content.marks) add(`page: ${m.name.replace(/^waveform:/, '')}`, content.origin + m.at);
  events.sort((a, b) => a.at - b.at);
  return { timeline: [{ step: 'workbench: palette pick (click)', at: 0 }, ...events], fetched };
}

/** The median time of each step over runs (steps missing in a run are left out of its median). */
export function medianTimeline(runs: Timeline[]): Timeline {
  const byStep = new Map<string, number[]>();
  for (const run of runs) for (const { step, at } of run) byStep.set(step, [...(byStep.get(step) ?? []), at]);
  return [...byStep].map(([step, values]) => ({ step, at: median(values) })).sort((a, b) => a.at - b.at);
}

export function printTimeline(title: string, timeline: Timeline): void {
  console.log(title);
  let previous = 0;
  for (const { step, at } of timeline) {
    console.log(`  ${at.toFixed(0).padStart(6)} ms  (+${(at - previous).toFixed(0).padStart(4)})  ${step}`);
    previous = at;
  }
}

/**
 * Records a Chromium trace (all processes: navigation, loading, service worker, renderer tasks)
 * while `action` runs, into `file` (open it in chrome://tracing or ui.perfetto.dev).
 */
export async function withChromiumTrace<T>(page: Page, file: string, action: () => Promise<T>): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  const categories = ['devtools.timeline', 'loading', 'navigation', 'ServiceWorker', 'blink.user_timing', 'toplevel', 'disabled-by-default-devtools.timeline', 'browser', 'content', 'ipc'];
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReturnAsStream' });
  const result = await action();
  const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (event) => resolve(event.stream!)));
  await cdp.send('Tracing.end');
  const stream = await done;
  const chunks: string[] = [];
  for (;;) {
    const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle: stream });
    chunks.push(base64Encoded ? Buffer.from(data, 'base64').toString('utf8') : data);
    if (eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  await cdp.detach();
  writeFileSync(file, chunks.join(''));
  return result;
}
