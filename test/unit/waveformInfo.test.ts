import * as assert from 'node:assert/strict';
import { MAX_IXML_BYTES, parseIxml, readBroadcastMetadata } from '../../src/core/audio/broadcastMetadata';
import { emptyAnalysisFields } from '../../src/core/analysis/fileAnalysis';
import type { Finding } from '../../src/core/findings';
import { memorySource } from '../../src/core/io/fileSource';
import type { FileDto } from '../../src/shared/protocol';
import { findingMarkers, NOT_MEASURED, panelSections, waveformInfo } from '../../src/shared/view/waveformInfo';
import { bextChunk, chunk, dataChunk, ds64Chunk, fmtChunk, riffFile } from './helpers/riffBuilder';

const stem = (analysis: FileDto['analysis']): FileDto => ({
  path: 'Stems/Song_STEM_Keys.wav', role: 'stem', group: 'keys', kind: null, reason: "folder 'Stems'", size: 1152044,
  format: { container: 'wav', codec: 'pcm', sampleRate: 48000, bitDepth: 24, channels: 2, frames: 192000, durationSec: 4, timeReference: 172800000 },
  analysis, description: '48 kHz · 24-bit · stereo · 0:04',
});

const measured = {
  ...emptyAnalysisFields(),
  samplePeakDbfs: 0, truePeakDbtp: 0.31, integratedLufs: -9.04, lraLu: 1.26, dcOffsetDbfs: -120.2,
  clippedRuns: 2, leadingSilenceSec: 0, trailingSilenceSec: 2, silent: false,
};

const clipping: Finding = {
  rule: 'level/clipping', severity: 'error', file: 'Stems/Song_STEM_Keys.wav', timeSec: 0.5, message: 'clips: 2 runs',
  data: { runs: 2, clippedSamples: 9, first: [{ channel: 0, startSec: 0.5, length: 5 }, { channel: 0, startSec: 1.25, length: 4 }] },
};

describe('waveform info: markers at the times findings give', () => {
  it('one marker per clipping run the finding lists, and the measured tail silence as a region', () => {
    assert.deepEqual(findingMarkers(stem(measured), [clipping]), [
      { kind: 'clipping', timeSec: 0.5, endSec: null, label: 'Clipping at 0:00:00.500: 5 samples at full scale', severity: 'error' },
      { kind: 'clipping', timeSec: 1.25, endSec: null, label: 'Clipping at 0:00:01.250: 4 samples at full scale', severity: 'error' },
      { kind: 'silence-tail', timeSec: 2, endSec: 4, label: 'Silence at the tail from 0:00:02.000: 0:00:02.000', severity: 'info' },
    ]);
  });

  it('head silence, other timed findings, and nothing for untimed ones', () => {
    const other: Finding = { rule: 'stems/null-test', severity: 'warning', file: 'x', timeSec: 3.5, message: 'residual worst here', data: {} };
    const untimed: Finding = { rule: 'naming/pattern', severity: 'warning', file: 'x', timeSec: null, message: 'name', data: {} };
    const markers = findingMarkers(stem({ ...measured, leadingSilenceSec: 0.25, trailingSilenceSec: 0 }), [other, untimed]);
    assert.deepEqual(markers.map((m) => [m.kind, m.timeSec, m.endSec]), [['silence-head', 0, 0.25], ['finding', 3.5, null]]);
  });

  it('skips malformed runs, and draws no silence regions for a silent file or before analysis', () => {
    const bad: Finding = { ...clipping, data: { first: [null, 'x', { startSec: 'soon', length: 3 }, { startSec: NaN, length: 3 }, { startSec: 2, length: 3 }] } };
    assert.deepEqual(findingMarkers(stem(null), [bad]).map((m) => m.timeSec), [2]);
    assert.deepEqual(findingMarkers(stem({ ...measured, silent: true, leadingSilenceSec: 4, trailingSilenceSec: 4 }), []), []);
    assert.deepEqual(findingMarkers(stem(null), [{ ...clipping, data: { first: 'many' } }]), []);
  });
});

