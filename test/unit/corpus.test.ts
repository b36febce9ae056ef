import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AudioFormat, Codec, ProbeResult } from '../../src/core/audio/format';
import { probeAudio } from '../../src/core/audio/probe';
import { openFileSource } from '../../src/core/io/fileSource';
import type { Validation } from '../../src/core/validate';
import { validateWithWorkers } from './helpers/ruleFixtures';
import { makeTempDir } from './helpers/tempDir';

/**
 * Runs the header probe over the shared third-party corpus (../shared/corpus next to the repo):
 * valid files must give the numbers their names and manifest state, broken ones must be refused
 * or flagged with an issue naming the defect, and nothing may throw or hang.
 */

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');
const PER_FILE_MS = 2000;

interface ManifestEntry {
  file: string;
  size: number;
  sha256: string;
  tests: string;
  upstreamExpectation: string;
  musicMetadata_11_16_1: string;
}

type Expected = Partial<Pick<AudioFormat, 'sampleRate' | 'bitDepth' | 'channels' | 'frames' | 'durationSec' | 'codec'>>;

/** Files upstream calls invalid that we read on purpose, and why. Each must come back ok. */
const ACCEPTED_BY_DESIGN: ReadonlyArray<[RegExp, string]> = [
  [/format_chunk_after_data_chunk/, 'fmt after data is legal RIFF chunk order'],
  [/missing_padding_byte/, 'a missing pad byte is recovered by finding the next chunk id'],
  [/float_format_chunk_extension_size_incomplete/, 'an IEEE float fmt needs only its first 16 bytes'],
  [/smpl_chunk_(empty|loop_count_too_high|truncated_sampler_specific_data)/, 'the header probe never reads smpl'],
];

