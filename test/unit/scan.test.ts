import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { scanFolder } from '../../src/core/delivery/scan';
import { findDeliveries } from '../../src/core/delivery/findDeliveries';
import { makeTempDir } from './helpers/tempDir';

async function touch(root: string, rel: string, bytes = 'x'): Promise<void> {
  await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await fs.writeFile(path.join(root, rel), bytes);
}

describe('scanFolder', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  it('lists files with sizes, sorted, skipping hidden files and following no links', async () => {
    await touch(dir, 'Stems/B.wav', 'bb');
    await touch(dir, 'Stems/A.wav', 'a');
    await touch(dir, '.DS_Store');
    await touch(dir, 'Stems/.hidden.wav');
    await touch(dir, '.git/config');
    await fs.symlink(dir, path.join(dir, 'Stems', 'loop'));
    await fs.symlink('/etc/hostname', path.join(dir, 'outside.txt'));
    const { entries, errors, truncated } = await scanFolder(dir);
    assert.deepEqual(entries.map((e) => [e.path, e.size]), [['Stems/A.wav', 1], ['Stems/B.wav', 2]]);
    assert.deepEqual([errors, truncated], [[], false]);
  });

  it('counts a Logic bundle as one session file with its total size', async () => {
    await touch(dir, 'Session/Ada.logicx/Alternatives/000/ProjectData', '12345');
    await touch(dir, 'Session/Ada.logicx/Resources/x.plist', '123');
    const { entries } = await scanFolder(dir);
    assert.deepEqual(entries.map((e) => [e.path, e.size]), [['Session/Ada.logicx', 8]]);
  });

  it('stops at its entry limit and says so', async () => {
    for (let i = 0; i < 5; i++) await touch(dir, `f${i}.txt`);
    const { entries, truncated } = await scanFolder(dir, { maxEntries: 3 });
    assert.deepEqual([entries.length, truncated], [3, true]);
  });
});

describe('findDeliveries', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  it('an album: one delivery per folder with a delivery.json', async () => {
    await touch(dir, 'Album/01 Lights/delivery.json', '{}');
    await touch(dir, 'Album/02 Dark/delivery.json', '{}');
    await touch(dir, 'Album/02 Dark/Stems/x.wav');
    assert.deepEqual(await findDeliveries(dir), [path.join(dir, 'Album', '01 Lights'), path.join(dir, 'Album', '02 Dark')]);
  });

  it('a folder without a spec is a delivery when it has a Stems/Multitracks/References folder', async () => {
    await touch(dir, 'Stems/x.wav');
    assert.deepEqual(await findDeliveries(dir), [dir]);
  });

  it('an unrelated folder is no delivery', async () => {
    await touch(dir, 'src/index.ts');
    assert.deepEqual(await findDeliveries(dir), []);
  });
});
