/**
 * Every time label of the project, in one place: positions in findings and reports (h:mm:ss.mmm),
 * positions on a view's ruler and cursor (m:ss.mmm), durations, BWF times of day, SMPTE timecode
 * and lengths. They differ in layout only; the split into hours, minutes and seconds is one
 * function, so a rounding carry (59.9996 s → 1:00.000) is right everywhere. Pure: the webviews
 * bundle it too (through src/shared/view/timeFormat).
 */

interface ClockParts {
  /** '-' for a negative time that does not round to zero. */
  sign: string;
  h: number;
  m: number;
  s: number;
  ms: number;
}

/** `seconds` rounded to the millisecond (or whole seconds rounded down, `wholeSeconds`), split. */
function clockParts(seconds: number, wholeSeconds = false): ClockParts {
  const abs = Math.abs(seconds);
  const total = wholeSeconds ? Math.floor(abs) * 1000 : Math.round(abs * 1000);
  return {
    sign: seconds < 0 && total > 0 ? '-' : '',
    h: Math.floor(total / 3_600_000),
    m: Math.floor((total % 3_600_000) / 60_000),
    s: Math.floor((total % 60_000) / 1000),
    ms: total % 1000,
  };
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const pad3 = (n: number) => String(n).padStart(3, '0');

/** A position in a file as findings and reports give it, as DAW counters show it: 1.5 → "0:00:01.500". */
export function formatClock(seconds: number): string {
  const { sign, h, m, s, ms } = clockParts(seconds);
  return `${sign}${h}:${pad2(m)}:${pad2(s)}.${pad3(ms)}`;
}

/** A position on a view's ruler or cursor, hours only when there are some: 83.25 → "1:23.250", 3725.5 → "1:02:05.500". */
export function formatSeconds(seconds: number): string {
  const { sign, h, m, s, ms } = clockParts(seconds);
  return h > 0 ? `${sign}${h}:${pad2(m)}:${pad2(s)}.${pad3(ms)}` : `${sign}${m}:${pad2(s)}.${pad3(ms)}`;
}

/** A file's length as the tree and reports list it: whole seconds rounded down, as DAWs show: "4:02", "1:02:05". */
export function formatDuration(seconds: number): string {
  const { h, m, s } = clockParts(Math.max(0, seconds), true);
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s)}` : `${m}:${pad2(s)}`;
}

/**
 * A BWF time stamp as time of day, hh:mm:ss.mmm ("01:00:00.020"). BWF stores samples since
 * midnight and no frame rate, so milliseconds stand where a timecode would show frames.
 */
export function formatTimeOfDay(seconds: number): string {
  const { sign, h, m, s, ms } = clockParts(seconds);
  return `${sign}${pad2(h)}:${pad2(m)}:${pad2(s)}.${pad3(ms)}`;
}

/** A length in time: "20 ms", "0.02 ms", "1.250 s", "0:01:05.250". */
export function formatSpan(seconds: number): string {
  const abs = Math.abs(seconds);
  if (abs >= 60) return formatClock(abs);
  if (abs >= 1) return `${abs.toFixed(3)} s`;
  const ms = abs * 1000;
  return `${Number(ms.toFixed(ms < 10 ? 2 : 1))} ms`;
}

/**
 * SMPTE timecode (hh:mm:ss:ff, non-drop, integer `fps`) of a frame of a file whose first sample
 * sits at `timeReference` samples since midnight, wrapping at 24 h as a DAW clock does: a lane's
 * ruler then matches the DAW's.
 */
export function formatTimecode(frame: number, sampleRate: number, timeReference: number, fps = 25): string {
  const day = 24 * 3600;
  const t = ((((timeReference + frame) / sampleRate) % day) + day) % day;
  const { h, m, s } = clockParts(t, true);
  const f = Math.min(fps - 1, Math.floor((t - Math.floor(t)) * fps));
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}:${pad2(f)}`;
}
