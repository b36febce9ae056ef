import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodePcm, undecodableReason } from '../../../src/core/audio/decode';
import type { AudioFormat, Container, ProbeResult } from '../../../src/core/audio/format';
import { probeAudio } from '../../../src/core/audio/probe';
import { memorySource, READ_AHEAD_MAX } from '../../../src/core/io/fileSource';
import { parseSpec } from '../../../src/core/spec/loadSpec';
import { resolveSpec } from '../../../src/core/spec/resolveSpec';
import { FIXTURE_SPEC } from '../../fixtures/fixtureDelivery';
import {
  aiffModel, buildAiff, buildRiff, garbageFile, hostileSize, riffModel, withU32, withU64, type Layout,
} from './fuzzFiles';
import { PADDING_BYTES, paddedDecodeReads, paddedSource, recordingSource } from './robustnessWorker';

/**
 * The fuzz properties (fast-check) over the header readers and the spec loader, run by
 * fuzz.test.ts in a worker thread that is terminated when it overstays (so a hang fails the test
 * instead of CI). Each property checks, for every generated input:
 *   - nothing throws; one file takes at most PER_FILE_MS (probe, padded probe, decode);
 *   - no read is sized from a declared length: the probe asks for at most READ_AHEAD_MAX bytes at
 *     once, also when the same header is followed by 3 GiB of virtual zeros, and the decoder's
 *     reads stay at a few MiB (the robustness suite's bounds, through its recording sources);
 *   - the model-based ones: the outcome the defect calls for, in words that name it.
 */

export const PER_FILE_MS = 2000;
const DECODE_MAX_READ = 8 * 1024 * 1024;

interface Checked {
  result: ProbeResult;
  /** Frames decoded from memory (null when the probe gives nothing decodable). */
  decodedFrames: number | null;
}

/** Probes and decodes `bytes` under the general properties; returns what the oracles need. */
export async function probeChecked(bytes: Uint8Array): Promise<Checked> {
  const started = performance.now();
  const memory = recordingSource(memorySource(bytes));
  const result = await probeAudio(memory);
  assert.ok(memory.stats.maxRead <= READ_AHEAD_MAX, `the probe read ${memory.stats.maxRead} bytes at once`);
  assert.ok(result.issues.every((i) => i.message.length > 10), `an issue without words: ${JSON.stringify(result.issues)}`);
  if (!result.ok) assert.ok(result.issues.length > 0, 'refused without a reason');

  let decodedFrames: number | null = null;
  if (result.ok && !undecodableReason(result)) {
    const reads = recordingSource(memorySource(bytes));
    decodedFrames = 0;
    for await (const c of decodePcm(reads, result)) decodedFrames += c.frames;
    assert.ok(reads.stats.maxRead <= DECODE_MAX_READ, `the decoder read ${reads.stats.maxRead} bytes at once`);
  }

  // The same header followed by 3 GiB of zeros (none of them in memory).
  const padded = recordingSource(paddedSource(bytes, bytes.length + PADDING_BYTES));
  const big = await probeAudio(padded);
  assert.ok(padded.stats.maxRead <= READ_AHEAD_MAX, `the probe of the padded file read ${padded.stats.maxRead} bytes at once`);
  if (big.ok && !undecodableReason(big)) {
    const reads = await paddedDecodeReads(bytes, big);
    assert.ok(reads.maxRead <= DECODE_MAX_READ, `the decoder read ${reads.maxRead} bytes at once from the padded file`);
  }
  const ms = performance.now() - started;
  assert.ok(ms <= PER_FILE_MS, `one file took ${Math.round(ms)} ms`);
  return { result, decodedFrames };
}

function describe(r: ProbeResult): string {
  return r.ok ? `ok, ${r.format.frames} frames, issues ${JSON.stringify(r.issues)}` : `refused: ${JSON.stringify(r.issues)}`;
}

function expectRefused(r: ProbeResult, words: RegExp): void {
  assert.ok(!r.ok, `expected a refusal matching ${words}, got ${describe(r)}`);
  assert.ok(r.issues.some((i) => i.code === 'unreadable' && words.test(i.message)), `expected an unreadable issue matching ${words}, got ${describe(r)}`);
}

function expectFrames(c: Checked, frames: number): void {
  assert.ok(c.result.ok, `expected ${frames} frames, got ${describe(c.result)}`);
  assert.equal(c.result.format.frames, frames, describe(c.result));
  if (c.decodedFrames !== null) assert.equal(c.decodedFrames, frames, 'frames decoded from memory');
}

