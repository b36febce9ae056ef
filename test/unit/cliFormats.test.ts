import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import { main } from '../../src/cli';
import { loadDelivery } from '../../src/core/delivery/delivery';
import type { Finding } from '../../src/core/findings';
import { buildResult, type ValidationResult } from '../../src/core/report/result';
import { buildSarif, renderSarif } from '../../src/core/report/sarif';
import { escapeMarkdown, renderMarkdown } from '../../src/core/report/markdown';
import { RULES, ruleDocPath } from '../../src/core/rules';
import { repoRoot } from '../harness/paths';
import { createFixtureDelivery, FIXTURE_SPEC } from '../fixtures/fixtureDelivery';
import { Capture } from './helpers/capture';
import { SARIF_SUBSET_SCHEMA, sarifUriProblems } from './helpers/sarifSchema';
import { makeTempDir } from './helpers/tempDir';

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; version: string; rules: Array<{ id: string; helpUri: string; defaultConfiguration: { level: string }; shortDescription: { text: string } }> } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: Array<{
      ruleId: string; ruleIndex?: number; level: string; message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: Record<string, number> }; properties?: { timeSec: number; timecode: string } }>;
      relatedLocations?: Array<{ id: number; physicalLocation: { artifactLocation: { uri: string } } }>;
      properties?: { data: Record<string, unknown> };
    }>;
    properties: { preset: string };
  }>;
}

const BROKEN_SPEC = '{\n  "project": { "artist": "Test", "title": "Song" },\n  "roles": { "a.wav": "stemm" }\n  "stems": { "folder": "Stems" }\n}\n';
const PIPE_NAME = 'Stems/Song|STEM_Keys*_.wav';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await main(args[0] === 'check' ? [...args, '--no-cache'] : args, out, err);
  return { code, out: out.text, err: err.text };
}

function validator(schema: object) {
  // Union types ("number or boolean") are plain JSON Schema; ajv's strict mode only asks to allow them.
  return new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);
}

/** A delivery with an unreadable file whose name holds "|", a truncated stem and a broken delivery.json. */
async function deliveryWithFindings(dir: string): Promise<void> {
  await createFixtureDelivery(dir);
  await fs.writeFile(path.join(dir, PIPE_NAME), 'not audio at all');
  const bass = path.join(dir, 'Stems', 'Song_STEM_Bass.wav');
  const bytes = await fs.readFile(bass);
  await fs.writeFile(bass, bytes.subarray(0, bytes.length - 48000 * 6));
  await fs.writeFile(path.join(dir, 'delivery.json'), BROKEN_SPEC);
}