/** What the probe must say about a broken file: the issue code and words naming the defect. */
const DEFECTS: ReadonlyArray<[RegExp, 'unreadable' | 'truncated' | 'unsupported', RegExp]> = [
  [/bad_riff_header|not-an-audio-file|example_1\.nc/, 'unreadable', /^not a recognised audio container/],
  [/bad_wavefile_format/, 'unreadable', /^RIFF form type is 'MP3 ', not 'WAVE'$/],
  [/Transparent Busy\.ani/, 'unreadable', /^RIFF form type is 'ACON', not 'WAVE'$/],
  [/data_chunk_ends_after_chunk_id|data_chunk_has_incomplete_chunk_size/, 'unreadable', /^no data chunk \(the file ends inside a chunk header at byte 36 \('data'\)\)$/],
  [/data_chunk_truncated/, 'truncated', /^data chunk declares 100000 bytes but the file holds 2240/],
  [/invalid\/empty\.wav/, 'unreadable', /^file is empty/],
  [/empty_format_chunk/, 'unreadable', /^fmt chunk is cut off: 0 of 16 bytes present$/],
  [/extensible_format_chunk_extension_(missing|incomplete\.|size_incomplete|truncated)/, 'unreadable', /^WAVE_FORMAT_EXTENSIBLE fmt chunk is \d+ bytes, needs at least 40$/],
  [/extensible_format_chunk_extension_incomplete_in/, 'unreadable', /^WAVE_FORMAT_EXTENSIBLE extension size \(cbSize\) is 2, needs at least 22$/],
  // The declared fmt size is smaller than the extension really written: the walk lands mid-fmt.
  [/oversized_extension_too_large|unsupported_format_extension_truncated/, 'unreadable', /^no data chunk \(no valid chunk id at byte \d+/],
  [/incomplete_riff|no_riff_format|riff_chunk_has_incomplete_chunk_size/, 'unreadable', /too short for a RIFF header \(12\)$/],
  [/insufficient_format_chunk/, 'unreadable', /^fmt chunk is 8 bytes, needs at least 16$/],
  [/invalid\/no_data_chunk/, 'unreadable', /^no data chunk$/],
  [/no_format_chunk_size/, 'unreadable', /^no fmt chunk and no data chunk \(the file ends inside a chunk header at byte 12/],
  [/riff_chunk_has_no_child_chunks/, 'unreadable', /^no fmt chunk and no data chunk$/],
  [/smpl_chunk_truncated\.wav/, 'truncated', /^RIFF header declares 9072 bytes but the file has 9036/],
  [/unsupported_format_extension_size_incomplete/, 'unsupported', /Microsoft ADPCM/],
  [/bad_channel_count/, 'unreadable', /^fmt declares 0 channels$/],
  [/bad_sample_rate/, 'unreadable', /^fmt declares a sample rate of 0 Hz$/],
  [/unsupported_bits_per_sample/, 'unreadable', /^block align is 4 bytes, but 2 channels of 20-bit samples need 6$/],
  [/early-eof-no-data/, 'unreadable', /^no data chunk \(the file ends at byte 72 but the RIFF header declares 17708\)$/],
  [/early-eof\.wav/, 'truncated', /^data chunk declares 17640 bytes but the file holds 944/],
  [/incomplete-chunk/, 'unreadable', /ends inside a chunk header at byte 12 \('f'\)/],
  [/24bit-inconsistent/, 'unreadable', /^block align is 4 bytes, but 3 channels of 24-bit samples need 9$/],
  [/1byte-ulaw/, 'unsupported', /µ-law/],
  [/CWE-835/, 'unreadable', /^COMM chunk is 0 bytes, needs at least 22$/],
  [/odd-list-type/, 'truncated', /^data chunk declares 49503120 bytes but the file holds 20/],
  [/issue-1163\.bwf/, 'truncated', /^RIFF header declares 28510548 bytes but the file has 168276/],
];

/** Where a name or the manifest's generic text misstates a file, with the evidence. */
const CORRECTIONS: Readonly<Record<string, Expected>> = {
  'wavefile/16bit-8kHz-1c-reaper-region.wav': { channels: 2 }, // manifest: "fmt says 2 ch despite name"
  'wavefile/16bit-9khz-1c-1region-reaper.wav': { sampleRate: 8000 }, // manifest: "name says 9 kHz, fmt says 8000"
  // data size 0x8C1 = 2241 bytes of 8-bit mono: the generic "2240 sample frames" misses the odd
  // frame, as the manifest itself notes for its twin mono_pcm_8_44100_with_padding_byte.wav.
  'jstrait-wavefile/valid/with_smpl_chunk_after_data_chunk_and_data_chunk_has_padding_byte.wav': { frames: 2241 },
};

const WORD_CHANNELS: Readonly<Record<string, number>> = { mono: 1, stereo: 2, tri: 3 };

/** Numbers a file name states: "test-8000Hz-le-3ch-5S-24bit", "stereo_pcm_24_44100", "16bit-8kHz-…-mono". */
function fromName(file: string): Expected {
  const name = path.basename(file);
  const out: Expected = {};
  const jstrait = /^(?:extensible_)?(mono|stereo|tri|\d+)_(pcm|float)_(\d+)_(\d+)/.exec(name);
  if (jstrait) {
    const [, ch, kind, bits, rate] = jstrait as unknown as [string, string, string, string, string];
    return { channels: WORD_CHANNELS[ch] ?? Number(ch), codec: kind as Codec, bitDepth: Number(bits), sampleRate: Number(rate) };
  }
  const hz = /(\d+)(k?)hz/i.exec(name);
  if (hz) out.sampleRate = Number(hz[1]) * (hz[2] ? 1000 : 1);
  const bits = /(\d+)-?bit/i.exec(name) ?? /(\d+)IEEE/.exec(name) ?? /(\d+)bytes?/.exec(name);
  if (bits) out.bitDepth = Number(bits[1]) * (/bytes?/.test(bits[0]) ? 8 : 1);
  const ch = /(\d+)ch\b/.exec(name) ?? /-(\d+)c-/.exec(name);
  if (ch) out.channels = Number(ch[1]);
  for (const [word, n] of Object.entries(WORD_CHANNELS)) if (new RegExp(`[-_]${word}[-_.]`).test(name)) out.channels = n;
  const frames = /-(\d+)S-/.exec(name);
  if (frames) out.frames = Number(frames[1]);
  if (/float|IEEE/.test(name)) out.codec = 'float';
  if (/law|adpcm/i.test(name)) out.codec = 'other';
  return out;
}

/** What the manifest's prose says of the format ("24-bit stereo", "IEEE float32", "mu-law"). */
function fromManifestProse(entry: ManifestEntry): Expected {
  const out: Expected = {};
  const bits = /(\d+)-bit\b/.exec(entry.tests);
  if (bits) out.bitDepth = Number(bits[1]);
  const channels = /\b(mono|stereo)\b/.exec(entry.tests) ?? /\b(\d+)ch\b/.exec(entry.tests);
  if (channels) out.channels = WORD_CHANNELS[channels[1]!] ?? Number(channels[1]);
  if (/\bfloat(32|64)\b|IEEE float/.test(entry.tests)) out.codec = 'float';
  if (/integer PCM|\bint\b/.test(entry.tests)) out.codec = 'pcm';
  if (/law|ADPCM|GSM|MPEG layer 3/i.test(entry.tests)) out.codec = 'other';
  return out;
}

/** Counts the manifest states outright: "2240 sample frames", "441 frames x 2", "FLAC 44100 1ch 16 bit 5 s". */
function fromManifestCounts(entry: ManifestEntry): Expected {
  const text = `${entry.tests}; ${entry.upstreamExpectation}`;
  const out: Expected = {};
  // Truncated files: the frames really present, not the count the header claims.
  const frames = /(\d+) frames then EOF/.exec(text) ?? /(\d+) (?:sample )?frames/.exec(text) ?? /rate \d+, (\d+) samples/.exec(text) ?? /read OK; (\d+) samples/.exec(text);
  if (frames) out.frames = Number(frames[1]);
  const validBits = /(\d+) valid bits/.exec(text);
  if (validBits) out.bitDepth = Number(validBits[1]);
  const flac = /^FLAC (\d+) (\d)ch (\d+) bit(?: (\d+) s)?/.exec(entry.upstreamExpectation);
  if (flac) {
    Object.assign(out, { sampleRate: Number(flac[1]), channels: Number(flac[2]), bitDepth: Number(flac[3]), codec: 'pcm' });
    if (flac[4]) out.durationSec = Number(flac[4]);
  }
  return out;
}

/** music-metadata's observation ("WAVE PCM 8000 Hz 2 ch 16 bit"): a second reader's rate and channels. */
function fromMusicMetadata(entry: ManifestEntry): Expected {
  const seen = /^(?:WAVE|FLAC) \S+(?: \(\d+\))? (\d+) Hz (\d+) ch/.exec(entry.musicMetadata_11_16_1);
  return seen && Number(seen[1]) > 0 && Number(seen[2]) > 0 ? { sampleRate: Number(seen[1]), channels: Number(seen[2]) } : {};
}

function verdict(entry: ManifestEntry): 'valid' | 'invalid' | 'unsupported' {
  if (entry.file.includes('/valid/')) return 'valid';
  if (entry.file.includes('/invalid/')) return 'invalid';
  if (entry.file.includes('/unsupported/')) return 'unsupported';
  return /Error|rejects|Warning/.test(entry.upstreamExpectation) ? 'invalid' : 'valid';
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]);
}

