import type { LumaImage } from './luma'

/**
 * zxing-cpp's local-average binariser (`Binarizer::LocalAverage`, HybridBinarizer.cpp, its "new
 * algorithm"), reproduced pixel for pixel so the decoder can binarise in a WebAssembly SIMD kernel
 * and hand zxing the result with `Binarizer::BoolCast` (black where the pixel is 0): zxing then
 * reads exactly the bit matrix it would have made itself, for a third of the binarising cost
 * (docs/benchmarks.md, "Binarising before zxing"). `hybridBinarize` is the JS reference the kernels
 * are tested against and the decoder never runs it (without SIMD, zxing binarises itself, faster than
 * JS); the smoothing of the small block grid (`smoothBlockThresholds`) is shared with the SIMD path.
 *
 * The algorithm, as zxing-cpp has it:
 * 1. 8×8 blocks (the last column and row of blocks shifted back inside the image, overlapping the
 *    one before); a block's threshold is (min + max) / 2 when max − min > 24, else 0 ("no contrast").
 * 2. Each threshold is smoothed over the 5×5 blocks around it (the window clamped inside the grid),
 *    its own block counted twice, blocks without contrast left out of the mean.
 * 3. Blocks whose whole window had no contrast take the next smoothed threshold in row-major order
 *    (the last ones the one before them).
 * 4. A pixel is black when it is ≤ its block's threshold (overlapping blocks: the later one wins).
 * Images under 40 px on a side, and images without a single block of contrast, are binarised by a
 * global histogram in zxing (the latter only in newer versions): `null` here, and the caller lets
 * zxing binarise them itself.
 */

const blockSize = 8
/** zxing's MIN_DYNAMIC_RANGE: a block whose grey levels span no more than this has no threshold. */
const minDynamicRange = 24
/** zxing's WINDOW_SIZE: below this on either side zxing uses its global histogram instead. */
export const minBinarizeSide = 5 * blockSize

/** Blocks per row and per column of a `width`×`height` image. */
export const blockGrid = (width: number, height: number) => ({ columns: (width + blockSize - 1) >> 3, rows: (height + blockSize - 1) >> 3 })

/** Calls `visit` for every 8×8 block with its grid position and its top-left pixel (zxing's placement). */
function forEachBlock(width: number, height: number, visit: (bx: number, by: number, x0: number, y0: number) => void): void {
  const { columns, rows } = blockGrid(width, height)
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < columns; bx++) visit(bx, by, Math.min(bx * blockSize, width - blockSize), Math.min(by * blockSize, height - blockSize))
  }
}

/** Step 1: each block's raw threshold, row-major into `raw` with `stride` entries per block row. */
function rawBlockThresholds(image: LumaImage, raw: Uint8Array, stride: number): void {
  const { data, width, height } = image
  forEachBlock(width, height, (bx, by, x0, y0) => {
    let min = 255
    let max = 0
    for (let y = y0; y < y0 + blockSize; y++) {
      for (let i = y * width + x0, end = i + blockSize; i < end; i++) {
        const v = data[i]!
        if (v < min) min = v
        if (v > max) max = v
      }
    }
    raw[by * stride + bx] = max - min > minDynamicRange ? (max + min) >> 1 : 0
  })
}

let windowSums = new Int32Array(0)
let windowCounts = new Int32Array(0)

/**
 * Steps 2 and 3: the smoothed thresholds of `raw` (`columns`×`rows` blocks, `stride` per row) into
 * `out` (`columns` per row). The clamped 5×5 windows have (rows − 4)·(columns − 4) distinct
 * positions; their sums (and counts of blocks with contrast) are taken once each, as sliding sums
 * of sliding 5-block column sums (integers, so the same values as adding the 25 one by one). False
 * when no block has contrast.
 */
