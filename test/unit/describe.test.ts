import * as assert from 'node:assert/strict';
import { describeFormat, formatRate } from '../../src/core/report/describe';
import { formatDuration } from '../../src/core/report/timeFormat';

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
  it('durations past an hour, and rounding down', () => {
    assert.equal(formatDuration(3725.9), '1:02:05');
    assert.equal(formatDuration(59.99), '0:59');
  });
  it('rates', () => {
    assert.equal(formatRate(88200), '88.2 kHz');
    assert.equal(formatRate(352800), '352.8 kHz');
    assert.equal(formatRate(96000), '96 kHz');
  });
});
