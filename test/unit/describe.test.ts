import * as assert from 'node:assert/strict';
import { describeFormat, formatMeasure, formatRate, NOT_MEASURED } from '../../src/core/report/describe';
import { formatLevel } from '../../src/core/rules/ruleText';

describe('describeFormat', () => {
  it('reads like an engineer writes it', () => {
    assert.equal(
      describeFormat({ container: 'wav', codec: 'pcm', sampleRate: 48000, bitDepth: 24, channels: 2, frames: 11616000, durationSec: 242, timeReference: 0 }),
      '48 kHz · 24-bit · stereo · 4:02',
    );
    assert.equal(
      describeFormat({ container: 'wav', codec: 'float', sampleRate: 44100, bitDepth: 32, channels: 1, frames: 44100, durationSec: 1, timeReference: null }),
      '44.1 kHz · 32-bit float · mono · 0:01',
    );
  });
  it('rates', () => {
    assert.equal(formatRate(88200), '88.2 kHz');
    assert.equal(formatRate(352800), '352.8 kHz');
    assert.equal(formatRate(96000), '96 kHz');
  });
});

describe('levels, written one way', () => {
  it('one decimal with a sign, no "-0.0"; unsigned for ranges', () => {
    assert.deepEqual([0.26, -12, -0.04, 0.04, -14.25, 0.96].map((v) => formatLevel(v)), ['+0.3', '-12.0', '0.0', '0.0', '-14.2', '+1.0']);
    assert.deepEqual([6.14, 0, -0.04].map((v) => formatLevel(v, false)), ['6.1', '0.0', '0.0']);
  });
  it('a measure with its unit, or "—" when there is none', () => {
    assert.equal(formatMeasure(0.44, 'dBTP'), '+0.4 dBTP');
    assert.equal(formatMeasure(-14.16, 'LUFS'), '-14.2 LUFS');
    assert.equal(formatMeasure(6.1, 'LU', false), '6.1 LU');
    assert.equal(formatMeasure(null, 'LUFS'), NOT_MEASURED);
    assert.equal(formatMeasure(undefined, 'LUFS'), NOT_MEASURED);
  });
});
