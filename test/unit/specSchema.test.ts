import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import schema from '../../schemas/delivery.schema.json';
import { generateDemoDelivery } from '../../scripts/demo/generateDemo';
import { REFERENCE_KINDS, ROLES, STEM_GROUPS } from '../../src/core/delivery/model';
import { SEVERITIES } from '../../src/core/findings';
import { RULES } from '../../src/core/rules';
import { PRESET_IDS } from '../../src/core/spec/effectiveSpec';
import { PRESETS } from '../../src/core/spec/presets';
import { parseSpec } from '../../src/core/spec/loadSpec';
import type { SpecProblem } from '../../src/core/spec/spec';
import { specTemplate } from '../../src/core/spec/template';
import { closestMatch } from '../../src/core/util/closestMatch';
import { makeTempDir } from './helpers/tempDir';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The rule catalogue of DESIGN.md, in its order: the schema offers exactly these ids under "rules". */
const DESIGN_RULE_IDS = [
  'format/unreadable', 'format/truncated', 'format/container', 'format/sample-rate', 'format/mixed-sample-rates',
  'format/bit-depth', 'format/channels', 'format/extension-mismatch', 'format/padded-bit-depth',
  'level/clipping', 'level/over-full-scale', 'level/true-peak', 'level/loudness', 'level/silent', 'level/dc-offset',
  'level/dual-mono', 'level/inverted-polarity',
  'align/length-mismatch', 'align/start-mismatch',
  'stems/missing-group', 'stems/duplicate-group', 'stems/null-test',
  'multitracks/effect-in-source',
  'references/missing',
  'naming/pattern', 'naming/unsafe', 'naming/case-collision', 'naming/generic', 'naming/format-mismatch',
  'session/included', 'session/terms-missing',
  'integrity/checksum-mismatch', 'integrity/checksum-missing',
  'spec/invalid', 'spec/path-not-found',
];

/** The delivery.json example of DESIGN.md "Spec file", as written there. */
const DESIGN_EXAMPLE = `{
  "$schema": "…/delivery.schema.json",
  "preset": "music-mix",                 // built-in presets; fields below override the preset
  "project": { "artist": "Ada", "title": "Lights", "bpm": 92, "key": "F# minor" },
  "format": { "sampleRates": [48000, 96000], "bitDepths": [24, 32], "containers": ["wav"] },
  "multitracks": { "folder": "Multitracks" },
  "stems": { "folder": "Stems", "required": ["drums", "bass", "guitars", "keys", "vocals"],
             "nullTest": { "mix": "References/Ada_Lights_Main.wav", "maxResidualDb": -40 } },
  "references": { "folder": "References", "required": ["main", "instrumental", "a-cappella", "tv"] },
  "naming": { "pattern": "{artist}_{title}_{name}" },
  "roles": { "Multitracks/Vox Verb Print.wav": "effect-print" },
  "session": { "owner": "Mix engineer", "handover": false,
               "notes": "Session files are not part of this delivery (contract §4)." },
  "checksums": "checksums.sha256"
}`;

function at(line: number, character: number, endLine: number, endCharacter: number): SpecProblem['range'] {
  return { start: { line, character }, end: { line: endLine, character: endCharacter } };
}

function only(text: string): SpecProblem {
  const { problems } = parseSpec(text);
  assert.equal(problems.length, 1, JSON.stringify(problems, null, 2));
  return problems[0]!;
}