function expectIssue(r: ProbeResult, code: string, words: RegExp): void {
  assert.ok(r.issues.some((i) => i.code === code && words.test(i.message)), `expected a ${code} issue matching ${words}, got ${describe(r)}`);
}

function expectNoIssues(r: ProbeResult): void {
  assert.deepEqual(r.issues, [], describe(r));
}

/** A file without a defect: its format as built, every frame, no issue. */
async function expectIntact(bytes: Uint8Array, frames: number, format: Partial<AudioFormat>): Promise<void> {
  const c = await probeChecked(bytes);
  expectFrames(c, frames);
  expectNoIssues(c.result);
  assert.ok(c.result.ok);
  const actual = c.result.format;
  assert.deepEqual(Object.fromEntries(Object.keys(format).map((k) => [k, actual[k as keyof AudioFormat]])), format);
}

// ---- RIFF / RF64 / RIFX / BW64 ---------------------------------------------------------------

type Defect =
  | { kind: 'none' }
  | { kind: 'cut'; at: number }
  | { kind: 'dataSize'; size: number }
  | { kind: 'fileSize'; size: number }
  | { kind: 'extraSize'; index: number; size: number }
  | { kind: 'fmtField'; field: 'channels' | 'rate' | 'blockAlign' | 'bits'; value: number };

const defect: fc.Arbitrary<Defect> = fc.oneof(
  fc.constant<Defect>({ kind: 'none' }),
  fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }).map((at): Defect => ({ kind: 'cut', at })),
  hostileSize.map((size): Defect => ({ kind: 'dataSize', size })),
  hostileSize.map((size): Defect => ({ kind: 'fileSize', size })),
  fc.record({ index: fc.nat(), size: hostileSize }).map((d): Defect => ({ kind: 'extraSize', ...d })),
  fc.oneof(
    fc.constant<Defect>({ kind: 'fmtField', field: 'channels', value: 0 }),
    fc.constant<Defect>({ kind: 'fmtField', field: 'rate', value: 0 }),
    fc.constant<Defect>({ kind: 'fmtField', field: 'bits', value: 0 }),
    fc.integer({ min: 1, max: 0xffff }).map((value): Defect => ({ kind: 'fmtField', field: 'blockAlign', value })),
  ),
);

const CONTAINER: Record<string, string> = { RIFF: 'wav', RIFX: 'rifx', RF64: 'rf64', BW64: 'bw64' };

function setU16(bytes: Uint8Array, offset: number, value: number, le: boolean): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setUint16(offset, value, le);
  return out;
}

/** The outcome a file cut at `k` bytes must have (RIFF and AIFF alike: the layout says where). */
function expectCut(c: Checked, l: Layout, k: number, truncated: RegExp): void {
  const r = c.result;
  if (k === 0) return expectRefused(r, /empty/);
  if (k < 12) return expectRefused(r, /too short|not a recognised audio container/);
  if (k < l.formatEnd) return expectRefused(r, /fmt|COMM/);
  if (k < l.dataHeaderEnd) return expectRefused(r, /data chunk|SSND/);
  expectFrames(c, Math.floor(Math.max(0, Math.min(k, l.dataEnd) - l.dataBody) / l.blockAlign));
  if (k < l.dataEnd) expectIssue(r, 'truncated', truncated);
}

