/**
 * Real files nobody here wrote: the sounds Debian packages ship (ALSA's speaker test voices,
 * CPython's audio test data in 8–32-bit WAV/AIFF/AIFF-C, Hydrogen's drum kits in WAV and FLAC,
 * SuperCollider's float AIFF-C), read by our header probe with the numbers SoX's `soxi` reports,
 * and decoded to exactly soxi's sample count.
 *
 * The packages are fetched at run time with `apt-get download` (no install) and unpacked with
 * `dpkg-deb -x` into a cache folder (DEBIAN_SOUNDS_DIR, default <tmp>/audio-deliverables-debian-sounds),
 * reused by later runs. Off CI a machine without apt or network skips with a note; on CI (CI set)
 * it fails: a comparison that silently never runs proves nothing.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodePcm, undecodableReason } from '../../src/core/audio/decode';
import type { ProbeResult } from '../../src/core/audio/format';
import { probeAudio } from '../../src/core/audio/probe';
import { openFileSource } from '../../src/core/io/fileSource';

const PACKAGES = ['alsa-utils', 'libpython3.11-testsuite', 'hydrogen-data', 'supercollider-common'];
const AUDIO = /\.(wav|aif|aiff|aifc|flac)$/i;
const cacheDir = process.env.DEBIAN_SOUNDS_DIR ?? path.join(os.tmpdir(), 'audio-deliverables-debian-sounds');
const onCi = !!process.env.CI && process.env.CI !== 'false';

function run(command: string, args: string[], cwd?: string): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw new Error(`${command}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr.trim().slice(-500)}`);
  return r.stdout;
}

/** Downloads and unpacks each package once; returns the folder each was unpacked into. */
async function obtain(pkg: string): Promise<string> {
  const dir = path.join(cacheDir, pkg);
  if (existsSync(path.join(dir, '.unpacked'))) return dir;
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(path.join(dir, 'deb'), { recursive: true });
  try {
    run('apt-get', ['download', pkg], path.join(dir, 'deb'));
  } catch {
    // A machine whose package lists were never fetched (a fresh container): fetch them, once.
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['download', pkg], path.join(dir, 'deb'));
  }
  const deb = readdirSync(path.join(dir, 'deb')).find((f) => f.endsWith('.deb'));
  if (!deb) throw new Error(`apt-get download ${pkg} left no .deb`);
  run('dpkg-deb', ['-x', path.join(dir, 'deb', deb), path.join(dir, 'root')]);
  await fs.rm(path.join(dir, 'deb'), { recursive: true });
  // Keep only the sounds: the packages hold ~60 MB of other things.
  for (const file of listFiles(path.join(dir, 'root'))) if (!AUDIO.test(file)) await fs.rm(file);
  await fs.writeFile(path.join(dir, '.unpacked'), `${deb}\n`);
  return dir;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(p) : [p];
  });
}

function listAudio(dir: string): string[] {
  return listFiles(dir).filter((f) => AUDIO.test(f));
}

interface Soxi {
  channels: number;
  sampleRate: number;
  bits: number;
  samples: number;
  codec: 'pcm' | 'float';
}

/** soxi's reading of a file, or its error (it cannot open A-law/µ-law AIFF-C, for one). */
function soxi(file: string): Soxi | { error: string } {
  const r = spawnSync('soxi', [file], { encoding: 'utf8' });
  if (r.status !== 0) return { error: r.stderr.trim() };
  const field = (name: string) => new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm').exec(r.stdout)?.[1] ?? '';
  const float = /Floating Point/.test(field('Sample Encoding'));
  return {
    channels: Number(field('Channels')),
    sampleRate: Number(field('Sample Rate')),
    // soxi's precision of float32 is 25 bits (the mantissa); the width is what a header says.
    bits: float ? Number(spawnSync('soxi', ['-b', file], { encoding: 'utf8' }).stdout.trim()) : parseInt(field('Precision'), 10),
    samples: Number(/= (\d+) samples/.exec(field('Duration'))?.[1]),
    codec: float ? 'float' : 'pcm',
  };
}

