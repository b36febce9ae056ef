import * as assert from 'node:assert/strict';
import { classify, isEffectPrint, roleOfFolderName, stemGroupOf } from '../../src/core/delivery/classify';
import { tokenize } from '../../src/core/delivery/tokens';

const audio = (p: string, ctx = {}) => classify(p, true, ctx);

describe('classify', () => {
  describe('by folder', () => {
    const cases: Array<[string, string]> = [
      ['Multitracks/Kick In.wav', 'multitrack'],
      ['MTs/Kick In.wav', 'multitrack'],
      ['Tracks/Kick In.wav', 'multitrack'],
      ['Raw/Kick In.wav', 'multitrack'],
      ['Edits/Kick In.wav', 'multitrack'],
      ['01 Multitracks/Drums/Kick In.wav', 'multitrack'],
      ['Stems/Drums.wav', 'stem'],
      ['02 STEMS/Drums.wav', 'stem'],
      ['Ada - Lights - Stems (48k)/Drums.wav', 'stem'],
      ['Mixes/Ada Lights.wav', 'reference'],
      ['References/Ada Lights.wav', 'reference'],
      ['Masters/Ada Lights.wav', 'reference'],
    ];
    for (const [p, role] of cases) {
      it(`${p} → ${role}`, () => assert.equal(audio(p).role, role));
    }
    it('the nearest folder decides', () => {
      assert.equal(audio('Stems/Multitracks/Kick.wav').role, 'multitrack');
      assert.equal(audio('Multitracks/Stems/Drums.wav').role, 'stem');
    });
    it('delivery.json folders win over names', () => {
      const ctx = { folders: { stems: 'Prints/Group Prints', multitracks: 'Audio' } };
      assert.equal(audio('Prints/Group Prints/Drums.wav', ctx).role, 'stem');
      assert.equal(audio('Audio/Kick.wav', ctx).role, 'multitrack');
    });
    it('says why', () => {
      assert.equal(audio('Stems/Drums.wav').reason, "folder 'Stems'");
    });
  });

  describe('by name token', () => {
    it('STEM marks a stem anywhere', () => {
      const c = audio('Ada_Lights_STEM_Drums.wav');
      assert.deepEqual([c.role, c.group, c.kind], ['stem', 'drums', null]);
    });
    const kinds: Array<[string, string]> = [
      ['Ada_Lights_Main.wav', 'main'],
      ['Ada_Lights_Instrumental.wav', 'instrumental'],
      ['Ada_Lights_Inst.wav', 'instrumental'],
      ['Ada_Lights_Acapella.wav', 'a-cappella'],
      ['Ada Lights A Cappella.wav', 'a-cappella'],
      ['Ada_Lights_a-cappella.wav', 'a-cappella'],
      ['Ada_Lights_TV.wav', 'tv'],
      ['Ada_Lights_TV Mix.wav', 'tv'],
      ['Ada_Lights_Vox Up.wav', 'vocal-up'],
      ['Ada_Lights_VoxUp.wav', 'vocal-up'],
      ['Ada_Lights_Vocal Down 1dB.wav', 'vocal-down'],
      ['Ada_Lights_Clean.wav', 'clean'],
      ['Ada_Lights_Master.wav', 'master'],
    ];
    for (const [p, kind] of kinds) {
      it(`${p} → reference ${kind}`, () => {
        const c = audio(p);
        assert.deepEqual([c.role, c.kind], ['reference', kind]);
      });
    }
    it('references in a references folder get their kind from the name', () => {
      assert.equal(audio('References/Ada_Lights_Instrumental.wav').kind, 'instrumental');
      assert.equal(audio('References/Ada_Lights.wav').kind, null);
    });
    it('audio with no folder and no token is other', () => {
      assert.equal(audio('Kick In.wav').role, 'other');
    });
  });

  describe('stem groups', () => {
    const groups: Array<[string, string]> = [
      ['Stems/Drums.wav', 'drums'], ['Stems/Perc.wav', 'percussion'], ['Stems/Bass.wav', 'bass'],
      ['Stems/GTRS.wav', 'guitars'], ['Stems/Keys.wav', 'keys'], ['Stems/Synths.wav', 'synths'],
      ['Stems/Strings.wav', 'strings'], ['Stems/Brass.wav', 'brass'], ['Stems/Lead Vox.wav', 'vocals'],
      ['Stems/BGV.wav', 'backing-vocals'], ['Stems/Backing Vocals.wav', 'backing-vocals'],
      ['Stems/FX.wav', 'fx'], ['Stems/Production.wav', 'production'],
    ];
    for (const [p, group] of groups) it(`${p} → ${group}`, () => assert.equal(audio(p).group, group));
    it('the words after STEM decide, not the title', () => {
      assert.equal(stemGroupOf(tokenize('Bass Line_STEM_Drums')), 'drums');
    });
    it('an unknown stem name has no group', () => assert.equal(audio('Stems/Thing.wav').group, null));
  });

  describe('effect prints', () => {
    it('Vox Verb Print among multi-tracks is an effect print', () => {
      assert.equal(audio('Multitracks/Vox Verb Print.wav').role, 'effect-print');
      assert.equal(audio('Multitracks/19 Gtr Delay Return.wav').role, 'effect-print');
    });
    it('a source track with an effect word stays a multi-track', () => {
      assert.equal(audio('Multitracks/BGV Delay.wav').role, 'multitrack');
      assert.equal(isEffectPrint(tokenize('Room')), false);
    });
    it('an FX stem stays a stem', () => assert.equal(audio('Stems/FX Verb Print.wav').role, 'stem'));
  });

  describe('sessions, documents and other files', () => {
    for (const ext of ['ptx', 'logicx', 'als', 'rpp', 'cpr', 'song', 'flp', 'aaf', 'omf']) {
      it(`.${ext} is a session`, () => assert.equal(classify(`Session/Ada.${ext}`, false).role, 'session'));
    }
    it('a session file is a session wherever it sits', () => {
      assert.equal(classify('Stems/Ada.ptx', false).role, 'session');
    });
    it('documents', () => {
      assert.equal(classify('Docs/Track Sheet.pdf', false).role, 'document');
      assert.equal(classify('notes.txt', false).role, 'document');
    });
    it('unknown non-audio is other', () => assert.equal(classify('Misc/readme.nfo', false).role, 'other'));
  });

  describe('delivery.json roles', () => {
    it('an exact path wins over folder and name', () => {
      const c = audio('Multitracks/Vox Ambience.wav', { roles: { 'Multitracks/Vox Ambience.wav': 'effect-print' } });
      assert.deepEqual([c.role, c.reason], ['effect-print', 'delivery.json roles']);
    });
    it('globs match, case-insensitively', () => {
      const c = audio('Prints/Drums.wav', { roles: { 'prints/*.wav': 'stem' } });
      assert.deepEqual([c.role, c.group], ['stem', 'drums']);
    });
  });

  describe('folder names', () => {
    it('ambiguous names decide nothing', () => {
      assert.equal(roleOfFolderName('Stems and Multitracks'), null);
      assert.equal(roleOfFolderName('Mix Notes'), null);
    });
  });
});
