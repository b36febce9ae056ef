import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { loadDelivery } from '../../src/core/delivery/delivery';
import {
  HASH_CHUNK_BYTES, ManifestExistsError, formatManifestLine, parseManifest, sha256File, verifyChecksums, writeManifest,
} from '../../src/core/integrity/checksums';
import { putFile, specWith, withFixture } from './helpers/ruleFixtures';
import { makeTempDir } from './helpers/tempDir';

const run = promisify(execFile);
const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Runs the real GNU `sha256sum` in `cwd`; the test is skipped where it is not installed. */
async function sha256sum(ctx: Mocha.Context, cwd: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('sha256sum', args, { cwd, encoding: 'utf8' });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string; code?: number | string };
    if (e.code === 'ENOENT') ctx.skip();
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : -1 };
  }
}

async function withTemp<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const { dir, cleanup } = await makeTempDir('ad-checksums-');
  try {
    return await body(dir);
  } finally {
    await cleanup();
  }
}

/** A name with spaces, accents, CJK, a backslash and a line break: every case GNU escapes or not. */
const AWKWARD_NAMES = ['Stems/Ada Lights STEM Drums.wav', 'Stems/Café Ñandú 歌.wav', 'Odd/back\\slash.wav', 'Odd/line\nbreak.wav', 'Odd/cr\rname.wav'];