function assertSane(result: ProbeResult, rel: string): void {
  for (const issue of result.issues) {
    assert.ok(['unreadable', 'truncated', 'unfinalised', 'unsupported'].includes(issue.code), `${rel}: issue code ${issue.code}`);
    assert.ok(issue.message.length > 0, `${rel}: empty issue message`);
  }
  if (!result.ok) return;
  const f = result.format;
  assert.ok(Number.isInteger(f.frames) && f.frames >= 0, `${rel}: frames ${f.frames}`);
  assert.ok(f.sampleRate > 0 && f.channels > 0, `${rel}: rate ${f.sampleRate}, channels ${f.channels}`);
  assert.equal(f.durationSec, f.frames / f.sampleRate, `${rel}: duration`);
  assert.ok(result.details.dataAvailableBytes <= result.details.dataDeclaredBytes || result.issues.some((i) => i.code === 'unfinalised') || f.container === 'flac', `${rel}: available ≤ declared`);
}

async function probeTimed(file: string): Promise<{ result: ProbeResult; ms: number }> {
  const source = await openFileSource(file);
  const started = Date.now();
  try {
    return { result: await probeAudio(source), ms: Date.now() - started };
  } finally {
    await source.close();
  }
}

const present = existsSync(path.join(corpusDir, 'manifest.json'));
const manifest: ManifestEntry[] = present
  ? (JSON.parse(readFileSync(path.join(corpusDir, 'manifest.json'), 'utf8')) as { files: ManifestEntry[] }).files
  : [];
const byFile = new Map(manifest.map((e) => [e.file, e]));

