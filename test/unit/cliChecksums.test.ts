import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli';
import type { VerifyReport } from '../../src/cli/checksums';
import { FIXTURE_AUDIO, FIXTURE_OTHER, createFixtureDelivery } from '../fixtures/fixtureDelivery';
import { Capture } from './helpers/capture';
import { makeTempDir } from './helpers/tempDir';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await main(args, out, err);
  return { code, out: out.text, err: err.text };
}

/** The real coreutils tool, when this machine has it (macOS ships shasum instead). */
function hasSha256sum(): boolean {
  try {
    execFileSync('sha256sum', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Flips one byte near the end of a file (in the samples, not the header). */
async function flipLastByte(file: string): Promise<void> {
  const bytes = await fs.readFile(file);
  bytes[bytes.length - 1] ^= 0x01;
  await fs.writeFile(file, bytes);
}

describe('CLI checksums', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  const everyFile = [...FIXTURE_AUDIO.map((f) => f.path), ...Object.keys(FIXTURE_OTHER)].sort();
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    await createFixtureDelivery(dir);
  });
  afterEach(() => cleanup());

  it('writes a manifest of every file, then verifies the untouched delivery', async () => {
    const written = await run(['checksums', 'write', dir]);
    assert.equal(written.code, 0, written.err);
    assert.match(written.out, /^Wrote checksums\.sha256: SHA-256 of 13 files\n/);
    const manifest = await fs.readFile(path.join(dir, 'checksums.sha256'), 'utf8');
    const names = manifest.trimEnd().split('\n').map((l) => /^[0-9a-f]{64} {2}(.+)$/.exec(l)?.[1]);
    assert.deepEqual(names, everyFile, 'audio and other files, sorted; not delivery.json nor the manifest itself');

    const verified = await run(['checksums', 'verify', dir]);
    assert.equal(verified.code, 0, verified.out + verified.err);
    assert.equal(verified.out, 'OK: 13 files listed in checksums.sha256: 13 match\n');
  });

  it('writes a manifest the real sha256sum -c accepts, run in the delivery folder', async function () {
    if (!hasSha256sum()) this.skip();
    assert.equal((await run(['checksums', 'write', dir])).code, 0);
    const report = execFileSync('sha256sum', ['-c', 'checksums.sha256'], { cwd: dir, encoding: 'utf8' });
    assert.deepEqual(report.trimEnd().split('\n'), everyFile.map((f) => `${f}: OK`));
  });

  it('a one-byte change in one WAV fails verify (exit 1) and names that file', async () => {
    assert.equal((await run(['checksums', 'write', dir])).code, 0);
    await flipLastByte(path.join(dir, 'Stems', 'Song_STEM_Bass.wav'));

    const text = await run(['checksums', 'verify', dir]);
    assert.equal(text.code, 1);
    assert.equal(text.out, [
      'FAILED   Stems/Song_STEM_Bass.wav: differs from the manifest',
      'FAILED: 13 files listed in checksums.sha256: 12 match, 1 differs',
      '',
    ].join('\n'));

    const json = await run(['checksums', 'verify', dir, '--format', 'json']);
    assert.equal(json.code, 1);
    const report = JSON.parse(json.out) as VerifyReport;
    assert.deepEqual([report.ok, report.checked, report.manifest, report.root], [false, 13, 'checksums.sha256', dir]);
    assert.deepEqual(report.mismatches.map((m) => m.path), ['Stems/Song_STEM_Bass.wav']);
    assert.match(report.mismatches[0]!.actual ?? '', /^[0-9a-f]{64}$/);
    assert.notEqual(report.mismatches[0]!.actual, report.mismatches[0]!.expected);
  });

  it('an absent entry fails; an unlisted audio file is only a warning', async () => {
    assert.equal((await run(['checksums', 'write', dir])).code, 0);
    await fs.copyFile(path.join(dir, 'Stems', 'Song_STEM_Drums.wav'), path.join(dir, 'Stems', 'Song_STEM_Keys.wav'));
    const unlisted = await run(['checksums', 'verify', dir]);
    assert.equal(unlisted.code, 0, 'unlisted files do not fail verify');
    assert.match(unlisted.out, /^warning {2}Stems\/Song_STEM_Keys\.wav: audio file not listed in the manifest$/m);
    assert.match(unlisted.out, /^OK: 13 files listed in checksums\.sha256: 13 match; 1 audio file not listed$/m);

    await fs.rm(path.join(dir, 'Docs', 'Track Sheet.txt'));
    const absent = await run(['checksums', 'verify', dir, '--format', 'json']);
    assert.equal(absent.code, 1);
    const report = JSON.parse(absent.out) as VerifyReport;
    assert.deepEqual([report.absent, report.unlisted, report.mismatches, report.checked], [['Docs/Track Sheet.txt'], ['Stems/Song_STEM_Keys.wav'], [], 12]);
  });

  it('write never overwrites an existing manifest (exit 2, file unchanged)', async () => {
    const manifest = path.join(dir, 'checksums.sha256');
    await fs.writeFile(manifest, 'an older manifest\n');
    const before = await fs.stat(manifest);
    const { code, out, err } = await run(['checksums', 'write', dir]);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /already exists and was not overwritten/);
    assert.equal(await fs.readFile(manifest, 'utf8'), 'an older manifest\n');
    assert.equal((await fs.stat(manifest)).mtimeMs, before.mtimeMs);
  });

  it('verify without a manifest exits 2 and says how to make one', async () => {
    const { code, out, err } = await run(['checksums', 'verify', dir]);
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(err, /no checksum manifest at checksums\.sha256 .*checksums write/);
    assert.equal((await run(['checksums', 'verify', dir, '--manifest', path.join(dir, 'nope.sha256')])).code, 2);
    await fs.writeFile(path.join(dir, 'empty.sha256'), '# nothing here\n');
    const empty = await run(['checksums', 'verify', dir, '--manifest', path.join(dir, 'empty.sha256')]);
    assert.equal(empty.code, 2);
    assert.match(empty.err, /holds no checksum lines/);
  });

  it('--out and --manifest name another manifest, relative to the current folder or absolute', async () => {
    const other = await makeTempDir('ad-manifest-');
    try {
      const manifest = path.join(other.dir, 'delivery.sha256');
      assert.equal((await run(['checksums', 'write', dir, '--out', manifest])).code, 0);
      assert.equal(await fs.stat(path.join(dir, 'checksums.sha256')).catch(() => null), null, 'nothing written into the delivery');
      assert.equal((await run(['checksums', 'verify', dir])).code, 2, 'the default manifest is not there');
      const verified = await run(['checksums', 'verify', dir, '--manifest', path.relative(process.cwd(), manifest)]);
      assert.equal(verified.code, 0, verified.out + verified.err);
      assert.match(verified.out, /13 match/);
    } finally {
      await other.cleanup();
    }
  });

  it("uses the manifest delivery.json names, with names relative to the manifest's folder", async () => {
    const spec = await fs.readFile(path.join(dir, 'delivery.json'), 'utf8');
    await fs.writeFile(path.join(dir, 'delivery.json'), spec.replace('"preset"', '"checksums": "Docs/Song.sha256",\n  "preset"'));
    const written = await run(['checksums', 'write', dir]);
    assert.equal(written.code, 0, written.err);
    assert.match(written.out, /^Wrote Docs\/Song\.sha256: SHA-256 of 13 files/);
    const text = await fs.readFile(path.join(dir, 'Docs', 'Song.sha256'), 'utf8');
    assert.match(text, /^[0-9a-f]{64} {2}\.\.\/Stems\/Song_STEM_Bass\.wav$/m);
    assert.match(text, /^[0-9a-f]{64} {2}Track Sheet\.txt$/m);
    assert.equal((await run(['checksums', 'verify', dir])).code, 0);
    if (hasSha256sum()) execFileSync('sha256sum', ['-c', '--quiet', 'Song.sha256'], { cwd: path.join(dir, 'Docs') });
  });

  it('has --help for both subcommands and is in the main help', async () => {
    for (const sub of ['write', 'verify']) {
      const help = await run(['checksums', sub, '--help']);
      assert.equal(help.code, 0);
      assert.match(help.out, new RegExp(`^audio-deliverables checksums ${sub} DIR`));
      assert.equal((await run(['help', 'checksums', sub])).out, help.out);
    }
    const both = await run(['checksums', '--help']);
    assert.equal(both.code, 0);
    assert.match(both.out, /checksums write DIR[\s\S]*checksums verify DIR/);
    const mainHelp = (await run(['help'])).out;
    assert.match(mainHelp, /audio-deliverables checksums write DIR \[--out FILE\]/);
    assert.match(mainHelp, /audio-deliverables checksums verify DIR \[--manifest FILE\] \[--format text\|json\]/);
  });

  it('usage errors exit 2', async () => {
    const bad = [
      ['checksums'],
      ['checksums', 'frobnicate', dir],
      ['checksums', 'write'],
      ['checksums', 'write', dir, dir],
      ['checksums', 'write', path.join(dir, 'nope')],
      ['checksums', 'write', dir, '--bogus'],
      ['checksums', 'write', dir, '--out'],
      ['checksums', 'verify'],
      ['checksums', 'verify', path.join(dir, 'Docs', 'Track Sheet.txt')],
      ['checksums', 'verify', dir, '--format', 'sarif'],
      ['checksums', 'verify', dir, '--manifest'],
    ];
    for (const args of bad) {
      const { code, out, err } = await run(args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(out, '', args.join(' '));
      assert.match(err, /^audio-deliverables: .+\nRun 'audio-deliverables help checksums' for usage\.\n$/, args.join(' '));
    }
    assert.equal(await fs.stat(path.join(dir, 'checksums.sha256')).catch(() => null), null, 'no usage error writes anything');
  });
});
