import { add, and, eq, forLoop, get, gtU, i32, ifElse, load8U, minS, mul, select, set, shrU, store8, sub, tee, v } from './wasm-ops'
import type { KernelFunction } from './wasm-writer'

/**
 * zxing-cpp's local-average binariser as two SIMD kernels (hybrid-binarize.ts has the algorithm and
 * the JS reference they are tested against); the smoothing between them runs in JS on the small grid
 * of block thresholds.
 */

/**
 * `blockThresholds(src, width, height, raw, stride)`: step 1, each 8×8 block's threshold
 * ((min + max) >> 1 when max − min > 24, else 0) into `raw` (`stride` bytes per block row). Two
 * blocks per iteration: the eight rows' byte-wise min and max of 16 columns, then a min/max within
 * each 8-lane half. A row whose width is not a multiple of 8 ends with one more block placed at
 * width − 8. Reads up to 15 bytes past a row's end; with an odd number of whole blocks, writes one
 * byte past the row's last block (stride ≥ blocks per row + 1); the caller leaves slack.
 */
const [SRC, WIDTH, HEIGHT, RAW, STRIDE] = [0, 1, 2, 3, 4]
const [BY, ROWS, WHOLE, X, P, OUT, LO, HI] = [5, 6, 7, 8, 9, 10, 11, 12]
const [VMIN, VMAX, T] = [13, 14, 15]

/** In both 8-lane halves, `op` of the half's lanes into its first lane (lanes 0 and 8). */
const reduceHalves = (local: number, op: number[]): number[] =>
  [4, 2, 1].flatMap((step) => [
    ...get(local),
    ...get(local),
    ...get(local),
    ...v.shuffle(Array.from({ length: 16 }, (_, i) => (i % 8 < step ? i + step : 0))),
    ...op,
    ...set(local),
  ])

/** Min and max of the 8 rows × 16 bytes at P (row pitch WIDTH) into VMIN, VMAX, reduced per half. */
const blockPairRange: number[] = [
  ...get(P),
  ...v.load(),
  ...tee(VMIN),
  ...set(VMAX),
  ...[1, 2, 3, 4, 5, 6, 7].flatMap(() => [
    ...get(P),
    ...get(WIDTH),
    ...add,
    ...tee(P),
    ...v.load(),
    ...tee(T),
    ...get(VMIN),
    ...v.i8MinU,
    ...set(VMIN),
    ...get(T),
    ...get(VMAX),
    ...v.i8MaxU,
    ...set(VMAX),
  ]),
  ...reduceHalves(VMIN, v.i8MinU),
  ...reduceHalves(VMAX, v.i8MaxU),
]

/** Stores the threshold of the half starting at lane `lane` at `address`. */
const storeThreshold = (address: number[], lane: number): number[] => [
  ...address,
  ...get(VMIN),
  ...v.i8ExtractLaneU(lane),
  ...set(LO),
  ...get(VMAX),
  ...v.i8ExtractLaneU(lane),
  ...set(HI),
  ...get(HI),
  ...get(LO),
  ...add,
  ...i32(1),
  ...shrU,
  ...i32(0),
  ...get(HI),
  ...get(LO),
  ...sub,
  ...i32(24),
  ...gtU,
  ...select,
  ...store8,
]

/** P = SRC + y0·WIDTH + x, y0 = min(BY·8, HEIGHT − 8). */
const blockRowStart = (x: number[]): number[] => [
  ...get(SRC),
  ...minS([...get(BY), ...i32(8), ...mul], [...get(HEIGHT), ...i32(8), ...sub]),
  ...get(WIDTH),
  ...mul,
  ...add,
  ...x,
  ...add,
  ...set(P),
]

export const blockThresholdsKernel: KernelFunction = {
  name: 'blockThresholds',
  params: 5,
  locals: { i32: 8, v128: 3 },
  body: [
    ...get(HEIGHT),
    ...i32(7),
    ...add,
    ...i32(3),
    ...shrU,
    ...set(ROWS),
    // WHOLE = width rounded down to whole blocks
    ...get(WIDTH),
    ...i32(-8),
    ...and,
    ...set(WHOLE),
    ...forLoop(BY, i32(0), get(ROWS), 1, [
      ...get(RAW),
      ...get(BY),
      ...get(STRIDE),
      ...mul,
      ...add,
      ...set(OUT),
      ...forLoop(X, i32(0), get(WHOLE), 16, [
        ...blockRowStart(get(X)),
        ...blockPairRange,
        ...storeThreshold([...get(OUT), ...get(X), ...i32(3), ...shrU, ...add], 0),
        ...storeThreshold([...get(OUT), ...get(X), ...i32(3), ...shrU, ...add, ...i32(1), ...add], 8),
      ]),
      // A partial last block: the 8 columns ending at the row's end, stored after the whole ones.
      ...get(WIDTH),
      ...get(WHOLE),
      ...sub,
      ...ifElse(
        [
          ...blockRowStart([...get(WIDTH), ...i32(8), ...sub]),
          ...blockPairRange,
          ...storeThreshold([...get(OUT), ...get(WHOLE), ...i32(3), ...shrU, ...add], 0),
        ],
        [],
      ),
    ]),
  ],
}

