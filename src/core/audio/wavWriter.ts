import { open, unlink, type FileHandle } from 'node:fs/promises';

/**
 * A streaming RIFF/WAVE writer. The header goes out first with placeholder sizes, each chunk of
 * samples is converted into one reused buffer, and the sizes are patched on close, so memory stays
 * bounded however long the file. Files are opened with 'wx': the writer never overwrites anything.
 */

/** BWF `bext` fields (EBU Tech 3285, version 1). Strings are ASCII; longer ones are cut to fit. */
export interface BextMetadata {
  description?: string;
  originator?: string;
  originatorReference?: string;
  /** yyyy-mm-dd */
  originationDate?: string;
  /** hh:mm:ss */
  originationTime?: string;
  /** First sample's position in samples since midnight; 64-bit in the file, may exceed 2^32. */
  timeReference: number;
}

export interface WavWriteFormat {
  sampleRate: number;
  channels: number;
  bitDepth: 16 | 24 | 32;
  /** 32-bit IEEE float instead of integer PCM (bitDepth must be 32). */
  float?: boolean;
  /** When given, a `bext` chunk is written before `fmt `, as Pro Tools does. */
  bext?: BextMetadata;
  /** Integer output only: TPDF dither of ±1 LSB from a seeded PRNG, so output stays reproducible. */
  dither?: 'tpdf' | 'none';
  seed?: number;
}

export interface WavWriteSummary {
  frames: number;
  /**
   * Integer output: samples clamped to full scale. Float output: samples beyond ±1.0, written
   * unchanged (they would clip when converted to integer).
   */
  clippedSamples: number;
}

