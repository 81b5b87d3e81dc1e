import { add, bump, divU, forLoop, get, i32, mul, set, shl, tee, v } from './wasm-ops'
import type { KernelFunction } from './wasm-writer'

/**
 * `twoThirds(src, width, height, dst)`: the 2/3 area downscale of downscale-two-thirds.ts, exactly
 * (each output (2·a + b)/9 over the row sums P = 2·x₀ + x₁ or x₁ + 2·x₂, rounded to nearest:
 * i16x8.q15mulr_sat_s(v, 3641) = round(v / 9) for every v ≤ 2295), 8 blocks → 16 outputs per
 * iteration. Each block row is written in two sweeps — its first output row (from source rows 0 and
 * 1), then its second (rows 2 and 1) — so the first sweep's overrun past its row end is overwritten by
 * the second. Reads up to 23 bytes past a row's last block and writes up to 15 past the last output:
 * the caller leaves slack.
 */
const [SRC, WIDTH, HEIGHT, DST, BY, O, ROW_END, A, B, OUT_W, BLOCKS_Y] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
const [X0, X1, X2, PA, QA, NINTH] = [11, 12, 13, 14, 15, 16]

/** Byte k of a‖b for the 8 blocks' first, middle and last pixels (a: bytes 0–15, b: bytes 8–23). */
const gather = (first: number): number[] =>
  [0, 1, 2, 3, 4, 5, 6, 7].map((k) => (3 * k + first < 16 ? 3 * k + first : 3 * k + first - 8 + 16)).concat(Array(8).fill(0))

/** x₀, x₁, x₂ of 8 blocks of the row at `row` (widened to 16 bits) into X0, X1, X2. */
const loadRow = (row: number): number[] => [
  ...[0, 1, 2].flatMap((first, i) => [
    ...get(row),
    ...v.load(0),
    ...get(row),
    ...v.load(8),
    ...v.shuffle(gather(first)),
    ...v.i16ExtendLowI8U,
    ...set([X0, X1, X2][i]!),
  ]),
]

/** Left (2·x₀ + x₁) and right (x₁ + 2·x₂) row sums on the stack order: left, then right. */
const rowSums = (): number[] => [...get(X0), ...get(X0), ...v.i16Add, ...get(X1), ...v.i16Add, ...get(X2), ...get(X2), ...v.i16Add, ...get(X1), ...v.i16Add]

/** One output row: 16 outputs from rows A (weight 2) and B (weight 1), stored at O. */
const outputRow: number[] = [
  ...loadRow(A),
  ...rowSums(),
  ...set(QA),
  ...set(PA),
  ...loadRow(B),
  ...rowSums(),
  // stack: Pb, Qb → right = 2·Qa + Qb, left = 2·Pa + Pb
  ...get(QA),
  ...v.i16Add,
  ...get(QA),
  ...v.i16Add,
  ...get(NINTH),
  ...v.i16Q15mulrSatS,
  ...set(X2),
  ...get(PA),
  ...v.i16Add,
  ...get(PA),
  ...v.i16Add,
  ...get(NINTH),
  ...v.i16Q15mulrSatS,
  ...get(X2),
  ...v.i8NarrowI16U,
  // left0..7 right0..7 → left0 right0 left1 right1 …
  ...set(X0),
  ...get(O),
  ...get(X0),
  ...get(X0),
  ...v.shuffle([0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15]),
  ...v.store(),
  ...bump(A, 24),
  ...bump(B, 24),
]

/** The sweep over one output row: A, B at their rows' starts, O from `out` to `out` + OUT_W. */
const sweep = (rowA: number[], rowB: number[], out: number[]): number[] => [
  ...rowA,
  ...set(A),
  ...rowB,
  ...set(B),
  ...out,
  ...tee(O),
  ...get(OUT_W),
  ...add,
  ...set(ROW_END),
  ...forLoop(O, get(O), get(ROW_END), 16, outputRow),
]

/** src + (3·by + k)·width */
const sourceRow = (k: number): number[] => [...get(SRC), ...get(BY), ...i32(3), ...mul, ...i32(k), ...add, ...get(WIDTH), ...mul, ...add]
/** dst + (2·by + k)·outW */
const outputStart = (k: number): number[] => [...get(DST), ...get(BY), ...i32(2), ...mul, ...i32(k), ...add, ...get(OUT_W), ...mul, ...add]

export const twoThirdsKernel: KernelFunction = {
  name: 'twoThirds',
  params: 4,
  locals: { i32: 7, v128: 6 },
  body: [
    // OUT_W = 2·⌊width / 3⌋, BLOCKS_Y = ⌊height / 3⌋
    ...get(WIDTH),
    ...i32(3),
    ...divU,
    ...i32(1),
    ...shl,
    ...set(OUT_W),
    ...get(HEIGHT),
    ...i32(3),
    ...divU,
    ...set(BLOCKS_Y),
    ...i32(3641),
    ...v.i16Splat,
    ...set(NINTH),
    ...forLoop(BY, i32(0), get(BLOCKS_Y), 1, [...sweep(sourceRow(0), sourceRow(1), outputStart(0)), ...sweep(sourceRow(2), sourceRow(1), outputStart(1))]),
  ],
}
