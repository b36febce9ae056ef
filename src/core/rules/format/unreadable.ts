import { DeliveryAnalyzer } from '../../analysis/deliveryAnalyzer';
import type { Rule, RuleFinding } from '../rule';

/**
 * Audio that cannot be read, or whose samples cannot be measured, says why. Three cases:
 * the header is broken (error); the header is fine but the analysis failed — a worker crash or
 * time bound on a hostile file, a decode error (error); the format is fine but its samples are
 * compressed or in a codec we do not decode, so levels are simply not measured (info).
 */
export const unreadable: Rule = {
  id: 'format/unreadable',
  defaultSeverity: 'error',
  summary: 'Not decodable audio; says why (truncated header, no fmt chunk, bad size…).',
  check(delivery) {
    const out: RuleFinding[] = [];
    for (const f of delivery.files) {
      if (!f.probe) continue;
      const hard = f.probe.issues.filter((i) => i.code === 'unreadable' || i.code === 'unsupported');
      if (!f.format) {
        const why = hard.map((i) => i.message).join('; ') || 'no audio format could be read';
        out.push({
          message: `${f.path} is not readable audio: ${why}. Ask for the file to be exported again.`,
          file: f.path, timeSec: null, data: { container: f.probe.container, reasons: hard.map((i) => i.message) },
        });
        continue;
      }
      if (!DeliveryAnalyzer.analysable(f)) {
        // An empty PCM file: level/silent says what matters. An empty file in a codec we do not
        // decode still says so (its header alone tells the samples would not be measured).
        if (f.format.frames === 0 && hard.length === 0) continue;
        const why = hard.map((i) => i.message).join('; ') || `${f.format.container.toUpperCase()} samples are compressed`;
        out.push({
          severity: 'info',
          message: `${f.path}: levels (peaks, loudness, clipping) are not measured: ${why}. Deliver it as WAV to have them checked.`,
          file: f.path, timeSec: null, data: { container: f.format.container, codec: f.format.codec, reasons: hard.map((i) => i.message) },
        });
        continue;
      }
      const analysis = delivery.analyses.get(f.path);
      if (analysis && !analysis.ok) {
        out.push({
          message: `${f.path} could not be analysed: ${analysis.reason}. The file may be damaged; check it plays to the end, or ask for it again.`,
          file: f.path, timeSec: null, data: { container: f.format.container, reasons: [analysis.reason] },
        });
      }
    }
    return out;
  },
};