describe('probeAudio over the shared edge-case corpus', function () {
  before(function () {
    if (!present) {
      console.log(`    (corpus not found at ${corpusDir}: skipping; CI provides it)`);
      this.skip();
    }
  });

  it('the manifest matches the bytes on disk (size and sha256)', () => {
    assert.ok(manifest.length > 0);
    for (const entry of manifest) {
      const bytes = readFileSync(path.join(corpusDir, entry.file));
      assert.equal(bytes.length, entry.size, entry.file);
      assert.equal(createHash('sha256').update(bytes).digest('hex'), entry.sha256, entry.file);
    }
  });

  // Every file, documentation included: nothing in the folder may make the probe throw or hang.
  for (const file of present ? listFiles(corpusDir).sort() : []) {
    const rel = path.relative(corpusDir, file).split(path.sep).join('/');
    const entry = byFile.get(rel);
    it(`${rel}${entry ? ` — ${verdict(entry)}` : ''}`, async function () {
      this.timeout(PER_FILE_MS * 2);
      const { result, ms } = await probeTimed(file);
      assert.ok(ms < PER_FILE_MS, `${rel} took ${ms} ms`);
      assertSane(result, rel);
      if (!entry) return; // README, PROVENANCE, LICENSE, manifest: only "does not throw"

      const defect = DEFECTS.find(([pattern]) => pattern.test(rel));
      const accepted = ACCEPTED_BY_DESIGN.find(([pattern]) => pattern.test(rel));
      if (defect) {
        const [, code, words] = defect;
        const issue = result.issues.find((i) => i.code === code);
        assert.ok(issue, `${rel}: expected a '${code}' issue, got ${JSON.stringify(result.issues)}`);
        assert.match(issue.message, words, rel);
        assert.equal(result.ok, code !== 'unreadable', `${rel}: ok`);
      } else if (accepted) {
        assertOkResult(result, `${rel} (accepted by design: ${accepted[1]})`);
      } else if (verdict(entry) === 'invalid') {
        assert.ok(!result.ok || result.issues.length > 0, `${rel}: upstream calls it invalid; expected ok:false or an issue`);
      } else if (verdict(entry) === 'valid') {
        assertOkResult(result, rel);
        const hard = result.issues.filter((i) => i.code !== 'unsupported');
        assert.deepEqual(hard, [], `${rel}: a valid file got issues`);
      }

      if (result.ok) {
        // Later sources win: a second reader's view, the prose, the name, outright counts, corrections.
        const expected = {
          ...fromMusicMetadata(entry), ...fromManifestProse(entry), ...fromName(rel), ...fromManifestCounts(entry), ...CORRECTIONS[rel],
        };
        const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, result.format[k as keyof Expected]]));
        assert.deepEqual(actual, expected, `${rel}: numbers stated by its name / manifest`);
      }
    });
  }
});

function assertOkResult(result: ProbeResult, label: string): asserts result is Extract<ProbeResult, { ok: true }> {
  assert.ok(result.ok, `${label}: expected ok, got ${JSON.stringify(result.issues)}`);
}

// ---- the corpus as a delivery: outcome classes ----------------------------------------------

type OutcomeClass = 'valid' | 'unsupported' | 'invalid';

/**
 * Where our class differs from the manifest's (upstream's) on purpose, and why. Everything else
 * must land in the manifest's class; files not listed here are the rule, not exceptions.
 */
const CLASS_BY_DESIGN: ReadonlyArray<[RegExp, OutcomeClass, string]> = [
  ...ACCEPTED_BY_DESIGN.map(([pattern, why]): [RegExp, OutcomeClass, string] => [pattern, 'valid', why]),
  [/extensible_container_size_bigger_than_sample_size/, 'valid', '24 valid bits in a 32-bit container is how WAVE_FORMAT_EXTENSIBLE states a 24-bit file'],
  [/invalid\/unsupported_format_extension_size_incomplete/, 'unsupported', 'the first 16 bytes of fmt name the codec (Microsoft ADPCM), which is not decoded either way'],
  [/unsupported\/(bad_channel_count|bad_sample_rate|unsupported_bits_per_sample)/, 'invalid', 'a header declaring 0 channels, 0 Hz or a block align its samples do not fit describes no audio at all'],
  [/issue-1163\.bwf|odd-list-type/, 'invalid', 'the head of a larger file: its header declares far more than the file holds'],
];

