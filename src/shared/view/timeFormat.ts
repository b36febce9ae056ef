/**
 * Time labels as engineers read them: seconds (m:ss.mmm) and timecode (hh:mm:ss:ff) counted from
 * the file's BWF time reference (samples since midnight), so a lane's ruler matches the DAW.
 */

/** 83.25 → "1:23.250"; 3725.5 → "1:02:05.500". */
export function formatSeconds(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  const ms = Math.round(Math.abs(seconds) * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const frac = String(ms % 1000).padStart(3, '0');
  return h > 0 ? `${sign}${h}:${pad2(m)}:${pad2(s)}.${frac}` : `${sign}${m}:${pad2(s)}.${frac}`;
}

/**
 * Timecode of a frame of a file whose first sample sits at `timeReference` samples since
 * midnight, at an integer frame rate (non-drop), wrapping at 24 h as a DAW clock does.
 */
export function formatTimecode(frame: number, sampleRate: number, timeReference: number, fps = 25): string {
  const totalSeconds = (timeReference + frame) / sampleRate;
  const day = 24 * 3600;
  const t = ((totalSeconds % day) + day) % day;
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = Math.floor(t % 60);
  const f = Math.min(fps - 1, Math.floor((t - Math.floor(t)) * fps));
  return `${pad2(h)}:${pad2(m)}:${pad2(s)}:${pad2(f)}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
