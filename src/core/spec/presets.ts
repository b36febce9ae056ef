import type { EffectiveSpec, FormatPolicy, PresetId } from './effectiveSpec';

/**
 * The built-in presets: the numbers each one checks, and where they come from. docs/presets.md
 * says the same for people. A field in delivery.json always wins over its preset.
 */
export interface Preset {
  id: PresetId;
  title: string;
  /** The practice the numbers follow. */
  source: string;
  defaults: {
    format: EffectiveSpec['format'];
    stems: Pick<EffectiveSpec['stems'], 'required'>;
    references: Pick<EffectiveSpec['references'], 'required'>;
    levels: EffectiveSpec['levels'];
  };
}

const MUSIC_RATES = [44100, 48000, 88200, 96000, 176400, 192000];
const LOSSLESS_PCM = ['wav', 'rf64', 'bw64', 'aiff', 'aifc'];

function policy(p: Partial<FormatPolicy>): FormatPolicy {
  return { sampleRates: null, bitDepths: null, containers: null, channels: null, ...p };
}

const musicFormats: Preset['defaults']['format'] = {
  multitrack: policy({ sampleRates: MUSIC_RATES, bitDepths: [24, 32], containers: LOSSLESS_PCM, channels: [1, 2] }),
  'effect-print': policy({ sampleRates: MUSIC_RATES, bitDepths: [24, 32], containers: LOSSLESS_PCM, channels: [1, 2] }),
  stem: policy({ sampleRates: MUSIC_RATES, bitDepths: [24, 32], containers: LOSSLESS_PCM, channels: [2] }),
  reference: policy({ sampleRates: MUSIC_RATES, bitDepths: [16, 24, 32], containers: [...LOSSLESS_PCM, 'flac'], channels: [2] }),
};

export const PRESETS: Readonly<Record<PresetId, Preset>> = {
  'music-mix': {
    id: 'music-mix',
    title: 'Music mix delivery',
    source: 'Recording Academy Producers & Engineers Wing, "Delivery Recommendations for Recorded Music Projects"',
    defaults: {
      format: musicFormats,
      stems: { required: [] },
      references: { required: ['main'] },
      // A mix is not a master: it may peak anywhere up to full scale, but not beyond it.
      levels: { truePeakMaxDbtp: 0, loudness: null },
    },
  },
  'remix-stems': {
    id: 'remix-stems',
    title: 'Stems for a remix',
    source: 'P&E Wing delivery recommendations; what remixers ask for: a cappella, instrumental and core stems',
    defaults: {
      format: musicFormats,
      stems: { required: ['drums', 'bass', 'vocals'] },
      references: { required: ['main', 'a-cappella', 'instrumental'] },
      levels: { truePeakMaxDbtp: 0, loudness: null },
    },
  },
  'streaming-master': {
    id: 'streaming-master',
    title: 'Master for streaming services',
    source: 'the -14 LUFS playback normalisation of Spotify, YouTube and Amazon (AES TD1008 recommends -16 LUFS for track normalisation, as Apple Music uses); true peak ≤ -1 dBTP for lossy encoding (AES TD1008)',
    defaults: {
      format: { ...musicFormats, reference: policy({ sampleRates: MUSIC_RATES, bitDepths: [16, 24, 32], containers: ['wav', 'rf64', 'bw64', 'aiff', 'aifc', 'flac'], channels: [2] }) },
      stems: { required: [] },
      references: { required: ['master'] },
      levels: {
        truePeakMaxDbtp: -1,
        loudness: { target: -14, tolerance: 2, unit: 'LUFS', note: 'services turn louder masters down and may turn quieter ones up' },
      },
    },
  },
  'film-tv-stems': {
    id: 'film-tv-stems',
    title: 'Film and TV stems (dialogue, music, effects; M&E)',
    source: 'EBU R128 / ATSC A/85 practice and common streaming deliverables specs: 48 kHz/24-bit, -27 LKFS ±2, true peak ≤ -2 dBTP',
    defaults: {
      format: {
        multitrack: policy({ sampleRates: [48000], bitDepths: [24, 32], containers: LOSSLESS_PCM, channels: [1, 2] }),
        'effect-print': policy({ sampleRates: [48000], bitDepths: [24, 32], containers: LOSSLESS_PCM, channels: [1, 2] }),
        stem: policy({ sampleRates: [48000], bitDepths: [24], containers: LOSSLESS_PCM, channels: [1, 2, 6, 8] }),
        reference: policy({ sampleRates: [48000], bitDepths: [24], containers: LOSSLESS_PCM, channels: [2, 6, 8] }),
      },
      stems: { required: [] },
      references: { required: ['main'] },
      levels: {
        truePeakMaxDbtp: -2,
        loudness: {
          target: -27,
          tolerance: 2,
          unit: 'LKFS',
          note: 'measured over the whole programme (BS.1770), not dialogue-gated: check with a dialogue-gated meter where the spec asks for dialogue loudness',
        },
      },
    },
  },
};