/**
 * `applyThresholds(src, width, height, thresholds, columns, rows, dst, line)`: step 4, 255 where a
 * pixel is above its block's smoothed threshold, 0 (black) where not, 16 pixels per iteration. Per
 * row of blocks the thresholds are spread over a line of `width` bytes (block k at 8k, the last
 * block at width − 8, later blocks overwriting earlier ones as zxing's do), and that row of
 * blocks' pixel rows compared with it: rows from 8·by up to the next row of blocks' start, the
 * last row of blocks from height − 8 (where zxing places it). Reads and writes up to 15 bytes past
 * a row's end (the next row, written later, or slack) and up to 8 past `line`'s end.
 */
const [A_SRC, A_WIDTH, A_HEIGHT, A_THR, A_COLUMNS, A_ROWS, A_DST, A_LINE] = [0, 1, 2, 3, 4, 5, 6, 7]
const [A_BY, A_BX, A_Y, A_END, A_X, A_IN, A_OUT, A_LAST] = [8, 9, 10, 11, 12, 13, 14, 15]

/** Rows of the pixel row loop: from (stack) to A_END. */
const compareRows: number[] = [
  ...forLoop(A_Y, [], get(A_END), 1, [
    ...get(A_SRC),
    ...get(A_Y),
    ...get(A_WIDTH),
    ...mul,
    ...add,
    ...set(A_IN),
    ...get(A_DST),
    ...get(A_Y),
    ...get(A_WIDTH),
    ...mul,
    ...add,
    ...set(A_OUT),
    ...forLoop(A_X, i32(0), get(A_WIDTH), 16, [
      ...get(A_OUT),
      ...get(A_X),
      ...add,
      ...get(A_IN),
      ...get(A_X),
      ...add,
      ...v.load(),
      ...get(A_LINE),
      ...get(A_X),
      ...add,
      ...v.load(),
      ...v.i8GtU,
      ...v.store(),
    ]),
  ]),
]

/** The line of thresholds for block row A_BY. */
const spreadLine: number[] = [
  ...forLoop(A_BX, i32(0), [...get(A_COLUMNS), ...i32(1), ...sub], 1, [
    ...get(A_LINE),
    ...get(A_BX),
    ...i32(8),
    ...mul,
    ...add,
    ...get(A_THR),
    ...get(A_BY),
    ...get(A_COLUMNS),
    ...mul,
    ...add,
    ...get(A_BX),
    ...add,
    ...load8U,
    ...v.i8Splat,
    ...v.store(),
  ]),
  ...get(A_LINE),
  ...get(A_WIDTH),
  ...add,
  ...i32(8),
  ...sub,
  ...get(A_THR),
  ...get(A_BY),
  ...get(A_COLUMNS),
  ...mul,
  ...add,
  ...get(A_COLUMNS),
  ...add,
  ...i32(1),
  ...sub,
  ...load8U,
  ...v.i8Splat,
  ...v.store(),
]

export const applyThresholdsKernel: KernelFunction = {
  name: 'applyThresholds',
  params: 8,
  locals: { i32: 8, v128: 0 },
  body: [
    ...get(A_ROWS),
    ...i32(1),
    ...sub,
    ...set(A_LAST),
    ...forLoop(A_BY, i32(0), get(A_ROWS), 1, [
      ...spreadLine,
      ...get(A_BY),
      ...get(A_LAST),
      ...eq,
      ...ifElse(
        [...get(A_HEIGHT), ...set(A_END), ...get(A_HEIGHT), ...i32(8), ...sub, ...compareRows],
        [
          // A_END = min(8·by + 8, height − 8)
          ...minS([...get(A_BY), ...i32(8), ...mul, ...i32(8), ...add], [...get(A_HEIGHT), ...i32(8), ...sub]),
          ...set(A_END),
          ...get(A_BY),
          ...i32(8),
          ...mul,
          ...compareRows,
        ],
      ),
    ]),
  ],
}
