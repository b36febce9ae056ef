import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { loadDelivery } from '../../src/core/delivery/delivery';
import { AltMixError, renderAltMix, type AltMixKind } from '../../src/core/render/altMix';
import { probeFile } from '../../src/core/audio/probeFile';
import { writeWavFile } from '../../src/core/audio/wavWriter';
import { createFixtureDelivery } from '../fixtures/fixtureDelivery';
import { Capture } from './helpers/capture';
import { createStemDelivery, FIVE_STEMS, STEMS_SPEC, readWav, referenceMix, residualPeakDbfs, writeStemWav, type StemSpec } from './helpers/stemDelivery';
import { makeTempDir } from './helpers/tempDir';

const [DRUMS, BASS, KEYS, VOX, BGV] = FIVE_STEMS.map((s) => s.path) as [string, string, string, string, string];

/** The gains each kind should use, written out by hand (not derived from the code under test). */
const EXPECTED: Record<AltMixKind, Record<string, number | null>> = {
  instrumental: { [DRUMS]: 0, [BASS]: 0, [KEYS]: 0, [VOX]: null, [BGV]: null },
  'a-cappella': { [DRUMS]: null, [BASS]: null, [KEYS]: null, [VOX]: 0, [BGV]: 0 },
  tv: { [DRUMS]: 0, [BASS]: 0, [KEYS]: 0, [VOX]: null, [BGV]: 0 },
  'vocal-up': { [DRUMS]: 0, [BASS]: 0, [KEYS]: 0, [VOX]: 1, [BGV]: 0 },
  'vocal-down': { [DRUMS]: 0, [BASS]: 0, [KEYS]: 0, [VOX]: -1, [BGV]: 0 },
};

const NAMES: Record<AltMixKind, string> = {
  instrumental: 'Ada_Lights_Instrumental.wav',
  'a-cappella': 'Ada_Lights_Acapella.wav',
  tv: 'Ada_Lights_TV.wav',
  'vocal-up': 'Ada_Lights_VocalUp.wav',
  'vocal-down': 'Ada_Lights_VocalDown.wav',
};

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await fs.readFile(file)).digest('hex');
}

