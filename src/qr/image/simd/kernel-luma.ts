import { add, bump, forLoop, get, i32, mul, set, shl, shrU, tee, v } from './wasm-ops'
import type { KernelFunction } from './wasm-writer'

/**
 * `luma(src, dst, pixels)`: RGBA → 8-bit luma with the BT.601 integer weights of `toLuma`
 * ((306·R + 601·G + 117·B + 512) >> 10), 16 pixels per iteration. Reads up to 63 bytes past the
 * last pixel and writes up to 15 past the last luma byte: the caller leaves that much slack.
 */
const [SRC, DST, PIXELS, P, Q, W, ROUND, D0, D1, V] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]

/** Bytes 0–3 and 8–11 of each input (lanes 0 and 2 of two i32x4), and bytes 4–7 / 12–15 (lanes 1 and 3). */
const evenLanes = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27]
const oddLanes = [4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31]

/**
 * Four pixels at P + offset → four i32 luma lanes. Each pixel's RGBA widened to 16 bits and
 * dot-multiplied with (306, 601, 117, 0) gives two partial sums (R·306 + G·601, B·117) in adjacent
 * lanes; a shuffle pairs them up for one add.
 */
const fourPixels = (offset: number): number[] => [
  ...get(P),
  ...v.load(offset),
  ...tee(V),
  ...v.i16ExtendLowI8U,
  ...get(W),
  ...v.i32DotI16S,
  ...set(D0),
  ...get(V),
  ...v.i16ExtendHighI8U,
  ...get(W),
  ...v.i32DotI16S,
  ...set(D1),
  ...get(D0),
  ...get(D1),
  ...v.shuffle(evenLanes),
  ...get(D0),
  ...get(D1),
  ...v.shuffle(oddLanes),
  ...v.i32Add,
  ...get(ROUND),
  ...v.i32Add,
  ...i32(10),
  ...v.i32ShrU,
]

export const lumaKernel: KernelFunction = {
  name: 'luma',
  params: 3,
  locals: { i32: 2, v128: 5 },
  body: [
    ...v.constI16([306, 601, 117, 0, 306, 601, 117, 0]),
    ...set(W),
    ...i32(512),
    ...v.i32Splat,
    ...set(ROUND),
    ...get(SRC),
    ...set(P),
    ...forLoop(Q, get(DST), [...get(DST), ...get(PIXELS), ...add], 16, [
      ...get(Q),
      ...fourPixels(0),
      ...fourPixels(16),
      ...v.i16NarrowI32U,
      ...fourPixels(32),
      ...fourPixels(48),
      ...v.i16NarrowI32U,
      ...v.i8NarrowI16U,
      ...v.store(),
      ...bump(P, 64),
    ]),
  ],
}

/**
 * `half(src, width, height, dst)`: 2× box downscale of a luma image ((a + b + c + d + 2) >> 2, odd
 * last row/column dropped, as `downscale(…, 2)`), 16 outputs per iteration. Reads up to 31 bytes
 * past a row pair and writes up to 15 past the last output: the caller leaves slack.
 */
const [HSRC, WIDTH, HEIGHT, HDST, Y, A, B, O, ROW_END, HALF_W, TWO] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]

/** Eight outputs from 16 bytes of each row of the pair: pairwise sums of both rows, +2, >> 2. */
const eightOutputs = (offset: number): number[] => [
  ...get(A),
  ...v.load(offset),
  ...v.i16ExtaddPairwiseI8U,
  ...get(B),
  ...v.load(offset),
  ...v.i16ExtaddPairwiseI8U,
  ...v.i16Add,
  ...get(TWO),
  ...v.i16Add,
  ...i32(2),
  ...v.i16ShrU,
]

export const halfKernel: KernelFunction = {
  name: 'half',
  params: 4,
  locals: { i32: 6, v128: 1 },
  body: [
    ...get(WIDTH),
    ...i32(1),
    ...shrU,
    ...set(HALF_W),
    ...i32(2),
    ...v.i16Splat,
    ...set(TWO),
    ...forLoop(Y, i32(0), [...get(HEIGHT), ...i32(1), ...shrU], 1, [
      // A: row 2y, B: row 2y + 1; O: output row y.
      ...get(HSRC),
      ...get(Y),
      ...get(WIDTH),
      ...mul,
      ...i32(1),
      ...shl,
      ...add,
      ...set(A),
      ...get(A),
      ...get(WIDTH),
      ...add,
      ...set(B),
      ...get(HDST),
      ...get(Y),
      ...get(HALF_W),
      ...mul,
      ...add,
      ...tee(O),
      ...get(HALF_W),
      ...add,
      ...set(ROW_END),
      ...forLoop(O, get(O), get(ROW_END), 16, [
        ...get(O),
        ...eightOutputs(0),
        ...eightOutputs(16),
        ...v.i8NarrowI16U,
        ...v.store(),
        ...bump(A, 32),
        ...bump(B, 32),
      ]),
    ]),
  ],
}
