import { buildPyramid, TOP_LEVEL_BLOCKS, type Overview, type PackedOverview } from './overview';

/**
 * Bytes of an overview for the disk cache. Only the base level is stored (the levels above are
 * as large again and take milliseconds to rebuild); everything little-endian:
 *   u32 magic 'AOV1', u32 channels, f64 sampleRate, f64 totalFrames, f64 blockFrames, f64 blocks,
 *   then per channel `blocks` float32 minima followed by `blocks` float32 maxima.
 * Decoding checks every size against the byte length: a corrupt cache entry throws, never
 * yields a wrong overview.
 */

const MAGIC = 0x3156_4f41; // 'AOV1' as little-endian bytes
const HEADER_BYTES = 40;

function header(channels: number, sampleRate: number, totalFrames: number, blockFrames: number, blocks: number): { bytes: Uint8Array; v: DataView } {
  const bytes = new Uint8Array(HEADER_BYTES + 8 * channels * blocks);
  const v = new DataView(bytes.buffer);
  v.setUint32(0, MAGIC, true);
  v.setUint32(4, channels, true);
  v.setFloat64(8, sampleRate, true);
  v.setFloat64(16, totalFrames, true);
  v.setFloat64(24, blockFrames, true);
  v.setFloat64(32, blocks, true);
  return { bytes, v };
}

export function serialiseOverview(o: Overview): Uint8Array {
  const base = o.levels[0]!;
  const { bytes, v } = header(o.channels, o.sampleRate, o.totalFrames, base.blockFrames, base.blocks);
  let pos = HEADER_BYTES;
  for (let c = 0; c < o.channels; c++) {
    for (const values of [base.min[c]!, base.max[c]!]) {
      for (let i = 0; i < base.blocks; i++, pos += 4) v.setFloat32(pos, values[i]!, true);
    }
  }
  return bytes;
}

/** The same bytes from a packed base level (packedOverviewAnalyser): no array per channel. */
export function serialisePackedOverview(o: PackedOverview): Uint8Array {
  const { blocks } = o;
  const { bytes, v } = header(o.channels, o.sampleRate, o.totalFrames, o.blockFrames, blocks);
  const { min, max } = o;
  let pos = HEADER_BYTES;
  for (let c = 0; c < o.channels; c++) {
    const end = (c + 1) * blocks;
    for (let i = c * blocks; i < end; i++, pos += 4) v.setFloat32(pos, min[i]!, true);
    for (let i = c * blocks; i < end; i++, pos += 4) v.setFloat32(pos, max[i]!, true);
  }
  return bytes;
}

export function deserialiseOverview(bytes: Uint8Array, topBlocks: number = TOP_LEVEL_BLOCKS): Overview {
  const fail = (why: string): never => {
    throw new Error(`cached overview is invalid: ${why}`);
  };
  if (bytes.length < HEADER_BYTES) fail(`${bytes.length} bytes, shorter than the header`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (v.getUint32(0, true) !== MAGIC) fail('wrong magic');
  const channels = v.getUint32(4, true);
  const sampleRate = v.getFloat64(8, true);
  const totalFrames = v.getFloat64(16, true);
  const blockFrames = v.getFloat64(24, true);
  const blocks = v.getFloat64(32, true);
  const count = (x: number, min: number) => Number.isSafeInteger(x) && x >= min;
  if (!count(channels, 1) || !count(totalFrames, 0) || !count(blockFrames, 1) || !count(blocks, 0)) fail('bad header fields');
  if (!(sampleRate > 0) || !Number.isFinite(sampleRate)) fail('bad sample rate');
  if (blocks !== Math.ceil(totalFrames / blockFrames)) fail(`${blocks} blocks do not cover ${totalFrames} frames`);
  const expected = HEADER_BYTES + 8 * channels * blocks;
  if (bytes.length !== expected) fail(`expected ${expected} bytes, got ${bytes.length}`);
  let pos = HEADER_BYTES;
  const read = () => {
    const a = new Float32Array(blocks);
    for (let i = 0; i < blocks; i++, pos += 4) a[i] = v.getFloat32(pos, true);
    return a;
  };
  const min: Float32Array[] = [];
  const max: Float32Array[] = [];
  for (let c = 0; c < channels; c++) {
    min.push(read());
    max.push(read());
  }
  return { channels, sampleRate, totalFrames, levels: buildPyramid({ blockFrames, blocks, min, max }, topBlocks) };
}
