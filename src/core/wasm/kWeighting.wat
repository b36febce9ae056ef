;; K-weighting (ITU-R BS.1770-4, two biquads in direct form I) in WebAssembly SIMD, loaded by
;; src/core/analysis/kWeighting.ts. Every lane does the operations of the plain loop, in the same
;; order (WebAssembly never fuses a multiply and an add), so the sums are the same bits.
;;
;; Memory (fixed, one page), byte offsets:
;;   64  state of filter J: x1 x2 y1 y2 z1 z2 (f64; 1 = previous sample, y = shelf output scaled
;;       by 1/b0, z = high-pass output)
;;   112 state of filter K, same layout
;;   160 running sums of squares of z: J, then K (f64)
;;   256 input J (f32, SLICE samples + 2 pads), 256 + 4 * (SLICE + 2) input K
;; The caller writes states, sums and inputs, calls, and reads them back; no function flushes or
;; skips silence (the caller does, once per call of its own), so a call may be split into slices
;; of even length without changing a bit.
(module
  (memory (export "memory") 1 1)

  ;; Two channels, one per lane: lane 0 = filter J over input J, lane 1 = filter K over input K.
  ;; Two samples per iteration, the sum of each lane growing by (za*za + zb*zb) as in the JS loop.
  (func (export "pair") (param $b1 f64) (param $b2 f64) (param $a1 f64) (param $a2 f64)
        (param $c1 f64) (param $c2 f64) (param $n i32) (param $inK i32)
    (local $B1 v128) (local $B2 v128) (local $A1 v128) (local $A2 v128) (local $C1 v128)
    (local $C2 v128) (local $TWO v128)
    (local $x1 v128) (local $x2 v128) (local $y1 v128) (local $y2 v128) (local $z1 v128)
    (local $z2 v128) (local $sum v128)
    (local $xa v128) (local $ya v128) (local $za v128) (local $xb v128) (local $yb v128)
    (local $zb v128) (local $vj v128) (local $vk v128)
    (local $p i32) (local $end i32)
    (local.set $B1 (f64x2.splat (local.get $b1)))
    (local.set $B2 (f64x2.splat (local.get $b2)))
    (local.set $A1 (f64x2.splat (local.get $a1)))
    (local.set $A2 (f64x2.splat (local.get $a2)))
    (local.set $C1 (f64x2.splat (local.get $c1)))
    (local.set $C2 (f64x2.splat (local.get $c2)))
    (local.set $TWO (f64x2.splat (f64.const 2)))
    (local.set $x1 (call $lanes (i32.const 64)))
    (local.set $x2 (call $lanes (i32.const 72)))
    (local.set $y1 (call $lanes (i32.const 80)))
    (local.set $y2 (call $lanes (i32.const 88)))
    (local.set $z1 (call $lanes (i32.const 96)))
    (local.set $z2 (call $lanes (i32.const 104)))
    (local.set $sum (v128.load (i32.const 160)))
    (local.set $p (i32.const 256))
    (local.set $end (i32.add (i32.const 256) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $vj (v128.load64_zero (local.get $p)))
        (local.set $vk (v128.load64_zero (i32.add (local.get $p) (local.get $inK))))
        (local.set $xa (f64x2.promote_low_f32x4
          (i8x16.shuffle 0 1 2 3 16 17 18 19 0 0 0 0 0 0 0 0 (local.get $vj) (local.get $vk))))
        (local.set $xb (f64x2.promote_low_f32x4
          (i8x16.shuffle 4 5 6 7 20 21 22 23 0 0 0 0 0 0 0 0 (local.get $vj) (local.get $vk))))
        ;; ya = xa + b1 x1 + b2 x2 - a2 y2 - a1 y1;  za = ya - 2 y1 + y2 - c2 z2 - c1 z1
        (local.set $ya (f64x2.sub (f64x2.sub (f64x2.add (f64x2.add (local.get $xa)
          (f64x2.mul (local.get $B1) (local.get $x1))) (f64x2.mul (local.get $B2) (local.get $x2)))
          (f64x2.mul (local.get $A2) (local.get $y2))) (f64x2.mul (local.get $A1) (local.get $y1))))
        (local.set $za (f64x2.sub (f64x2.sub (f64x2.add (f64x2.sub (local.get $ya)
          (f64x2.mul (local.get $TWO) (local.get $y1))) (local.get $y2))
          (f64x2.mul (local.get $C2) (local.get $z2))) (f64x2.mul (local.get $C1) (local.get $z1))))
        ;; yb = xb + b1 xa + b2 x1 - a2 y1 - a1 ya;  zb = yb - 2 ya + y1 - c2 z1 - c1 za
        (local.set $yb (f64x2.sub (f64x2.sub (f64x2.add (f64x2.add (local.get $xb)
          (f64x2.mul (local.get $B1) (local.get $xa))) (f64x2.mul (local.get $B2) (local.get $x1)))
          (f64x2.mul (local.get $A2) (local.get $y1))) (f64x2.mul (local.get $A1) (local.get $ya))))
        (local.set $zb (f64x2.sub (f64x2.sub (f64x2.add (f64x2.sub (local.get $yb)
          (f64x2.mul (local.get $TWO) (local.get $ya))) (local.get $y1))
          (f64x2.mul (local.get $C2) (local.get $z1))) (f64x2.mul (local.get $C1) (local.get $za))))
        (local.set $x2 (local.get $xa))
        (local.set $x1 (local.get $xb))
        (local.set $y2 (local.get $ya))
        (local.set $y1 (local.get $yb))
        (local.set $z2 (local.get $za))
        (local.set $z1 (local.get $zb))
        (local.set $sum (f64x2.add (local.get $sum) (f64x2.add
          (f64x2.mul (local.get $za) (local.get $za)) (f64x2.mul (local.get $zb) (local.get $zb)))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $next)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $xa (f64x2.replace_lane 1
          (f64x2.splat (f64.promote_f32 (f32.load (local.get $p))))
          (f64.promote_f32 (f32.load (i32.add (local.get $p) (local.get $inK))))))
        (local.set $ya (f64x2.sub (f64x2.sub (f64x2.add (f64x2.add (local.get $xa)
          (f64x2.mul (local.get $B1) (local.get $x1))) (f64x2.mul (local.get $B2) (local.get $x2)))
          (f64x2.mul (local.get $A2) (local.get $y2))) (f64x2.mul (local.get $A1) (local.get $y1))))
        (local.set $za (f64x2.sub (f64x2.sub (f64x2.add (f64x2.sub (local.get $ya)
          (f64x2.mul (local.get $TWO) (local.get $y1))) (local.get $y2))
          (f64x2.mul (local.get $C2) (local.get $z2))) (f64x2.mul (local.get $C1) (local.get $z1))))
        (local.set $x2 (local.get $x1))
        (local.set $x1 (local.get $xa))
        (local.set $y2 (local.get $y1))
        (local.set $y1 (local.get $ya))
        (local.set $z2 (local.get $z1))
        (local.set $z1 (local.get $za))
        (local.set $sum (f64x2.add (local.get $sum) (f64x2.mul (local.get $za) (local.get $za))))))
    (call $store (i32.const 64) (local.get $x1))
    (call $store (i32.const 72) (local.get $x2))
    (call $store (i32.const 80) (local.get $y1))
    (call $store (i32.const 88) (local.get $y2))
    (call $store (i32.const 96) (local.get $z1))
    (call $store (i32.const 104) (local.get $z2))
    (v128.store (i32.const 160) (local.get $sum)))

  ;; One channel (filter J over input J), the two stages pipelined in the two lanes: step n
  ;; computes (y[n], z[n-2]) from in = (x[n], y[n-2]) with per-lane coefficients, lane 1 reading
  ;; y two steps late so that consecutive steps do not wait on each other's first additions.
  ;; Lane 1's b1 = -2 and b2 = 1 give the same bits as the plain loop's "- 2 * y1 + y2". The
  ;; first two steps' lane 1 (z two and one sample before the input, already known) are replaced
  ;; by the saved state, and two zero pads after the input run the last two z out of the pipeline.
  ;; The z come out in input order and are summed two at a time as in the plain loop.
  (func (export "mono") (param $b1 f64) (param $b2 f64) (param $a1 f64) (param $a2 f64)
        (param $c1 f64) (param $c2 f64) (param $n i32)
    (local $B1 v128) (local $B2 v128) (local $A1 v128) (local $A2 v128)
    (local $p1 v128) (local $p2 v128) (local $q1 v128) (local $q2 v128) (local $in v128)
    (local $out v128) (local $za f64) (local $zb f64) (local $sum f64) (local $x1 f64)
    (local $p i32) (local $end i32)
    (local.set $B1 (f64x2.replace_lane 1 (f64x2.splat (local.get $b1)) (f64.const -2)))
    (local.set $B2 (f64x2.replace_lane 1 (f64x2.splat (local.get $b2)) (f64.const 1)))
    (local.set $A1 (f64x2.replace_lane 1 (f64x2.splat (local.get $a1)) (local.get $c1)))
    (local.set $A2 (f64x2.replace_lane 1 (f64x2.splat (local.get $a2)) (local.get $c2)))
    (local.set $x1 (f64.load (i32.const 64)))
    (local.set $p1 (f64x2.splat (local.get $x1)))
    (local.set $p2 (f64x2.splat (f64.load (i32.const 72))))
    (local.set $q1 (f64x2.splat (f64.load (i32.const 80))))
    (local.set $q2 (f64x2.splat (f64.load (i32.const 88))))
    (local.set $sum (f64.load (i32.const 160)))
    ;; The two pads.
    (local.set $end (i32.add (i32.const 256) (i32.shl (local.get $n) (i32.const 2))))
    (f32.store (local.get $end) (f32.const 0))
    (f32.store offset=4 (local.get $end) (f32.const 0))
    (local.set $p (i32.const 256))
    (local.set $in (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
    (f64x2.promote_low_f32x4 (v128.load32_zero offset=0 (local.get $p))) (local.get $q2)))
    (local.set $out (f64x2.sub (f64x2.sub (f64x2.add (f64x2.add (local.get $in)
    (f64x2.mul (local.get $B1) (local.get $p1))) (f64x2.mul (local.get $B2) (local.get $p2)))
    (f64x2.mul (local.get $A2) (local.get $q2))) (f64x2.mul (local.get $A1) (local.get $q1))))
    (local.set $p2 (local.get $p1))
    (local.set $p1 (local.get $in))
    (local.set $q2 (local.get $q1))
    (local.set $q1 (f64x2.replace_lane 1 (local.get $out) (f64.load (i32.const 104))))
    (local.set $in (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
    (f64x2.promote_low_f32x4 (v128.load32_zero offset=4 (local.get $p))) (local.get $q2)))
    (local.set $out (f64x2.sub (f64x2.sub (f64x2.add (f64x2.add (local.get $in)
    (f64x2.mul (local.get $B1) (local.get $p1))) (f64x2.mul (local.get $B2) (local.get $p2)))
    (f64x2.mul (local.get $A2) (local.get $q2))) (f64x2.mul (local.get $A1) (local.get $q1))))
    (local.set $p2 (local.get $p1))
    (local.set $p1 (local.get $in))
    (local.set $q2 (local.get $q1))
    (local.set $q1 (f64x2.replace_lane 1 (local.get $out) (f64.load (i32.const 96))))
    ;; Steps two by two, each giving the z of the sample two before its input.
    (local.set $end (i32.add (i32.const 256) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 2))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $in (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (f64x2.promote_low_f32x4 (v128.load32_zero offset=8 (local.get $p))) (local.get $q2)))
        (local.set $out (f64x2.sub (f64x2.sub (f64x2.add (f64x2.add (local.get $in)
        (f64x2.mul (local.get $B1) (local.get $p1))) (f64x2.mul (local.get $B2) (local.get $p2)))
        (f64x2.mul (local.get $A2) (local.get $q2))) (f64x2.mul (local.get $A1) (local.get $q1))))
        (local.set $p2 (local.get $p1))
        (local.set $p1 (local.get $in))
        (local.set $q2 (local.get $q1))
        (local.set $q1 (local.get $out))
        (local.set $za (f64x2.extract_lane 1 (local.get $out)))
        (local.set $in (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (f64x2.promote_low_f32x4 (v128.load32_zero offset=12 (local.get $p))) (local.get $q2)))
        (local.set $out (f64x2.sub (f64x2.sub (f64x2.add (f64x2.add (local.get $in)
        (f64x2.mul (local.get $B1) (local.get $p1))) (f64x2.mul (local.get $B2) (local.get $p2)))
        (f64x2.mul (local.get $A2) (local.get $q2))) (f64x2.mul (local.get $A1) (local.get $q1))))
        (local.set $p2 (local.get $p1))
        (local.set $p1 (local.get $in))
        (local.set $q2 (local.get $q1))
        (local.set $q1 (local.get $out))
        (local.set $zb (f64x2.extract_lane 1 (local.get $out)))
        (local.set $sum (f64.add (local.get $sum)
          (f64.add (f64.mul (local.get $za) (local.get $za)) (f64.mul (local.get $zb) (local.get $zb)))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (br $next)))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $in (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (f64x2.promote_low_f32x4 (v128.load32_zero offset=8 (local.get $p))) (local.get $q2)))
        (local.set $out (f64x2.sub (f64x2.sub (f64x2.add (f64x2.add (local.get $in)
        (f64x2.mul (local.get $B1) (local.get $p1))) (f64x2.mul (local.get $B2) (local.get $p2)))
        (f64x2.mul (local.get $A2) (local.get $q2))) (f64x2.mul (local.get $A1) (local.get $q1))))
        (local.set $p2 (local.get $p1))
        (local.set $p1 (local.get $in))
        (local.set $q2 (local.get $q1))
        (local.set $q1 (local.get $out))
        (local.set $za (f64x2.extract_lane 1 (local.get $out)))
        (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $za) (local.get $za))))))
    ;; x from the input; y and z from lane 1, which ran two samples behind lane 0.
    (local.set $end (i32.add (i32.const 256) (i32.shl (local.get $n) (i32.const 2))))
    (if (i32.ge_u (local.get $n) (i32.const 2))
      (then (f64.store (i32.const 72) (f64.promote_f32 (f32.load (i32.sub (local.get $end) (i32.const 8))))))
      (else (f64.store (i32.const 72) (local.get $x1))))
    (f64.store (i32.const 64) (f64.promote_f32 (f32.load (i32.sub (local.get $end) (i32.const 4)))))
    (f64.store (i32.const 80) (f64x2.extract_lane 1 (local.get $p1)))
    (f64.store (i32.const 88) (f64x2.extract_lane 1 (local.get $p2)))
    (f64.store (i32.const 96) (f64x2.extract_lane 1 (local.get $q1)))
    (f64.store (i32.const 104) (f64x2.extract_lane 1 (local.get $q2)))
    (f64.store (i32.const 160) (local.get $sum)))

  (func $lanes (param $at i32) (result v128)
    (f64x2.replace_lane 1 (f64x2.splat (f64.load (local.get $at))) (f64.load offset=48 (local.get $at))))

  (func $store (param $at i32) (param $v v128)
    (f64.store (local.get $at) (f64x2.extract_lane 0 (local.get $v)))
    (f64.store offset=48 (local.get $at) (f64x2.extract_lane 1 (local.get $v))))
)
