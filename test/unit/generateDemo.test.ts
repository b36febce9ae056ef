import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { WaveFile } from 'wavefile';
import {
  BASS_STEM_SHORT_FRAMES,
  CLIP_BURST_FRAMES,
  DEMO_DELIBERATE_PROBLEMS,
  DEMO_TIME_REFERENCE,
  PAD_LATE_FRAMES,
  clipBurstStartFrame,
  generateDemoDelivery,
} from '../../scripts/demo/generateDemo';

const SECONDS = 2;
const TOTAL_FRAMES = SECONDS * 48000;
const FULL_SCALE = 8388607;

const EXPECTED_FILES = [
  'Docs/Track Sheet.txt',
  'Multitracks/01 Kick In.wav',
  'Multitracks/02 Kick Out.wav',
  'Multitracks/03 Snare Top.wav',
  'Multitracks/04 Snare Bottom.wav',
  'Multitracks/05 Hi-Hat.wav',
  'Multitracks/06 Overheads.wav',
  'Multitracks/07 Room.wav',
  'Multitracks/08 Bass DI.wav',
  'Multitracks/09 Bass Amp.wav',
  'Multitracks/10 Gtr L.wav',
  'Multitracks/11 Gtr R.wav',
  'Multitracks/12 Acoustic Gtr.wav',
  'Multitracks/13 Piano.wav',
  'Multitracks/14 Synth Pad.wav',
  'Multitracks/15 Lead Vox.wav',
  'Multitracks/16 Lead Vox Dbl.wav',
  'Multitracks/17 BGV Harmony.wav',
  'Multitracks/18 BGV Delay.wav',
  'Multitracks/19 Vox Verb Print.wav',
  'Multitracks/Audio 1_03.wav',
  'References/Ada_Lights_Acapella.wav',
  'References/Ada_Lights_Instrumental.wav',
  'References/Ada_Lights_Main.wav',
  'References/Ada_Lights_Vox Up.wav',
  'Session/Ada_Lights.ptx',
  'Stems/Ada_Lights_STEM_BGV.wav',
  'Stems/Ada_Lights_STEM_Bass.wav',
  'Stems/Ada_Lights_STEM_Drums.wav',
  'Stems/Ada_Lights_STEM_Guitars.wav',
  'Stems/Ada_Lights_STEM_Keys.wav',
  'Stems/Ada_Lights_STEM_Vocals.wav',
  'delivery.json',
];

const STEM_FILES = EXPECTED_FILES.filter((f) => f.startsWith('Stems/'));
const MULTITRACK_FILES = EXPECTED_FILES.filter((f) => f.startsWith('Multitracks/'));

interface Decoded {
  bitDepth: string;
  channels: Float64Array[];
}

/** wavefile is the independent reader: the generator's own writer is not trusted here. */
function decode(path: string): Decoded {
  const wav = new WaveFile(readFileSync(path));
  const samples = wav.getSamples(false, Float64Array) as unknown as Float64Array | Float64Array[];
  return { bitDepth: wav.bitDepth, channels: Array.isArray(samples) ? samples : [samples] };
}

/** The bext TimeReference, read from the chunk bytes (offset 338 of the body, 64-bit little-endian). */
function timeReference(path: string): number | null {
  const bytes = readFileSync(path);
  for (let at = 12; at + 8 <= bytes.length; ) {
    const size = bytes.readUInt32LE(at + 4);
    if (bytes.toString('ascii', at, at + 4) === 'bext') return bytes.readUInt32LE(at + 8 + 342) * 2 ** 32 + bytes.readUInt32LE(at + 8 + 338);
    at += 8 + size + (size & 1);
  }
  return null;
}

function hashTree(root: string, files: string[]): Map<string, string> {
  return new Map(files.map((f) => [f, createHash('sha256').update(readFileSync(join(root, f))).digest('hex')]));
}