async function probeAndDecode(file: string): Promise<{ probe: ProbeResult; decoded: number | null }> {
  const source = await openFileSource(file);
  try {
    const probe = await probeAudio(source);
    let decoded: number | null = null;
    if (probe.ok && probe.format.container !== 'flac' && !undecodableReason(probe)) {
      decoded = 0;
      for await (const chunk of decodePcm(source, probe)) decoded += chunk.frames;
    }
    return { probe, decoded };
  } finally {
    await source.close();
  }
}

describe('Debian\'s packaged sounds (files nobody here wrote) read with the numbers soxi reports', function () {
  this.timeout(300_000);
  const files: Array<{ pkg: string; file: string; rel: string }> = [];

  before(async function () {
    try {
      run('sox', ['--version']);
      for (const pkg of PACKAGES) {
        const dir = await obtain(pkg);
        for (const file of listAudio(path.join(dir, 'root')).sort()) files.push({ pkg, file, rel: path.relative(path.join(dir, 'root'), file) });
      }
    } catch (err) {
      const why = `could not obtain the Debian sounds (${PACKAGES.join(', ')}) or soxi: ${(err as Error).message}`;
      if (onCi) throw new Error(`${why}\nOn CI this comparison must run: check apt's network access and that sox is installed.`);
      console.log(`    (${why}: skipping off CI)`);
      this.skip();
    }
  });

  it('every package brings the sounds it is known for', () => {
    const count = (pkg: string, pattern: RegExp) => files.filter((f) => f.pkg === pkg && pattern.test(f.rel)).length;
    assert.equal(count('alsa-utils', /sounds\/alsa\/.*\.wav$/), 9);
    assert.ok(count('libpython3.11-testsuite', /audiodata\/pluck-pcm(8|16|24|32)\.(wav|aiff)$/) === 8, 'CPython pluck-pcm8…32 WAV and AIFF');
    assert.ok(count('libpython3.11-testsuite', /pluck-(alaw|ulaw)\.aifc$/) === 2);
    assert.ok(count('hydrogen-data', /\.flac$/) >= 10 && count('hydrogen-data', /\.wav$/) >= 50);
    assert.ok(count('supercollider-common', /SinedPink\.aiff$/) === 1, 'the float AIFF-C');
  });

  it('channels, rate, bits, codec and frames as soxi reports; PCM decoded to exactly soxi\'s sample count', async () => {
    const wrong: string[] = [];
    for (const { file, rel } of files) {
      const sox = soxi(file);
      const { probe, decoded } = await probeAndDecode(file);
      if ('error' in sox) {
        // SoX cannot open A-law/µ-law AIFF-C; we must still read the header and say why we do not decode it.
        const compression = /compression type `(\w+)'/.exec(sox.error)?.[1];
        const named = probe.ok && probe.format.codec === 'other' && probe.issues.some((i) => i.code === 'unsupported' && compression !== undefined && i.message.includes(`'${compression}'`));
        if (!named) wrong.push(`${rel}: soxi fails (${sox.error}); ours: ${JSON.stringify(probe)}`);
        continue;
      }
      if (!probe.ok) {
        wrong.push(`${rel}: soxi reads ${JSON.stringify(sox)}, we refuse: ${JSON.stringify(probe.issues)}`);
        continue;
      }
      const f = probe.format;
      const ours = { channels: f.channels, sampleRate: f.sampleRate, bits: f.bitDepth, samples: f.frames, codec: f.codec };
      if (JSON.stringify(ours) !== JSON.stringify(sox)) wrong.push(`${rel}: soxi ${JSON.stringify(sox)}, ours ${JSON.stringify(ours)}`);
      if (probe.issues.length > 0) wrong.push(`${rel}: a file soxi reads got issues ${JSON.stringify(probe.issues)}`);
      if (decoded !== null && decoded !== sox.samples) wrong.push(`${rel}: decoded ${decoded} frames, soxi counts ${sox.samples}`);
    }
    assert.deepEqual(wrong, []);
    assert.ok(files.length >= 120, `only ${files.length} files`);
  });
});
