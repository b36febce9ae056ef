import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { roundLevels } from '../core/report/round';
import { describeFormat, formatRate } from '../core/report/describe';
import { loadDelivery } from '../core/delivery/delivery';
import { PRESET_IDS } from '../core/spec/effectiveSpec';
import { ALT_MIX_KINDS, ALT_MIX_NAMES, renderAltMix, type AltMixKind, type AltMixOutcome } from '../core/render/altMix';
import type { AudioFormat } from '../core/audio/format';
import { EXIT_CLEAN, UsageError, deliveryFolder, oneOf, shownPath, warnIfPresetUnused, type Out } from './args';
import { printHelp } from './help';
import { renderProgress } from './progress';

/** `render-alt DIR --kind KIND`: print an alternate mix from the stems. */
export async function renderAlt(args: string[], out: Out, err: Out): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      db: { type: 'string' },
      out: { type: 'string' },
      spec: { type: 'string' },
      preset: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return printHelp('render-alt', out);
  if (positionals.length !== 1) throw new UsageError('render-alt takes exactly one delivery folder');
  if (values.kind === undefined) throw new UsageError(`render-alt needs --kind (${ALT_MIX_KINDS.join(', ')})`);
  const kind = oneOf(values.kind, [...ALT_MIX_KINDS], '--kind') as AltMixKind;
  const format = oneOf(values.format, ['text', 'json'], '--format');
  const preset = values.preset === undefined ? undefined : oneOf(values.preset, [...PRESET_IDS], '--preset');
  let db: number | undefined;
  if (values.db !== undefined) {
    if (kind !== 'vocal-up' && kind !== 'vocal-down') throw new UsageError('--db applies to vocal-up and vocal-down only');
    db = Number(values.db);
    if (!(Number.isFinite(db) && db > 0 && db <= 24)) throw new UsageError('--db must be a number of dB above 0 and at most 24 (the direction comes from --kind)');
  }
  if (values.out !== undefined && path.extname(values.out).toLowerCase() !== '.wav') throw new UsageError('--out must name a .wav file');
  const dir = await deliveryFolder(positionals[0]!, values.spec);
  const delivery = await loadDelivery(dir, { specPath: values.spec, preset });
  warnIfPresetUnused(preset, delivery.effective.preset, err);
  const outcome = await renderAltMix(delivery, { kind, db, out: values.out, onProgress: renderProgress(err) });
  if (format === 'json') out.write(JSON.stringify({ ...outcome, root: delivery.root }, roundLevels, 2) + '\n');
  else out.write(describeRender(outcome, delivery.root));
  return EXIT_CLEAN;
}

/** What was written, from what, and whether it clipped: the summary an engineer reads. */
function describeRender(o: AltMixOutcome, root: string): string {
  const f = o.format;
  const fmt: AudioFormat = { container: 'wav', codec: f.float ? 'float' : 'pcm', sampleRate: f.sampleRate, bitDepth: f.bitDepth, channels: f.channels, frames: o.frames, durationSec: o.durationSec, timeReference: null };
  const gain = (db: number) => (db === 0 ? '0 dB' : `${db > 0 ? '+' : ''}${db} dB`);
  const lines = [
    `Rendered the ${ALT_MIX_NAMES[o.kind]}: ${shownPath(root, o.file)}`,
    `  ${describeFormat(fmt)} (${o.frames} samples at ${formatRate(f.sampleRate)})${f.float ? '' : ', TPDF-dithered'}`,
    `  from ${o.stems.length} stem${o.stems.length === 1 ? '' : 's'}: ${o.stems.map((s) => `${s.path} (${gain(s.gainDb)})`).join(', ')}`,
  ];
  if (o.leftOut.length > 0) lines.push(`  left out: ${o.leftOut.join(', ')}`);
  const peak = o.peakDbfs === null ? 'silent' : `peak ${o.peakDbfs.toFixed(1)} dBFS`;
  lines.push(o.clippedSamples > 0
    ? `  ${peak}; WARNING: ${o.clippedSamples} samples ${f.float ? 'beyond full scale (they clip when converted to integer)' : 'clipped'}: lower the stems' gain or render from float stems`
    : `  ${peak}, no clipped samples`);
  for (const n of o.notes) lines.push(`  note: ${n}`);
  return lines.join('\n') + '\n';
}