describe('waveform info: the side panel', () => {
  it('words format, role and levels as engineers read them', () => {
    const sections = panelSections(stem(measured), null);
    assert.deepEqual(sections.map((s) => s.title), ['Format', 'Role', 'Levels']);
    assert.deepEqual(sections[0]!.rows, [
      { label: 'Container', value: 'WAV (PCM)' },
      { label: 'Sample rate', value: '48 kHz' },
      { label: 'Bit depth', value: '24-bit' },
      { label: 'Channels', value: '2 (stereo)' },
      { label: 'Length', value: '0:00:04.000 (192,000 samples)' },
      // 172,800,000 samples at 48 kHz is 3600 s after midnight.
      { label: 'Start', value: '01:00:00:00 (01:00:00.000)' },
    ]);
    assert.deepEqual(sections[1]!.rows, [{ label: 'Role', value: 'stem' }, { label: 'Stem group', value: 'keys' }, { label: 'Why', value: "folder 'Stems'" }]);
    assert.deepEqual(sections[2]!.rows, [
      { label: 'Sample peak', value: '0.0 dBFS' },
      { label: 'True peak', value: '+0.3 dBTP' },
      { label: 'Integrated loudness', value: '-9.0 LUFS' },
      { label: 'Loudness range', value: '1.3 LU' },
      { label: 'DC offset', value: '-120.2 dBFS' },
      { label: 'Clipping runs', value: '2' },
      { label: 'Silence at head', value: '0.000 s' },
      { label: 'Silence at tail', value: '2.000 s' },
    ]);
  });

  it('says plainly what is not measured yet', () => {
    const levels = panelSections(stem(null), null)[2]!;
    assert.ok(levels.rows.every((r) => r.value === NOT_MEASURED), JSON.stringify(levels.rows));
    const info = waveformInfo(stem(null), [], null)!;
    assert.equal(info.analysed, false);
    assert.equal(waveformInfo(stem(measured), [], null)!.analysed, true);
  });

  it('adds a BWF / iXML section after Format when the file carries them', () => {
    const sections = panelSections(stem(measured), {
      bext: { description: 'Keys stem', originator: 'Pro Tools', originatorReference: '', originationDate: '2026-12-01', originationTime: '10:00:00', timeReference: 172800000 },
      ixml: [{ name: 'PROJECT', value: 'Lights' }],
    });
    assert.deepEqual(sections.map((s) => s.title), ['Format', 'BWF / iXML', 'Role', 'Levels']);
    assert.deepEqual(sections[1]!.rows, [
      { label: 'Description', value: 'Keys stem' },
      { label: 'Originator', value: 'Pro Tools' },
      { label: 'Origination', value: '2026-12-01 10:00:00' },
      { label: 'iXML PROJECT', value: 'Lights' },
    ]);
  });

  it('gives no info for a file without a readable format', () => {
    assert.equal(waveformInfo({ ...stem(null), format: null }, [], null), null);
  });
});

describe('BWF and iXML metadata', () => {
  const fmt = fmtChunk({ channels: 2, sampleRate: 48000, bitsPerSample: 24 });
  const ixml = (xml: string) => chunk('iXML', new TextEncoder().encode(xml));
  const xml = '<?xml version="1.0"?><BWFXML><PROJECT>Lights &amp; Shadows</PROJECT><SCENE>12A</SCENE><TAKE>3</TAKE><NOTE></NOTE>'
    + '<SPEED><TIMECODE_RATE>25/1</TIMECODE_RATE><TIMECODE_FLAG>NDF</TIMECODE_FLAG></SPEED>'
    + '<TRACK_LIST><TRACK_COUNT>2</TRACK_COUNT><TRACK><NAME>Boom</NAME></TRACK><TRACK><NAME>Lav 1</NAME></TRACK></TRACK_LIST></BWFXML>';

  it('reads bext and the iXML fields engineers look for, never the audio', async () => {
    const bytes = riffFile('RIFF', [fmt, bextChunk({ description: 'Scene 12A', originator: 'Sound Devices', originationDate: '2026-11-30', originationTime: '14:05:00', timeReference: 2 ** 32 + 5 }), ixml(xml), dataChunk(600)]);
    const meta = await readBroadcastMetadata(memorySource(bytes));
    assert.deepEqual(meta, {
      bext: { description: 'Scene 12A', originator: 'Sound Devices', originatorReference: '', originationDate: '2026-11-30', originationTime: '14:05:00', timeReference: 2 ** 32 + 5 },
      ixml: [
        { name: 'PROJECT', value: 'Lights & Shadows' },
        { name: 'SCENE', value: '12A' },
        { name: 'TAKE', value: '3' },
        { name: 'SPEED/TIMECODE_RATE', value: '25/1' },
        { name: 'SPEED/TIMECODE_FLAG', value: 'NDF' },
        { name: 'TRACK_LIST', value: 'Boom, Lav 1' },
      ],
    });
  });

  it('finds an iXML chunk after the audio of an RF64 file (data sized through ds64)', async () => {
    const bytes = riffFile('RF64', [ds64Chunk(0, 600, 100), fmt, dataChunk(600, { size: 0xffffffff }), ixml(xml)], { riffSize: 0xffffffff });
    const meta = await readBroadcastMetadata(memorySource(bytes));
    assert.deepEqual(meta?.ixml?.[0], { name: 'PROJECT', value: 'Lights & Shadows' });
    assert.equal(meta?.bext, null);
  });

  it('null for files with neither chunk, for AIFF and for garbage', async () => {
    assert.equal(await readBroadcastMetadata(memorySource(riffFile('RIFF', [fmt, dataChunk(60)]))), null);
    assert.equal(await readBroadcastMetadata(memorySource(new TextEncoder().encode('FORM\0\0\0\x04AIFF'))), null);
    assert.equal(await readBroadcastMetadata(memorySource(new Uint8Array([1, 2, 3]))), null);
  });

  it('reads at most MAX_IXML_BYTES of an iXML chunk that claims more', async () => {
    const body = new TextEncoder().encode(`<BWFXML><PROJECT>P</PROJECT>${' '.repeat(MAX_IXML_BYTES)}<SCENE>late</SCENE></BWFXML>`);
    const meta = await readBroadcastMetadata(memorySource(riffFile('RIFF', [fmt, chunk('iXML', body), dataChunk(6)])));
    assert.deepEqual(meta?.ixml, [{ name: 'PROJECT', value: 'P' }]);
  });

  it('a tolerant scan: unclosed or empty elements are left out', () => {
    assert.deepEqual(parseIxml('<BWFXML><PROJECT>open<SCENE></SCENE><TAKE> 4 </TAKE>'), [{ name: 'TAKE', value: '4' }]);
  });
});