describe('render-alt', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir('ad-alt-'));
  });
  afterEach(() => cleanup());

  for (const kind of Object.keys(EXPECTED) as AltMixKind[]) {
    it(`${kind}: nulls against the same stems summed independently (residual below -90 dBFS)`, async () => {
      await createStemDelivery(dir);
      const outcome = await renderAltMix(await loadDelivery(dir), { kind });
      assert.equal(outcome.file, path.join(dir, 'References', NAMES[kind]));
      const used = Object.entries(EXPECTED[kind]).filter((e): e is [string, number] => e[1] !== null);
      assert.deepEqual(outcome.stems.map((s) => [s.path, s.gainDb]).sort(), used.sort());
      assert.deepEqual(outcome.format, { sampleRate: 48000, channels: 2, bitDepth: 24, float: false });
      const written = readWav(outcome.file);
      assert.deepEqual([written.sampleRate, written.bitDepth, written.channels.length, written.channels[0]!.length], [48000, '24', 2, 48000]);
      const reference = referenceMix(used.map(([p, gainDb]) => ({ file: path.join(dir, p), gainDb })));
      const residual = residualPeakDbfs(written.channels, reference);
      assert.ok(residual < -90, `residual ${residual.toFixed(1)} dBFS`);
      // TPDF dither of ±1 LSB at 24 bits leaves about -132 dBFS: the sum itself is right.
      assert.ok(residual < -125, `residual ${residual.toFixed(1)} dBFS is more than dither`);
      assert.equal(outcome.clippedSamples, 0);
      assert.equal(outcome.frames, 48000);
      const rescanned = (await loadDelivery(dir)).files.find((f) => f.path === `References/${NAMES[kind]}`);
      assert.deepEqual([rescanned?.role, rescanned?.kind], ['reference', kind], 'the render reads back as the kind it is');
    });
  }

  it('follows the spec\'s naming pattern', async () => {
    await createStemDelivery(dir, FIVE_STEMS, STEMS_SPEC.replace('"stems":', '"naming": { "pattern": "{artist} - {title} ({kind})" },\n  "stems":'));
    const outcome = await renderAltMix(await loadDelivery(dir), { kind: 'a-cappella' });
    assert.equal(outcome.file, path.join(dir, 'References', 'Ada - Lights (ACappella).wav'));
  });

  it('applies exact gains: vocal-up +1 dB and vocal-down -3 dB on float stems', async () => {
    const float: StemSpec[] = FIVE_STEMS.map((s) => ({ ...s, bitDepth: '32f' }));
    await createStemDelivery(dir, float);
    const delivery = await loadDelivery(dir);
    const up = await renderAltMix(delivery, { kind: 'vocal-up' });
    const down = await renderAltMix(delivery, { kind: 'vocal-down', db: 3 });
    assert.equal(up.format.float, true);
    const others = referenceMix([DRUMS, BASS, KEYS, BGV].map((p) => ({ file: path.join(dir, p), gainDb: 0 })));
    const vox = readWav(path.join(dir, VOX)).channels;
    for (const [outcome, gain] of [[up, 10 ** (1 / 20)], [down, 10 ** (-3 / 20)]] as const) {
      const out = readWav(outcome.file).channels;
      // Least-squares gain of the vocal in (render − other stems): exact up to float32 rounding.
      let num = 0;
      let den = 0;
      out.forEach((ch, c) => ch.forEach((v, i) => {
        num += (v - others[c]![i]!) * vox[c]![i]!;
        den += vox[c]![i]! ** 2;
      }));
      assert.ok(Math.abs(num / den - gain) < 1e-6, `gain ${num / den} vs ${gain}`);
      const reference = referenceMix([...[DRUMS, BASS, KEYS, BGV].map((p) => ({ file: path.join(dir, p), gainDb: 0 })), { file: path.join(dir, VOX), gainDb: 20 * Math.log10(gain) }]);
      assert.ok(residualPeakDbfs(out, reference) < -130, 'float output carries the float64 sum rounded to float32');
    }
  });

  it('never overwrites: a second render and an --out onto an existing file pick new names', async () => {
    await createStemDelivery(dir);
    const delivery = await loadDelivery(dir);
    const first = await renderAltMix(delivery, { kind: 'instrumental' });
    const firstHash = await sha256(first.file);
    const second = await renderAltMix(delivery, { kind: 'instrumental' });
    assert.equal(second.file, path.join(dir, 'References', 'Ada_Lights_Instrumental (2).wav'));
    const third = await renderAltMix(delivery, { kind: 'instrumental' });
    assert.equal(third.file, path.join(dir, 'References', 'Ada_Lights_Instrumental (3).wav'));
    assert.equal(await sha256(first.file), firstHash, 'the first render is untouched');

    const main = path.join(dir, 'References', 'Ada_Lights_Main.wav');
    const mainHash = await sha256(main);
    const onto = await renderAltMix(delivery, { kind: 'tv', out: main });
    assert.equal(onto.file, path.join(dir, 'References', 'Ada_Lights_Main (2).wav'));
    assert.equal(await sha256(main), mainHash, 'the delivered main mix is untouched');
  });

  it('renders the longest stem and says which stems are shorter', async () => {
    await createStemDelivery(dir, FIVE_STEMS.map((s) => (s.path === BASS ? { ...s, seconds: 0.98 } : s)));
    const outcome = await renderAltMix(await loadDelivery(dir), { kind: 'instrumental' });
    assert.equal(outcome.frames, 48000);
    assert.equal(outcome.notes.length, 1);
    assert.match(outcome.notes[0]!, /Ada_Lights_STEM_Bass\.wav is 960 samples \(0\.020 s\) shorter than the longest stem/);
    const reference = referenceMix([DRUMS, BASS, KEYS].map((p) => ({ file: path.join(dir, p), gainDb: 0 })));
    assert.ok(residualPeakDbfs(readWav(outcome.file).channels, reference) < -90);
  });

  it('refuses stems of different sample rates or channel counts, naming the files', async () => {
    await createStemDelivery(dir, FIVE_STEMS.map((s) => (s.path === KEYS ? { ...s, sampleRate: 44100 } : s)));
    await assert.rejects(renderAltMix(await loadDelivery(dir), { kind: 'instrumental' }), (e: Error) => {
      assert.ok(e instanceof AltMixError);
      assert.match(e.message, /different sample rates.*Ada_Lights_STEM_Keys\.wav: 44100/);
      return true;
    });
    await fs.rm(path.join(dir, KEYS));
    await writeStemWav(path.join(dir, KEYS), { path: KEYS, frequency: 440, amplitude: 0.1, channels: 1 });
    await assert.rejects(renderAltMix(await loadDelivery(dir), { kind: 'tv' }), /different channel counts.*Ada_Lights_STEM_Keys\.wav: 1/);
    const files = await fs.readdir(path.join(dir, 'References'));
    assert.deepEqual(files, ['Ada_Lights_Main.wav'], 'a refused render leaves no file behind');
  });

  it('refuses a kind the stems cannot make (no vocal stem for an instrumental)', async () => {
    await createStemDelivery(dir, FIVE_STEMS.filter((s) => s.path !== VOX && s.path !== BGV));
    await assert.rejects(renderAltMix(await loadDelivery(dir), { kind: 'instrumental' }), /no stem is grouped as vocals or backing-vocals, so the instrumental would be the full mix/);
    await assert.rejects(renderAltMix(await loadDelivery(dir), { kind: 'a-cappella' }), /no stem goes into the a cappella/);
  });

  it('reports clipping of the sum', async () => {
    await createStemDelivery(dir, FIVE_STEMS.map((s) => ({ ...s, amplitude: 0.45 })));
    const outcome = await renderAltMix(await loadDelivery(dir), { kind: 'vocal-up', db: 6 });
    assert.ok(outcome.clippedSamples > 0);
    assert.ok(outcome.peakDbfs !== null && outcome.peakDbfs > 0);
  });

  it('keeps the stems\' BWF time reference and takes the widest sample format', async () => {
    const at = 48000 * 3600; // 01:00:00:00
    const sine = (f: number) => (start: number, frames: number) => [0, 1].map(() => Float32Array.from({ length: frames }, (_, i) => 0.2 * Math.sin((2 * Math.PI * f * (start + i)) / 48000)));
    await fs.mkdir(path.join(dir, 'Stems'));
    await writeWavFile(path.join(dir, 'Stems', 'Song_STEM_Drums.wav'), { sampleRate: 48000, channels: 2, bitDepth: 24, bext: { timeReference: at } }, sine(100), 4800);
    await writeWavFile(path.join(dir, 'Stems', 'Song_STEM_Vox.wav'), { sampleRate: 48000, channels: 2, bitDepth: 32, float: true, bext: { timeReference: at } }, sine(300), 4800);
    await writeWavFile(path.join(dir, 'Stems', 'Song_STEM_Bass.wav'), { sampleRate: 48000, channels: 2, bitDepth: 16, bext: { timeReference: at } }, sine(50), 4800);
    const delivery = await loadDelivery(dir);
    const inst = await renderAltMix(delivery, { kind: 'instrumental' });
    assert.equal(inst.file, path.join(dir, `${path.basename(dir)}_Instrumental.wav`), 'no project, no references folder: the root and its name');
    assert.deepEqual(inst.format, { sampleRate: 48000, channels: 2, bitDepth: 24, float: false });
    assert.equal((await probeFile(inst.file, 'x')).format?.timeReference, at);
    const up = await renderAltMix(delivery, { kind: 'vocal-up' });
    assert.deepEqual(up.format, { sampleRate: 48000, channels: 2, bitDepth: 32, float: true });
  });

  it('the fixture delivery: 24-bit and float stems give a float vocal-up', async () => {
    await createFixtureDelivery(dir);
    const outcome = await renderAltMix(await loadDelivery(dir), { kind: 'vocal-up' });
    assert.equal(outcome.file, path.join(dir, 'References', 'Test_Song_VocalUp.wav'));
    assert.equal(outcome.format.float, true);
    assert.equal(outcome.stems.length, 3);
  });
});

