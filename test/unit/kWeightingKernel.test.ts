import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { KWeightingBank } from '../../src/core/analysis/kWeighting';
import { ReferenceKWeightingBank } from './helpers/kWeightingReference';
import { concatFloat32 } from './helpers/pcmFixtures';

// The WebAssembly SIMD kernel (src/core/wasm/kWeighting.wat, loaded from dist/) must give the
// plain loop's sums and filter states bit for bit, or loudness results would change without an
// analyser version bump.

/** Float32 samples in runs: digital silence (both zeros), subnormal-range, full scale, any level. */
const segment = fc.oneof(
  fc.record({ kind: fc.constant('silence'), length: fc.integer({ min: 0, max: 3000 }) }).map(({ length }) => Float32Array.from({ length }, (_, i) => (i % 7 === 3 ? -0 : 0))),
  fc.float32Array({ min: Math.fround(-1e-37), max: Math.fround(1e-37), noNaN: true, maxLength: 600 }),
  fc.array(fc.constantFrom(1, -1, 0.99999994, -0.99999994), { maxLength: 600 }).map((v) => Float32Array.from(v)),
  fc.float32Array({ min: -1, max: 1, noNaN: true, maxLength: 2000 }),
);
const signal = fc.array(segment, { minLength: 1, maxLength: 8 }).map(concatFloat32);
/** Chunk lengths, some past the kernel's 4096-sample slice, cut from the signal in turn. */
const chunks = fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 10, max: 10_000 })), { minLength: 1, maxLength: 12 });
const rate = fc.oneof(fc.constantFrom(8_000, 44_100, 48_000, 96_000, 192_000), fc.integer({ min: 4_000, max: 400_000 }));

function bytes(a: Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Walks the chunk lengths over [0, length) (cycling them), calling step(from, to) for each. */
function eachChunk(length: number, lengths: number[], step: (from: number, to: number) => void): void {
  for (let from = 0, n = 0; from < length; n++) {
    const to = Math.min(length, from + lengths[n % lengths.length]!);
    step(from, to);
    if (to === from && lengths.every((l) => l === 0)) return;
    from = to;
  }
}

describe('K-weighting kernel (WebAssembly SIMD)', () => {
  it('gives the plain loop’s sums and states bit for bit, one channel at a time', () => {
    fc.assert(
      fc.property(rate, signal, chunks, (sampleRate, input, lengths) => {
        const kernel = new KWeightingBank(sampleRate, 2);
        const reference = new ReferenceKWeightingBank(sampleRate, 2);
        eachChunk(input.length, lengths, (from, to) => {
          // Filter 1 so that the state offset is exercised, too.
          assert.ok(Object.is(kernel.sumOfSquares(1, input, from, to), reference.sumOfSquares(1, input, from, to)), `sum of [${from}, ${to})`);
          assert.deepEqual(bytes(kernel.state), bytes(reference.state), `state after [${from}, ${to})`);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('gives the plain loop’s sums and states bit for bit, two channels at once', () => {
    fc.assert(
      fc.property(rate, signal, signal, chunks, (sampleRate, a, b, lengths) => {
        const length = Math.min(a.length, b.length);
        const kernel = new KWeightingBank(sampleRate, 3);
        const reference = new ReferenceKWeightingBank(sampleRate, 3);
        const got = new Float64Array(2);
        const want = new Float64Array(2);
        eachChunk(length, lengths, (from, to) => {
          kernel.sumOfSquaresPair(2, a, 0, b, from, to, got);
          reference.sumOfSquaresPair(2, a, 0, b, from, to, want);
          assert.deepEqual(bytes(got), bytes(want), `sums of [${from}, ${to})`);
          assert.deepEqual(bytes(kernel.state), bytes(reference.state), `state after [${from}, ${to})`);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('matches over a long call that the kernel cuts into slices, odd lengths included', () => {
    const input = Float32Array.from({ length: 48_001 }, (_, i) => Math.sin(i / 7) * 0.8 + (i % 13) / 50 - 0.1);
    for (const length of [4095, 4096, 4097, 8193, 48_001]) {
      const kernel = new KWeightingBank(48_000, 2);
      const reference = new ReferenceKWeightingBank(48_000, 2);
      const got = new Float64Array(2);
      const want = new Float64Array(2);
      kernel.sumOfSquaresPair(0, input, 1, input.subarray(1), 0, length - 1, got);
      reference.sumOfSquaresPair(0, input, 1, input.subarray(1), 0, length - 1, want);
      assert.deepEqual(bytes(got), bytes(want), `pair over ${length - 1}`);
      const sum = kernel.sumOfSquares(0, input, 0, length);
      assert.ok(sum > 0 && Object.is(sum, reference.sumOfSquares(0, input, 0, length)), `one channel over ${length}`);
      assert.deepEqual(bytes(kernel.state), bytes(reference.state));
    }
  });
});
