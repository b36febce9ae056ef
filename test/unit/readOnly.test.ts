/**
 * A validation run changes no byte of the delivery (issue 7, "Nothing changed"): every entry of a
 * fixture delivery is snapshotted (content hash, size, mtime; folders' mtimes), then every
 * read-only way in is run — the CLI's `check` in every format (with and without its cache),
 * `info` on every audio file, `checksums verify`, and the server's read-only actions (report in
 * every format, verifyChecksums, the null test, the rename plan) over a full validation — and the
 * snapshot must come out identical. The same check in the real VS Code: test/integration/readOnly.test.ts.
 *
 * The delivery holds what real ones hold: stems and a mix with a null test in the spec, a
 * checksum manifest, multi-tracks, a truncated WAV, a text file named .wav, a session, a hidden
 * file. Every mtime is set to 2020 first, so even a write that rewrites the same bytes shows.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CancellationToken } from 'vscode-languageserver/node';
import { main } from '../../src/cli';
import { DeliveryAnalyzer } from '../../src/core/analysis/deliveryAnalyzer';
import { loadDelivery } from '../../src/core/delivery/delivery';
import { validateDelivery, type Validation } from '../../src/core/validate';
import { DeliveryActions, type ActionConnection, type DeliveryHost } from '../../src/server/deliveryActions';
import type { Reply } from '../../src/shared/protocol';
import { AGED, ageTree, snapshotDiff, snapshotTree, type Snapshot } from '../fixtures/deliverySnapshot';
import { writeFixtureWav } from '../fixtures/fixtureDelivery';
import { Capture } from './helpers/capture';
import { createStemDelivery, FIVE_STEMS } from './helpers/stemDelivery';
import { makeTempDir } from './helpers/tempDir';

const SPEC = `{
  "preset": "music-mix",
  "project": { "artist": "Ada", "title": "Lights" },
  "stems": { "folder": "Stems", "nullTest": { "mix": "References/Ada_Lights_Main.wav" } },
  "references": { "folder": "References" },
  "session": { "owner": "Mix engineer", "handover": true },
  "checksums": "checksums.sha256"
}
`;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await main(args, out, err);
  return { code, out: out.text, err: err.text };
}

describe('nothing changed: every read-only way in leaves the delivery byte-for-byte and mtime-for-mtime as it was', function () {
  this.timeout(180_000);
  let dir: string;
  let cacheHome: string;
  const cleanups: Array<() => Promise<void>> = [];
  let original: Snapshot;
  let savedCacheHome: string | undefined;

  before(async () => {
    const temp = await makeTempDir('ad-readonly-');
    const cache = await makeTempDir('ad-readonly-cache-');
    cleanups.push(temp.cleanup, cache.cleanup);
    dir = temp.dir;
    cacheHome = cache.dir;
    // The CLI's cache goes to the user's cache folder: here, a temp one outside the delivery.
    savedCacheHome = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cacheHome;

    await createStemDelivery(dir, FIVE_STEMS, SPEC);
    await writeFixtureWav(path.join(dir, 'Multitracks', '01 Kick In.wav'), { channels: 1, sampleRate: 48_000, bitDepth: '24', seconds: 1 });
    await writeFixtureWav(path.join(dir, 'Multitracks', '02 Snare.wav'), { channels: 1, sampleRate: 48_000, bitDepth: '24', seconds: 1 });
    const kick = await fs.readFile(path.join(dir, 'Multitracks', '01 Kick In.wav'));
    await fs.writeFile(path.join(dir, 'Multitracks', '03 Cut Off.wav'), kick.subarray(0, Math.floor(kick.length / 3)));
    await fs.writeFile(path.join(dir, 'Multitracks', '04 Not Audio.wav'), 'a text file someone named .wav\n');
    await fs.mkdir(path.join(dir, 'Session'));
    await fs.writeFile(path.join(dir, 'Session', 'Ada Lights.ptx'), 'not really a Pro Tools session');
    await fs.writeFile(path.join(dir, '.DS_Store'), 'Finder litter');
    const written = await cli(['checksums', 'write', dir]);
    assert.equal(written.code, 0, written.err);
    await ageTree(dir);
    original = await snapshotTree(dir);
  });

  after(async () => {
    if (savedCacheHome === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedCacheHome;
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  const unchanged = async () => assert.deepEqual(snapshotDiff(original, await snapshotTree(dir)), []);

  it('the snapshot sees what it must: every file, folder and hidden file, a rewrite of the same bytes, a file made and removed', async () => {
    assert.ok(original.size >= 19, `${original.size} entries`);
    assert.ok(original.has('.DS_Store') && original.get('Stems')?.kind === 'dir' && original.get('checksums.sha256')?.kind === 'file');
    const file = path.join(dir, 'Session', 'Ada Lights.ptx');
    const bytes = await fs.readFile(file);
    try {
      await fs.writeFile(file, bytes);
      assert.deepEqual(snapshotDiff(original, await snapshotTree(dir)).map((l) => l.split(':')[0]), ['Session/Ada Lights.ptx'], 'same bytes rewritten');
      await fs.writeFile(path.join(dir, 'Session', 'tmp'), '');
      await fs.rm(path.join(dir, 'Session', 'tmp'));
      assert.ok(snapshotDiff(original, await snapshotTree(dir)).some((l) => l.startsWith('Session: mtime')), 'a file made and removed moves its folder');
    } finally {
      // Back to the age every entry was given (what the later tests compare against).
      await fs.utimes(file, AGED, AGED);
      await fs.utimes(path.join(dir, 'Session'), AGED, AGED);
    }
    await unchanged();
  });

  it('CLI check in every format without the cache, and twice with it (the second run from the cache)', async () => {
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      for (const cacheArgs of format === 'json' ? [['--no-cache'], [], []] : [['--no-cache']]) {
        const run = await cli(['check', dir, '--format', format, '--jobs', '2', '--fail-on', 'never', ...cacheArgs]);
        assert.equal(run.code, 0, run.err);
        if (format === 'json') {
          const rules = (JSON.parse(run.out) as { findings: Array<{ rule: string; file: string | null }> }).findings.map((f) => `${f.rule} ${f.file}`);
          // It did its work: the defects are found, the null test ran (against a mix that is not the stems' sum).
          assert.ok(rules.includes('format/truncated Multitracks/03 Cut Off.wav'), rules.join('\n'));
          assert.ok(rules.includes('format/unreadable Multitracks/04 Not Audio.wav'), rules.join('\n'));
          assert.ok(rules.some((r) => r.startsWith('stems/null-test')), rules.join('\n'));
        }
      }
    }
    assert.ok((await fs.readdir(cacheHome)).length > 0, 'the cache was written, outside the delivery');
    await unchanged();
  });

  it('CLI info on every audio file (text and JSON), and checksums verify', async () => {
    const audio = [...original].filter(([rel, e]) => e.kind === 'file' && rel.endsWith('.wav')).map(([rel]) => rel);
    assert.ok(audio.length >= 10);
    for (const rel of audio) {
      for (const format of ['text', 'json']) {
        const run = await cli(['info', path.join(dir, ...rel.split('/')), '--format', format]);
        assert.ok(run.code === 0 || run.code === 1, `${rel}: exit ${run.code} ${run.err}`);
      }
    }
    const verified = await cli(['checksums', 'verify', dir]);
    assert.equal(verified.code, 0, verified.out + verified.err);
    await unchanged();
  });

  it('the server\'s read-only actions over a full validation: report in every format, verify checksums, null test, rename plan', async () => {
    const analyzer = new DeliveryAnalyzer({ jobs: 2, cacheDir: null });
    let validation: Validation | null = null;
    const host: DeliveryHost = {
      roots: async () => [dir],
      validationOf: async (root) => (root === dir ? (validation ??= await validateDelivery(dir, { analyzer })) : null),
      settled: async () => undefined,
      loadNow: (root) => loadDelivery(root),
      hashFile: analyzer.sha256,
      schedule: () => assert.fail('a read-only action scheduled a re-validation (only writes do)'),
    };
    const silent = { begin: () => undefined, report: () => undefined, done: () => undefined };
    const logged: string[] = [];
    const connection: ActionConnection = { console: { error: (m: string) => void logged.push(m) }, window: { attachWorkDoneProgress: () => silent } };
    const actions = new DeliveryActions(host, connection, path.resolve(__dirname, '../../..'));
    const none = CancellationToken.None;
    const body = <T>(reply: Reply<T>): T => {
      assert.ok(reply.ok, reply.ok ? '' : reply.error);
      return reply.body;
    };
    try {
      for (const format of ['markdown', 'sarif', 'json', 'text']) assert.ok(body(await actions.report({ root: dir, format }, none)).text.length > 100);
      const verified = body(await actions.verifyChecksums({ root: dir }, none));
      // Every file but the spec, the manifest itself and the hidden one (the scan skips hidden files).
      const listed = [...original].filter(([rel, e]) => e.kind === 'file' && !['delivery.json', 'checksums.sha256', '.DS_Store'].includes(rel)).length;
      assert.deepEqual([verified.checked, verified.mismatches, verified.absent], [listed, [], []]);
      for (const mix of [undefined, 'References/Ada_Lights_Main.wav']) {
        const nulled = body(await actions.nullTest({ root: dir, ...(mix ? { mix } : {}) }, none));
        assert.equal(nulled.status, 'measured');
      }
      body(await actions.renamePlan({ root: dir }, none));
    } finally {
      await analyzer.close();
    }
    assert.deepEqual(logged, []);
    await unchanged();
  });
});