export function smoothBlockThresholds(raw: Uint8Array, columns: number, rows: number, stride: number, out: Uint8Array): boolean {
  const tops = rows - 4
  const lefts = columns - 4
  if (windowSums.length < tops * lefts + columns) {
    windowSums = new Int32Array(tops * lefts + columns)
    windowCounts = new Int32Array(tops * lefts + columns)
  }
  // The current 5-block column sums, kept after the windows' positions.
  const column = tops * lefts
  for (let x = 0; x < columns; x++) {
    let sum = 0
    let count = 0
    for (let y = 0; y < 5; y++) {
      const v = raw[y * stride + x]!
      sum += v
      count += v > 0 ? 1 : 0
    }
    windowSums[column + x] = sum
    windowCounts[column + x] = count
  }
  for (let t = 0; t < tops; t++) {
    if (t > 0) {
      // Slide the column sums down one block: add row t + 4, drop row t − 1.
      const enter = (t + 4) * stride
      const leave = (t - 1) * stride
      for (let x = 0; x < columns; x++) {
        const a = raw[enter + x]!
        const b = raw[leave + x]!
        windowSums[column + x]! += a - b
        windowCounts[column + x]! += (a > 0 ? 1 : 0) - (b > 0 ? 1 : 0)
      }
    }
    let sum = 0
    let count = 0
    for (let x = 0; x < 5; x++) {
      sum += windowSums[column + x]!
      count += windowCounts[column + x]!
    }
    const row = t * lefts
    windowSums[row] = sum
    windowCounts[row] = count
    for (let l = 1; l < lefts; l++) {
      sum += windowSums[column + l + 4]! - windowSums[column + l - 1]!
      count += windowCounts[column + l + 4]! - windowCounts[column + l - 1]!
      windowSums[row + l] = sum
      windowCounts[row + l] = count
    }
  }
  let any = false
  for (let y = 0; y < rows; y++) {
    const row = (Math.min(Math.max(y, 2), rows - 3) - 2) * lefts
    const rawRow = y * stride
    const outRow = y * columns
    for (let x = 0; x < columns; x++) {
      const at = row + (x < 2 ? 0 : x > columns - 3 ? columns - 5 : x - 2)
      const own = raw[rawRow + x]!
      const count = windowCounts[at]! + (own > 0 ? 2 : 0)
      // Non-negative integers under 2³¹: `| 0` is the floor of zxing's integer division.
      const value = count > 0 ? ((windowSums[at]! + own * 2) / count) | 0 : 0
      out[outRow + x] = value
      any ||= value > 0
    }
  }
  if (!any) return false
  // Step 3: runs of 0 take the next value after them; a trailing run the last value before it.
  const blocks = columns * rows
  let last = -1
  for (let i = 0; i < blocks; i++) {
    if (out[i]) {
      if (last !== i - 1) out.fill(out[i]!, last + 1, i)
      last = i
    }
  }
  out.fill(out[last]!, last + 1, blocks)
  return true
}

/** Step 4 for one image: 0 (black) where a pixel is ≤ its block's smoothed threshold, else 255. */
function applyBlockThresholds(image: LumaImage, thresholds: Uint8Array, out: Uint8Array): void {
  const { data, width, height } = image
  const { columns } = blockGrid(width, height)
  forEachBlock(width, height, (bx, by, x0, y0) => {
    const threshold = thresholds[by * columns + bx]!
    for (let y = y0; y < y0 + blockSize; y++) {
      for (let i = y * width + x0, end = i + blockSize; i < end; i++) out[i] = data[i]! <= threshold ? 0 : 255
    }
  })
}

/** The whole binariser in JS (the reference): 0/255 pixels, or null where zxing would not use it. */
export function hybridBinarize(image: LumaImage): LumaImage | null {
  const { width, height } = image
  if (width < minBinarizeSide || height < minBinarizeSide) return null
  const { columns, rows } = blockGrid(width, height)
  const raw = new Uint8Array(columns * rows)
  rawBlockThresholds(image, raw, columns)
  const smoothed = new Uint8Array(columns * rows)
  if (!smoothBlockThresholds(raw, columns, rows, columns, smoothed)) return null
  const out = new Uint8Array(width * height)
  applyBlockThresholds(image, smoothed, out)
  return { data: out, width, height }
}