describe('checksums', () => {
  describe('sha256File', () => {
    it('hashes a known file', () => withTemp(async (dir) => {
      await fs.writeFile(path.join(dir, 'abc.txt'), 'abc');
      await fs.writeFile(path.join(dir, 'empty'), '');
      assert.equal(await sha256File(path.join(dir, 'abc.txt')), ABC_SHA256);
      assert.equal(await sha256File(path.join(dir, 'empty')), EMPTY_SHA256);
    }));

    it('streams a file larger than its chunk and gets the same hash as hashing it whole', () => withTemp(async (dir) => {
      const bytes = Buffer.alloc(HASH_CHUNK_BYTES * 2 + 12345);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 11)) & 0xff;
      await fs.writeFile(path.join(dir, 'big.bin'), bytes);
      assert.equal(await sha256File(path.join(dir, 'big.bin')), createHash('sha256').update(bytes).digest('hex'));
    }));

    it('stops when aborted', () => withTemp(async (dir) => {
      await fs.writeFile(path.join(dir, 'abc.txt'), 'abc');
      await assert.rejects(sha256File(path.join(dir, 'abc.txt'), AbortSignal.abort()), { name: 'AbortError' });
    }));
  });

  describe('parseManifest', () => {
    it('reads text and binary mode, --tag lines, CRLF, comments and blank lines', () => {
      const text = [
        '# written by sha256sum',
        `${ABC_SHA256}  Stems/Drums.wav`,
        '',
        `${EMPTY_SHA256.toUpperCase()} *References/Main Mix.wav`,
        `SHA256 (Docs/notes.txt) = ${ABC_SHA256}`,
        `${ABC_SHA256}  ./Multitracks/01 Kick In.wav`,
        '   ',
      ].join('\r\n');
      const parsed = parseManifest(text);
      assert.deepEqual(parsed.badLines, []);
      assert.deepEqual(parsed.entries, [
        { hash: ABC_SHA256, path: 'Stems/Drums.wav', line: 2 },
        { hash: EMPTY_SHA256, path: 'References/Main Mix.wav', line: 4 },
        { hash: ABC_SHA256, path: 'Docs/notes.txt', line: 5 },
        { hash: ABC_SHA256, path: './Multitracks/01 Kick In.wav', line: 6 },
      ]);
    });

    it('unescapes GNU names, reads a Windows tool\'s backslashes as folders, and counts bad lines', () => {
      const text = [
        `\\${ABC_SHA256}  Odd/back\\\\slash.wav`,
        `\\${ABC_SHA256}  Odd/line\\nbreak.wav`,
        `\\${ABC_SHA256}  Odd/cr\\rname.wav`,
        `${ABC_SHA256}  Stems\\Bass.wav`,
        'not a checksum line',
        `${ABC_SHA256.slice(1)}  short.wav`,
        `\\${ABC_SHA256}  bad\\qescape.wav`,
      ].join('\n');
      const parsed = parseManifest(text);
      assert.deepEqual(parsed.entries.map((e) => e.path), ['Odd/back\\slash.wav', 'Odd/line\nbreak.wav', 'Odd/cr\rname.wav', 'Stems/Bass.wav']);
      assert.deepEqual(parsed.badLines, [5, 6, 7]);
    });

    it('formats lines the way sha256sum writes them, escaping only when it must', () => {
      assert.equal(formatManifestLine(ABC_SHA256, 'Stems/Café Drums.wav'), `${ABC_SHA256}  Stems/Café Drums.wav\n`);
      assert.equal(formatManifestLine(ABC_SHA256, 'a\\b\nc'), `\\${ABC_SHA256}  a\\\\b\\nc\n`);
      for (const name of AWKWARD_NAMES) assert.equal(parseManifest(formatManifestLine(ABC_SHA256, name)).entries[0]!.path, name);
    });
  });

  describe('writeManifest', () => {
    it('writes a manifest that the real `sha256sum -c` accepts, byte for byte what sha256sum writes', function () {
      return withTemp(async (dir) => {
        for (const [i, name] of AWKWARD_NAMES.entries()) await putFile(dir, name, `audio ${i}`);
        const written = await writeManifest(dir, AWKWARD_NAMES, 'checksums.sha256');
        assert.equal(written.manifest, path.join(dir, 'checksums.sha256'));
        assert.equal(written.entries.length, AWKWARD_NAMES.length);
        const check = await sha256sum(this, dir, ['-c', 'checksums.sha256']);
        assert.equal(check.code, 0, check.stdout + check.stderr);
        assert.equal((check.stdout.match(/: OK$/gm) ?? []).length, AWKWARD_NAMES.length);

        const sorted = [...AWKWARD_NAMES].sort((a, b) => (a < b ? -1 : 1));
        const theirs = await sha256sum(this, dir, ['--', ...sorted]);
        assert.equal(await fs.readFile(path.join(dir, 'checksums.sha256'), 'utf8'), theirs.stdout);
      });
    });

    it('writes names relative to the manifest\'s folder', function () {
      return withTemp(async (dir) => {
        await putFile(dir, 'Stems/Drums.wav', 'drums');
        await putFile(dir, 'Stems/Bass.wav', 'bass');
        await writeManifest(dir, ['Stems/Drums.wav', 'Stems/Bass.wav'], 'Stems/stems.sha256');
        const text = await fs.readFile(path.join(dir, 'Stems', 'stems.sha256'), 'utf8');
        assert.deepEqual(parseManifest(text).entries.map((e) => e.path), ['Bass.wav', 'Drums.wav']);
        const check = await sha256sum(this, path.join(dir, 'Stems'), ['-c', 'stems.sha256']);
        assert.equal(check.code, 0, check.stderr);
      });
    });

    it('never overwrites: an existing manifest is refused with a clear error and left untouched', () => withTemp(async (dir) => {
      await putFile(dir, 'Stems/Drums.wav', 'drums');
      await putFile(dir, 'checksums.sha256', 'the old manifest\n');
      await assert.rejects(writeManifest(dir, ['Stems/Drums.wav'], 'checksums.sha256'), (err: unknown) => {
        assert.ok(err instanceof ManifestExistsError);
        assert.equal(err.code, 'EEXIST');
        assert.match(err.message, /checksums\.sha256 already exists and was not overwritten/);
        return true;
      });
      assert.equal(await fs.readFile(path.join(dir, 'checksums.sha256'), 'utf8'), 'the old manifest\n');
    }));

    it('removes its own partial manifest when a file cannot be read', () => withTemp(async (dir) => {
      await putFile(dir, 'Stems/Drums.wav', 'drums');
      await assert.rejects(writeManifest(dir, ['Stems/Drums.wav', 'Stems/Gone.wav'], 'checksums.sha256'), { code: 'ENOENT' });
      await assert.rejects(fs.stat(path.join(dir, 'checksums.sha256')), { code: 'ENOENT' });
    }));
  });

  describe('verifyChecksums', () => {
    /** The fixture delivery with a manifest of every file, and delivery.json naming it. */
    async function withManifest(dir: string): Promise<void> {
      await putFile(dir, 'delivery.json', specWith({ checksums: 'checksums.sha256' }));
      const delivery = await loadDelivery(dir);
      await writeManifest(dir, delivery.files.map((f) => f.path), 'checksums.sha256');
    }

    it('is null when delivery.json names no manifest', () => withFixture(async (dir) => {
      assert.equal(await verifyChecksums(await loadDelivery(dir)), null);
    }));

    it('an intact delivery verifies clean', () => withFixture(async (dir) => {
      await withManifest(dir);
      assert.deepEqual(await verifyChecksums(await loadDelivery(dir)), { manifest: 'checksums.sha256', manifestMissing: false, mismatches: [], unlisted: [], absent: [] });
    }));

    it('catches a one-byte change, as `sha256sum -c` does', function () {
      return withFixture(async (dir) => {
        await withManifest(dir);
        const file = path.join(dir, 'Stems', 'Song_STEM_Bass.wav');
        const before = await sha256File(file);
        const handle = await fs.open(file, 'r+');
        const byte = Buffer.alloc(1);
        await handle.read(byte, 0, 1, 5000);
        await handle.write(Buffer.from([byte[0]! ^ 0x01]), 0, 1, 5000);
        await handle.close();
        const outcome = await verifyChecksums(await loadDelivery(dir));
        assert.deepEqual(outcome?.mismatches, [{ path: 'Stems/Song_STEM_Bass.wav', expected: before, actual: await sha256File(file) }]);
        const check = await sha256sum(this, dir, ['-c', '--quiet', 'checksums.sha256']);
        assert.equal(check.code, 1);
        assert.match(check.stdout, /Stems\/Song_STEM_Bass\.wav: FAILED/);
      });
    });

    it('lists unlisted audio files and entries whose file is gone', () => withFixture(async (dir) => {
      await withManifest(dir);
      await fs.rm(path.join(dir, 'Multitracks', '03 Bass DI.wav'));
      await fs.copyFile(path.join(dir, 'Multitracks', '01 Kick In.wav'), path.join(dir, 'Multitracks', '06 Kick Out.wav'));
      await putFile(dir, 'Docs/Late Notes.txt', 'not audio: not required in the manifest');
      const outcome = await verifyChecksums(await loadDelivery(dir));
      assert.deepEqual(outcome, {
        manifest: 'checksums.sha256', manifestMissing: false, mismatches: [],
        unlisted: ['Multitracks/06 Kick Out.wav'], absent: ['Multitracks/03 Bass DI.wav'],
      });
    }));

    it('verifies listed files the scan leaves out (delivery.json), and resolves names from a manifest in a subfolder', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ checksums: 'Docs/stems.sha256' }));
      await writeManifest(dir, ['delivery.json', 'Stems/Song_STEM_Drums.wav'], 'Docs/stems.sha256');
      await putFile(dir, 'delivery.json', specWith({ checksums: 'Docs/stems.sha256', rules: {} }));
      const outcome = await verifyChecksums(await loadDelivery(dir));
      assert.equal(outcome?.manifest, 'Docs/stems.sha256');
      assert.deepEqual(outcome?.mismatches.map((m) => m.path), ['delivery.json']);
      assert.equal(outcome?.unlisted.length, 9);
      assert.ok(!outcome?.unlisted.includes('Stems/Song_STEM_Drums.wav'));
    }));

    it('a named manifest that is not there is reported missing', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ checksums: 'checksums.sha256' }));
      assert.deepEqual(await verifyChecksums(await loadDelivery(dir)), { manifest: 'checksums.sha256', manifestMissing: true, mismatches: [], unlisted: [], absent: [] });
    }));

    it('matches names written in NFC against files named in NFD', () => withTemp(async (dir) => {
      const nfd = 'Stems/Cafe\u0301 Drums.wav';
      await putFile(dir, nfd, 'drums');
      await putFile(dir, 'checksums.sha256', formatManifestLine(await sha256File(path.join(dir, nfd)), nfd.normalize('NFC')));
      await putFile(dir, 'delivery.json', JSON.stringify({ checksums: 'checksums.sha256' }));
      const outcome = await verifyChecksums(await loadDelivery(dir));
      assert.deepEqual(outcome, { manifest: 'checksums.sha256', manifestMissing: false, mismatches: [], unlisted: [], absent: [] });
    }));
  });
});