export interface WavWriter {
  /** One array per channel, all the same length. Await each call before the next. */
  write(channels: Float32Array[]): Promise<void>;
  /** Pads, patches the RIFF/data (and fact) sizes, closes the file. */
  close(): Promise<WavWriteSummary>;
  /** Closes and removes the partial file this writer created (after a failed render). */
  abort(): Promise<void>;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
const BEXT_BODY_BYTES = 602;
/** Offset of TimeReferenceLow inside the bext body: 256 + 32 + 32 + 10 + 8. */
export const BEXT_TIME_REFERENCE_OFFSET = 338;
/** Written until close() patches the real sizes: a crash leaves a file readers take to its end. */
const PLACEHOLDER_SIZE = 0xffffffff;
const MAX_RIFF_SIZE = 0xffffffff;

/** Conventional speaker masks (WAVEFORMATEXTENSIBLE) for 3–8 channels; others are unassigned (0). */
const CHANNEL_MASKS: Record<number, number> = {
  3: 0x7, // L R C
  4: 0x33, // L R Ls Rs (quad)
  5: 0x37, // L R C Ls Rs
  6: 0x3f, // 5.1
  7: 0x13f, // 6.1
  8: 0x63f, // 7.1
};

/** Opens `path` for writing (fails with code EEXIST if it exists) and writes the header. */
export async function openWavWriter(path: string, format: WavWriteFormat): Promise<WavWriter> {
  validateFormat(format);
  const layout = buildHeader(format);
  const handle = await openExclusive(path);
  try {
    await writeFully(handle, layout.header, 0);
  } catch (err) {
    await handle.close();
    await unlink(path).catch(() => undefined);
    throw err;
  }
  return new StreamingWavWriter(path, handle, format, layout);
}

/**
 * Streams a whole file from a render callback, `chunkFrames` at a time, and removes the partial
 * file if rendering or writing fails.
 */
export async function writeWavFile(
  path: string,
  format: WavWriteFormat,
  render: (frameStart: number, frames: number) => Float32Array[] | Promise<Float32Array[]>,
  totalFrames: number,
  chunkFrames = 65536,
): Promise<WavWriteSummary> {
  if (!Number.isSafeInteger(totalFrames) || totalFrames < 0) throw new RangeError(`totalFrames must be a non-negative integer, got ${totalFrames}`);
  if (!Number.isSafeInteger(chunkFrames) || chunkFrames < 1) throw new RangeError(`chunkFrames must be a positive integer, got ${chunkFrames}`);
  const writer = await openWavWriter(path, format);
  try {
    for (let start = 0; start < totalFrames; start += chunkFrames) {
      const frames = Math.min(chunkFrames, totalFrames - start);
      const block = await render(start, frames);
      if (block.length > 0 && block[0].length !== frames) {
        throw new Error(`render(${start}, ${frames}) returned ${block[0].length} frames`);
      }
      await writer.write(block);
    }
    return await writer.close();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

interface HeaderLayout {
  header: Buffer;
  riffSizeOffset: number;
  dataSizeOffset: number;
  /** Offset of the fact chunk's sample count, or -1 without a fact chunk. */
  factFramesOffset: number;
  bytesPerSample: number;
  blockAlign: number;
}

class StreamingWavWriter implements WavWriter {
  private buffer: Buffer = Buffer.alloc(0);
  private position: number;
  private frames = 0;
  private clippedSamples = 0;
  private busy = false;
  private finished = false;
  private readonly encode: SampleEncoder;

  constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    private readonly format: WavWriteFormat,
    private readonly layout: HeaderLayout,
  ) {
    this.position = layout.header.length;
    this.encode = format.float ? encodeFloat32 : integerEncoder(format);
  }

  async write(channels: Float32Array[]): Promise<void> {
    if (this.finished) throw new Error(`WAV writer for ${this.path} is already closed`);
    if (this.busy) throw new Error('write() called before the previous write finished; await each write');
    const frames = checkBlock(channels, this.format.channels);
    if (frames === 0) return;
    const bytes = frames * this.layout.blockAlign;
    const dataBytes = this.position - this.layout.header.length + bytes;
    if (this.layout.header.length - 8 + dataBytes + (dataBytes & 1) > MAX_RIFF_SIZE) {
      throw new Error(`${this.path}: WAV data would exceed 4 GiB; RF64 output is not supported`);
    }
    if (this.buffer.length < bytes) this.buffer = Buffer.alloc(bytes);
    this.busy = true;
    try {
      this.clippedSamples += this.encode(channels, frames, this.buffer, this.layout.bytesPerSample);
      await writeFully(this.handle, this.buffer.subarray(0, bytes), this.position);
      this.position += bytes;
      this.frames += frames;
    } finally {
      this.busy = false;
    }
  }

  async close(): Promise<WavWriteSummary> {
    if (this.finished) throw new Error(`WAV writer for ${this.path} is already closed`);
    if (this.busy) throw new Error('close() called before the last write finished');
    this.finished = true;
    try {
      const dataBytes = this.position - this.layout.header.length;
      // RIFF chunks are word-aligned: an odd-sized data chunk gets one pad byte after it.
      if (dataBytes & 1) await writeFully(this.handle, Buffer.alloc(1), this.position);
      await patchUint32(this.handle, this.layout.riffSizeOffset, this.layout.header.length - 8 + dataBytes + (dataBytes & 1));
      await patchUint32(this.handle, this.layout.dataSizeOffset, dataBytes);
      if (this.layout.factFramesOffset >= 0) await patchUint32(this.handle, this.layout.factFramesOffset, this.frames);
    } finally {
      await this.handle.close();
    }
    return { frames: this.frames, clippedSamples: this.clippedSamples };
  }

  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.handle.close().catch(() => undefined);
    await unlink(this.path).catch(() => undefined);
  }
}

function validateFormat(format: WavWriteFormat): void {
  const { sampleRate, channels, bitDepth } = format;
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 0xffffffff) throw new RangeError(`Invalid sample rate ${sampleRate}`);
  if (!Number.isInteger(channels) || channels < 1 || channels > 0xffff) throw new RangeError(`Invalid channel count ${channels}`);
  if (bitDepth !== 16 && bitDepth !== 24 && bitDepth !== 32) throw new RangeError(`Unsupported bit depth ${String(bitDepth)}`);
  if (format.float && bitDepth !== 32) throw new RangeError('Float output must be 32-bit');
  if (format.bext) {
    const t = format.bext.timeReference;
    if (!Number.isSafeInteger(t) || t < 0) throw new RangeError(`bext timeReference must be a non-negative integer, got ${t}`);
  }
}

