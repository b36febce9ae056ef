/**
 * The views' time labels (ruler, cursor, timecode). They live with every other time label in
 * core/report/timeFormat, one implementation; the webviews import them from here.
 */
export { formatSeconds, formatTimecode } from '../../core/report/timeFormat';