export const riffProperty = fc.asyncProperty(riffModel, defect, async (m, d) => {
  const l = buildRiff(m);
  const sizes64 = m.magic === 'RF64' || m.magic === 'BW64';
  const dataLength = l.dataEnd - l.dataBody;
  const fmtBody = l.formatEnd - 16;
  const le = l.littleEndian;
  switch (d.kind) {
    case 'none':
      return expectIntact(l.bytes, m.frames, { container: CONTAINER[m.magic] as Container, codec: m.float ? 'float' : 'pcm', channels: m.channels, sampleRate: m.sampleRate, bitDepth: m.bits });
    case 'cut': {
      const k = Math.floor(d.at * l.bytes.length);
      return expectCut(await probeChecked(l.bytes.subarray(0, k)), l, k, /^data chunk declares \d+ bytes but the file holds \d+/);
    }
    case 'dataSize': {
      if (d.size === dataLength) return;
      // RF64/BW64 keep 0xFFFFFFFF in data and the real size in ds64: the defect goes there.
      const bytes = sizes64 ? withU64(l.bytes, l.riffSizeField.offset + 8, d.size) : withU32(l.bytes, l.dataSizeField, d.size, le);
      const c = await probeChecked(bytes);
      const present = l.bytes.length - l.dataBody;
      const placeholder = (d.size === 0xffffffff && !sizes64) || d.size === 0;
      if (l.fmtAfterData && (placeholder || d.size > present)) return expectRefused(c.result, /no fmt chunk/);
      if (placeholder) {
        expectFrames(c, Math.floor(present / l.blockAlign));
        return expectIssue(c.result, 'unfinalised', /^data chunk size is (0|0xFFFFFFFF) \(header never finalised\)/);
      }
      if (d.size > present) {
        expectFrames(c, Math.floor(present / l.blockAlign));
        return expectIssue(c.result, 'truncated', new RegExp(`^data chunk declares ${d.size} bytes but the file holds ${present}`));
      }
      // A size within the file: the walk goes on from where it points, the data is what it says.
      if (!l.fmtAfterData) return expectFrames(c, Math.floor(d.size / l.blockAlign));
      if (!c.result.ok) expectRefused(c.result, /fmt/);
      return;
    }
    case 'fileSize': {
      const bytes = l.riffSizeField.bytes === 8 ? withU64(l.bytes, l.riffSizeField.offset, d.size) : withU32(l.bytes, 4, d.size, le);
      const c = await probeChecked(bytes);
      expectFrames(c, m.frames);
      const placeholder = d.size === 0 || d.size === 0xffffffff;
      if (!placeholder && d.size + 8 > l.bytes.length + 1) return expectIssue(c.result, 'truncated', /header declares \d+ bytes but the file has \d+: the last \d+ bytes are missing/);
      return expectNoIssues(c.result);
    }
    case 'extraSize': {
      if (l.extras.length === 0) return;
      const extra = l.extras[d.index % l.extras.length]!;
      const c = await probeChecked(withU32(l.bytes, extra.sizeField, d.size, le));
      if (extra.afterData && !l.fmtAfterData) {
        expectFrames(c, m.frames);
        return expectNoIssues(c.result);
      }
      // The walk may lose its way before data: then it says what it could not find.
      if (c.result.ok) expectFrames(c, m.frames);
      else expectRefused(c.result, /no (fmt|data) chunk/);
      return;
    }
    case 'fmtField': {
      const at = { channels: 2, rate: 4, blockAlign: 12, bits: 14 }[d.field];
      const bytes = d.field === 'rate' ? withU32(l.bytes, fmtBody + at, d.value, le) : setU16(l.bytes, fmtBody + at, d.value, le);
      const c = await probeChecked(bytes);
      if (d.field === 'channels') return expectRefused(c.result, /^fmt declares 0 channels$/);
      if (d.field === 'rate') return expectRefused(c.result, /^fmt declares a sample rate of 0 Hz$/);
      if (d.field === 'bits') return expectRefused(c.result, /^fmt declares 0 bits per sample$/);
      if (d.value === l.blockAlign) return expectFrames(c, m.frames);
      return expectRefused(c.result, new RegExp(`^block align is ${d.value} bytes, but ${m.channels} channels of ${m.bits}-bit samples need ${l.blockAlign}$`));
    }
  }
});

// ---- AIFF / AIFF-C ---------------------------------------------------------------------------

type AiffDefect =
  | { kind: 'none' }
  | { kind: 'cut'; at: number }
  | { kind: 'commFrames'; frames: number }
  | { kind: 'commSize'; size: number }
  | { kind: 'ssndSize'; size: number }
  | { kind: 'extraSize'; index: number; size: number };

const aiffDefect: fc.Arbitrary<AiffDefect> = fc.oneof(
  fc.constant<AiffDefect>({ kind: 'none' }),
  fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }).map((at): AiffDefect => ({ kind: 'cut', at })),
  hostileSize.map((frames): AiffDefect => ({ kind: 'commFrames', frames })),
  fc.oneof(fc.constantFrom(0, 1, 17), hostileSize).map((size): AiffDefect => ({ kind: 'commSize', size })),
  hostileSize.map((size): AiffDefect => ({ kind: 'ssndSize', size })),
  fc.record({ index: fc.nat(), size: hostileSize }).map((d): AiffDefect => ({ kind: 'extraSize', ...d })),
);