/** RIFF header, optional bext, fmt (PCM / float / extensible), fact for float, data header. */
function buildHeader(format: WavWriteFormat): HeaderLayout {
  const bytesPerSample = format.bitDepth / 8;
  const blockAlign = format.channels * bytesPerSample;
  const extensible = format.channels > 2;
  const isFloat = format.float === true;
  const fmtBody = fmtChunkBody(format, bytesPerSample, blockAlign, extensible);
  const parts: Buffer[] = [Buffer.from('RIFF'), u32(PLACEHOLDER_SIZE), Buffer.from('WAVE')];
  if (format.bext) parts.push(chunk('bext', bextChunkBody(format.bext)));
  parts.push(chunk('fmt ', fmtBody));
  let factFramesOffset = -1;
  if (isFloat) {
    // Non-PCM formats carry a fact chunk with the sample-frame count.
    factFramesOffset = byteLength(parts) + 8;
    parts.push(chunk('fact', u32(0)));
  }
  const dataSizeOffset = byteLength(parts) + 4;
  parts.push(Buffer.from('data'), u32(PLACEHOLDER_SIZE));
  return { header: Buffer.concat(parts), riffSizeOffset: 4, dataSizeOffset, factFramesOffset, bytesPerSample, blockAlign };
}

function fmtChunkBody(format: WavWriteFormat, bytesPerSample: number, blockAlign: number, extensible: boolean): Buffer {
  const isFloat = format.float === true;
  const size = extensible ? 40 : isFloat ? 18 : 16;
  const body = Buffer.alloc(size);
  body.writeUInt16LE(extensible ? WAVE_FORMAT_EXTENSIBLE : isFloat ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM, 0);
  body.writeUInt16LE(format.channels, 2);
  body.writeUInt32LE(format.sampleRate, 4);
  body.writeUInt32LE(format.sampleRate * blockAlign, 8);
  body.writeUInt16LE(blockAlign, 12);
  body.writeUInt16LE(bytesPerSample * 8, 14);
  if (size >= 18) body.writeUInt16LE(size - 18, 16); // cbSize
  if (extensible) {
    body.writeUInt16LE(bytesPerSample * 8, 18); // valid bits per sample
    body.writeUInt32LE(CHANNEL_MASKS[format.channels] ?? 0, 20);
    // SubFormat GUID: the format tag followed by the fixed KSDATAFORMAT suffix.
    body.writeUInt16LE(isFloat ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM, 24);
    Buffer.from('000000001000800000aa00389b71', 'hex').copy(body, 26);
  }
  return body;
}

function bextChunkBody(bext: BextMetadata): Buffer {
  const body = Buffer.alloc(BEXT_BODY_BYTES);
  let offset = 0;
  for (const [text, width] of [
    [bext.description, 256],
    [bext.originator, 32],
    [bext.originatorReference, 32],
    [bext.originationDate, 10],
    [bext.originationTime, 8],
  ] as const) {
    writeAscii(body, text ?? '', offset, width);
    offset += width;
  }
  body.writeUInt32LE(bext.timeReference % 0x100000000, BEXT_TIME_REFERENCE_OFFSET);
  body.writeUInt32LE(Math.floor(bext.timeReference / 0x100000000), BEXT_TIME_REFERENCE_OFFSET + 4);
  body.writeUInt16LE(1, BEXT_TIME_REFERENCE_OFFSET + 8); // version 1; UMID and reserved stay zero
  return body;
}

/** Non-printable and non-ASCII characters become '?': bext text fields are plain ASCII. */
function writeAscii(target: Buffer, text: string, offset: number, width: number): void {
  const n = Math.min(text.length, width);
  for (let i = 0; i < n; i++) {
    const code = text.charCodeAt(i);
    target[offset + i] = code >= 0x20 && code < 0x7f ? code : 0x3f;
  }
}