describe('delivery.schema.json', () => {
  const defs = schema.definitions;

  it('offers exactly the presets, stem groups, reference kinds, roles and severities of the code', () => {
    assert.deepEqual(defs.preset.enum, [...PRESET_IDS]);
    assert.equal(defs.preset.enumDescriptions.length, PRESET_IDS.length);
    assert.deepEqual(defs.stemGroup.enum, [...STEM_GROUPS]);
    assert.deepEqual(defs.referenceKind.enum, [...REFERENCE_KINDS]);
    assert.deepEqual(defs.role.enum, [...ROLES]);
    assert.deepEqual(defs.severity.enum, [...SEVERITIES, 'off']);
  });

  it('knows every rule id of the DESIGN catalogue under "rules", each with a description', () => {
    const rules = schema.properties.rules.properties as Record<string, { description?: string }>;
    assert.deepEqual(Object.keys(rules), DESIGN_RULE_IDS);
    for (const [id, rule] of Object.entries(rules)) assert.ok(rule.description, `${id} has no description`);
    for (const rule of RULES) assert.ok(DESIGN_RULE_IDS.includes(rule.id), `${rule.id} is registered but not in DESIGN.md`);
  });

  it('the DESIGN.md example and a JSONC spec with comments and trailing commas give no problem', () => {
    assert.deepEqual(parseSpec(DESIGN_EXAMPLE).problems, []);
    const jsonc = '{\n  // film delivery\n  "preset": "film-tv-stems",\n  /* stems of the reel */\n  "stems": { "folder": "Stems", "required": ["fx",], },\n  "rules": { "naming/generic": "off", },\n}\n';
    assert.deepEqual(parseSpec(jsonc).problems, []);
  });

  it('docs/presets.md has a section per preset with its required references and level limits', async () => {
    const doc = await fs.readFile(path.join(repoRoot, 'docs', 'presets.md'), 'utf8');
    for (const id of PRESET_IDS) {
      const section = doc.split('\n## ').find((s) => s.startsWith(id));
      assert.ok(section, `no section for ${id}`);
      const { references, levels } = PRESETS[id].defaults;
      for (const kind of references.required) assert.ok(section.includes(`\`${kind}\``), `${id}: ${kind}`);
      if (levels.truePeakMaxDbtp !== null) assert.ok(section.includes(`**${levels.truePeakMaxDbtp} dBTP**`), `${id}: true peak`);
      if (levels.loudness) {
        const { target, tolerance, unit } = levels.loudness;
        assert.ok(section.includes(`**${target} ${unit} ±${tolerance} LU**`), `${id}: loudness`);
      }
    }
  });

  it('the delivery.json that New Delivery writes validates, for every preset', () => {
    for (const id of PRESET_IDS) assert.deepEqual(parseSpec(specTemplate(id, { artist: 'Ada', title: 'Lights' })).problems, [], id);
  });

  it('the demo delivery.json validates', async () => {
    const { dir, cleanup } = await makeTempDir();
    try {
      const root = path.join(dir, 'demo');
      await generateDemoDelivery(root, { seconds: 1 });
      assert.deepEqual(parseSpec(await fs.readFile(path.join(root, 'delivery.json'), 'utf8')).problems, []);
    } finally {
      await cleanup();
    }
  });
});

