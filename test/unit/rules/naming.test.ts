import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadDelivery } from '../../../src/core/delivery/delivery';
import type { Finding } from '../../../src/core/findings';
import { namingRules } from '../../../src/core/rules/naming';
import { caseCollision } from '../../../src/core/rules/naming/caseCollision';
import { claimsOf } from '../../../src/core/rules/naming/formatClaims';
import { formatMismatch } from '../../../src/core/rules/naming/formatMismatch';
import { genericName } from '../../../src/core/rules/naming/generic';
import { isGenericName } from '../../../src/core/rules/naming/genericNames';
import { compileNamePattern, exampleName, parseKey } from '../../../src/core/rules/naming/namePattern';
import { nameProblems } from '../../../src/core/rules/naming/nameSafety';
import { namingPattern } from '../../../src/core/rules/naming/pattern';
import { unsafeName } from '../../../src/core/rules/naming/unsafe';
import type { Rule } from '../../../src/core/rules/rule';
import { cleanFixture, findingsOf, fixtureTone, putFile, putWav, specWith, withFixture } from '../helpers/ruleFixtures';

const RATE = 48_000;
const STEREO_24 = { sampleRate: RATE, channels: 2, bitDepth: 24 } as const;
const MONO_24 = { sampleRate: RATE, channels: 1, bitDepth: 24 } as const;

/** Naming rules read names and headers only: no analysis needed. */
async function findings(rule: Rule, dir: string): Promise<Finding[]> {
  return findingsOf(rule, await loadDelivery(dir));
}

async function onlyFinding(rule: Rule, dir: string): Promise<Finding> {
  const found = await findings(rule, dir);
  assert.equal(found.length, 1, found.map((f) => f.message).join('\n'));
  return found[0]!;
}

const PROJECT = { artist: 'Ada Lovelace', title: 'Lights', bpm: 92, key: 'F# minor' };
const DRUM_STEM = { role: 'stem', group: 'drums', kind: null } as const;