/** Encodes interleaved samples into `out`; returns how many samples were clipped. */
type SampleEncoder = (channels: Float32Array[], frames: number, out: Buffer, bytesPerSample: number) => number;

function integerEncoder(format: WavWriteFormat): SampleEncoder {
  const scale = 2 ** (format.bitDepth - 1);
  const random = format.dither === 'tpdf' ? mulberry32(format.seed ?? 0x5eed) : null;
  return (channels, frames, out, bytesPerSample) => {
    const stride = channels.length * bytesPerSample;
    let clipped = 0;
    if (random) {
      // Dither draws from one sequence in interleaved order, so the output does not depend on chunking.
      const max = scale - 1;
      const min = -scale;
      for (let f = 0; f < frames; f++) {
        for (let c = 0; c < channels.length; c++) {
          let q = Math.round(channels[c][f] * scale + random() + random() - 1);
          if (q !== q) q = 0; // NaN writes silence
          if (q > max || q < min) {
            q = q > max ? max : min;
            clipped++;
          }
          storeInt(out, f * stride + c * bytesPerSample, q, bytesPerSample);
        }
      }
      return clipped;
    }
    // One channel at a time with a stride: a tight loop per channel instead of a branchy inner one.
    for (let c = 0; c < channels.length; c++) clipped += quantise(channels[c], frames, out, c * bytesPerSample, stride, bytesPerSample, scale);
    return clipped;
  };
}

/** Rounds `count` samples of src to integers, clamps to full scale, stores little-endian. */
function quantise(src: Float32Array, count: number, out: Buffer, offset: number, stride: number, bytesPerSample: number, scale: number): number {
  const max = scale - 1;
  const min = -scale;
  let clipped = 0;
  let o = offset;
  for (let i = 0; i < count; i++) {
    const v = src[i] * scale;
    let q = v === v ? Math.round(v) : 0; // NaN writes silence
    if (q > max) {
      q = max;
      clipped++;
    } else if (q < min) {
      q = min;
      clipped++;
    }
    storeInt(out, o, q, bytesPerSample);
    o += stride;
  }
  return clipped;
}

/** Little-endian two's complement; a Uint8Array keeps the low 8 bits of what it is given. */
function storeInt(out: Buffer, o: number, q: number, bytesPerSample: number): void {
  out[o] = q;
  out[o + 1] = q >> 8;
  if (bytesPerSample > 2) out[o + 2] = q >> 16;
  if (bytesPerSample > 3) out[o + 3] = q >> 24;
}

function encodeFloat32(channels: Float32Array[], frames: number, out: Buffer): number {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let over = 0;
  let o = 0;
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels.length; c++) {
      const v = channels[c][f];
      if (v > 1 || v < -1) over++;
      view.setFloat32(o, v, true);
      o += 4;
    }
  }
  return over;
}

function checkBlock(channels: Float32Array[], expected: number): number {
  if (channels.length !== expected) throw new Error(`Expected ${expected} channel arrays, got ${channels.length}`);
  const frames = channels[0].length;
  for (const channel of channels) {
    if (channel.length !== frames) throw new Error('All channel arrays of a block must have the same length');
  }
  return frames;
}

/** Small seeded PRNG (mulberry32): deterministic dither without Math.random. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function openExclusive(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw Object.assign(new Error(`Refusing to overwrite ${path}: the file already exists`), { code: 'EEXIST', cause: err });
    }
    throw err;
  }
}

async function writeFully(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    if (bytesWritten <= 0) throw new Error('Short write while writing WAV data');
    done += bytesWritten;
  }
}

async function patchUint32(handle: FileHandle, offset: number, value: number): Promise<void> {
  await writeFully(handle, u32(value), offset);
}

function chunk(id: string, body: Buffer): Buffer {
  // Every body here has even size, so no pad byte is needed in the header.
  return Buffer.concat([Buffer.from(id, 'ascii'), u32(body.length), body]);
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value, 0);
  return b;
}

function byteLength(parts: Buffer[]): number {
  return parts.reduce((n, p) => n + p.length, 0);
}