/** Valid audio in a codec nothing here decodes: named, levels not measured (an info finding). */
const UNDECODED_CODEC = /law|ADPCM|GSM|MPEG layer|FLAC|int64/i;

function expectedClass(entry: ManifestEntry): { cls: OutcomeClass; why: string } {
  const listed = CLASS_BY_DESIGN.find(([pattern]) => pattern.test(entry.file));
  if (listed) return { cls: listed[1], why: listed[2] };
  if (UNDECODED_CODEC.test(`${entry.tests} ${entry.upstreamExpectation}`)) return { cls: 'unsupported', why: 'a codec or width the decoder does not read' };
  return { cls: verdict(entry), why: 'the manifest' };
}

describe('the shared corpus as a delivery: every file lands in its manifest class, with a finding naming the defect', function () {
  this.timeout(120_000);
  let validation: Validation;
  const relOf = new Map<string, string>();
  let cleanup = async () => undefined as void;

  before(async function () {
    if (!present) {
      console.log(`    (corpus not found at ${corpusDir}: skipping; CI provides it)`);
      this.skip();
    }
    const temp = await makeTempDir('ad-corpus-delivery-');
    cleanup = temp.cleanup;
    await fs.mkdir(path.join(temp.dir, 'Multitracks'));
    for (const entry of manifest) {
      // Flat names; the non-audio files (.ani, .nc, .txt) arrive renamed .wav, as a mistake would send them.
      const name = entry.file.split('/').join('__').replace(/\.(ani|nc|txt)$/, '.$1.wav');
      relOf.set(entry.file, `Multitracks/${name}`);
      await fs.copyFile(path.join(corpusDir, entry.file), path.join(temp.dir, 'Multitracks', name));
    }
    validation = await validateWithWorkers(temp.dir);
  });
  after(() => cleanup());

  it('valid → analysed without a format finding; unsupported → "not measured" naming the codec; invalid → an error quoting the probe\'s defect', () => {
    const wrong: string[] = [];
    const counts: Record<OutcomeClass, number> = { valid: 0, unsupported: 0, invalid: 0 };
    for (const entry of manifest) {
      const rel = relOf.get(entry.file)!;
      const { cls, why } = expectedClass(entry);
      counts[cls]++;
      const file = validation.delivery.files.find((f) => f.path === rel);
      const findings = validation.findings.filter((f) => f.file === rel && (f.rule === 'format/unreadable' || f.rule === 'format/truncated'));
      const errors = findings.filter((f) => f.severity === 'error');
      const notMeasured = findings.filter((f) => f.rule === 'format/unreadable' && f.severity === 'info');
      const analysis = validation.delivery.analyses.get(rel);
      const actual: OutcomeClass = errors.length > 0 ? 'invalid' : notMeasured.length > 0 ? 'unsupported' : 'valid';
      const say = (problem: string) => wrong.push(`${entry.file} (expected ${cls}: ${why}): ${problem}; findings: ${findings.map((f) => `${f.rule} ${f.severity}: ${f.message}`).join(' | ') || 'none'}`);
      if (actual !== cls) {
        say(`outcome ${actual}`);
        continue;
      }
      const issues = (file?.probe?.issues ?? []).map((i) => i.message);
      if (cls === 'valid' && (file?.format?.frames ?? 0) > 0 && !analysis?.ok) say('a valid file without an analysis');
      if (cls === 'unsupported' && !notMeasured.some((f) => /levels \(peaks, loudness, clipping\) are not measured: .*(not PCM|not supported|compressed|cannot be decoded)/.test(f.message))) {
        say('no "not measured" finding saying which codec or width');
      }
      // The finding carries the probe's own words for the defect (corpus tests above pin those words per file).
      if (cls === 'invalid' && !errors.some((f) => issues.some((m) => f.message.includes(m)) || (analysis && !analysis.ok && f.message.includes(analysis.reason)))) {
        say(`no error quoting the defect (probe issues: ${JSON.stringify(issues)})`);
      }
    }
    assert.deepEqual(wrong, []);
    // The corpus has all three classes in numbers; a class that empties means the mapping broke.
    assert.ok(counts.valid > 80 && counts.unsupported > 15 && counts.invalid > 30, JSON.stringify(counts));
  });
});