describe('generateDemoDelivery', function () {
  this.timeout(120000);
  let dir: string;
  let first: string;
  let files: string[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'demo-delivery-'));
    first = join(dir, 'first', 'nested'); // a folder that does not exist yet is created
    files = (await generateDemoDelivery(first, { seconds: SECONDS })).files;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the expected files, relative and sorted', () => {
    assert.deepEqual(files, EXPECTED_FILES);
  });

  it('is deterministic: a second run is byte-identical', async () => {
    const second = join(dir, 'second');
    const again = await generateDemoDelivery(second, { seconds: SECONDS });
    assert.deepEqual(again.files, files);
    assert.deepEqual(hashTree(second, again.files), hashTree(first, files));
  });

  it('refuses a folder that is not empty and leaves it alone', async () => {
    const busy = join(dir, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'keep.txt'), 'mine');
    await assert.rejects(generateDemoDelivery(busy, { seconds: SECONDS }), /not empty/);
    assert.equal(readFileSync(join(busy, 'keep.txt'), 'utf8'), 'mine');
  });

  it('writes 24-bit multi-tracks, except the deliberate 16-bit acoustic guitar', () => {
    for (const file of MULTITRACK_FILES) {
      const { bitDepth, channels } = decode(join(first, file));
      assert.equal(bitDepth, file.includes('Acoustic') ? '16' : '24', file);
      assert.equal(channels[0].length, TOTAL_FRAMES, file);
      const stereo = ['06 ', '07 ', '13 ', '14 ', '19 '].some((prefix) => file.startsWith(`Multitracks/${prefix}`));
      assert.equal(channels.length, stereo ? 2 : 1, file);
    }
  });

  it('starts every file at 01:00:00:00 except the pad, 480 samples late', () => {
    for (const file of [...MULTITRACK_FILES, ...STEM_FILES]) {
      const expected = file.includes('Synth Pad') ? DEMO_TIME_REFERENCE + PAD_LATE_FRAMES : DEMO_TIME_REFERENCE;
      assert.equal(timeReference(join(first, file)), expected, file);
    }
    assert.equal(DEMO_TIME_REFERENCE, 172800000);
  });

  it('gives stereo stems of one length, except Bass, 960 frames short', () => {
    for (const file of STEM_FILES) {
      const { channels } = decode(join(first, file));
      assert.equal(channels.length, 2, file);
      assert.equal(channels[0].length, file.endsWith('_Bass.wav') ? TOTAL_FRAMES - BASS_STEM_SHORT_FRAMES : TOTAL_FRAMES, file);
    }
  });

  it('makes the Main the exact sum of the stems, apart from the clipping burst', () => {
    const main = decode(join(first, 'References/Ada_Lights_Main.wav')).channels;
    const stems = STEM_FILES.map((f) => decode(join(first, f)).channels);
    const burst = clipBurstStartFrame(TOTAL_FRAMES);
    let worst = 0;
    let longestRail = 0;
    for (let c = 0; c < 2; c++) {
      let run = 0;
      for (let i = 0; i < TOTAL_FRAMES; i++) {
        const inBurst = i >= burst && i < burst + CLIP_BURST_FRAMES;
        run = Math.abs(main[c][i]) >= FULL_SCALE ? run + 1 : 0;
        longestRail = Math.max(longestRail, run);
        if (inBurst) continue;
        assert.ok(Math.abs(main[c][i]) < FULL_SCALE, `unexpected full-scale sample at ${i}`);
        const sum = stems.reduce((acc, stem) => acc + (stem[c][i] ?? 0), 0);
        worst = Math.max(worst, Math.abs(main[c][i] - sum));
      }
    }
    assert.ok(worst <= 1, `Main differs from the stem sum by ${worst} LSB`);
    assert.ok(longestRail >= 3, `expected a run of ≥3 full-scale samples, longest was ${longestRail}`);
  });

  it('derives the instrumental, a cappella and vox-up mixes from the stems', () => {
    const stems = new Map(STEM_FILES.map((f) => [f.replace(/^Stems\/Ada_Lights_STEM_|\.wav$/g, ''), decode(join(first, f)).channels]));
    const get = (name: string) => stems.get(name) ?? assert.fail(name);
    const check = (file: string, gains: Record<string, number>) => {
      const mix = decode(join(first, 'References', file)).channels;
      let worst = 0;
      for (let c = 0; c < 2; c++) {
        for (let i = 0; i < TOTAL_FRAMES; i++) {
          const sum = Object.entries(gains).reduce((acc, [name, g]) => acc + g * (get(name)[c][i] ?? 0), 0);
          worst = Math.max(worst, Math.abs(mix[c][i] - sum));
        }
      }
      assert.ok(worst <= 1, `${file}: ${worst} LSB from the stem sum`);
    };
    check('Ada_Lights_Instrumental.wav', { Drums: 1, Bass: 1, Guitars: 1, Keys: 1 });
    check('Ada_Lights_Acapella.wav', { Vocals: 1, BGV: 1 });
    check('Ada_Lights_Vox Up.wav', { Drums: 1, Bass: 1, Guitars: 1, Keys: 1, Vocals: 10 ** (1 / 20), BGV: 1 });
  });

  it('records multi-tracks at plausible levels (peaks between -30 and -1 dBFS)', () => {
    for (const file of MULTITRACK_FILES) {
      const { bitDepth, channels } = decode(join(first, file));
      const scale = bitDepth === '16' ? 32768 : 8388608;
      const peak = Math.max(...channels.map((ch) => ch.reduce((m, v) => Math.max(m, Math.abs(v)), 0))) / scale;
      const dbfs = 20 * Math.log10(peak);
      assert.ok(dbfs > -30 && dbfs < -1, `${file}: peak ${dbfs.toFixed(1)} dBFS`);
    }
  });

  it('writes a JSONC delivery.json with the contract terms and no checksums', () => {
    const errors: ParseError[] = [];
    const text = readFileSync(join(first, 'delivery.json'), 'utf8');
    assert.match(text, /\/\/ /, 'keeps its comments');
    const spec = parse(text, errors) as unknown as Record<string, unknown>;
    assert.deepEqual(errors, []);
    assert.equal(spec.preset, 'music-mix');
    assert.deepEqual(spec.project, { artist: 'Ada', title: 'Lights', bpm: 92, key: 'F# minor' });
    assert.deepEqual(spec.format, { sampleRates: [48000, 96000], bitDepths: [24, 32], containers: ['wav'] });
    assert.deepEqual(spec.stems, {
      folder: 'Stems',
      required: ['drums', 'bass', 'guitars', 'keys', 'vocals', 'backing-vocals'],
      nullTest: { mix: 'References/Ada_Lights_Main.wav', maxResidualDb: -40 },
    });
    assert.deepEqual(spec.references, { folder: 'References', required: ['main', 'instrumental', 'a-cappella', 'tv'] });
    assert.deepEqual(spec.roles, { 'Multitracks/19 Vox Verb Print.wav': 'effect-print' });
    assert.deepEqual(spec.session, { owner: 'Mix engineer (Sam Rivera)', handover: false, notes: 'Session files are not part of this delivery (contract §4).' });
    assert.equal('checksums' in spec, false);
  });

  it('lists deliberate problems that point at generated files', () => {
    assert.ok(DEMO_DELIBERATE_PROBLEMS.length >= 8);
    for (const problem of DEMO_DELIBERATE_PROBLEMS) {
      if (problem.file !== null) assert.ok(files.includes(problem.file), problem.file);
      assert.match(problem.rule, /^[a-z]+\/[a-z-]+$/);
    }
    assert.ok(!files.some((f) => /TV/i.test(f)), 'no TV mix on purpose');
    const session = readFileSync(join(first, 'Session/Ada_Lights.ptx'));
    assert.notEqual(session.toString('ascii', 0, 4), 'RIFF');
  });
});
