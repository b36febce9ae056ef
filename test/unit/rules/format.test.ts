import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../../src/core/findings';
import { formatRules } from '../../../src/core/rules/format';
import { bitDepth } from '../../../src/core/rules/format/bitDepth';
import { channels } from '../../../src/core/rules/format/channels';
import { container } from '../../../src/core/rules/format/container';
import { extensionMismatch } from '../../../src/core/rules/format/extensionMismatch';
import { mixedSampleRates } from '../../../src/core/rules/format/mixedSampleRates';
import { paddedBitDepth } from '../../../src/core/rules/format/paddedBitDepth';
import { sampleRate } from '../../../src/core/rules/format/sampleRate';
import { truncated } from '../../../src/core/rules/format/truncated';
import { unreadable } from '../../../src/core/rules/format/unreadable';
import { ruleDocPath } from '../../../src/core/rules';
import type { Rule } from '../../../src/core/rules/rule';
import { aiffBytes, encodeInterleaved } from '../helpers/pcmFixtures';
import { analysedDelivery, cleanFixture, findingsOf, fixtureTone, putFile, putWav, releaseFixtureTemplate, specWith, withFixture } from '../helpers/ruleFixtures';

const RATE = 48_000;
const TWO_SECONDS = 2 * RATE;
const STEREO_24 = { sampleRate: RATE, channels: 2, bitDepth: 24 } as const;
const MONO_24 = { sampleRate: RATE, channels: 1, bitDepth: 24 } as const;

/** Loads and analyses the delivery in `dir`, runs one rule, and returns its only finding. */
async function onlyFinding(rule: Rule, dir: string): Promise<Finding> {
  const findings = findingsOf(rule, await analysedDelivery(dir));
  assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
  return findings[0]!;
}

/** A CBR MPEG-1 layer III stream (128 kb/s, 48 kHz, stereo) of silent frames: music-metadata reads it. */
function mp3Bytes(frames: number): Uint8Array {
  const frame = new Uint8Array(384);
  frame.set([0xff, 0xfb, 0x94, 0x44]);
  const out = new Uint8Array(frame.length * frames);
  for (let i = 0; i < frames; i++) out.set(frame, i * frame.length);
  return out;
}