export const aiffProperty = fc.asyncProperty(aiffModel, aiffDefect, async (m, d) => {
  const l = buildAiff(m);
  const commOffset = 12;
  switch (d.kind) {
    case 'none':
      return expectIntact(l.bytes, m.frames, { container: m.aifc ? 'aifc' : 'aiff', channels: m.channels, sampleRate: m.sampleRate, bitDepth: m.bits });
    case 'cut': {
      const k = Math.floor(d.at * l.bytes.length);
      return expectCut(await probeChecked(l.bytes.subarray(0, k)), l, k, /^COMM declares \d+ sample frames but only \d+ are present/);
    }
    case 'commFrames': {
      const c = await probeChecked(withU32(l.bytes, commOffset + 8 + 2, d.frames, false));
      if (d.frames > m.frames) {
        expectFrames(c, m.frames);
        return expectIssue(c.result, 'truncated', new RegExp(`^COMM declares ${d.frames} sample frames but only ${m.frames} are present`));
      }
      if (d.frames > 0) return expectFrames(c, d.frames);
      return;
    }
    case 'commSize': {
      const c = await probeChecked(withU32(l.bytes, commOffset + 4, d.size, false));
      if (d.size < 18) return expectRefused(c.result, /COMM chunk is \d+ bytes, needs at least/);
      if (!c.result.ok) expectRefused(c.result, /COMM|SSND/);
      return;
    }
    case 'ssndSize': {
      const c = await probeChecked(withU32(l.bytes, l.dataSizeField, d.size, false));
      if (!c.result.ok) expectRefused(c.result, /SSND/);
      return;
    }
    case 'extraSize': {
      if (l.extras.length === 0) return;
      const extra = l.extras[d.index % l.extras.length]!;
      const c = await probeChecked(withU32(l.bytes, extra.sizeField, d.size, false));
      if (extra.afterData) return expectFrames(c, m.frames);
      if (c.result.ok) expectFrames(c, m.frames);
      else expectRefused(c.result, /COMM|SSND/);
      return;
    }
  }
});

/** Anything at all, mostly behind a real magic: only the general properties. */
export const garbageProperty = fc.asyncProperty(garbageFile, async (bytes) => {
  await probeChecked(bytes);
});

// ---- the spec loader -------------------------------------------------------------------------

/** Every problem's range lies inside the text; every message says something. */
function checkProblems(text: string, problems: ReturnType<typeof parseSpec>['problems']): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of problems) {
    assert.ok(p.message.length > 10, `a problem without words: ${JSON.stringify(p)}`);
    for (const pos of [p.range.start, p.range.end]) {
      assert.ok(pos.line >= 0 && pos.line < Math.max(1, lines.length), `line ${pos.line} outside the text (${lines.length} lines)`);
      assert.ok(pos.character >= 0 && pos.character <= (lines[pos.line]?.length ?? 0), `character ${pos.character} outside line ${pos.line}`);
    }
  }
}

function loadChecked(text: string): ReturnType<typeof parseSpec> {
  const started = performance.now();
  const loaded = parseSpec(text);
  checkProblems(text, loaded.problems);
  const effective = resolveSpec(loaded.spec);
  // What rules read is well-typed, whatever the text held.
  for (const policy of Object.values(effective.format)) {
    for (const list of [policy.sampleRates, policy.bitDepths]) assert.ok(!list || list.every((n) => Number.isFinite(n)), JSON.stringify(policy));
  }
  for (const s of [effective.project.artist, effective.naming.pattern, effective.checksums, effective.stems.folder]) assert.ok(s === null || typeof s === 'string');
  assert.ok(performance.now() - started <= PER_FILE_MS, 'one spec took too long');
  return loaded;
}

/** Random edits of a real delivery.json: deletions, insertions of JSON's own characters. */
const mutatedSpecText: fc.Arbitrary<string> = fc.array(
  fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.integer({ min: 0, max: 12 }), insert: fc.stringMatching(/^[{}[\]",:\\/*\n a-z0-9.eE+-]{0,8}$/) }),
  { minLength: 1, maxLength: 6 },
).map((edits) => edits.reduce((text, e) => {
  const at = Math.floor(e.at * text.length);
  return text.slice(0, at) + e.insert + text.slice(at + e.remove);
}, FIXTURE_SPEC));

export const specTextProperty = fc.property(
  fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), mutatedSpecText, fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v))),
  (text) => {
    loadChecked(text);
  },
);

/** A field of delivery.json, and values of the wrong kind for it. */
const WRONG_VALUES: ReadonlyArray<[string[], fc.Arbitrary<unknown>]> = [
  [['preset'], fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }), fc.constantFrom('musik-mix', 'film', ''))],
  [['format', 'sampleRates'], fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }))],
  [['format', 'bitDepths'], fc.oneof(fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant({}))],
  [['project', 'bpm'], fc.oneof(fc.string(), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 }))],
  [['session', 'handover'], fc.oneof(fc.string(), fc.integer(), fc.constant(null))],
  [['checksums'], fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 }), fc.constant({}))],
  [['stems', 'folder'], fc.oneof(fc.integer(), fc.boolean(), fc.constant(null))],
  [['naming', 'pattern'], fc.oneof(fc.integer(), fc.boolean(), fc.constant([]))],
];

