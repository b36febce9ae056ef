/**
 * Fixtures for rule tests: the clean fixture delivery with one file replaced by a generated
 * defect, analysed in-process, and one rule run over it. Signals are plain functions of the
 * frame and channel, so every defect is exact (a clip run of 5 samples at 1.000 s is just that).
 */
import { promises as fs, rmSync } from 'node:fs';
import * as path from 'node:path';
import { DeliveryAnalyzer } from '../../../src/core/analysis/deliveryAnalyzer';
import { writeWavFile, type WavWriteFormat } from '../../../src/core/audio/wavWriter';
import { loadDelivery, type Delivery } from '../../../src/core/delivery/delivery';
import type { Finding } from '../../../src/core/findings';
import type { Rule } from '../../../src/core/rules/rule';
import { validateDelivery, type Validation } from '../../../src/core/validate';
import { createFixtureDelivery } from '../../fixtures/fixtureDelivery';
import { makeTempDir } from './tempDir';

/** A sample value for a frame and channel, in [-1, 1] (float files may go beyond). */
export type Signal = (frame: number, channel: number) => number;

/** A sine of `amplitude` (linear, 1 = full scale) at `hz`; `phase` in radians. */
export function sine(amplitude: number, hz: number, sampleRate: number, phase = 0): Signal {
  return (i) => amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate + phase);
}

/** The fixture's own music: 220 Hz at -12 dBFS, each further channel a fifth higher. */
export function fixtureTone(sampleRate: number): Signal {
  return (i, c) => 0.25 * Math.sin((2 * Math.PI * (220 + 110 * c) * i) / sampleRate);
}

/** Writes (or replaces) `rel` under `dir` with `frames` frames of `signal`, through our streaming writer. */
export async function putWav(dir: string, rel: string, format: WavWriteFormat, frames: number, signal: Signal): Promise<void> {
  const file = path.join(dir, ...rel.split('/'));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.rm(file, { force: true });
  await writeWavFile(file, format, (start, n) => Array.from({ length: format.channels }, (_, c) =>
    Float32Array.from({ length: n }, (_, k) => signal(start + k, c))), frames);
}

export async function putFile(dir: string, rel: string, bytes: Uint8Array | string): Promise<void> {
  const file = path.join(dir, ...rel.split('/'));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, bytes);
}

/**
 * The clean fixture is written once (wavefile is slow) into a template folder; each test works
 * on its own copy. Call releaseFixtureTemplate() in the suite's after hook.
 */
let template: Promise<{ dir: string; cleanup: () => Promise<void> }> | null = null;

function fixtureTemplate(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  template ??= (async () => {
    const made = await makeTempDir('ad-rules-template-');
    // Suites that never call releaseFixtureTemplate() must not leave it behind.
    process.once('exit', () => rmSync(made.dir, { recursive: true, force: true }));
    await createFixtureDelivery(made.dir);
    return made;
  })();
  return template;
}

export async function releaseFixtureTemplate(): Promise<void> {
  const pending = template;
  template = null;
  if (pending) await (await pending).cleanup();
}

/** Runs `body` on a fresh copy of the clean fixture delivery, then removes the copy. */
export async function withFixture<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const source = (await fixtureTemplate()).dir;
  const { dir, cleanup } = await makeTempDir('ad-rules-');
  try {
    await fs.cp(source, dir, { recursive: true });
    return await body(dir);
  } finally {
    await cleanup();
  }
}

/** Loads the delivery and measures every audio file on this thread, without a cache. */
export async function analysedDelivery(dir: string): Promise<Delivery> {
  const delivery = await loadDelivery(dir);
  const analyzer = new DeliveryAnalyzer({ jobs: 0, cacheDir: null });
  try {
    delivery.analyses = await analyzer.analyse(delivery.root, delivery.files);
  } finally {
    await analyzer.close();
  }
  return delivery;
}

/** The whole validation of `dir` as the CLI runs it: two analysis workers, no cache. */
export async function validateWithWorkers(dir: string): Promise<Validation> {
  const analyzer = new DeliveryAnalyzer({ jobs: 2, cacheDir: null });
  try {
    return await validateDelivery(dir, { analyzer });
  } finally {
    await analyzer.close();
  }
}

/** One rule's findings as runRules reports them (no overrides): rule id and severity filled in. */
export function findingsOf(rule: Rule, delivery: Delivery): Finding[] {
  return rule.check(delivery).map((f) => ({ rule: rule.id, ...f, severity: f.severity ?? rule.defaultSeverity }));
}

/** The clean fixture, analysed once for a whole suite (read-only: rules never change it). */
export function cleanFixture(): { delivery: () => Delivery; before: () => Promise<void>; after: () => Promise<void> } {
  let delivery: Delivery | null = null;
  return {
    delivery: () => {
      if (!delivery) throw new Error('clean fixture not built: call before() in a before hook');
      return delivery;
    },
    before: async () => {
      delivery = await analysedDelivery((await fixtureTemplate()).dir);
    },
    after: releaseFixtureTemplate,
  };
}

/** A delivery.json for tests: the fixture's, with another preset and extra fields. */
export function specWith(fields: Record<string, unknown>): string {
  return JSON.stringify({
    preset: 'music-mix',
    project: { artist: 'Test', title: 'Song' },
    stems: { folder: 'Stems' },
    session: { owner: 'Mix engineer', handover: true, notes: 'The session is part of this delivery.' },
    ...fields,
  }, null, 2);
}
