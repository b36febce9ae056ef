;; True-peak interpolation of the 4x cascade (src/core/analysis/truePeak.ts: a 48-tap then a
;; 12-tap half-band stage) in WebAssembly SIMD, loaded by truePeak.ts. Two neighbouring midpoints
;; per vector, one per lane; each lane sums its taps in the order of the unrolled TypeScript
;; (h0 (x[c] + x[c+1]) + h1 (x[c-1] + x[c+2]) + ..., left to right), and WebAssembly never fuses
;; a multiply and an add, so every midpoint has the same bits. The terms are written out: a loop
;; over the taps costs more than the taps. (Generated text; edit with care, the tests compare.)
;;
;; Memory (fixed, one page), byte offsets:
;;   0     the window: f64 input samples, at most 1024
;;   8192  stage 1's output: the 2x sequence, input sample then midpoint, at most 2048
;;   24576 the half taps of stage 1 (24), then of stage 2 (6), written once by the loader
;;   32768 a float32 window for curvature32, at most 1024 samples
;;
;; The skipping bounds (truePeak.ts interpolateChunk) are here too: absMax64, curvature64 and
;; curvature32 give the same numbers as absMax64, curvatureMax64 and curvatureMax32 there. A
;; maximum of absolute values is the same in any order; each second difference is computed as
;; there, in f64 from the promoted samples, (a - 2 b) + c (2 b exact as b + b), so the skip
;; decisions are the same. The running maxima use pmax (one instruction; f64x2.max is a
;; sequence that orders NaN and signed zeros) and a NaN seen anywhere returns NaN, as Math.max.
(module
  (memory (export "memory") 1 1)

  ;; max(peak, |every midpoint of both stages|) over the window x[0, length).
  (func (export "peak4x") (param $length i32) (param $peak f64) (result f64)
    (local $h0 v128) (local $h1 v128) (local $h2 v128) (local $h3 v128) (local $h4 v128) (local $h5 v128) (local $h6 v128) (local $h7 v128) (local $h8 v128) (local $h9 v128) (local $h10 v128) (local $h11 v128) (local $h12 v128) (local $h13 v128) (local $h14 v128) (local $h15 v128) (local $h16 v128) (local $h17 v128) (local $h18 v128) (local $h19 v128) (local $h20 v128) (local $h21 v128) (local $h22 v128) (local $h23 v128)
    (local $g0 v128) (local $g1 v128) (local $g2 v128) (local $g3 v128) (local $g4 v128) (local $g5 v128)
    (local $b i32) (local $last i32) (local $o i32) (local $n i32) (local $m v128) (local $x v128)
    (local $max v128) (local $s f64)
    (local.set $h0 (v128.load64_splat offset=24576 (i32.const 0)))
    (local.set $h1 (v128.load64_splat offset=24584 (i32.const 0)))
    (local.set $h2 (v128.load64_splat offset=24592 (i32.const 0)))
    (local.set $h3 (v128.load64_splat offset=24600 (i32.const 0)))
    (local.set $h4 (v128.load64_splat offset=24608 (i32.const 0)))
    (local.set $h5 (v128.load64_splat offset=24616 (i32.const 0)))
    (local.set $h6 (v128.load64_splat offset=24624 (i32.const 0)))
    (local.set $h7 (v128.load64_splat offset=24632 (i32.const 0)))
    (local.set $h8 (v128.load64_splat offset=24640 (i32.const 0)))
    (local.set $h9 (v128.load64_splat offset=24648 (i32.const 0)))
    (local.set $h10 (v128.load64_splat offset=24656 (i32.const 0)))
    (local.set $h11 (v128.load64_splat offset=24664 (i32.const 0)))
    (local.set $h12 (v128.load64_splat offset=24672 (i32.const 0)))
    (local.set $h13 (v128.load64_splat offset=24680 (i32.const 0)))
    (local.set $h14 (v128.load64_splat offset=24688 (i32.const 0)))
    (local.set $h15 (v128.load64_splat offset=24696 (i32.const 0)))
    (local.set $h16 (v128.load64_splat offset=24704 (i32.const 0)))
    (local.set $h17 (v128.load64_splat offset=24712 (i32.const 0)))
    (local.set $h18 (v128.load64_splat offset=24720 (i32.const 0)))
    (local.set $h19 (v128.load64_splat offset=24728 (i32.const 0)))
    (local.set $h20 (v128.load64_splat offset=24736 (i32.const 0)))
    (local.set $h21 (v128.load64_splat offset=24744 (i32.const 0)))
    (local.set $h22 (v128.load64_splat offset=24752 (i32.const 0)))
    (local.set $h23 (v128.load64_splat offset=24760 (i32.const 0)))
    (local.set $g0 (v128.load64_splat offset=24768 (i32.const 0)))
    (local.set $g1 (v128.load64_splat offset=24776 (i32.const 0)))
    (local.set $g2 (v128.load64_splat offset=24784 (i32.const 0)))
    (local.set $g3 (v128.load64_splat offset=24792 (i32.const 0)))
    (local.set $g4 (v128.load64_splat offset=24800 (i32.const 0)))
    (local.set $g5 (v128.load64_splat offset=24808 (i32.const 0)))
    (local.set $max (f64x2.splat (local.get $peak)))
    ;; Stage 1: centres c = 23 .. length - 25; $b = address of x[c - 23], i.e. 8 (c - 23).
    (local.set $n (i32.sub (local.get $length) (i32.const 47)))
    (local.set $b (i32.const 0))
    (local.set $o (i32.const 8192))
    (local.set $last (i32.add (i32.const 0) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done1
      (loop $pairs1
        (br_if $done1 (i32.ge_s (local.get $b) (local.get $last)))
        (local.set $m (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $h0) (f64x2.add (v128.load offset=184 (local.get $b)) (v128.load offset=192 (local.get $b))))
            (f64x2.mul (local.get $h1) (f64x2.add (v128.load offset=176 (local.get $b)) (v128.load offset=200 (local.get $b)))))
            (f64x2.mul (local.get $h2) (f64x2.add (v128.load offset=168 (local.get $b)) (v128.load offset=208 (local.get $b)))))
            (f64x2.mul (local.get $h3) (f64x2.add (v128.load offset=160 (local.get $b)) (v128.load offset=216 (local.get $b)))))
            (f64x2.mul (local.get $h4) (f64x2.add (v128.load offset=152 (local.get $b)) (v128.load offset=224 (local.get $b)))))
            (f64x2.mul (local.get $h5) (f64x2.add (v128.load offset=144 (local.get $b)) (v128.load offset=232 (local.get $b)))))
            (f64x2.mul (local.get $h6) (f64x2.add (v128.load offset=136 (local.get $b)) (v128.load offset=240 (local.get $b)))))
            (f64x2.mul (local.get $h7) (f64x2.add (v128.load offset=128 (local.get $b)) (v128.load offset=248 (local.get $b)))))
            (f64x2.mul (local.get $h8) (f64x2.add (v128.load offset=120 (local.get $b)) (v128.load offset=256 (local.get $b)))))
            (f64x2.mul (local.get $h9) (f64x2.add (v128.load offset=112 (local.get $b)) (v128.load offset=264 (local.get $b)))))
            (f64x2.mul (local.get $h10) (f64x2.add (v128.load offset=104 (local.get $b)) (v128.load offset=272 (local.get $b)))))
            (f64x2.mul (local.get $h11) (f64x2.add (v128.load offset=96 (local.get $b)) (v128.load offset=280 (local.get $b)))))
            (f64x2.mul (local.get $h12) (f64x2.add (v128.load offset=88 (local.get $b)) (v128.load offset=288 (local.get $b)))))
            (f64x2.mul (local.get $h13) (f64x2.add (v128.load offset=80 (local.get $b)) (v128.load offset=296 (local.get $b)))))
            (f64x2.mul (local.get $h14) (f64x2.add (v128.load offset=72 (local.get $b)) (v128.load offset=304 (local.get $b)))))
            (f64x2.mul (local.get $h15) (f64x2.add (v128.load offset=64 (local.get $b)) (v128.load offset=312 (local.get $b)))))
            (f64x2.mul (local.get $h16) (f64x2.add (v128.load offset=56 (local.get $b)) (v128.load offset=320 (local.get $b)))))
            (f64x2.mul (local.get $h17) (f64x2.add (v128.load offset=48 (local.get $b)) (v128.load offset=328 (local.get $b)))))
            (f64x2.mul (local.get $h18) (f64x2.add (v128.load offset=40 (local.get $b)) (v128.load offset=336 (local.get $b)))))
            (f64x2.mul (local.get $h19) (f64x2.add (v128.load offset=32 (local.get $b)) (v128.load offset=344 (local.get $b)))))
            (f64x2.mul (local.get $h20) (f64x2.add (v128.load offset=24 (local.get $b)) (v128.load offset=352 (local.get $b)))))
            (f64x2.mul (local.get $h21) (f64x2.add (v128.load offset=16 (local.get $b)) (v128.load offset=360 (local.get $b)))))
            (f64x2.mul (local.get $h22) (f64x2.add (v128.load offset=8 (local.get $b)) (v128.load offset=368 (local.get $b)))))
            (f64x2.mul (local.get $h23) (f64x2.add (v128.load offset=0 (local.get $b)) (v128.load offset=376 (local.get $b))))))
        (local.set $x (v128.load offset=184 (local.get $b)))
        (v128.store (local.get $o) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $x) (local.get $m)))
        (v128.store offset=16 (local.get $o) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $x) (local.get $m)))
        (local.set $max (f64x2.max (local.get $max) (f64x2.abs (local.get $m))))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 32)))
        (br $pairs1)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $s (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.add (f64.mul (f64x2.extract_lane 0 (local.get $h0)) (f64.add (f64.load offset=184 (local.get $b)) (f64.load offset=192 (local.get $b))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h1)) (f64.add (f64.load offset=176 (local.get $b)) (f64.load offset=200 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h2)) (f64.add (f64.load offset=168 (local.get $b)) (f64.load offset=208 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h3)) (f64.add (f64.load offset=160 (local.get $b)) (f64.load offset=216 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h4)) (f64.add (f64.load offset=152 (local.get $b)) (f64.load offset=224 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h5)) (f64.add (f64.load offset=144 (local.get $b)) (f64.load offset=232 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h6)) (f64.add (f64.load offset=136 (local.get $b)) (f64.load offset=240 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h7)) (f64.add (f64.load offset=128 (local.get $b)) (f64.load offset=248 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h8)) (f64.add (f64.load offset=120 (local.get $b)) (f64.load offset=256 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h9)) (f64.add (f64.load offset=112 (local.get $b)) (f64.load offset=264 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h10)) (f64.add (f64.load offset=104 (local.get $b)) (f64.load offset=272 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h11)) (f64.add (f64.load offset=96 (local.get $b)) (f64.load offset=280 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h12)) (f64.add (f64.load offset=88 (local.get $b)) (f64.load offset=288 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h13)) (f64.add (f64.load offset=80 (local.get $b)) (f64.load offset=296 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h14)) (f64.add (f64.load offset=72 (local.get $b)) (f64.load offset=304 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h15)) (f64.add (f64.load offset=64 (local.get $b)) (f64.load offset=312 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h16)) (f64.add (f64.load offset=56 (local.get $b)) (f64.load offset=320 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h17)) (f64.add (f64.load offset=48 (local.get $b)) (f64.load offset=328 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h18)) (f64.add (f64.load offset=40 (local.get $b)) (f64.load offset=336 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h19)) (f64.add (f64.load offset=32 (local.get $b)) (f64.load offset=344 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h20)) (f64.add (f64.load offset=24 (local.get $b)) (f64.load offset=352 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h21)) (f64.add (f64.load offset=16 (local.get $b)) (f64.load offset=360 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h22)) (f64.add (f64.load offset=8 (local.get $b)) (f64.load offset=368 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $h23)) (f64.add (f64.load offset=0 (local.get $b)) (f64.load offset=376 (local.get $b))))))
        (f64.store (local.get $o) (f64.load offset=184 (local.get $b)))
        (f64.store offset=8 (local.get $o) (local.get $s))
        (local.set $max (f64x2.max (local.get $max) (f64x2.splat (f64.abs (local.get $s)))))))
    ;; Stage 2 over stage 1's 2 n values: centres c = 5 .. 2 n - 7, nothing written.
    (local.set $n (i32.sub (i32.shl (local.get $n) (i32.const 1)) (i32.const 11)))
    (local.set $b (i32.const 8192))
    (local.set $last (i32.add (i32.const 8192) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done2
      (loop $pairs2
        (br_if $done2 (i32.ge_s (local.get $b) (local.get $last)))
        (local.set $max (f64x2.max (local.get $max) (f64x2.abs (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.mul (local.get $g0) (f64x2.add (v128.load offset=40 (local.get $b)) (v128.load offset=48 (local.get $b))))
            (f64x2.mul (local.get $g1) (f64x2.add (v128.load offset=32 (local.get $b)) (v128.load offset=56 (local.get $b)))))
            (f64x2.mul (local.get $g2) (f64x2.add (v128.load offset=24 (local.get $b)) (v128.load offset=64 (local.get $b)))))
            (f64x2.mul (local.get $g3) (f64x2.add (v128.load offset=16 (local.get $b)) (v128.load offset=72 (local.get $b)))))
            (f64x2.mul (local.get $g4) (f64x2.add (v128.load offset=8 (local.get $b)) (v128.load offset=80 (local.get $b)))))
            (f64x2.mul (local.get $g5) (f64x2.add (v128.load offset=0 (local.get $b)) (v128.load offset=88 (local.get $b))))))))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $pairs2)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $max (f64x2.max (local.get $max) (f64x2.splat (f64.abs (f64.add (f64.add (f64.add (f64.add (f64.add (f64.mul (f64x2.extract_lane 0 (local.get $g0)) (f64.add (f64.load offset=40 (local.get $b)) (f64.load offset=48 (local.get $b))))
            (f64.mul (f64x2.extract_lane 0 (local.get $g1)) (f64.add (f64.load offset=32 (local.get $b)) (f64.load offset=56 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $g2)) (f64.add (f64.load offset=24 (local.get $b)) (f64.load offset=64 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $g3)) (f64.add (f64.load offset=16 (local.get $b)) (f64.load offset=72 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $g4)) (f64.add (f64.load offset=8 (local.get $b)) (f64.load offset=80 (local.get $b)))))
            (f64.mul (f64x2.extract_lane 0 (local.get $g5)) (f64.add (f64.load offset=0 (local.get $b)) (f64.load offset=88 (local.get $b)))))))))))
    (f64.max (f64x2.extract_lane 0 (local.get $max)) (f64x2.extract_lane 1 (local.get $max))))

  ;; max |x[i-1] - 2 x[i] + x[i+1]| for i = 1 .. length - 2 over f64 x at $base (length >= 3).
  (func $curvature64 (param $base i32) (param $length i32) (result f64)
    (local $p i32) (local $last i32) (local $max0 v128) (local $max1 v128) (local $d v128) (local $nan v128) (local $b v128) (local $s f64)
    ;; $p = address of x[i - 1]; the length - 2 values in quads, then one pair, then one.
    (local.set $p (local.get $base))
    (local.set $last (i32.add (local.get $base) (i32.shl (i32.and (i32.sub (local.get $length) (i32.const 2)) (i32.const -4)) (i32.const 3))))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $p) (local.get $last)))
        (local.set $b (v128.load offset=8 (local.get $p)))
        (local.set $max0 (f64x2.pmax (local.get $max0) (local.tee $d (f64x2.abs (f64x2.add
          (f64x2.sub (v128.load (local.get $p)) (f64x2.add (local.get $b) (local.get $b)))
          (v128.load offset=16 (local.get $p)))))))
        (local.set $nan (v128.or (local.get $nan) (f64x2.ne (local.get $d) (local.get $d))))
        (local.set $b (v128.load offset=24 (local.get $p)))
        (local.set $max1 (f64x2.pmax (local.get $max1) (local.tee $d (f64x2.abs (f64x2.add
          (f64x2.sub (v128.load offset=16 (local.get $p)) (f64x2.add (local.get $b) (local.get $b)))
          (v128.load offset=32 (local.get $p)))))))
        (local.set $nan (v128.or (local.get $nan) (f64x2.ne (local.get $d) (local.get $d))))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $quads)))
    (if (i32.and (i32.sub (local.get $length) (i32.const 2)) (i32.const 2))
      (then
        (local.set $b (v128.load offset=8 (local.get $p)))
        (local.set $max0 (f64x2.pmax (local.get $max0) (local.tee $d (f64x2.abs (f64x2.add
          (f64x2.sub (v128.load (local.get $p)) (f64x2.add (local.get $b) (local.get $b)))
          (v128.load offset=16 (local.get $p)))))))
        (local.set $nan (v128.or (local.get $nan) (f64x2.ne (local.get $d) (local.get $d))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))))
    (if (i32.and (i32.sub (local.get $length) (i32.const 2)) (i32.const 1))
      (then
        (local.set $s (f64.load offset=8 (local.get $p)))
        (local.set $max1 (f64x2.max (local.get $max1) (f64x2.splat (f64.abs (f64.add
          (f64.sub (f64.load (local.get $p)) (f64.add (local.get $s) (local.get $s)))
          (f64.load offset=16 (local.get $p)))))))))
    (local.set $max0 (f64x2.max (local.get $max0) (local.get $max1)))
    (if (result f64) (v128.any_true (local.get $nan))
      (then (f64.const nan))
      (else (f64.max (f64x2.extract_lane 0 (local.get $max0)) (f64x2.extract_lane 1 (local.get $max0))))))

  ;; curvature64 over the window x[0, length).
  (func (export "curvature64") (param $length i32) (result f64)
    (call $curvature64 (i32.const 0) (local.get $length)))

  ;; max |x[i]| over the window x[0, length).
  (func (export "absMax64") (param $length i32) (result f64)
    (local $p i32) (local $last i32) (local $max0 v128) (local $max1 v128) (local $d v128) (local $nan v128)
    (local.set $last (i32.shl (i32.and (local.get $length) (i32.const -4)) (i32.const 3)))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $p) (local.get $last)))
        (local.set $max0 (f64x2.pmax (local.get $max0) (local.tee $d (f64x2.abs (v128.load (local.get $p))))))
        (local.set $nan (v128.or (local.get $nan) (f64x2.ne (local.get $d) (local.get $d))))
        (local.set $max1 (f64x2.pmax (local.get $max1) (local.tee $d (f64x2.abs (v128.load offset=16 (local.get $p))))))
        (local.set $nan (v128.or (local.get $nan) (f64x2.ne (local.get $d) (local.get $d))))
        (local.set $p (i32.add (local.get $p) (i32.const 32)))
        (br $quads)))
    (local.set $last (i32.shl (local.get $length) (i32.const 3)))
    (block $end
      (loop $ones
        (br_if $end (i32.ge_u (local.get $p) (local.get $last)))
        (local.set $max0 (f64x2.max (local.get $max0) (f64x2.splat (f64.abs (f64.load (local.get $p))))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $ones)))
    (local.set $max0 (f64x2.max (local.get $max0) (local.get $max1)))
    (if (result f64) (v128.any_true (local.get $nan))
      (then (f64.const nan))
      (else (f64.max (f64x2.extract_lane 0 (local.get $max0)) (f64x2.extract_lane 1 (local.get $max0))))))

  ;; curvatureMax32 over the float32 window at 32768, x[0, length) (length >= 3): two samples
  ;; at a time promoted to f64, as JavaScript reads them.
  (func (export "curvature32") (param $length i32) (result f64)
    (local $p i32) (local $last i32) (local $max0 v128) (local $max1 v128) (local $d v128) (local $nan v128) (local $b v128) (local $s f64)
    (local.set $p (i32.const 32768))
    (local.set $last (i32.add (i32.const 32768) (i32.shl (i32.and (i32.sub (local.get $length) (i32.const 2)) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $p) (local.get $last)))
        (local.set $b (f64x2.promote_low_f32x4 (v128.load64_zero offset=4 (local.get $p))))
        (local.set $max0 (f64x2.pmax (local.get $max0) (local.tee $d (f64x2.abs (f64x2.add
          (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p))) (f64x2.add (local.get $b) (local.get $b)))
          (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $p))))))))
        (local.set $nan (v128.or (local.get $nan) (f64x2.ne (local.get $d) (local.get $d))))
        (local.set $b (f64x2.promote_low_f32x4 (v128.load64_zero offset=12 (local.get $p))))
        (local.set $max1 (f64x2.pmax (local.get $max1) (local.tee $d (f64x2.abs (f64x2.add
          (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $p))) (f64x2.add (local.get $b) (local.get $b)))
          (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $p))))))))
        (local.set $nan (v128.or (local.get $nan) (f64x2.ne (local.get $d) (local.get $d))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $quads)))
    (if (i32.and (i32.sub (local.get $length) (i32.const 2)) (i32.const 2))
      (then
        (local.set $b (f64x2.promote_low_f32x4 (v128.load64_zero offset=4 (local.get $p))))
        (local.set $max0 (f64x2.pmax (local.get $max0) (local.tee $d (f64x2.abs (f64x2.add
          (f64x2.sub (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p))) (f64x2.add (local.get $b) (local.get $b)))
          (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $p))))))))
        (local.set $nan (v128.or (local.get $nan) (f64x2.ne (local.get $d) (local.get $d))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))))
    (if (i32.and (i32.sub (local.get $length) (i32.const 2)) (i32.const 1))
      (then
        (local.set $s (f64.promote_f32 (f32.load offset=4 (local.get $p))))
        (local.set $max1 (f64x2.max (local.get $max1) (f64x2.splat (f64.abs (f64.add
          (f64.sub (f64.promote_f32 (f32.load (local.get $p))) (f64.add (local.get $s) (local.get $s)))
          (f64.promote_f32 (f32.load offset=8 (local.get $p))))))))))
    (local.set $max0 (f64x2.max (local.get $max0) (local.get $max1)))
    (if (result f64) (v128.any_true (local.get $nan))
      (then (f64.const nan))
      (else (f64.max (f64x2.extract_lane 0 (local.get $max0)) (f64x2.extract_lane 1 (local.get $max0))))))
)
