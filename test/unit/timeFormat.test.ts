import * as assert from 'node:assert/strict';
import { formatClock, formatDuration, formatSeconds, formatSpan, formatTimecode, formatTimeOfDay } from '../../src/core/report/timeFormat';
import * as viewTime from '../../src/shared/view/timeFormat';

/** The one module of time labels (findings and reports, views), on the edges where arithmetic slips. */
describe('time labels', () => {
  it('findings and reports: h:mm:ss.mmm, a rounding carry goes into the minute and the hour', () => {
    assert.equal(formatClock(0), '0:00:00.000');
    assert.equal(formatClock(1.5), '0:00:01.500');
    assert.equal(formatClock(59.9994), '0:00:59.999');
    assert.equal(formatClock(59.9995), '0:01:00.000');
    assert.equal(formatClock(3599.9996), '1:00:00.000');
    assert.equal(formatClock(3725.5), '1:02:05.500');
    assert.equal(formatClock(36_000), '10:00:00.000');
  });

  it('views: m:ss.mmm, hours only when there are some, the same carries', () => {
    assert.equal(formatSeconds(0), '0:00.000');
    assert.equal(formatSeconds(83.25), '1:23.250');
    assert.equal(formatSeconds(59.9995), '1:00.000');
    assert.equal(formatSeconds(3599.9996), '1:00:00.000');
    assert.equal(formatSeconds(3725.5), '1:02:05.500');
  });

  it('negative times carry a sign, unless they round to zero', () => {
    assert.equal(formatClock(-1.5), '-0:00:01.500');
    assert.equal(formatSeconds(-59.9995), '-1:00.000');
    assert.equal(formatClock(-0.0004), '0:00:00.000');
    assert.equal(formatSeconds(-0.0004), '0:00.000');
  });

  it('durations: whole seconds rounded down, never negative', () => {
    assert.equal(formatDuration(59.99), '0:59');
    assert.equal(formatDuration(60), '1:00');
    assert.equal(formatDuration(3725.9), '1:02:05');
    assert.equal(formatDuration(-3), '0:00');
  });

  it('BWF time of day: hh:mm:ss.mmm', () => {
    assert.equal(formatTimeOfDay(3600.02), '01:00:00.020');
    assert.equal(formatTimeOfDay(43_199.9995), '12:00:00.000');
  });

  it('lengths: ms below a second, seconds below a minute, a clock above', () => {
    assert.deepEqual([0.00002, 0.02, 1.25, -1.25, 65.25].map(formatSpan), ['0.02 ms', '20 ms', '1.250 s', '1.250 s', '0:01:05.250']);
  });

  it('SMPTE timecode wraps at 24 h both ways and never shows frame fps', () => {
    assert.equal(formatTimecode(0, 48000, 172_800_000), '01:00:00:00');
    assert.equal(formatTimecode(-48000, 48000, 0), '23:59:59:00');
    assert.equal(formatTimecode(47_999, 48000, 0, 25), '00:00:00:24');
    assert.equal(formatTimecode(48000 * 86_400, 48000, 0), '00:00:00:00');
  });

  it('the views take the same functions, not copies', () => {
    assert.equal(viewTime.formatSeconds, formatSeconds);
    assert.equal(viewTime.formatTimecode, formatTimecode);
  });
});
