import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { createFixtureDelivery, writeFixtureWav } from '../fixtures/fixtureDelivery';
import type { ValidationResult } from '../../src/core/report/result';
import { Capture } from './helpers/capture';
import { makeTempDir } from './helpers/tempDir';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await main(args.includes('check') || args.includes('info') ? [...args, '--no-cache'] : args, out, err);
  return { code, out: out.text, err: err.text };
}

describe('CLI check', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    await createFixtureDelivery(dir);
  });
  afterEach(() => cleanup());

  it('prints the JSON shape of DESIGN.md with every file classified', async () => {
    const { code, out } = await run(['check', dir, '--format', 'json']);
    assert.equal(code, 0);
    const result = JSON.parse(out) as ValidationResult;
    assert.equal(result.version, 1);
    assert.equal(result.root, dir);
    assert.equal(result.files.length, 13);
    const drums = result.files.find((f) => f.path === 'Stems/Song_STEM_Drums.wav');
    assert.deepEqual(drums, {
      path: 'Stems/Song_STEM_Drums.wav', role: 'stem', group: 'drums', kind: null,
      format: { container: 'wav', codec: 'pcm', sampleRate: 48000, bitDepth: 24, channels: 2, frames: 96000, durationSec: 2, timeReference: null },
      // Sines at 0.25 (-12.04 dBFS) for 2 s: too short for LRA and short-term (3 s windows); a
      // whole number of periods, so the mean is exactly 0 and DC has no level.
      analysis: {
        samplePeakDbfs: -12, truePeakDbtp: -12, integratedLufs: -12.9, lraLu: null, dcOffsetDbfs: null,
        clippedRuns: 0, leadingSilenceSec: 0, trailingSilenceSec: 0, dualMono: false, silent: false,
        invertedPolarity: false, overFullScaleSamples: null, effectiveBitDepth: 24, momentaryMaxLufs: -12.9,
        shortTermMaxLufs: null,
      },
    });
    const main = result.files.find((f) => f.path === 'References/Song_Main.wav');
    assert.deepEqual([main?.role, main?.kind, main?.format?.sampleRate], ['reference', 'main', 44100]);
    const float = result.files.find((f) => f.path === 'Stems/Song_STEM_Vox.wav');
    assert.equal(float?.analysis?.overFullScaleSamples, 0, 'float files count samples beyond full scale');
    assert.deepEqual(result.files.find((f) => f.path === 'Session/Song.ptx'), {
      path: 'Session/Song.ptx', role: 'session', group: null, kind: null, format: null, analysis: null,
    });
    assert.deepEqual(result.findings, []);
    assert.deepEqual([result.summary.errors, result.summary.warnings, result.summary.files], [0, 0, 13]);
  });

  it('reports a truncated file and exits 1', async () => {
    const file = path.join(dir, 'Stems', 'Song_STEM_Bass.wav');
    const bytes = await fs.readFile(file);
    await fs.writeFile(file, bytes.subarray(0, bytes.length - 48000 * 6)); // one second of 24-bit stereo gone
    const { code, out } = await run(['check', dir, '--format', 'json']);
    assert.equal(code, 1);
    const result = JSON.parse(out) as ValidationResult;
    const truncated = result.findings.filter((f) => f.rule === 'format/truncated');
    assert.equal(truncated.length, 1);
    assert.equal(truncated[0]!.file, 'Stems/Song_STEM_Bass.wav');
    assert.equal(truncated[0]!.severity, 'error');
    assert.equal(result.files.find((f) => f.path === 'Stems/Song_STEM_Bass.wav')?.format?.frames, 48000);
  });

  it('reports a non-audio file named .wav and a broken delivery.json with its line', async () => {
    await fs.writeFile(path.join(dir, 'Stems', 'Song_STEM_Keys.wav'), 'this is not audio at all');
    await fs.writeFile(path.join(dir, 'delivery.json'), '{\n  "preset": "music-mix",\n  "roles": { "a.wav": "stemm" }\n  "x": 1\n}\n');
    const { code, out } = await run(['check', dir, '--format', 'json', '--fail-on', 'never']);
    assert.equal(code, 0);
    const result = JSON.parse(out) as ValidationResult;
    const rules = result.findings.map((f) => `${f.rule} ${f.file}`);
    assert.ok(rules.includes('format/unreadable Stems/Song_STEM_Keys.wav'), rules.join('\n'));
    const spec = result.findings.filter((f) => f.rule === 'spec/invalid');
    // Line 3 holds two problems: the missing comma, and "x", which is not a field of delivery.json.
    assert.deepEqual(spec.map((f) => f.range?.start.line), [2, 3, 3]);
    assert.match(spec[0]!.message, /"stemm" is not a role/);
  });

  it('text output groups files by role', async () => {
    const { code, out } = await run(['check', dir]);
    assert.equal(code, 0);
    assert.match(out, /Stems \(3\)\n {2}Stems\/Song_STEM_Bass\.wav \[bass\] {2}48 kHz · 24-bit · stereo · 0:02/);
    assert.match(out, /0 errors, 0 warnings, 0 infos in 13 files/);
    assert.equal(out.includes('\u001b['), false, 'no colour when not a terminal');
  });

  it('usage and I/O errors exit 2', async () => {
    assert.equal((await run(['check'])).code, 2);
    assert.equal((await run(['check', dir, '--format', 'xml'])).code, 2);
    assert.equal((await run(['check', path.join(dir, 'nope')])).code, 2);
    assert.equal((await run(['frobnicate'])).code, 2);
    assert.equal((await run(['check', dir, '--bogus'])).code, 2);
  });

  it('analyses once, then answers from the cache until the file changes', async () => {
    const cacheHome = await makeTempDir('ad-cache-');
    const saved = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cacheHome.dir;
    try {
      const first = await main(['check', dir, '--format', 'json'], new Capture(), new Capture());
      assert.equal(first, 0);
      const entries = await fs.readdir(path.join(cacheHome.dir, 'audio-deliverables'), { recursive: true });
      assert.equal(entries.filter((e) => String(e).endsWith('.json')).length, 10, 'one entry per audio file');
      assert.equal(entries.filter((e) => String(e).endsWith('.overview')).length, 10, 'and its waveform overview');
      // Mark the snare's entry: the next run must print the mark, proving it read the cache.
      for (const e of entries.filter((x) => String(x).endsWith('.json'))) {
        const file = path.join(cacheHome.dir, 'audio-deliverables', String(e));
        const entry = JSON.parse(await fs.readFile(file, 'utf8')) as { key: string; value: { analysis: { fields: { samplePeakDbfs: number } } } };
        if (!entry.key.includes('02 Snare Top.wav')) continue;
        entry.value.analysis.fields.samplePeakDbfs = -99;
        await fs.writeFile(file, JSON.stringify(entry));
      }
      // Replace the kick with a silent file: a new size/mtime must not hit the old entry.
      const kick = path.join(dir, 'Multitracks', '01 Kick In.wav');
      await fs.rm(kick);
      await writeFixtureWav(kick, { channels: 1, sampleRate: 48000, bitDepth: '24', seconds: 1, silent: true });
      const out = new Capture();
      await main(['check', dir, '--format', 'json'], out, new Capture());
      const after = JSON.parse(out.text) as ValidationResult;
      assert.equal(after.files.find((f) => f.path === 'Multitracks/02 Snare Top.wav')?.analysis?.samplePeakDbfs, -99);
      assert.equal(after.files.find((f) => f.path === 'Multitracks/01 Kick In.wav')?.analysis?.silent, true);
    } finally {
      if (saved === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = saved;
      await cacheHome.cleanup();
    }
  });

  it('info prints one file object', async () => {
    const { code, out } = await run(['info', path.join(dir, 'Multitracks', '04 Overheads.wav'), '--format', 'json']);
    assert.equal(code, 0);
    const file = JSON.parse(out) as { format: { channels: number; frames: number } };
    assert.deepEqual([file.format.channels, file.format.frames], [2, 96000]);
  });
});
