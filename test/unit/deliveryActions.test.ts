import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CancellationToken, CancellationTokenSource } from 'vscode-languageserver/node';
import { loadDelivery } from '../../src/core/delivery/delivery';
import { sha256File } from '../../src/core/integrity/checksums';
import { checkDelivery, type Validation } from '../../src/core/validate';
import { DeliveryActions, type ActionConnection, type DeliveryHost } from '../../src/server/deliveryActions';
import type { Reply } from '../../src/shared/protocol';
import { putFile, releaseFixtureTemplate, specWith, withFixture } from './helpers/ruleFixtures';

/**
 * The server side of the commands, over the fixture delivery on disk: what a client may ask is
 * checked (any LSP client may send anything), and each action does its work or says why not.
 */
describe('Delivery actions (server)', () => {
  after(releaseFixtureTemplate);

  const none = CancellationToken.None;

  /** The actions over one delivery folder, with the validator replaced by core calls. */
  function actionsFor(dir: string): { actions: DeliveryActions; scheduled: () => number; logged: string[] } {
    let scheduled = 0;
    const logged: string[] = [];
    let validation: Validation | null = null;
    const host: DeliveryHost = {
      roots: async () => [dir],
      validationOf: async (root) => (root === dir ? (validation ??= checkDelivery(await loadDelivery(dir))) : null),
      settled: async () => undefined,
      loadNow: (root) => loadDelivery(root),
      hashFile: (abs, signal) => sha256File(abs, signal),
      schedule: () => void scheduled++,
    };
    const silent = { begin: () => undefined, report: () => undefined, done: () => undefined };
    const connection: ActionConnection = { console: { error: (m: string) => void logged.push(m) }, window: { attachWorkDoneProgress: () => silent } };
    return { actions: new DeliveryActions(host, connection, path.resolve(__dirname, '../../..')), scheduled: () => scheduled, logged };
  }

  function body<T>(reply: Reply<T>): T {
    assert.ok(reply.ok, reply.ok ? '' : reply.error);
    return reply.body;
  }

  function refusal(reply: Reply<unknown>): string {
    assert.equal(reply.ok, false, 'the request is refused');
    return (reply as { error: string }).error;
  }

  it('refuses requests that do not name a delivery of the workspace', () => withFixture(async (dir) => {
    const { actions, logged } = actionsFor(dir);
    assert.equal(refusal(await actions.report(null, none)), 'the request has no parameters object');
    assert.equal(refusal(await actions.report([dir], none)), 'the request has no parameters object');
    assert.match(refusal(await actions.report({ root: 'Stems', format: 'text' }, none)), /names no delivery/);
    assert.equal(refusal(await actions.report({ root: '/etc', format: 'text' }, none)), '/etc is not a delivery of this workspace');
    assert.equal(refusal(await actions.writeChecksums({ root: path.join(dir, 'Stems') }, none)), `${path.join(dir, 'Stems')} is not a delivery of this workspace`);
    assert.match(refusal(await actions.renamePlan({ root: path.dirname(dir) }, none)), /is not a delivery/);
    // A root written with a trailing separator is the same folder.
    body(await actions.report({ root: dir + path.sep, format: 'text' }, none));
    assert.deepEqual(logged, [], 'refusals are answers, not failures to log');
  }));

  it('report: every format from the current validation; an unknown format is refused', () => withFixture(async (dir) => {
    const { actions } = actionsFor(dir);
    const report = async (format: string) => body(await actions.report({ root: dir, format }, none)).text;
    assert.match(await report('markdown'), /^# Delivery report: Test – Song$/m);
    assert.equal(JSON.parse(await report('json')).version, 1);
    assert.equal(JSON.parse(await report('sarif')).version, '2.1.0');
    assert.match(await report('text'), /^Delivery /);
    assert.match(refusal(await actions.report({ root: dir, format: 'pdf' }, none)), /must be one of markdown, sarif, json, text/);
  }));

  it('writeChecksums lists every file, and never overwrites a manifest', () => withFixture(async (dir) => {
    const { actions, scheduled } = actionsFor(dir);
    const written = body(await actions.writeChecksums({ root: dir }, none));
    assert.deepEqual(written, { manifest: path.join(dir, 'checksums.sha256'), files: 13, named: false });
    assert.equal(scheduled(), 1, 'the server re-validates after writing');
    const text = await fs.readFile(written.manifest, 'utf8');
    assert.ok(!text.includes('delivery.json'), 'the spec is not listed: recording the manifest in it must not break the manifest');

    assert.match(refusal(await actions.writeChecksums({ root: dir }, none)), /^checksums\.sha256 already exists and was not overwritten/);
    assert.equal(await fs.readFile(written.manifest, 'utf8'), text);
  }));

  it('writeChecksums refuses a manifest path that leads out of the delivery', () => withFixture(async (dir) => {
    await putFile(dir, 'delivery.json', specWith({ checksums: '../outside.sha256' }));
    const { actions } = actionsFor(dir);
    assert.equal(refusal(await actions.writeChecksums({ root: dir }, none)), '../outside.sha256 is not a file inside the delivery');
    await assert.rejects(fs.stat(path.join(dir, '..', 'outside.sha256')));
  }));

  it('verifyChecksums: against checksums.sha256 when the spec names none; a changed file differs', () => withFixture(async (dir) => {
    const { actions } = actionsFor(dir);
    assert.match(refusal(await actions.verifyChecksums({ root: dir }, none)), /names no checksum manifest .* no checksums\.sha256/);
    body(await actions.writeChecksums({ root: dir }, none));
    assert.deepEqual(body(await actions.verifyChecksums({ root: dir }, none)), {
      manifest: 'checksums.sha256', named: false, checked: 13, mismatches: [], unreadable: [], absent: [], unlisted: [],
    });
    await putFile(dir, 'Misc/readme.nfo', 'changed after the manifest was written');
    await fs.rm(path.join(dir, 'Docs', 'Track Sheet.txt'));
    const after = body(await actions.verifyChecksums({ root: dir }, none));
    assert.deepEqual([after.mismatches, after.absent, after.checked], [['Misc/readme.nfo'], ['Docs/Track Sheet.txt'], 12]);
  }));

  it('altMix: checks kind and vocal dB, renders under a free name, stops when cancelled', () => withFixture(async (dir) => {
    const { actions, scheduled } = actionsFor(dir);
    assert.match(refusal(await actions.altMix({ root: dir, kind: 'karaoke' }, none)), /must be one of instrumental, a-cappella, tv, vocal-up, vocal-down/);
    for (const db of [0, -1, 25, '3', Number.NaN]) {
      assert.match(refusal(await actions.altMix({ root: dir, kind: 'vocal-up', db }, none)), /above 0 and at most 24/, String(db));
    }
    const outcome = body(await actions.altMix({ root: dir, kind: 'vocal-up', db: 2 }, none));
    assert.equal(outcome.file, path.join(dir, 'References', 'Test_Song_VocalUp.wav'));
    assert.deepEqual(outcome.stems.map((s) => s.gainDb), [0, 0, 2]);
    assert.equal(scheduled(), 1);
    const again = body(await actions.altMix({ root: dir, kind: 'vocal-up' }, none));
    assert.equal(again.file, path.join(dir, 'References', 'Test_Song_VocalUp (2).wav'), 'never over an existing file');

    const cancelled = new CancellationTokenSource();
    cancelled.cancel();
    assert.equal(refusal(await actions.altMix({ root: dir, kind: 'tv' }, cancelled.token)), 'cancelled');
    await assert.rejects(fs.stat(path.join(dir, 'References', 'Test_Song_TV.wav')), 'a cancelled render leaves no file');
  }));

  it('nullTest: asks for a mix when the spec names none, checks the one given, uses the spec\'s', () => withFixture(async (dir) => {
    const { actions } = actionsFor(dir);
    assert.deepEqual(body(await actions.nullTest({ root: dir }, none)), {
      status: 'choose-mix',
      references: [{ path: 'References/Song_Main.wav', kind: 'main' }, { path: 'References/Song_Instrumental.wav', kind: 'instrumental' }],
    });
    assert.equal(refusal(await actions.nullTest({ root: dir, mix: '../outside.wav' }, none)), '../outside.wav is not a file of this delivery');
    assert.equal(refusal(await actions.nullTest({ root: dir, mix: path.join(dir, 'References', 'Song_Main.wav') }, none)), `${path.join(dir, 'References', 'Song_Main.wav')} is not a file of this delivery`);
    assert.match(refusal(await actions.nullTest({ root: dir, mix: 'Stems/Song_STEM_Vox.wav' }, none)), /is a stem/);
    assert.match(refusal(await actions.nullTest({ root: dir, mix: 'Docs/Track Sheet.txt' }, none)), /is not an audio file/);

    const measured = body(await actions.nullTest({ root: dir, mix: 'References/Song_Main.wav' }, none));
    assert.ok(measured.status === 'measured' && !measured.outcome.ok && measured.maxResidualDb === null);
    assert.match(measured.outcome.reason, /44\.1 kHz/);

    await putFile(dir, 'delivery.json', specWith({ stems: { folder: 'Stems', nullTest: { mix: 'References/Song_Main.wav', maxResidualDb: -50 } } }));
    const fromSpec = body(await actions.nullTest({ root: dir }, none));
    assert.ok(fromSpec.status === 'measured');
    assert.deepEqual([fromSpec.outcome.mix, fromSpec.maxResidualDb], ['References/Song_Main.wav', -50]);
  }));

  it('renamePlan: every naming/pattern suggestion, in its own folder, never onto an existing file', () => withFixture(async (dir) => {
    await putFile(dir, 'delivery.json', specWith({ naming: { pattern: '{artist}_{title}_{name}' } }));
    await putFile(dir, 'Stems/Test_Song_STEM_Bass.wav', 'already taken');
    const { actions } = actionsFor(dir);
    const plan = body(await actions.renamePlan({}, none));
    const rel = (abs: string) => path.relative(dir, abs).split(path.sep).join('/');
    assert.deepEqual(plan.renames.map((r) => `${rel(r.from)} → ${rel(r.to)}`).sort(), [
      'References/Song_Instrumental.wav → References/Test_Song_Instrumental.wav',
      'References/Song_Main.wav → References/Test_Song_Main.wav',
      'Stems/Song_STEM_Drums.wav → Stems/Test_Song_STEM_Drums.wav',
      'Stems/Song_STEM_Vox.wav → Stems/Test_Song_STEM_Vox.wav',
    ]);
    assert.deepEqual(plan.skipped.map((s) => [rel(s.from), rel(s.to), s.reason]), [
      ['Stems/Song_STEM_Bass.wav', 'Stems/Test_Song_STEM_Bass.wav', 'a file with this name already exists'],
    ]);
  }));

  it('renamePlan: a suggestion holding a path separator (artist "AC/DC") is not a rename', () => withFixture(async (dir) => {
    await putFile(dir, 'delivery.json', specWith({ project: { artist: 'AC/DC', title: 'Song' }, naming: { pattern: '{artist}_{name}' } }));
    const { actions } = actionsFor(dir);
    const plan = body(await actions.renamePlan({ root: dir }, none));
    assert.deepEqual(plan.renames, []);
    assert.equal(plan.skipped.length, 5);
    assert.ok(plan.skipped.every((s) => /holds a path separator/.test(s.reason)), JSON.stringify(plan.skipped));
  }));
});
