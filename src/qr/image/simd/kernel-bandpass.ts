import { add, bump, forLoop, get, gtS, i32, load16, ltS, mul, select, set, shl, store16, sub, tee, v } from './wasm-ops'
import type { KernelFunction } from './wasm-writer'

/**
 * `bandpass(src, width, height, inner, outer, ki, ko, dst, colInner, colOuter)`: the same filter as
 * `bandpass()` in luma.ts, eight pixels per iteration. Per row it keeps the column sums of the
 * (2·inner+1)- and (2·outer+1)-row windows as 16-bit lanes in `colInner`/`colOuter` (edge-padded by
 * outer + 1 columns, like the JS version), sums 2r+1 neighbouring columns for the box sums, and
 * computes (sumInner·ki − sumOuter·ko + 512) >> 10 in 32-bit lanes, saturated to 0–255.
 *
 * 16-bit lanes hold the box sums only while (2·outer+1)²·255 ≤ 65535 (outer ≤ 7) and the weights
 * only while ki, ko ≤ 65535: the caller checks and uses the JS filter otherwise. Reads up to 8
 * bytes past each source row and writes up to 16 past the last output: the caller leaves slack and
 * zeroes the column arrays (width + 2·outer + 26 lanes each).
 */
const [SRC, WIDTH, HEIGHT, INNER, OUTER, KI, KO, DST, COL_INNER, COL_OUTER] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
const [PAD, END, Y, X, K, T, P, Q, LAST_Y, ADD_ROW, SUB_ROW] = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]
const [VKI, VKO, ROUND, SUM_INNER, SUM_OUTER, R] = [21, 22, 23, 24, 25, 26]

/** clamp(value, 0, lastY), via T. */
const clampRow = (value: number[]): number[] => [
  ...value,
  ...set(T),
  ...i32(0),
  ...get(T),
  ...get(T),
  ...i32(0),
  ...ltS,
  ...select,
  ...set(T),
  ...get(LAST_Y),
  ...get(T),
  ...get(T),
  ...get(LAST_Y),
  ...gtS,
  ...select,
]

/** Address of lane `index` of a column array. */
const lane = (col: number, index: number[]): number[] => [...get(col), ...index, ...i32(1), ...shl, ...add]

/** col[pad + x] += src row at ADD_ROW (and −= the row at SUB_ROW) for every x, 8 lanes at a time. */
const addRow = (col: number, subtract: boolean): number[] => [
  ...lane(col, get(PAD)),
  ...set(P),
  ...forLoop(X, i32(0), get(WIDTH), 8, [
    ...get(P),
    ...get(P),
    ...v.load(),
    ...get(ADD_ROW),
    ...v.load8x8U(),
    ...v.i16Add,
    ...(subtract ? [...get(SUB_ROW), ...v.load8x8U(), ...v.i16Sub] : []),
    ...v.store(),
    ...bump(P, 16),
    ...bump(ADD_ROW, 8),
    ...(subtract ? bump(SUB_ROW, 8) : []),
  ]),
]

/** Column sums of rows clamp(−r … r): the window of the first output row. */
const firstWindow = (col: number, radius: number): number[] =>
  forLoop(Y, [...i32(0), ...get(radius), ...sub], [...get(radius), ...i32(1), ...add], 1, [
    ...get(SRC),
    ...clampRow(get(Y)),
    ...get(WIDTH),
    ...mul,
    ...add,
    ...set(ADD_ROW),
    ...addRow(col, false),
  ])

/** Edge copies: lanes 0…pad−1 = lane pad, lanes end…end+pad−1 = lane end−1. */
const padEdges = (col: number): number[] =>
  forLoop(K, i32(0), get(PAD), 1, [
    ...lane(col, get(K)),
    ...lane(col, get(PAD)),
    ...load16,
    ...store16,
    ...lane(col, [...get(END), ...get(K), ...add]),
    ...lane(col, [...get(END), ...i32(1), ...sub]),
    ...load16,
    ...store16,
  ])

/** Sum of lanes x+pad−radius … x+pad+radius into `into` (eight outputs' box sums). */
const windowSum = (col: number, radius: number, into: number): number[] => [
  ...lane(col, [...get(X), ...get(PAD), ...add, ...get(radius), ...sub]),
  ...tee(Q),
  ...v.load(),
  ...set(into),
  ...forLoop(K, i32(1), [...get(radius), ...i32(1), ...shl, ...i32(1), ...add], 1, [
    ...bump(Q, 2),
    ...get(into),
    ...get(Q),
    ...v.load(),
    ...v.i16Add,
    ...set(into),
  ]),
]

/** (inner·ki − outer·ko + 512) >> 10 for four lanes (low or high half). */
const weighted = (extmul: number[]): number[] => [
  ...get(SUM_INNER),
  ...get(VKI),
  ...extmul,
  ...get(SUM_OUTER),
  ...get(VKO),
  ...extmul,
  ...v.i32Sub,
  ...get(ROUND),
  ...v.i32Add,
  ...i32(10),
  ...v.i32ShrS,
]

/** Moves a window down one row: adds row clamp(y + r + 1), subtracts row clamp(y − r). */
const slideWindow = (col: number, radius: number): number[] => [
  ...get(SRC),
  ...clampRow([...get(Y), ...get(radius), ...add, ...i32(1), ...add]),
  ...get(WIDTH),
  ...mul,
  ...add,
  ...set(ADD_ROW),
  ...get(SRC),
  ...clampRow([...get(Y), ...get(radius), ...sub]),
  ...get(WIDTH),
  ...mul,
  ...add,
  ...set(SUB_ROW),
  ...addRow(col, true),
]

export const bandpassKernel: KernelFunction = {
  name: 'bandpass',
  params: 10,
  locals: { i32: 11, v128: 6 },
  body: [
    ...get(OUTER),
    ...i32(1),
    ...add,
    ...set(PAD),
    ...get(PAD),
    ...get(WIDTH),
    ...add,
    ...set(END),
    ...get(HEIGHT),
    ...i32(1),
    ...sub,
    ...set(LAST_Y),
    ...get(KI),
    ...v.i16Splat,
    ...set(VKI),
    ...get(KO),
    ...v.i16Splat,
    ...set(VKO),
    ...i32(512),
    ...v.i32Splat,
    ...set(ROUND),
    ...firstWindow(COL_INNER, INNER),
    ...firstWindow(COL_OUTER, OUTER),
    ...forLoop(Y, i32(0), get(HEIGHT), 1, [
      ...padEdges(COL_INNER),
      ...padEdges(COL_OUTER),
      ...get(DST),
      ...get(Y),
      ...get(WIDTH),
      ...mul,
      ...add,
      ...set(P),
      ...forLoop(X, i32(0), get(WIDTH), 8, [
        ...windowSum(COL_INNER, INNER, SUM_INNER),
        ...windowSum(COL_OUTER, OUTER, SUM_OUTER),
        ...get(P),
        ...weighted(v.i32ExtmulLowI16U),
        ...weighted(v.i32ExtmulHighI16U),
        ...v.i16NarrowI32S,
        ...tee(R),
        ...get(R),
        ...v.i8NarrowI16U,
        ...v.store(),
        ...bump(P, 8),
      ]),
      ...slideWindow(COL_INNER, INNER),
      ...slideWindow(COL_OUTER, OUTER),
    ]),
  ],
}