describe('CLI render-alt', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir('ad-alt-cli-'));
    await createStemDelivery(dir);
  });
  afterEach(() => cleanup());

  async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out = new Capture();
    const err = new Capture();
    const code = await main(args, out, err);
    return { code, out: out.text, err: err.text };
  }

  it('writes the render and says what it holds', async () => {
    const { code, out } = await run(['render-alt', dir, '--kind', 'tv']);
    assert.equal(code, 0);
    assert.match(out, /^Rendered the TV mix: References\/Ada_Lights_TV\.wav\n/);
    assert.match(out, /48 kHz · 24-bit · stereo · 0:01 \(48000 samples at 48 kHz\), TPDF-dithered/);
    assert.match(out, /left out: Stems\/Ada_Lights_STEM_Vox\.wav/);
    assert.match(out, /no clipped samples/);
    const again = await run(['render-alt', dir, '--kind', 'vocal-down', '--db', '2', '--format', 'json', '--out', path.join(dir, 'alt.wav')]);
    assert.equal(again.code, 0);
    const json = JSON.parse(again.out) as { file: string; stems: Array<{ path: string; gainDb: number }> };
    assert.equal(json.file, path.join(dir, 'alt.wav'));
    assert.equal(json.stems.find((s) => s.path === VOX)?.gainDb, -2);
  });

  it('bad arguments and impossible renders exit 2', async () => {
    assert.equal((await run(['render-alt', dir])).code, 2, 'no --kind');
    assert.equal((await run(['render-alt', dir, '--kind', 'karaoke'])).code, 2);
    assert.equal((await run(['render-alt', dir, '--kind', 'instrumental', '--db', '2'])).code, 2, '--db only for vocal-up/down');
    assert.equal((await run(['render-alt', dir, '--kind', 'vocal-up', '--db', '-1'])).code, 2);
    assert.equal((await run(['render-alt', dir, '--kind', 'vocal-up', '--out', 'x.mp3'])).code, 2);
    assert.equal((await run(['render-alt', path.join(dir, 'nope'), '--kind', 'tv'])).code, 2);
    await fs.rm(path.join(dir, VOX));
    await fs.rm(path.join(dir, BGV));
    const refused = await run(['render-alt', dir, '--kind', 'instrumental']);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /would be the full mix/);
    const help = await run(['render-alt', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /--kind KIND/);
  });
});
