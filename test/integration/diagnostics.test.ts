import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AudioDeliverablesApi } from '../../src/extension';
import { FIXTURE_SPEC, writeFixtureWav } from '../fixtures/fixtureDelivery';
import { FIXTURE_PROBLEMS, restoreFixtureProblems, SPEC_TYPO, writeFixtureProblems } from '../fixtures/problemDelivery';
import { diagnosticsOf, diagnosticsSettle } from './helpers/diagnostics';

const EXTENSION_ID = 'audio-deliverables.audio-deliverables';

/**
 * The Problems panel as VS Code holds it (languages.getDiagnostics), for the fixture delivery with
 * known problems laid over it (test/fixtures/problemDelivery.ts). Every wait is on
 * onDidChangeDiagnostics; the fixture is put back at the end.
 */
describe('Diagnostics in the Problems panel', () => {
  let root: vscode.Uri;
  const expected = FIXTURE_PROBLEMS.flatMap((p) => p.expected).sort();
  const uri = (rel: string) => vscode.Uri.joinPath(root, ...rel.split('/'));
  const hasAll = (want: readonly string[]) => (lines: string[]) => want.every((w) => lines.includes(w));

  before(async () => {
    await vscode.extensions.getExtension<AudioDeliverablesApi>(EXTENSION_ID)!.activate();
    root = vscode.workspace.workspaceFolders![0]!.uri;
    await diagnosticsSettle(root, 'a clean fixture', (lines) => lines.length === 0);
    await writeFixtureProblems(root.fsPath);
  });

  after(async () => {
    await vscode.workspace.fs.writeFile(uri('delivery.json'), new TextEncoder().encode(FIXTURE_SPEC));
    await restoreFixtureProblems(root.fsPath);
    await diagnosticsSettle(root, 'the fixture clean again', (lines) => lines.length === 0);
  });

  it('lists exactly the rule codes and files of the known problems', async () => {
    // The silent stem is found by the analysis, after the header pass: waiting for every
    // expected line means both passes are in; anything more is a wrong finding.
    const lines = await diagnosticsSettle(root, expected.join(', '), hasAll(expected));
    assert.deepEqual(lines, expected);
  });

  it('gives each diagnostic its severity, range, docs link and related files', () => {
    const [bitDepth] = diagnosticsOf(uri('Multitracks/02 Snare Top.wav'));
    assert.ok(bitDepth);
    assert.equal(bitDepth.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([bitDepth.range.start.line, bitDepth.range.start.character, bitDepth.range.end.line, bitDepth.range.end.character], [0, 0, 0, 0]);
    assert.match(bitDepth.message, /is 16-bit; multi-tracks must be 24-bit or 32-bit/);
    const code = bitDepth.code as { value: string; target: vscode.Uri };
    assert.equal(code.value, 'format/bit-depth');
    assert.equal(code.target.scheme, 'file');
    assert.match(code.target.path, /\/docs\/rules\/format\/bit-depth\.md$/);

    const [silent] = diagnosticsOf(uri('Stems/Song_STEM_FX.wav'));
    assert.equal(silent?.severity, vscode.DiagnosticSeverity.Warning);

    const [length] = diagnosticsOf(uri('Stems/Song_STEM_Bass.wav'));
    assert.match(length?.message ?? '', /24,000 samples \(500 ms\) shorter than the other stems/);
    assert.deepEqual(
      length?.relatedInformation?.map((r) => vscode.workspace.asRelativePath(r.location.uri, false)),
      ['Stems/Song_STEM_Drums.wav', 'Stems/Song_STEM_FX.wav', 'Stems/Song_STEM_Vox.wav'],
    );
  });

  it('reports a typo in delivery.json as spec/invalid on the line of the typo, and drops it when fixed', async () => {
    const spec = uri('delivery.json');
    await vscode.workspace.fs.writeFile(spec, new TextEncoder().encode(SPEC_TYPO.text));
    const lines = await diagnosticsSettle(root, 'spec/invalid', (l) => l.includes('delivery.json spec/invalid'));
    assert.deepEqual(lines, [...expected, 'delivery.json spec/invalid'].sort());
    const [invalid] = diagnosticsOf(spec);
    assert.equal(invalid?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(invalid?.message, '"presett" is not a field of delivery.json; did you mean "preset"?');
    // The range is the misspelt key itself: `  "presett": …` on line 2 (0-based), columns 2-11.
    assert.deepEqual([invalid.range.start.line, invalid.range.start.character, invalid.range.end.line, invalid.range.end.character], [SPEC_TYPO.line, 2, SPEC_TYPO.line, 11]);

    await vscode.workspace.fs.writeFile(spec, new TextEncoder().encode(FIXTURE_SPEC));
    assert.deepEqual(await diagnosticsSettle(root, 'spec/invalid gone', (l) => !l.includes('delivery.json spec/invalid')), expected);
  });

  it('clears the diagnostics of a file replaced by a good one, and only those', async () => {
    const snare = FIXTURE_PROBLEMS.find((p) => p.expected[0]!.endsWith('format/bit-depth'))!;
    await writeFixtureWav(uri(snare.write.path).fsPath, snare.original!);
    const rest = expected.filter((l) => !snare.expected.includes(l));
    const lines = await diagnosticsSettle(root, `${snare.write.path} clean`, (l) => !l.some((x) => snare.expected.includes(x)));
    assert.deepEqual(lines, rest);
    assert.deepEqual(diagnosticsOf(uri(snare.write.path)), []);
  });
});