describe('validateSpec (through parseSpec)', () => {
  it('a misspelt field points at its key and names the field meant', () => {
    const p = only('{\n  "preset": "music-mix",\n  "format": { "sampleRate": [48000] }\n}');
    assert.equal(p.message, '"sampleRate" is not a field of format; did you mean "sampleRates"?');
    assert.deepEqual(p.range, at(2, 14, 2, 26));
  });

  it('a misspelt top-level field and rule id are caught the same way', () => {
    const root = only('{ "stem": { "folder": "Stems" } }');
    assert.equal(root.message, '"stem" is not a field of delivery.json; did you mean "stems"?');
    assert.deepEqual(root.range, at(0, 2, 0, 8));
    const rule = only('{\n  "rules": {\n    "naming/generc": "off"\n  }\n}');
    assert.equal(rule.message, '"naming/generc" is not a rule id; did you mean "naming/generic"?');
    assert.deepEqual(rule.range, at(2, 4, 2, 19));
  });

  it('an unknown field with no near match lists the fields there are', () => {
    const p = only('{ "session": { "owner": "Sam", "lawyer": "Kim" } }');
    assert.equal(p.message, '"lawyer" is not a field of session; use one of "owner", "handover", "contract", "notes"');
  });

  it('wrong types say what is expected and what was written, at the value', () => {
    const handover = only('{ "session": {\n  "handover": "yes" } }');
    assert.equal(handover.message, 'session.handover must be true or false, not text ("yes")');
    assert.deepEqual(handover.range, at(1, 14, 1, 19));
    const residual = only('{ "stems": { "nullTest": { "mix": "References/Main.wav", "maxResidualDb": "-40" } } }');
    assert.equal(residual.message, 'stems.nullTest.maxResidualDb must be a number, not text ("-40")');
    const rates = only('{ "format": { "sampleRates": 48000 } }');
    assert.equal(rates.message, 'format.sampleRates must be a list [ … ], not 48000');
    assert.deepEqual(rates.range, at(0, 29, 0, 34));
    assert.equal(only('{"roles": 3}').message, 'roles must be an object { … }, not 3');
  });

  it('an unknown role is reported at its value, with the role meant', () => {
    const p = only('{ "roles": {\n  "a.wav": "stem",\n  "b.wav": "stemm" } }');
    assert.equal(p.message, 'roles["b.wav"]: "stemm" is not a role; did you mean "stem"? Use one of multitrack, stem, reference, effect-print, session, document, other');
    assert.deepEqual(p.range, at(2, 11, 2, 18));
  });

  it('an unknown preset is reported at its value', () => {
    const p = only('{\n  "preset": "streaming"\n}');
    assert.equal(p.message, 'preset: "streaming" is not a preset; did you mean "streaming-master"? Use one of music-mix, remix-stems, streaming-master, film-tv-stems');
    assert.deepEqual(p.range, at(1, 12, 1, 23));
  });

  it('values out of their list: sample rates, stem groups, reference kinds, containers, severities', () => {
    assert.match(only('{ "format": { "sampleRates": [44000] } }').message, /^format\.sampleRates\[0\]: 44000 is not a standard sample rate; did you mean 44100\?/);
    assert.match(only('{ "format": { "sampleRates": [48] } }').message, /did you mean 48000\?/);
    assert.match(only('{ "stems": { "required": ["drums", "vox"] } }').message, /^stems\.required\[1\]: "vox" is not a stem group; use one of drums,/);
    assert.match(only('{ "references": { "required": ["acapella"] } }').message, /"acapella" is not a reference kind; did you mean "a-cappella"\?/);
    assert.match(only('{ "format": { "containers": ["WAV"] } }').message, /"WAV" is not a container; did you mean "wav"\?/);
    assert.match(only('{ "rules": { "level/silent": "warn" } }').message, /^rules\["level\/silent"\]: "warn" is not a severity; did you mean "warning"\?/);
  });

  it('a null test without its mix, duplicates, empty lists and impossible numbers', () => {
    const mix = only('{ "stems": { "nullTest": { "maxResidualDb": -40 } } }');
    assert.match(mix.message, /^stems\.nullTest needs "mix": the mix the stems must null against/);
    assert.deepEqual(mix.range, at(0, 25, 0, 49));
    const twice = only('{ "stems": { "required": ["bass", "drums", "bass"] } }');
    assert.equal(twice.message, 'stems.required lists "bass" twice; list it once');
    assert.deepEqual(twice.range, at(0, 43, 0, 49));
    assert.match(only('{ "format": { "bitDepths": [] } }').message, /^format\.bitDepths is empty; list at least one value/);
    assert.equal(only('{ "stems": { "nullTest": { "mix": "m.wav", "maxResidualDb": 6 } } }').message, 'stems.nullTest.maxResidualDb must be at most 0, not 6');
    assert.equal(only('{ "checksums": "" }').message, 'checksums is empty; write a path relative to the delivery root');
  });

  it('a value of the wrong type is reported once, not once per check it fails', () => {
    assert.equal(only('{ "format": { "sampleRates": [96000.5] } }').message, 'format.sampleRates[0] must be a whole number, not 96000.5');
  });

  it('reports every problem of a spec, in file order, and a syntax error as well as schema errors', () => {
    const { problems } = parseSpec('{\n  "preset": "musicmix",\n  "stems": { "folder": 3 }\n  "rules": { "x/y": "off" }\n}');
    assert.deepEqual(problems.map((p) => p.range.start.line), [1, 2, 3, 3]);
    assert.match(problems[2]!.message, /comma expected/);
    assert.equal(problems[3]!.message, '"x/y" is not a rule id; see the rule catalogue (docs/rules) for the ids');
  });
});

describe('closestMatch', () => {
  it('finds the word meant, an abbreviation, or nothing when no candidate is near', () => {
    assert.equal(closestMatch('sampleRate', ['sampleRates', 'bitDepths']), 'sampleRates');
    assert.equal(closestMatch('STEMS', ['stems', 'references']), 'stems');
    assert.equal(closestMatch('warn', ['error', 'warning', 'info', 'off']), 'warning');
    assert.equal(closestMatch('lawyer', ['owner', 'handover', 'contract', 'notes']), null);
    assert.equal(closestMatch('ab', ['abc', 'xyz']), 'abc');
    assert.equal(closestMatch('x', []), null);
  });
});