describe('naming rules', () => {
  it('are registered in catalogue order', () => {
    assert.deepEqual(namingRules.map((r) => r.id), ['naming/pattern', 'naming/unsafe', 'naming/case-collision', 'naming/generic', 'naming/format-mismatch']);
  });

  describe('silent on the clean fixture delivery', () => {
    const clean = cleanFixture();
    before(clean.before);
    for (const rule of namingRules) {
      it(rule.id, () => assert.deepEqual(findingsOf(rule, clean.delivery()), []));
    }
  });

  describe('naming/pattern', () => {
    it('flags stems and references that do not follow the pattern, never multi-tracks, and suggests the name', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ naming: { pattern: '{artist}_{title}_{name}' } }));
      await putWav(dir, 'Stems/Test_Song_STEM_Keys.wav', STEREO_24, RATE, fixtureTone(RATE));
      const found = await findings(namingPattern, dir);
      assert.deepEqual(found.map((f) => f.file).sort(), [
        'References/Song_Instrumental.wav', 'References/Song_Main.wav',
        'Stems/Song_STEM_Bass.wav', 'Stems/Song_STEM_Drums.wav', 'Stems/Song_STEM_Vox.wav',
      ]);
      const drums = found.find((f) => f.file === 'Stems/Song_STEM_Drums.wav')!;
      assert.equal(drums.rule, 'naming/pattern');
      assert.equal(drums.severity, 'warning');
      assert.equal(drums.message, 'Stems/Song_STEM_Drums.wav does not follow the naming pattern "{artist}_{title}_{name}" (artist "Test", title "Song"); expected a name like "Test_Song_STEM_Drums.wav". Rename it so everyone downstream files it the same way.');
      assert.deepEqual(drums.data, { pattern: '{artist}_{title}_{name}', expected: 'Test_Song_STEM_Drums.wav' });
    }));

    it('is silent when every stem and reference fits the pattern', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ naming: { pattern: '{title}_{name}' } }));
      assert.deepEqual(await findings(namingPattern, dir), []);
    }));

    it('tokens are lenient the way engineers write them', () => {
      const re = compileNamePattern('{artist}_{title}_{bpm}_{key}_{role}_{group}', PROJECT, DRUM_STEM);
      assert.ok(re.test('Ada Lovelace_Lights_92bpm_F#m_STEM_Drums'));
      assert.ok(re.test('AdaLovelace_lights_92_F#min_Stem_Kit'));
      assert.ok(!re.test('Ada_Lights_92_F#m_STEM_Drums'), 'the artist is not "Ada"');
      assert.ok(!re.test('Ada Lovelace_Lights_92_Gm_STEM_Drums'), 'wrong key');
      assert.ok(!re.test('Ada Lovelace_Lights_92_F#m_STEM_Bass'), 'wrong group');
      assert.ok(!re.test('Ada Lovelace-Lights-92-F#m-STEM-Drums'), 'literal separators are part of the pattern');
      assert.ok(compileNamePattern('{artist}_{title}_{name}.wav', { ...PROJECT, artist: null }, DRUM_STEM).test('Anyone_Lights_Drums'));
      assert.ok(!compileNamePattern('{artist}_{title}_{name}', PROJECT, DRUM_STEM).test('Ada Lovelace_Lights_'), '{name} is never empty');
    });

    it('reads musical keys and builds example names', () => {
      assert.deepEqual(parseKey('F# minor'), { root: 'F', accidental: 'sharp', minor: true });
      assert.deepEqual(parseKey('Bb'), { root: 'B', accidental: 'flat', minor: false });
      assert.deepEqual(parseKey('Ebm'), { root: 'E', accidental: 'flat', minor: true });
      assert.equal(parseKey('somewhere'), null);
      assert.equal(exampleName('{artist}_{title}_{key}_{role}_{group}', PROJECT, DRUM_STEM, 'whatever'), 'Ada Lovelace_Lights_F#m_STEM_Drums');
      assert.equal(exampleName('{artist}_{title}_{name}', PROJECT, DRUM_STEM, 'Ada Lovelace - Lights - Drums'), 'Ada Lovelace_Lights_Drums');
    });
  });

  describe('naming/unsafe', () => {
    it('a name with characters Windows forbids, and a reserved device name', () => withFixture(async (dir) => {
      await putWav(dir, 'Multitracks/06 Gtr: Amp?.wav', MONO_24, RATE, fixtureTone(RATE));
      await putWav(dir, 'Multitracks/CON.wav', MONO_24, RATE, fixtureTone(RATE));
      const found = await findings(unsafeName, dir);
      assert.deepEqual(found.map((f) => [f.file, f.severity, f.data.problems]), [
        ['Multitracks/06 Gtr: Amp?.wav', 'warning', ['forbidden-character']],
        ['Multitracks/CON.wav', 'warning', ['reserved-name']],
      ]);
      assert.equal(found[0]!.message, '"Multitracks/06 Gtr: Amp?.wav" has ":", "?", which Windows does not allow in names (and "/" or ":" are folder separators on macOS). Rename it with letters, digits, spaces, "-" and "_" so it survives every drive, archive and transfer.');
      assert.match(found[1]!.message, /is "CON", a reserved device name on Windows/);
    }));

    it('control characters, edge spaces and dots, decomposed Unicode, over-long names and paths; a bad folder once', () => withFixture(async (dir) => {
      await putWav(dir, 'Multitracks/07 Kick\tSub.wav', MONO_24, RATE, fixtureTone(RATE));
      await putWav(dir, 'Multitracks/Cafe\u0301 Piano.wav', MONO_24, RATE, fixtureTone(RATE));
      await putFile(dir, 'Docs/notes. ', 'trailing space');
      await putFile(dir, 'Old Takes./a.txt', 'x');
      await putFile(dir, 'Old Takes./b.txt', 'y');
      const deep = `Docs/${'Deep Folder Name '.repeat(6).trim()}/${'n'.repeat(100)}.txt`;
      await putFile(dir, deep, 'deep');
      const found = await findings(unsafeName, dir);
      const byKey = (a: unknown[], b: unknown[]) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);
      assert.deepEqual(found.map((f) => [f.file, f.data.folder ?? null, f.data.problems]).sort(byKey), [
        [null, 'Old Takes.', ['edge-dot']],
        ['Docs/notes. ', null, ['edge-space']],
        [deep, null, ['long-path']],
        ['Multitracks/07 Kick\tSub.wav', null, ['control-character']],
        ['Multitracks/Cafe\u0301 Piano.wav', null, ['not-nfc']],
      ].sort(byKey));
      assert.match(found.find((f) => f.file === 'Multitracks/07 Kick\tSub.wav')!.message, /^"Multitracks\/07 Kick\\tSub\.wav" has an invisible control character/);
      assert.match(found.find((f) => f.file === deep)!.message, /has a path 2\d\d characters long; past 200/);
    }));

    it('knows the limits: 255 bytes per name; spaces and non-ASCII letters are fine', () => {
      assert.deepEqual(nameProblems(`${'é'.repeat(125)}.wav`).map((p) => p.code), [], '254 bytes');
      assert.deepEqual(nameProblems(`${'é'.repeat(126)}.wav`).map((p) => p.code), ['long-name'], '256 bytes');
      assert.deepEqual(nameProblems('Ada – Lights (Vox Up) 歌 ü.wav'), []);
      assert.deepEqual(nameProblems('lpt1.txt').map((p) => p.code), ['reserved-name']);
      assert.deepEqual(nameProblems('Console.wav'), []);
    });
  });

  describe('naming/case-collision', () => {
    it('two stems whose names differ only in case: an error on each, naming the other', () => withFixture(async (dir) => {
      await putWav(dir, 'Stems/song_stem_drums.wav', STEREO_24, RATE, fixtureTone(RATE));
      const found = await findings(caseCollision, dir);
      assert.deepEqual(found.map((f) => [f.file, f.severity, f.related]), [
        ['Stems/Song_STEM_Drums.wav', 'error', ['Stems/song_stem_drums.wav']],
        ['Stems/song_stem_drums.wav', 'error', ['Stems/Song_STEM_Drums.wav']],
      ]);
      assert.equal(found[0]!.message, 'Stems/Song_STEM_Drums.wav and Stems/song_stem_drums.wav differ only in letter case; on macOS and Windows they are the same file and one overwrites the other when copied. Rename one of them.');
    }));

    it('a folder differing in case collides too, and so do NFC and NFD spellings', () => withFixture(async (dir) => {
      await putFile(dir, 'docs/Track Sheet.txt', 'other copy');
      await putFile(dir, 'Docs/Caf\u00e9.txt', 'nfc');
      await putFile(dir, 'Docs/Cafe\u0301.txt', 'nfd');
      const found = await findings(caseCollision, dir);
      assert.deepEqual(found.map((f) => f.file).sort(), ['Docs/Cafe\u0301.txt', 'Docs/Caf\u00e9.txt', 'Docs/Track Sheet.txt', 'docs/Track Sheet.txt'].sort());
      assert.match(found.find((f) => f.file === 'Docs/Caf\u00e9.txt')!.message, /differ only in letter case or in how accented letters are encoded/);
    }));
  });

  describe('naming/generic', () => {
    it('a multi-track with a Pro Tools default name, and a "Bounced Files" folder', () => withFixture(async (dir) => {
      await putWav(dir, 'Multitracks/Audio 1_03.wav', MONO_24, RATE, fixtureTone(RATE));
      await putWav(dir, 'Bounced Files/Song Mix.wav', STEREO_24, RATE, fixtureTone(RATE));
      const found = await findings(genericName, dir);
      assert.equal(found.length, 2);
      assert.equal(found[0]!.file, 'Multitracks/Audio 1_03.wav');
      assert.equal(found[0]!.severity, 'warning');
      assert.equal(found[0]!.message, 'Multitracks/Audio 1_03.wav has a DAW default name ("Audio 1_03"), which says nothing of what it holds; name it after the instrument or part (e.g. "Kick In", "Lead Vox", "Drums") so it can be found in any session.');
      assert.deepEqual(found[1]!.data, { folder: 'Bounced Files', name: 'Bounced Files' });
      assert.equal(found[1]!.file, null);
    }));

    it('knows the defaults of Pro Tools, Logic, Ableton, Reaper, Studio One and phones, and leaves real names alone', () => {
      for (const name of ['Audio 1_03', 'Audio 12', 'Track 12', 'Bounce 1', 'Untitled', 'New Recording 4', 'Bus 3', 'Aux 1', 'Inst 2',
        'Audio Track-01', '1-Audio', 'Audio_01-02', 'Audio 1.dup1_01', 'Audio 1_01.L', 'Audio 1#01', 'Audio 1_bip',
        '2-Audio 0001 [2024-05-01 101010]', 'Audio 1(3)', 'Track 1-002']) {
        assert.ok(isGenericName(name), name);
      }
      for (const name of ['01 Kick In', 'Bass Track 1', 'Lead Vox', 'Song_STEM_Drums', 'Aux Perc', 'Audio 1111111111111111111111111111111111x']) {
        assert.ok(!isGenericName(name), name);
      }
    });
  });

  describe('naming/format-mismatch', () => {
    it('"96k24" on a 48 kHz file says both', () => withFixture(async (dir) => {
      await putWav(dir, 'Stems/Song_STEM_Keys_96k24.wav', STEREO_24, RATE, fixtureTone(RATE));
      const f = await onlyFinding(formatMismatch, dir);
      assert.equal(f.file, 'Stems/Song_STEM_Keys_96k24.wav');
      assert.equal(f.severity, 'warning');
      assert.equal(f.message, 'Stems/Song_STEM_Keys_96k24.wav: the name says 96 kHz but the file is 48 kHz. Export it again in the format the name promises, or rename it so the name tells the truth.');
      assert.deepEqual(f.data, { sampleRate: { source: 'the name', claimed: '96 kHz', actual: '48 kHz' } });
    }));

    it('depth and channels from the name, the rate from the folder when the name leaves it unsaid', () => withFixture(async (dir) => {
      await putWav(dir, 'Multitracks 44.1k/Gtr Mono 16bit.wav', { ...STEREO_24, bitDepth: 32, float: true }, RATE, fixtureTone(RATE));
      const f = await onlyFinding(formatMismatch, dir);
      assert.equal(f.message, 'Multitracks 44.1k/Gtr Mono 16bit.wav: the folder "Multitracks 44.1k" says 44.1 kHz but the file is 48 kHz; the name says 16-bit but the file is 32-bit float; the name says mono but the file is stereo. Export it again in the format the name promises, or rename it so the name tells the truth.');
      assert.deepEqual(Object.keys(f.data), ['sampleRate', 'bitDepth', 'channels']);
    }));

    it('reads the ways engineers write formats, and bare numbers claim nothing', () => {
      assert.deepEqual(claimsOf('Drums_96k24'), { sampleRate: 96_000, bitDepth: 24 });
      assert.deepEqual(claimsOf('Mix 48kHz'), { sampleRate: 48_000 });
      assert.deepEqual(claimsOf('Song 44.1'), { sampleRate: 44_100 });
      assert.deepEqual(claimsOf('Song_44k1_16'), { sampleRate: 44_100, bitDepth: 16 });
      assert.deepEqual(claimsOf('Vox 16-bit'), { bitDepth: 16 });
      assert.deepEqual(claimsOf('Fx 32f'), { bitDepth: 32, float: true });
      assert.deepEqual(claimsOf('Mix 32 bit float 88200Hz'), { sampleRate: 88_200, bitDepth: 32, float: true });
      assert.deepEqual(claimsOf('OH Stereo'), { channels: 2 });
      for (const name of ['Track 48', '96kick', 'Dual Mono Gtr', 'Mono Synth', '8-Bit Lead', '92bpm']) assert.deepEqual(claimsOf(name), {}, name);
    });

    it('a 32-bit float file named "32bit" is fine; files without a claim are never flagged', () => withFixture(async (dir) => {
      await putWav(dir, 'Stems/Song_STEM_Keys_48k_32bit.wav', { ...STEREO_24, bitDepth: 32, float: true }, RATE, fixtureTone(RATE));
      await fs.rename(path.join(dir, 'Stems/Song_STEM_Bass.wav'), path.join(dir, 'Stems/Song_STEM_Bass 48.wav'));
      assert.deepEqual(await findings(formatMismatch, dir), []);
    }));
  });
});
