;; 24-bit little-endian PCM to float32 with the 256-frame block stats, in WebAssembly SIMD: the
;; fused converter of src/core/audio/pcmConverters.ts (int24leFused, which loads it), giving
;; int24le's samples and blockExtentsAndSum's extents and sums (src/core/analysis/blockStats.ts)
;; bit for bit. Each sample's three bytes go to the top of an i32 lane (code * 256, as int24le
;; reads them); the float is that times 2^-31 (exact in f32); block extents are taken on the
;; integers (the scaling is exact and monotonic); the sums add the same f64 values per lane
;; (frame index mod 4) in frame order and the lanes are added l0 + l1 + l2 + l3, as there (every
;; value is a multiple of 2^-23 below 1, so a chunk's sum is exact in f64 in any order anyway).
;;
;; Memory (fixed, four pages), byte offsets; at most 16384 frames a call:
;;   0       the interleaved bytes (3 or 6 a frame; 16 bytes of slack are read past a frame group)
;;   98560   channel 0's float32 samples
;;   164096  channel 1's
;;   229632  block minima of channel 0 (64 f32), of channel 1, then the maxima likewise
;;   230656  the sums of channel 0 and 1 (f64)
(module
  (memory (export "memory") 4 4)

  (func $hmin (param $v v128) (result i32)
    (local.set $v (i32x4.min_s (local.get $v) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
    (local.set $v (i32x4.min_s (local.get $v) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $v) (local.get $v))))
    (i32x4.extract_lane 0 (local.get $v)))

  (func $hmax (param $v v128) (result i32)
    (local.set $v (i32x4.max_s (local.get $v) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))
    (local.set $v (i32x4.max_s (local.get $v) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $v) (local.get $v))))
    (i32x4.extract_lane 0 (local.get $v)))

  (func (export "mono24") (param $frames i32)
    (local $p i32) (local $i i32) (local $end i32) (local $blockEnd i32) (local $block i32)
    (local $v0 v128) (local $v1 v128) (local $l v128) (local $r v128)
    (local $llo v128) (local $lhi v128) (local $rlo v128) (local $rhi v128)
    (local $sl01 v128) (local $sl23 v128) (local $sr01 v128) (local $sr23 v128)
    ;; $i: 4 x frame index (the output's byte offset), $p: the input's byte offset, $block: 4 x block.
    (local.set $end (i32.shl (local.get $frames) (i32.const 2)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $blockEnd (select (local.get $end) (i32.add (local.get $i) (i32.const 1024)) (i32.lt_u (local.get $end) (i32.add (local.get $i) (i32.const 1024)))))
        (local.set $llo (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
        (local.set $lhi (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
        (local.set $rlo (local.get $llo))
        (local.set $rhi (local.get $lhi))
        (loop $quads
        (local.set $l (i8x16.swizzle (v128.load (local.get $p)) (v128.const i8x16 0x80 0 1 2 0x80 3 4 5 0x80 6 7 8 0x80 9 10 11)))
        (v128.store offset=98560 (local.get $i) (f32x4.mul (f32x4.convert_i32x4_s (local.get $l)) (v128.const f32x4 0x1p-31 0x1p-31 0x1p-31 0x1p-31)))
        (local.set $llo (i32x4.min_s (local.get $llo) (local.get $l)))
        (local.set $lhi (i32x4.max_s (local.get $lhi) (local.get $l)))
        (local.set $sl01 (f64x2.add (local.get $sl01) (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $l)) (v128.const f64x2 0x1p-31 0x1p-31))))
        (local.set $sl23 (f64x2.add (local.get $sl23) (f64x2.mul (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $l) (local.get $l))) (v128.const f64x2 0x1p-31 0x1p-31))))
        (local.set $p (i32.add (local.get $p) (i32.const 12)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $quads (i32.lt_u (local.get $i) (local.get $blockEnd))))
      (f32.store offset=229632 (local.get $block) (f32.mul (f32.convert_i32_s (call $hmin (local.get $llo))) (f32.const 0x1p-31)))
      (f32.store offset=230144 (local.get $block) (f32.mul (f32.convert_i32_s (call $hmax (local.get $lhi))) (f32.const 0x1p-31)))
      (local.set $block (i32.add (local.get $block) (i32.const 4)))
      (br $blocks)))
    (f64.store offset=230656 (i32.const 0) (f64.add (f64.add (f64.add (f64x2.extract_lane 0 (local.get $sl01)) (f64x2.extract_lane 1 (local.get $sl01))) (f64x2.extract_lane 0 (local.get $sl23))) (f64x2.extract_lane 1 (local.get $sl23))))
  )

  (func (export "stereo24") (param $frames i32)
    (local $p i32) (local $i i32) (local $end i32) (local $blockEnd i32) (local $block i32)
    (local $v0 v128) (local $v1 v128) (local $l v128) (local $r v128)
    (local $llo v128) (local $lhi v128) (local $rlo v128) (local $rhi v128)
    (local $sl01 v128) (local $sl23 v128) (local $sr01 v128) (local $sr23 v128)
    ;; $i: 4 x frame index (the output's byte offset), $p: the input's byte offset, $block: 4 x block.
    (local.set $end (i32.shl (local.get $frames) (i32.const 2)))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $blockEnd (select (local.get $end) (i32.add (local.get $i) (i32.const 1024)) (i32.lt_u (local.get $end) (i32.add (local.get $i) (i32.const 1024)))))
        (local.set $llo (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff))
        (local.set $lhi (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
        (local.set $rlo (local.get $llo))
        (local.set $rhi (local.get $lhi))
        (loop $quads
        (local.set $v0 (v128.load (local.get $p)))
        (local.set $v1 (v128.load offset=8 (local.get $p)))
        (local.set $l (v128.and (i8x16.shuffle 0 0 1 2 0 6 7 8 0 12 13 14 0 26 27 28 (local.get $v0) (local.get $v1)) (v128.const i32x4 -256 -256 -256 -256)))
        (local.set $r (v128.and (i8x16.shuffle 0 3 4 5 0 9 10 11 0 15 24 25 0 29 30 31 (local.get $v0) (local.get $v1)) (v128.const i32x4 -256 -256 -256 -256)))
        (v128.store offset=98560 (local.get $i) (f32x4.mul (f32x4.convert_i32x4_s (local.get $l)) (v128.const f32x4 0x1p-31 0x1p-31 0x1p-31 0x1p-31)))
        (v128.store offset=164096 (local.get $i) (f32x4.mul (f32x4.convert_i32x4_s (local.get $r)) (v128.const f32x4 0x1p-31 0x1p-31 0x1p-31 0x1p-31)))
        (local.set $llo (i32x4.min_s (local.get $llo) (local.get $l)))
        (local.set $lhi (i32x4.max_s (local.get $lhi) (local.get $l)))
        (local.set $rlo (i32x4.min_s (local.get $rlo) (local.get $r)))
        (local.set $rhi (i32x4.max_s (local.get $rhi) (local.get $r)))
        (local.set $sl01 (f64x2.add (local.get $sl01) (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $l)) (v128.const f64x2 0x1p-31 0x1p-31))))
        (local.set $sl23 (f64x2.add (local.get $sl23) (f64x2.mul (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $l) (local.get $l))) (v128.const f64x2 0x1p-31 0x1p-31))))
        (local.set $sr01 (f64x2.add (local.get $sr01) (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $r)) (v128.const f64x2 0x1p-31 0x1p-31))))
        (local.set $sr23 (f64x2.add (local.get $sr23) (f64x2.mul (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $r) (local.get $r))) (v128.const f64x2 0x1p-31 0x1p-31))))
        (local.set $p (i32.add (local.get $p) (i32.const 24)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br_if $quads (i32.lt_u (local.get $i) (local.get $blockEnd))))
      (f32.store offset=229632 (local.get $block) (f32.mul (f32.convert_i32_s (call $hmin (local.get $llo))) (f32.const 0x1p-31)))
      (f32.store offset=230144 (local.get $block) (f32.mul (f32.convert_i32_s (call $hmax (local.get $lhi))) (f32.const 0x1p-31)))
      (f32.store offset=229888 (local.get $block) (f32.mul (f32.convert_i32_s (call $hmin (local.get $rlo))) (f32.const 0x1p-31)))
      (f32.store offset=230400 (local.get $block) (f32.mul (f32.convert_i32_s (call $hmax (local.get $rhi))) (f32.const 0x1p-31)))
      (local.set $block (i32.add (local.get $block) (i32.const 4)))
      (br $blocks)))
    (f64.store offset=230656 (i32.const 0) (f64.add (f64.add (f64.add (f64x2.extract_lane 0 (local.get $sl01)) (f64x2.extract_lane 1 (local.get $sl01))) (f64x2.extract_lane 0 (local.get $sl23))) (f64x2.extract_lane 1 (local.get $sl23))))
    (f64.store offset=230664 (i32.const 0) (f64.add (f64.add (f64.add (f64x2.extract_lane 0 (local.get $sr01)) (f64x2.extract_lane 1 (local.get $sr01))) (f64x2.extract_lane 0 (local.get $sr23))) (f64x2.extract_lane 1 (local.get $sr23))))
  )
)
