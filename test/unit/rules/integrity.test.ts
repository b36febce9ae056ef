import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadDelivery, type Delivery } from '../../../src/core/delivery/delivery';
import { sha256File, verifyChecksums, writeManifest } from '../../../src/core/integrity/checksums';
import { runRules } from '../../../src/core/rules';
import { integrityRules } from '../../../src/core/rules/integrity';
import { checksumMismatch } from '../../../src/core/rules/integrity/checksumMismatch';
import { checksumMissing } from '../../../src/core/rules/integrity/checksumMissing';
import { cleanFixture, findingsOf, putFile, specWith, withFixture } from '../helpers/ruleFixtures';

/** Points delivery.json at `manifest` and writes it over every file of the fixture. */
async function writeFixtureManifest(dir: string, manifest = 'checksums.sha256'): Promise<void> {
  await putFile(dir, 'delivery.json', specWith({ checksums: manifest }));
  const delivery = await loadDelivery(dir);
  await writeManifest(dir, delivery.files.map((f) => f.path), manifest);
}

/** The delivery with the manifest checked, as the analysis phase leaves it. */
async function verifiedDelivery(dir: string): Promise<Delivery> {
  const delivery = await loadDelivery(dir);
  delivery.checksums = await verifyChecksums(delivery);
  return delivery;
}

async function flipByte(file: string, position: number): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, position);
    await handle.write(Buffer.from([byte[0]! ^ 0xff]), 0, 1, position);
  } finally {
    await handle.close();
  }
}

describe('integrity rules', () => {
  it('are registered in catalogue order', () => {
    assert.deepEqual(integrityRules.map((r) => r.id), ['integrity/checksum-mismatch', 'integrity/checksum-missing']);
  });

  describe('silent on the clean fixture delivery (no manifest named)', () => {
    const clean = cleanFixture();
    before(clean.before);
    for (const rule of integrityRules) {
      it(rule.id, () => assert.deepEqual(findingsOf(rule, clean.delivery()), []));
    }
  });

  it('silent on the clean fixture with an intact manifest', () => withFixture(async (dir) => {
    await writeFixtureManifest(dir);
    const delivery = await verifiedDelivery(dir);
    for (const rule of integrityRules) assert.deepEqual(findingsOf(rule, delivery), [], rule.id);
  }));

  describe('integrity/checksum-mismatch', () => {
    it('a one-byte change in a stem is an error on that file, with both hashes', () => withFixture(async (dir) => {
      await writeFixtureManifest(dir);
      const bass = path.join(dir, 'Stems', 'Song_STEM_Bass.wav');
      const expected = await sha256File(bass);
      await flipByte(bass, 10_000);
      const actual = await sha256File(bass);
      const found = findingsOf(checksumMismatch, await verifiedDelivery(dir));
      assert.equal(found.length, 1);
      const f = found[0]!;
      assert.equal(f.rule, 'integrity/checksum-mismatch');
      assert.equal(f.file, 'Stems/Song_STEM_Bass.wav');
      assert.equal(f.severity, 'error');
      assert.equal(f.message, `Stems/Song_STEM_Bass.wav does not match checksums.sha256 (SHA-256 ${actual.slice(0, 12)}…, expected ${expected.slice(0, 12)}…): it changed or was damaged after the manifest was written. Copy it again from the source, or ask for it to be sent again.`);
      assert.deepEqual(f.data, { manifest: 'checksums.sha256', expected, actual });
    }));

    it('a listed file that is gone is an error on the manifest', () => withFixture(async (dir) => {
      await writeFixtureManifest(dir);
      await fs.rm(path.join(dir, 'References', 'Song_Main.wav'));
      const found = findingsOf(checksumMismatch, await verifiedDelivery(dir));
      assert.equal(found.length, 1);
      assert.equal(found[0]!.file, 'checksums.sha256');
      assert.equal(found[0]!.severity, 'error');
      assert.equal(found[0]!.message, 'checksums.sha256 lists References/Song_Main.wav, which is not in the delivery: it was lost in transfer or renamed after the manifest was written. Ask for it, or for an updated manifest.');
      assert.deepEqual(found[0]!.data, { manifest: 'checksums.sha256', missing: 'References/Song_Main.wav' });
    }));
  });

  describe('integrity/checksum-missing', () => {
    it('an audio file added after the manifest was written is a warning; a document is not', () => withFixture(async (dir) => {
      await writeFixtureManifest(dir);
      await fs.copyFile(path.join(dir, 'Stems', 'Song_STEM_Drums.wav'), path.join(dir, 'Stems', 'Song_STEM_Perc.wav'));
      await putFile(dir, 'Docs/Late Notes.txt', 'a document');
      const found = findingsOf(checksumMissing, await verifiedDelivery(dir));
      assert.equal(found.length, 1);
      const f = found[0]!;
      assert.equal(f.rule, 'integrity/checksum-missing');
      assert.equal(f.file, 'Stems/Song_STEM_Perc.wav');
      assert.equal(f.severity, 'warning');
      assert.equal(f.message, 'Stems/Song_STEM_Perc.wav is not listed in checksums.sha256, so whether it arrived intact cannot be verified. Ask for an updated manifest that covers every file.');
    }));

    it('a named manifest that is not in the delivery is spec/path-not-found\'s error, not reported twice', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ checksums: 'checksums.sha256' }));
      const delivery = await verifiedDelivery(dir);
      assert.equal(delivery.checksums?.manifestMissing, true);
      const findings = runRules(delivery).filter((f) => f.rule.startsWith('integrity/') || f.data.field === 'checksums');
      assert.deepEqual(findings.map((f) => [f.rule, f.severity, f.file]), [['spec/path-not-found', 'error', 'delivery.json']]);
    }));

    it('a hidden manifest that is missing (which spec/path-not-found does not look for) is a warning for the delivery', () => withFixture(async (dir) => {
      await putFile(dir, 'delivery.json', specWith({ checksums: '.checksums.sha256' }));
      const found = findingsOf(checksumMissing, await verifiedDelivery(dir));
      assert.equal(found.length, 1);
      assert.equal(found[0]!.file, null);
      assert.equal(found[0]!.severity, 'warning');
      assert.match(found[0]!.message, /^The checksum manifest \.checksums\.sha256 that delivery\.json names is missing or cannot be read, so no file can be verified\./);
      assert.deepEqual(found[0]!.data, { manifest: '.checksums.sha256', manifestMissing: true });
    }));
  });
});