describe('CLI formats', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir('ad-formats-'));
  });
  afterEach(() => cleanup());

  describe('sarif', () => {
    it('is SARIF 2.1.0 with every rule, exact rule ids and levels, and a region for delivery.json', async () => {
      await deliveryWithFindings(dir);
      const { code, out } = await run(['check', dir, '--format', 'sarif']);
      assert.equal(code, 1);
      const log = JSON.parse(out) as SarifLog;
      const validate = validator(SARIF_SUBSET_SCHEMA);
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      assert.deepEqual(sarifUriProblems(log), []);

      const run0 = log.runs[0]!;
      assert.equal(run0.tool.driver.name, 'audio-deliverables');
      assert.deepEqual(run0.tool.driver.rules.map((r) => r.id), RULES.map((r) => r.id));
      for (const [i, r] of run0.tool.driver.rules.entries()) {
        assert.equal(r.defaultConfiguration.level, { error: 'error', warning: 'warning', info: 'note' }[RULES[i]!.defaultSeverity]);
        assert.equal(r.shortDescription.text, RULES[i]!.summary);
        assert.ok(r.helpUri.startsWith('file://') && fileURLToPath(r.helpUri) === path.join(repoRoot, ruleDocPath(r.id)), r.helpUri);
      }
      assert.equal(run0.originalUriBaseIds.DELIVERYROOT!.uri, `file://${dir}/`);

      const truncated = run0.results.filter((r) => r.ruleId === 'format/truncated');
      assert.equal(truncated.length, 1);
      assert.equal(truncated[0]!.level, 'error');
      assert.deepEqual(truncated[0]!.locations[0]!.physicalLocation, { artifactLocation: { uri: 'Stems/Song_STEM_Bass.wav', uriBaseId: 'DELIVERYROOT' } });
      const unreadable = run0.results.find((r) => r.ruleId === 'format/unreadable');
      assert.equal(unreadable?.locations[0]!.physicalLocation.artifactLocation.uri, 'Stems/Song%7CSTEM_Keys*_.wav');

      const spec = run0.results.filter((r) => r.ruleId === 'spec/invalid');
      assert.ok(spec.length >= 1);
      assert.equal(spec[0]!.level, 'error');
      const region = spec[0]!.locations[0]!.physicalLocation.region!;
      // '"stemm"' on line 3 (1-based), from column 23 to 30: the JSON parser's range, moved to 1-based.
      assert.deepEqual(region, { startLine: 3, startColumn: 23, endLine: 3, endColumn: 30 });
      assert.equal(spec[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'delivery.json');
      for (const r of run0.results) assert.equal(run0.tool.driver.rules[r.ruleIndex!]!.id, r.ruleId);
    });

    it('maps times, related files, delivery-wide findings, info levels and an outside --spec', async () => {
      await createFixtureDelivery(dir);
      const outside = await makeTempDir('ad-spec-');
      try {
        const specPath = path.join(outside.dir, 'my spec.json');
        await fs.writeFile(specPath, FIXTURE_SPEC);
        const delivery = await loadDelivery(dir, { specPath });
        const findings: Finding[] = [
          { rule: 'level/clipping', severity: 'info', message: 'Clipping at 0:00:01.250', file: 'Multitracks/01 Kick In.wav', timeSec: 1.25, data: { runs: 2, peakDbfs: -0.44 } },
          { rule: 'align/length-mismatch', severity: 'error', message: 'Bass is short', file: 'Stems/Song_STEM_Bass.wav', timeSec: null, data: {}, related: ['Stems/Song_STEM_Drums.wav', 'Stems/Song_STEM_Vox.wav', 'Stems/Song_STEM_Drums.wav'] },
          { rule: 'stems/missing-group', severity: 'error', message: 'No keys stem', file: null, timeSec: null, data: {} },
          { rule: 'spec/invalid', severity: 'error', message: 'bad', file: 'delivery.json', timeSec: null, data: {}, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } },
          { rule: 'x/not-a-rule', severity: 'warning', message: 'from an older version', file: 'Docs/Track Sheet.txt', timeSec: null, data: {} },
        ];
        const log = JSON.parse(renderSarif(buildResult(delivery, findings, 0), delivery, { packageRoot: repoRoot })) as SarifLog;
        const validate = validator(SARIF_SUBSET_SCHEMA);
        assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
        assert.deepEqual(sarifUriProblems(log), []);
        const byRule = new Map(log.runs[0]!.results.map((r) => [r.ruleId, r]));

        const clip = byRule.get('level/clipping')!;
        assert.equal(clip.level, 'note');
        assert.deepEqual(clip.locations[0], {
          physicalLocation: { artifactLocation: { uri: 'Multitracks/01%20Kick%20In.wav', uriBaseId: 'DELIVERYROOT' } },
          properties: { timeSec: 1.25, timecode: '0:00:01.250' },
        });
        assert.deepEqual(clip.properties, { data: { runs: 2, peakDbfs: -0.4 } }, 'levels rounded as in the JSON output');

        const length = byRule.get('align/length-mismatch')!;
        assert.deepEqual(length.relatedLocations?.map((l) => [l.id, l.physicalLocation.artifactLocation.uri]), [[0, 'Stems/Song_STEM_Drums.wav'], [1, 'Stems/Song_STEM_Vox.wav']]);

        // The delivery as a whole, and spec problems, point at the spec actually used.
        const specUri = new URL(`file://${outside.dir}/my%20spec.json`).href;
        assert.deepEqual(byRule.get('stems/missing-group')!.locations[0]!.physicalLocation.artifactLocation, { uri: specUri });
        assert.deepEqual(byRule.get('spec/invalid')!.locations[0]!.physicalLocation, {
          artifactLocation: { uri: specUri }, region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
        });
        assert.equal(byRule.get('x/not-a-rule')!.ruleIndex, undefined);
      } finally {
        await outside.cleanup();
      }
    });

    it('a delivery without delivery.json gives delivery-wide findings no location', async () => {
      await createFixtureDelivery(dir);
      await fs.rm(path.join(dir, 'delivery.json'));
      const delivery = await loadDelivery(dir);
      const findings: Finding[] = [{ rule: 'stems/missing-group', severity: 'error', message: 'No keys stem', file: null, timeSec: null, data: {} }];
      const log = buildSarif(buildResult(delivery, findings, 0), delivery, { packageRoot: repoRoot });
      assert.deepEqual(log.runs[0]!.results[0]!.locations, []);
    });
  });

  describe('markdown', () => {
    it('a client report of the clean fixture: project, verdict, files with levels, session terms, preset', async () => {
      await createFixtureDelivery(dir);
      const { code, out } = await run(['check', dir, '--format', 'markdown']);
      assert.equal(code, 0);
      assert.match(out, /^# Delivery report: Test – Song\n/);
      assert.match(out, /No errors or warnings: the delivery meets its spec\./);
      assert.match(out, /\| Files \| 13 \(/);
      assert.match(out, /### Stems \(3\)\n\n\| File \| Format \| Sample peak \| True peak \| Loudness \| Notes \|/);
      assert.match(out, /\n\| Stems\/Song\\_STEM\\_Drums\.wav \| 48 kHz · 24-bit · stereo · 0:02 \| -12\.0 dBFS \| -12\.0 dBTP \| -12\.9 LUFS \| drums stem \|\n/);
      assert.match(out, /\| Session\/Song\.ptx \| 30 B \| — \|/);
      assert.match(out, /## Session and contract\n\nSession files in this delivery: Session\/Song\.ptx.\n\n- Session owner: Mix engineer\n- Session handed over: yes, the session is part of this delivery\n- Notes: The session is part of this delivery\./);
      assert.match(out, /No checksum manifest is named in delivery\.json\./);
      assert.match(out, /Checked against the \*\*Music mix delivery\*\* preset \(`music-mix`\), after Recording Academy Producers \\& Engineers Wing/);
      assert.match(out, /## Findings\n\nNone\./);
    });

    it('findings by severity then file with lines and timecodes; "|" in names escaped in table rows', async () => {
      await deliveryWithFindings(dir);
      const { out } = await run(['check', dir, '--format', 'markdown', '--fail-on', 'never']);
      const row = out.split('\n').find((l) => l.startsWith('| Stems/Song\\|STEM'));
      assert.ok(row?.startsWith('| Stems/Song\\|STEM\\_Keys\\*\\_.wav | not readable | — | — | — | keys stem, **1 error**'), row);
      // A table row keeps its six cells whatever the name holds.
      assert.equal(row!.split(/(?<!\\)\|/).length, 8);
      const errors = out.indexOf('### Errors');
      assert.ok(errors > 0 && (out.indexOf('### Warnings') === -1 || out.indexOf('### Warnings') > errors));
      assert.match(out, /\*\*delivery\.json\*\*\n\n- line 3, column 23: roles\\\["a\.wav"\\\]: "stemm" is not a role/);
      assert.match(out, /\*\*Stems\/Song\\_STEM\\_Bass\.wav\*\*\n\n(?:- .*\n)*?- Stems\/Song\\_STEM\\_Bass\.wav: data chunk .*\(`format\/truncated`\)/);
    });

    it('timecodes, checksums and session terms from the delivery model', async () => {
      await createFixtureDelivery(dir);
      const delivery = await loadDelivery(dir);
      delivery.checksums = {
        manifest: 'checksums.sha256', manifestMissing: false, absent: ['Stems/Old.wav'], unlisted: ['Stems/Song_STEM_Vox.wav'],
        mismatches: [{ path: 'Stems/Song_STEM_Drums.wav', expected: 'a'.repeat(64), actual: 'b'.repeat(64) }],
      };
      delivery.effective.session = { owner: 'Mix engineer', handover: false, contract: 'Agreement §4 <draft>', notes: null };
      const findings: Finding[] = [{ rule: 'level/clipping', severity: 'warning', message: 'Clipping in *Drums*', file: 'Stems/Song_STEM_Drums.wav', timeSec: 3725.5, data: {} }];
      const md = renderMarkdown(buildResult(delivery, findings, 0), delivery);
      assert.match(md, /- at 1:02:05\.500: Clipping in \\\*Drums\\\* \(`level\/clipping`\)/);
      assert.match(md, /Verified against checksums\.sha256 \(SHA-256\):\n- Stems\/Song\\_STEM\\_Drums\.wav: \*\*differs\*\* from the manifest\n- Stems\/Song\\_STEM\\_Vox\.wav: not listed in the manifest\n- Stems\/Old\.wav: listed in the manifest but not delivered/);
      assert.match(md, /- Session handed over: no, the session stays with its owner\n- Contract: Agreement §4 \\<draft\\>/);
      delivery.checksums = { manifest: 'checksums.sha256', manifestMissing: false, absent: [], unlisted: [], mismatches: [] };
      assert.match(renderMarkdown(buildResult(delivery, [], 0), delivery), /Every file matches checksums\.sha256 \(SHA-256\)\./);
    });

    it('escapes user text', () => {
      assert.equal(escapeMarkdown('a|b*c_d[e](f)<g>`h`\\i~j&k#l'), 'a\\|b\\*c\\_d\\[e\\](f)\\<g\\>\\`h\\`\\\\i\\~j\\&k\\#l');
      assert.equal(escapeMarkdown('two\nlines\r\nhere'), 'two lines here');
    });
  });

  describe('--preset', () => {
    it('an unknown preset is a usage error', async () => {
      await createFixtureDelivery(dir);
      const { code, err } = await run(['check', dir, '--preset', 'loud-master']);
      assert.equal(code, 2);
      assert.match(err, /--preset must be one of music-mix, remix-stems, streaming-master, film-tv-stems/);
    });

    it('applies when delivery.json names no preset, in every format', async () => {
      await createFixtureDelivery(dir);
      await fs.writeFile(path.join(dir, 'delivery.json'), FIXTURE_SPEC.replace('"preset": "music-mix",', ''));
      const json = await run(['check', dir, '--preset', 'streaming-master', '--format', 'json', '--fail-on', 'never']);
      assert.equal(json.code, 0);
      assert.equal((JSON.parse(json.out) as ValidationResult).preset, 'streaming-master');
      assert.equal(json.err, '');
      const sarif = await run(['check', dir, '--preset', 'streaming-master', '--format', 'sarif', '--fail-on', 'never']);
      assert.equal((JSON.parse(sarif.out) as SarifLog).runs[0]!.properties.preset, 'streaming-master');
      const md = await run(['check', dir, '--preset', 'streaming-master', '--format', 'markdown', '--fail-on', 'never']);
      assert.match(md.out, /preset \(`streaming-master`\)/);
      assert.match(md.out, /- True peak ceiling: -1 dBTP\n- Loudness target: -14 LUFS ± 2 LU/);
    });

    it('delivery.json\'s preset wins, and the CLI says so', async () => {
      await createFixtureDelivery(dir);
      const { code, out, err } = await run(['check', dir, '--preset', 'film-tv-stems', '--format', 'json']);
      assert.equal(code, 0);
      assert.equal((JSON.parse(out) as ValidationResult).preset, 'music-mix');
      assert.match(err, /delivery\.json names the preset music-mix; --preset film-tv-stems applies only to deliveries whose spec names none/);
    });
  });

  describe('rules', () => {
    it('lists every registered rule with its severity, summary and docs page', async () => {
      const { code, out } = await run(['rules']);
      assert.equal(code, 0);
      const ids = out.split('\n').filter((l) => /^\S/.test(l)).map((l) => l.split(/\s+/)[0]);
      assert.deepEqual(ids, RULES.map((r) => r.id));
      for (const r of RULES) {
        assert.ok(out.includes(path.join(repoRoot, ruleDocPath(r.id))), `docs of ${r.id}`);
        assert.ok(out.includes(r.summary), `summary of ${r.id}`);
      }
      const json = JSON.parse((await run(['rules', '--format', 'json'])).out) as Array<{ id: string; defaultSeverity: string; summary: string; docs: string }>;
      assert.deepEqual(json.map((r) => [r.id, r.defaultSeverity, r.summary]), RULES.map((r) => [r.id, r.defaultSeverity, r.summary]));
    });
  });

  describe('usage', () => {
    it('every command has --help; bad arguments exit 2', async () => {
      for (const command of ['check', 'info', 'render-alt', 'rules']) {
        const help = await main([command, '--help'], new Capture(), new Capture());
        assert.equal(help, 0, `${command} --help`);
        const out = new Capture();
        assert.equal(await main(['help', command], out, new Capture()), 0);
        assert.match(out.text, new RegExp(`^audio-deliverables ${command}`));
      }
      await createFixtureDelivery(dir);
      assert.equal((await run(['check', dir, '--format', 'html'])).code, 2);
      assert.equal((await run(['check', dir, '--preset'])).code, 2);
      assert.equal((await run(['rules', 'extra'])).code, 2);
      assert.equal((await run(['rules', '--format', 'xml'])).code, 2);
      assert.equal((await run(['rules', '--bogus'])).code, 2);
      assert.equal((await run(['render-alt'])).code, 2);
      assert.equal((await run(['check', dir, '--spec', path.join(dir, 'nope.json')])).code, 2);
    });
  });

  describe('JSON output schema (schemas/validation-result.schema.json)', () => {
    let validate: ReturnType<typeof validator>;
    before(async () => {
      validate = validator(JSON.parse(await fs.readFile(path.join(repoRoot, 'schemas', 'validation-result.schema.json'), 'utf8')) as object);
    });

    it('the clean fixture validates', async () => {
      await createFixtureDelivery(dir);
      const result = JSON.parse((await run(['check', dir, '--format', 'json'])).out) as unknown;
      assert.ok(validate(result), JSON.stringify(validate.errors, null, 2));
    });

    it('a delivery with findings (ranges, unreadable and truncated files) validates', async () => {
      await deliveryWithFindings(dir);
      const result = JSON.parse((await run(['check', dir, '--format', 'json'])).out) as ValidationResult;
      assert.ok(result.findings.some((f) => f.range) && result.files.some((f) => f.format === null && f.analysis !== null));
      assert.ok(validate(result), JSON.stringify(validate.errors, null, 2));
    });

    it('rejects what the contract does not allow', async () => {
      await createFixtureDelivery(dir);
      const result = JSON.parse((await run(['check', dir, '--format', 'json'])).out) as Record<string, unknown>;
      const broken = [
        { ...result, version: 2 },
        { ...result, summary: undefined },
        { ...result, extra: true },
        { ...result, findings: [{ rule: 'level/clipping', severity: 'fatal', message: 'x', file: null, timeSec: null, data: {} }] },
        { ...result, files: [{ path: '/abs/file.wav', role: 'stem', group: null, kind: null, format: null, analysis: null }] },
      ].map((r) => JSON.parse(JSON.stringify(r)) as unknown);
      for (const r of broken) assert.equal(validate(r), false);
    });
  });
});