const BASE_SPEC = { preset: 'music-mix', project: { artist: 'Ada', title: 'Lights' }, stems: { folder: 'Stems' } };

function withValue(spec: object, pointer: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(spec) as Record<string, unknown>;
  let node = copy;
  for (const key of pointer.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[pointer[pointer.length - 1]!] = value;
  return copy;
}

function without(spec: object, pointer: string[]): Record<string, unknown> {
  const copy = structuredClone(spec) as Record<string, unknown>;
  let node = copy;
  for (const key of pointer.slice(0, -1)) node = (node[key] ?? {}) as Record<string, unknown>;
  delete node[pointer[pointer.length - 1]!];
  return copy;
}

/** A wrong value gets a problem naming its field, at its text; the effective spec ignores it. */
export const specWrongValueProperty = fc.property(
  fc.integer({ min: 0, max: WRONG_VALUES.length - 1 }).chain((i) => fc.tuple(fc.constant(WRONG_VALUES[i]![0]), WRONG_VALUES[i]![1])),
  ([pointer, value]) => {
    const spec = withValue(BASE_SPEC, pointer, value);
    const text = JSON.stringify(spec);
    const loaded = loadChecked(text);
    const field = pointer.join('.');
    const problem = loaded.problems.find((p) => p.message.startsWith(field));
    assert.ok(problem, `no problem naming ${field} for ${text}: ${JSON.stringify(loaded.problems)}`);
    // One line of compact JSON: characters are offsets.
    assert.equal(text.slice(problem.range.start.character, problem.range.end.character), JSON.stringify(value), `the range of "${problem.message}"`);
    assert.deepEqual(resolveSpec(loaded.spec), resolveSpec(without(spec, pointer)), 'the wrong value changed the effective spec');
  },
);

/** Small files of each family with extra chunks around the data, cut at every byte offset. */
const CUT_MODELS = [
  buildRiff({ magic: 'RIFF', float: false, channels: 2, sampleRate: 48_000, bits: 24, frames: 7, before: [{ id: 'LIST', length: 9, missingPad: false }], after: [{ id: 'JUNK', length: 5, missingPad: true }], fmtAt: 0 }),
  buildRiff({ magic: 'RF64', float: true, channels: 3, sampleRate: 96_000, bits: 32, frames: 5, before: [{ id: 'Xtra', length: 3, missingPad: false }], after: [], fmtAt: 1 }),
  buildRiff({ magic: 'RIFX', float: false, channels: 1, sampleRate: 44_100, bits: 16, frames: 9, before: [], after: [{ id: 'id3 ', length: 4, missingPad: false }], fmtAt: -1 }),
  buildAiff({ aifc: true, channels: 2, sampleRate: 44_100, bits: 16, frames: 6, ssndOffset: 4, before: [{ id: 'NAME', length: 5, missingPad: false }], after: [{ id: 'ANNO', length: 3, missingPad: false }] }),
] as const;

/** Every prefix of every CUT_MODELS file: the outcome the cut calls for. Returns the files probed. */
export async function everyCut(): Promise<number> {
  let probed = 0;
  for (const l of CUT_MODELS) {
    const aiff = l.bytes[0] === 0x46; // 'F'ORM
    const words = aiff ? /^COMM declares \d+ sample frames but only \d+ are present/ : /^data chunk declares \d+ bytes but the file holds \d+/;
    for (let k = 0; k <= l.bytes.length; k++) {
      const c = await probeChecked(l.bytes.subarray(0, k));
      try {
        if (k === l.bytes.length) expectNoIssues(c.result);
        else expectCut(c, l, k, words);
      } catch (err) {
        throw new Error(`${String.fromCharCode(...l.bytes.subarray(0, 4))} file of ${l.bytes.length} bytes cut at ${k}: ${(err as Error).message}`);
      }
      probed++;
    }
  }
  return probed;
}

export const PROPERTIES = {
  'RIFF/RF64/RIFX/BW64 models with one defect': riffProperty,
  'AIFF/AIFF-C models with one defect': aiffProperty,
  'random bytes behind real magics': garbageProperty,
  'delivery.json: any text, mutated specs, any JSON': specTextProperty,
  'delivery.json: a wrong value at a known field': specWrongValueProperty,
} as const;

export type PropertyName = keyof typeof PROPERTIES;