describe('format rules', () => {
  after(releaseFixtureTemplate);

  it('are registered in catalogue order', () => {
    assert.deepEqual(formatRules.map((r) => r.id), [
      'format/unreadable', 'format/truncated', 'format/container', 'format/sample-rate', 'format/mixed-sample-rates',
      'format/bit-depth', 'format/channels', 'format/extension-mismatch', 'format/padded-bit-depth',
    ]);
  });

  it('each has a docs page', () => {
    // Compiled tests run from out/test/unit/rules; docs/ sits at the repository root.
    const root = path.resolve(__dirname, '..', '..', '..', '..');
    for (const rule of formatRules) assert.ok(existsSync(path.join(root, ruleDocPath(rule.id))), ruleDocPath(rule.id));
  });

  describe('silent on the clean fixture delivery', () => {
    const clean = cleanFixture();
    before(clean.before);
    for (const rule of formatRules) {
      it(rule.id, () => assert.deepEqual(findingsOf(rule, clean.delivery()), []));
    }
  });

  it('format/unreadable: a .wav that is not audio says why', () => withFixture(async (dir) => {
    await putFile(dir, 'Multitracks/06 Broken.wav', 'RIFF\x04\x00\x00\x00WAVE');
    const f = await onlyFinding(unreadable, dir);
    assert.equal(f.file, 'Multitracks/06 Broken.wav');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^Multitracks\/06 Broken\.wav is not readable audio: .+\. Ask for the file to be exported again\.$/);
  }));

  it('format/truncated: a WAV cut short in transfer', () => withFixture(async (dir) => {
    const file = path.join(dir, 'Multitracks', '02 Snare Top.wav');
    await fs.truncate(file, (await fs.stat(file)).size - 3000);
    const f = await onlyFinding(truncated, dir);
    assert.equal(f.file, 'Multitracks/02 Snare Top.wav');
    assert.equal(f.severity, 'error');
    assert.equal(f.data.kind, 'truncated');
    assert.match(f.message, /Copy it again from the source/);
  }));

  describe('format/container', () => {
    it('an MP3 among the multi-tracks is an error, with the allowed containers of the preset', () => withFixture(async (dir) => {
      await putFile(dir, 'Multitracks/06 Guide Vox.mp3', mp3Bytes(250));
      const f = await onlyFinding(container, dir);
      assert.equal(f.file, 'Multitracks/06 Guide Vox.mp3');
      assert.equal(f.severity, 'error');
      assert.equal(f.message, 'Multitracks/06 Guide Vox.mp3 is MP3 (lossy); multi-tracks must be WAV (RIFF), RF64, BW64, AIFF or AIFF-C (the music-mix preset). A lossy file cannot be turned back into the original: ask for the lossless export from the session.');
      assert.deepEqual(f.data, { container: 'mp3', codec: 'other', role: 'multitrack', allowed: ['wav', 'rf64', 'bw64', 'aiff', 'aifc'] });
    }));

    it('delivery.json containers override the preset: an AIFF stem where only WAV is allowed', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ format: { containers: ['wav'] } }));
      const frames = 4800;
      const codes = [0, 1].map((c) => Array.from({ length: frames }, (_, i) => Math.round(fixtureTone(RATE)(i, c) * 2 ** 23)));
      await fs.rm(path.join(dir, 'Stems', 'Song_STEM_Bass.wav'));
      await putFile(dir, 'Stems/Song_STEM_Bass.aif', aiffBytes({ channels: 2, sampleSize: 24, sampleRate: RATE }, encodeInterleaved(codes, { bytes: 3, bigEndian: true }), frames));
      const f = await onlyFinding(container, dir);
      assert.equal(f.file, 'Stems/Song_STEM_Bass.aif');
      assert.equal(f.message, 'Stems/Song_STEM_Bass.aif is AIFF; stems must be WAV (RIFF) (delivery.json). Convert it losslessly to WAV (RIFF) or ask for that export.');
    }));
  });

  it('format/sample-rate: a 32 kHz multi-track', () => withFixture(async (dir) => {
    await putWav(dir, 'Multitracks/06 Room.wav', { sampleRate: 32_000, channels: 1, bitDepth: 24 }, 64_000, fixtureTone(32_000));
    const f = await onlyFinding(sampleRate, dir);
    assert.equal(f.file, 'Multitracks/06 Room.wav');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /^Multitracks\/06 Room\.wav is 32 kHz; multi-tracks must be 44\.1 kHz, 48 kHz, 88\.2 kHz, 96 kHz, 176\.4 kHz or 192 kHz \(the music-mix preset\)\. Ask for it at the session's rate/);
    assert.equal(f.data.sampleRate, 32_000);
  }));

  it('format/sample-rate: the film preset takes 48 kHz only, so 44.1 kHz references fail', () => withFixture(async (dir) => {
    await putFile(dir, 'delivery.json', specWith({ preset: 'film-tv-stems' }));
    const findings = findingsOf(sampleRate, await analysedDelivery(dir));
    assert.deepEqual(findings.map((f) => f.file), ['References/Song_Instrumental.wav', 'References/Song_Main.wav']);
    assert.match(findings[0]!.message, /references must be 48 kHz \(the film-tv-stems preset\)/);
  }));

  describe('format/mixed-sample-rates', () => {
    it('a 44.1 kHz stem among 48 kHz stems names the others and the majority rate', () => withFixture(async (dir) => {
      await putWav(dir, 'Stems/Song_STEM_Bass.wav', { ...STEREO_24, sampleRate: 44_100 }, 88_200, fixtureTone(44_100));
      const f = await onlyFinding(mixedSampleRates, dir);
      assert.equal(f.file, 'Stems/Song_STEM_Bass.wav');
      assert.equal(f.severity, 'error');
      assert.equal(f.message, 'Stems/Song_STEM_Bass.wav is 44.1 kHz, but most stems are 48 kHz (Stems/Song_STEM_Drums.wav and Stems/Song_STEM_Vox.wav). All stems must share one rate: ask for it at 48 kHz, exported from the session rather than converted.');
      assert.deepEqual(f.related, ['Stems/Song_STEM_Drums.wav', 'Stems/Song_STEM_Vox.wav']);
      assert.deepEqual(f.data, { sampleRate: 44_100, majorityRate: 48_000, rates: [48_000, 44_100], set: 'stem' });
    }));

    it('effect prints count with the multi-tracks', () => withFixture(async (dir) => {
      await putWav(dir, 'Multitracks/05 Vox Verb Print.wav', { ...STEREO_24, sampleRate: 96_000 }, 192_000, fixtureTone(96_000));
      const f = await onlyFinding(mixedSampleRates, dir);
      assert.equal(f.file, 'Multitracks/05 Vox Verb Print.wav');
      assert.match(f.message, /is 96 kHz, but most multi-tracks are 48 kHz \(Multitracks\/01 Kick In\.wav, Multitracks\/02 Snare Top\.wav, Multitracks\/03 Bass DI\.wav and Multitracks\/04 Overheads\.wav\)/);
      assert.equal(f.related?.length, 4);
    }));

    it('a tie goes to the higher rate and says how many files share it', () => withFixture(async (dir) => {
      await fs.rm(path.join(dir, 'Stems', 'Song_STEM_Vox.wav'));
      await putWav(dir, 'Stems/Song_STEM_Bass.wav', { ...STEREO_24, sampleRate: 44_100 }, 88_200, fixtureTone(44_100));
      const f = await onlyFinding(mixedSampleRates, dir);
      assert.equal(f.file, 'Stems/Song_STEM_Bass.wav');
      assert.match(f.message, /but 1 of the 2 stems is 48 kHz \(Stems\/Song_STEM_Drums\.wav\)/);
    }));
  });

  it('format/bit-depth: a 16-bit multi-track', () => withFixture(async (dir) => {
    await putWav(dir, 'Multitracks/01 Kick In.wav', { ...MONO_24, bitDepth: 16 }, TWO_SECONDS, fixtureTone(RATE));
    const f = await onlyFinding(bitDepth, dir);
    assert.equal(f.file, 'Multitracks/01 Kick In.wav');
    assert.equal(f.severity, 'error');
    assert.equal(f.message, 'Multitracks/01 Kick In.wav is 16-bit; multi-tracks must be 24-bit or 32-bit (the music-mix preset). Ask for the files at the depth they were recorded or mixed at; padding them up here adds no resolution.');
    assert.deepEqual(f.data, { bitDepth: 16, float: false, role: 'multitrack', allowed: [24, 32] });
  }));

  describe('format/channels', () => {
    it('a mono stem', () => withFixture(async (dir) => {
      await putWav(dir, 'Stems/Song_STEM_Bass.wav', MONO_24, TWO_SECONDS, fixtureTone(RATE));
      const f = await onlyFinding(channels, dir);
      assert.equal(f.file, 'Stems/Song_STEM_Bass.wav');
      assert.equal(f.severity, 'error');
      assert.equal(f.message, 'Stems/Song_STEM_Bass.wav is mono; stems must be stereo (the music-mix preset). Print it again through a stereo bus; do not just copy one channel to the others.');
    }));

    it('a six-channel multi-track (a poly WAV) is to be split', () => withFixture(async (dir) => {
      await putWav(dir, 'Multitracks/06 Drum Room.wav', { ...MONO_24, channels: 6 }, TWO_SECONDS, fixtureTone(RATE));
      const f = await onlyFinding(channels, dir);
      assert.equal(f.file, 'Multitracks/06 Drum Room.wav');
      assert.match(f.message, /is 6 ch; multi-tracks must be mono or stereo \(the music-mix preset\)\. Split it into mono/);
    }));
  });

  it('format/extension-mismatch: a WAV named .aif', () => withFixture(async (dir) => {
    await putWav(dir, 'Multitracks/06 Room.aif', MONO_24, TWO_SECONDS, fixtureTone(RATE));
    const f = await onlyFinding(extensionMismatch, dir);
    assert.equal(f.file, 'Multitracks/06 Room.aif');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /^Multitracks\/06 Room\.aif is named \.aif but holds WAV \(RIFF\); rename it/);
  }));

  describe('format/padded-bit-depth', () => {
    it('a 24-bit multi-track that only carries 16 bits was upconverted', () => withFixture(async (dir) => {
      // Every sample on the 16-bit grid, written as 24-bit: the low 8 bits are always zero.
      const tone = fixtureTone(RATE);
      await putWav(dir, 'Multitracks/03 Bass DI.wav', MONO_24, TWO_SECONDS, (i, c) => Math.round(tone(i, c) * 32768) / 32768);
      const f = await onlyFinding(paddedBitDepth, dir);
      assert.equal(f.file, 'Multitracks/03 Bass DI.wav');
      assert.equal(f.severity, 'warning');
      assert.equal(f.message, 'Multitracks/03 Bass DI.wav is a 24-bit file, but its samples only carry 16 bits: it was upconverted from 16-bit, and the padding adds no resolution. Ask for the original recording or export at its real depth.');
      assert.deepEqual(f.data, { bitDepth: 24, effectiveBitDepth: 16, float: false });
    }));

    it('a float stem holding 16-bit values', () => withFixture(async (dir) => {
      const tone = fixtureTone(RATE);
      await putWav(dir, 'Stems/Song_STEM_Vox.wav', { ...STEREO_24, bitDepth: 32, float: true }, TWO_SECONDS, (i, c) => Math.round(tone(i, c) * 32768) / 32768);
      const f = await onlyFinding(paddedBitDepth, dir);
      assert.equal(f.file, 'Stems/Song_STEM_Vox.wav');
      assert.match(f.message, /is a 32-bit float file, but its samples only carry 16 bits/);
    }));

    it('digital silence is not padding', () => withFixture(async (dir) => {
      await putWav(dir, 'Multitracks/03 Bass DI.wav', MONO_24, TWO_SECONDS, () => 0);
      assert.deepEqual(findingsOf(paddedBitDepth, await analysedDelivery(dir)), []);
    }));
  });

  it('sessions, documents and other files are never format-checked', () => withFixture(async (dir) => {
    await putWav(dir, 'Misc/phone memo.wav', { sampleRate: 8000, channels: 1, bitDepth: 16 }, 8000, fixtureTone(8000));
    const delivery = await analysedDelivery(dir);
    assert.equal(delivery.files.find((f) => f.path === 'Misc/phone memo.wav')?.role, 'other');
    for (const rule of [container, sampleRate, bitDepth, channels, mixedSampleRates]) assert.deepEqual(findingsOf(rule, delivery), [], rule.id);
  }));
});
