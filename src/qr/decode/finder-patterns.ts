import type { LumaImage } from '../image/luma'
import type { Point } from './zxing-engine'

/**
 * QR finder patterns — the 7×7-module squares in three corners of every QR symbol (dark 1, light 1,
 * dark 3, light 1, dark 1 along any line through the centre; ISO/IEC 18004 §6.3.3) — found on their
 * own, without the other two. zxing only reports a symbol when it sees three finders, so a second
 * code cut off by the edge of the picture (or half hidden by a hand) is invisible to it: the
 * pipeline uses this to tell "one code in view" from "one code read and another one partly in view",
 * which at a bench is the neighbouring device's label.
 *
 * The classic run-length search: every other row is read against local block thresholds, five runs
 * in the 1:1:3:1:1 ratio are a candidate, confirmed by the same ratio vertically, horizontally again
 * and diagonally through the centre. Pure and deterministic; it runs on every frame that read a
 * code, so it reads each pixel about once and skips the codes already read.
 */
export interface FinderPattern {
  /** Centre, in the image's pixels. */
  x: number
  y: number
  /** Module size in pixels. */
  module: number
  /** Rows that confirmed it. */
  count: number
}

export interface FinderSearch {
  /** Module sizes (px) to accept; the pipeline passes a range around the read code's. */
  minModule: number
  maxModule: number
  /** At most this many patterns are returned (the search stops there). */
  limit?: number
  /** Light-on-dark (dark-mode) symbols: the pattern's "dark" modules are the bright ones. */
  inverted?: boolean
  /**
   * Grey levels every light run must stand from every dark run along each confirming line (noise
   * that binarises as 1:1:3:1:1 has next to none). The pipeline passes a share of the read code's own.
   */
  minContrast?: number
  /** Convex quads (codes already read) not to search, grown by `excludeGrow` px. */
  exclude?: ReadonlyArray<readonly Point[]>
  excludeGrow?: number
  /**
   * Rows searched: every `rowStep`-th (default 2). A pattern's centre run is 3 modules tall, so with
   * modules of at least `rowStep` px it still crosses at least one searched row.
   */
  rowStep?: number
}

/** Whether five run lengths are 1:1:3:1:1 within half a module each (zxing's tolerance). */
function ratioOk(runs: ArrayLike<number>, minModule: number, maxModule: number): number {
  const total = runs[0]! + runs[1]! + runs[2]! + runs[3]! + runs[4]!
  if (total < 7) return 0
  const module = total / 7
  if (module < minModule || module > maxModule) return 0
  const tolerance = module / 2
  if (Math.abs(module - runs[0]!) >= tolerance) return 0
  if (Math.abs(module - runs[1]!) >= tolerance) return 0
  if (Math.abs(3 * module - runs[2]!) >= 3 * tolerance) return 0
  if (Math.abs(module - runs[3]!) >= tolerance) return 0
  if (Math.abs(module - runs[4]!) >= tolerance) return 0
  return module
}

/**
 * One search's image, thresholds and limits. The search's steps are module-level functions over it,
 * not closures made per search: optimised code that inlines a closure is thrown away when the next
 * search makes new ones (V8 deoptimises on the new call target, and again when a GC frees the old
 * one), which cost the first frames of a kind 5–10 ms in bench:qr.
 */
interface Search {
  data: Uint8Array
  width: number
  height: number
  thresholds: Float64Array
  shift: number
  columns: number
  inverted: boolean
  minModule: number
  maxModule: number
  minContrast: number
  maxRun: number
  found: FinderPattern[]
}

/** A pixel is dark when it is below its neighbourhood's mean by a margin (flat areas are light: noise in a flat patch must not draw runs). */
const margin = 6

function isDark(s: Search, x: number, y: number): boolean {
  const threshold = s.thresholds[(y >> s.shift) * s.columns + (x >> s.shift)]!
  const v = s.data[y * s.width + x]!
  return s.inverted ? v > threshold + margin : v < threshold - margin
}

/** One walk's parts (dark centre part, light, dark): lengths, then grey sums; reused by `runsThrough`. */
const walked = new Float64Array(6)

/**
 * Walks from (cx, cy) by (sx, sy) through the dark centre part, then light, then dark, into `walked`.
 * False when a part is empty or longer than `maxRun`, or the first two are cut by the image's edge
 * (the outer dark run may end there).
 */
function walk(s: Search, cx: number, cy: number, sx: number, sy: number, maxRun: number): boolean {
  const { width, height } = s
  let x = cx
  let y = cy
  for (let part = 0; part < 3; part++) {
    const wantDark = part !== 1
    let length = 0
    let sum = 0
    while (x >= 0 && y >= 0 && x < width && y < height && isDark(s, x, y) === wantDark) {
      length++
      sum += s.data[y * width + x]!
      if (length > maxRun) return false
      x += sx
      y += sy
    }
    walked[part] = length
    walked[3 + part] = sum
    if (length === 0 || (part < 2 && !(x >= 0 && y >= 0 && x < width && y < height))) return false
  }
  return true
}

/**
 * The five runs through (cx, cy) along direction (dx, dy), the centre run dark: [outer, inner, centre,
 * inner, outer] lengths, and the centre run's middle as an offset from (cx, cy) along the direction
 * (for re-centring). Null when a run is empty, longer than `maxRun`, or cut by the image's edge.
 */
function runsThrough(s: Search, cx: number, cy: number, dx: number, dy: number, maxRun: number) {
  if (!isDark(s, cx, cy)) return null
  if (!walk(s, cx, cy, -dx, -dy, maxRun)) return null
  const b0 = walked[0]!
  const b1 = walked[1]!
  const b2 = walked[2]!
  const backSum0 = walked[3]!
  const backSum1 = walked[4]!
  const backSum2 = walked[5]!
  if (!walk(s, cx, cy, dx, dy, maxRun)) return null
  const f0 = walked[0]!
  const f1 = walked[1]!
  const f2 = walked[2]!
  // Both walks counted the centre pixel.
  const runs = new Float64Array([b2, b1, b0 + f0 - 1, f1, f2])
  // How far the light runs stand from the dark ones, in grey levels (the weaker side counts): noise
  // that happens to binarise as 1:1:3:1:1 has next to none; a printed or displayed finder has plenty.
  const light0 = backSum1 / b1
  const light1 = walked[4]! / f1
  const dark0 = (backSum0 + walked[3]!) / (b0 + f0)
  const dark1 = backSum2 / b2
  const dark2 = walked[5]! / f2
  // Positive for the polarity `dark` stands for (light-on-dark symbols: the "dark" runs are the bright ones).
  const contrast = Math.max(Math.min(light0, light1) - Math.max(dark0, dark1, dark2), Math.min(dark0, dark1, dark2) - Math.max(light0, light1))
  return { runs, centreOffset: (f0 - b0) / 2, contrast }
}

/** Confirms a row's candidate: vertical through its centre, re-centre, then horizontal again and one diagonal. */
function confirm(s: Search, cx: number, cy: number, horizontalModule: number): FinderPattern | null {
  const { minModule, maxModule, minContrast, maxRun } = s
  const vertical = runsThrough(s, cx, cy, 0, 1, maxRun)
  if (!vertical || vertical.contrast < minContrast) return null
  const verticalModule = ratioOk(vertical.runs, minModule, maxModule)
  if (!verticalModule || Math.abs(verticalModule - horizontalModule) > 0.4 * horizontalModule) return null
  const y = Math.round(cy + vertical.centreOffset)
  const horizontal = runsThrough(s, cx, y, 1, 0, maxRun)
  if (!horizontal || horizontal.contrast < minContrast) return null
  const againModule = ratioOk(horizontal.runs, minModule, maxModule)
  if (!againModule) return null
  const x = Math.round(cx + horizontal.centreOffset)
  const diagonal = runsThrough(s, x, y, 1, 1, Math.ceil(maxRun * 1.5))
  if (!diagonal || diagonal.contrast < minContrast) return null
  // Along a diagonal a module is up to √2 longer (less when the code is rolled).
  if (!ratioOk(diagonal.runs, minModule, maxModule * Math.SQRT2)) return null
  return { x, y, module: (verticalModule + againModule) / 2, count: 1 }
}

/** A pattern already found within three modules of (x, y). */
function near(found: FinderPattern[], x: number, y: number, module: number): FinderPattern | undefined {
  for (const f of found) if (Math.hypot(f.x - x, f.y - y) < 3 * Math.max(f.module, module)) return f
  return undefined
}

/** A row's five runs ending at `endX`: counted again for a pattern found already, else confirmed and added. */
function consider(s: Search, counts: Float64Array, endX: number, y: number): void {
  const module = ratioOk(counts, s.minModule, s.maxModule)
  if (!module) return
  const cx = Math.round(endX - counts[4]! - counts[3]! - counts[2]! / 2)
  const seen = near(s.found, cx, y, module)
  if (seen) {
    seen.count++
    return
  }
  const pattern = confirm(s, cx, y, module)
  if (!pattern) return
  const same = near(s.found, pattern.x, pattern.y, pattern.module)
  if (same) same.count++
  else s.found.push(pattern)
}

/**
 * Local thresholds: the mean of the 5×5 blocks around each block, blocks of a fifth of ~8 largest
 * modules (so a pattern's own 7 modules fit the window), like zxing's hybrid binariser. Block means
 * are taken from every `rowStep`-th row (every other at least): a mean does not need them all, and
 * this runs on every frame that read a code.
 */
function blockThresholds(image: LumaImage, maxModule: number, rowStep: number) {
  const { data, width, height } = image
  const shift = Math.max(2, Math.min(5, Math.ceil(Math.log2((maxModule * 8) / 5))))
  const size = 1 << shift
  const columns = (width + size - 1) >> shift
  const rows = (height + size - 1) >> shift
  const blocks = columns * rows
  const sums = scratch(0, blocks)
  // Pixels summed per block: the rows sampled in its block row times its width (the last block
  // row and column may be short), so a window's count is a product of two sums.
  const rowsSampled = scratch(1, rows)
  const blockWidths = scratch(2, columns)
  for (let column = 0; column < columns; column++) blockWidths[column] = Math.min(size, width - column * size)
  for (let y = 0; y < height; y += rowStep) {
    const row = y * width
    const blockRow = (y >> shift) * columns
    rowsSampled[y >> shift]!++
    for (let column = 0; column < columns; column++) {
      // One block's stretch of the row summed in a local (integers: the same sum in any order).
      const end = Math.min(width, (column + 1) << shift)
      let sum = 0
      for (let x = column << shift; x < end; x++) sum += data[row + x]!
      sums[blockRow + column]! += sum
    }
  }
  // The 5×5 blocks around each block (clipped at the grid's edges), as sliding sums along each row
  // of blocks and then down each column (integer sums: the same means as adding the 25 one by one).
  const rowSums = scratch(3, blocks)
  const rowWidths = scratch(5, columns)
  for (let bx = 0; bx < columns; bx++) {
    let samples = 0
    for (let i = Math.max(0, bx - 2); i <= Math.min(columns - 1, bx + 2); i++) samples += blockWidths[i]!
    rowWidths[bx] = samples
  }
  for (let by = 0; by < rows; by++) {
    const at = by * columns
    let sum = 0
    for (let i = 0; i <= Math.min(columns - 1, 2); i++) sum += sums[at + i]!
    for (let bx = 0; bx < columns; bx++) {
      rowSums[at + bx] = sum
      if (bx + 3 < columns) sum += sums[at + bx + 3]!
      if (bx - 2 >= 0) sum -= sums[at + bx - 2]!
    }
  }
  const thresholds = scratch(4, blocks)
  for (let bx = 0; bx < columns; bx++) {
    let sum = 0
    let sampledRows = 0
    for (let j = 0; j <= Math.min(rows - 1, 2); j++) {
      sum += rowSums[j * columns + bx]!
      sampledRows += rowsSampled[j]!
    }
    for (let by = 0; by < rows; by++) {
      const count = sampledRows * rowWidths[bx]!
      thresholds[by * columns + bx] = count > 0 ? sum / count : 0
      if (by + 3 < rows) {
        sum += rowSums[(by + 3) * columns + bx]!
        sampledRows += rowsSampled[by + 3]!
      }
      if (by - 2 >= 0) {
        sum -= rowSums[(by - 2) * columns + bx]!
        sampledRows -= rowsSampled[by - 2]!
      }
    }
  }
  return { thresholds, shift, columns }
}

let cutoffArray = new Int16Array(0)
/** The per-pixel cut-offs of one row (reused from call to call; filled before use). */
function cutoffRow(width: number): Int16Array {
  if (cutoffArray.length < width) cutoffArray = new Int16Array(Math.max(width, 2048))
  return cutoffArray
}

/**
 * Working arrays reused from call to call (the search runs once or twice per camera frame, in one
 * thread): zeroed, `length` long.
 */
const scratchArrays: Float64Array[] = []
function scratch(slot: number, length: number): Float64Array {
  let array = scratchArrays[slot]
  if (!array || array.length < length) scratchArrays[slot] = array = new Float64Array(Math.max(length, 1024))
  const view = array.subarray(0, length)
  view.fill(0)
  return view
}

/** The x-ranges of row `y` inside any of the convex `quads` (grown by `grow`), sorted. */
function excludedSpans(quads: ReadonlyArray<readonly Point[]>, y: number, grow: number): Array<[number, number]> {
  const spans: Array<[number, number]> = []
  for (const quad of quads) {
    let lo = Infinity
    let hi = -Infinity
    for (let i = 0; i < quad.length; i++) {
      const a = quad[i]!
      const b = quad[(i + 1) % quad.length]!
      if ((a.y <= y && b.y >= y) || (b.y <= y && a.y >= y)) {
        const x = a.y === b.y ? Math.min(a.x, b.x) : a.x + ((y - a.y) * (b.x - a.x)) / (b.y - a.y)
        const x2 = a.y === b.y ? Math.max(a.x, b.x) : x
        lo = Math.min(lo, x)
        hi = Math.max(hi, x2)
      }
    }
    if (lo <= hi) spans.push([Math.floor(lo - grow), Math.ceil(hi + grow)])
  }
  return spans.sort((p, q) => p[0] - q[0])
}

/**
 * Finder patterns in `image` with a module size in [minModule, maxModule], outside `exclude` (the
 * codes already read: their own finders, and the noise of their data modules, are not searched).
 */
export function findFinderPatterns(image: LumaImage, search: FinderSearch): FinderPattern[] {
  const { data, width, height } = image
  const limit = search.limit ?? 16
  const minModule = Math.max(1, search.minModule)
  const maxModule = Math.max(minModule, search.maxModule)
  const inverted = search.inverted === true
  const minContrast = search.minContrast ?? 0
  if (width < 7 || height < 7) return []
  const rowStep = Math.max(1, Math.round(search.rowStep ?? 2))
  // Block means from the searched rows only: a mean does not need every row.
  const { thresholds, shift, columns } = blockThresholds(image, maxModule, Math.max(2, rowStep))
  const found: FinderPattern[] = []
  const context: Search = {
    data,
    width,
    height,
    thresholds,
    shift,
    columns,
    inverted,
    minModule,
    maxModule,
    minContrast,
    maxRun: Math.ceil(maxModule * 4.5),
    found,
  }
  // zxing's row state machine, kept as run lengths: at each dark run that a light pixel ends (not
  // the row's end, nor a code already read), the last five runs — dark, light, dark, light, dark —
  // are a candidate. Every other row: a pattern's centre run is 3 modules tall, so it still crosses
  // at least one searched row. The pixel loop only looks for the next change of colour against a
  // per-pixel cut-off: it runs for about half the frame's pixels on every frame that reads a code
  // (a third faster than a state machine stepped per pixel; same candidates in the same order).
  const exclude = search.exclude ?? []
  const counts = new Float64Array(5)
  const cutoffs = cutoffRow(width)
  let cutoffsRow = -1
  for (let y = 0; y < height && found.length < limit; y += rowStep) {
    const spans = exclude.length > 0 ? excludedSpans(exclude, y, search.excludeGrow ?? 0) : []
    const row = y * width
    // Dark: below the block's mean by the margin (above it, for light-on-dark symbols), as a whole
    // grey level per pixel (the pixels are whole: v < c ⇔ v < ⌈c⌉, v > c ⇔ v > ⌊c⌋), spread over
    // the row once per row of blocks, so the scan below compares pixel with pixel.
    if (y >> shift !== cutoffsRow) {
      cutoffsRow = y >> shift
      const blockRow = cutoffsRow * columns
      for (let column = 0; column < columns; column++) {
        const threshold = thresholds[blockRow + column]!
        const cutoff = inverted ? Math.floor(threshold + margin) : Math.ceil(threshold - margin)
        for (let x = column << shift, end = Math.min(width, (column + 1) << shift); x < end; x++) cutoffs[x] = cutoff
      }
    }
    let span = 0
    let x = 0
    while (x < width) {
      // Inside a code already read (or on the pixel that ends it): start afresh after it.
      while (span < spans.length && spans[span]![1] < x) span++
      if (span < spans.length && spans[span]![0] <= x) {
        x = spans[span]![1] + 1
        continue
      }
      const end = span < spans.length ? Math.min(width, spans[span]![0]) : width
      // The last five runs' lengths, oldest first (locals: this is the loop's hot state).
      let c0 = 0
      let c1 = 0
      let c2 = 0
      let c3 = 0
      let c4 = 0
      let runs = 0
      let runStart = x
      let currentDark = inverted ? data[row + x]! > cutoffs[x]! : data[row + x]! < cutoffs[x]!
      for (;;) {
        // The end of the current run: the first pixel of the other colour.
        if (inverted) {
          if (currentDark) while (x < end && data[row + x]! > cutoffs[x]!) x++
          else while (x < end && data[row + x]! <= cutoffs[x]!) x++
        } else if (currentDark) while (x < end && data[row + x]! < cutoffs[x]!) x++
        else while (x < end && data[row + x]! >= cutoffs[x]!) x++
        if (x >= end) break
        c0 = c1
        c1 = c2
        c2 = c3
        c3 = c4
        c4 = x - runStart
        runs++
        // ratioOk, inline (this runs at every dark run, most of them noise): 7 modules in all, each
        // run within half a module of 1:1:3:1:1.
        if (currentDark && runs >= 5) {
          const total = c0 + c1 + c2 + c3 + c4
          const module = total / 7
          // The same tests as ratioOk, in the same arithmetic (so the same candidates reach it).
          if (total >= 7 && module >= minModule && module <= maxModule) {
            const tolerance = module / 2
            if (
              Math.abs(module - c0) < tolerance &&
              Math.abs(module - c1) < tolerance &&
              Math.abs(3 * module - c2) < 3 * tolerance &&
              Math.abs(module - c3) < tolerance &&
              Math.abs(module - c4) < tolerance
            ) {
              counts[0] = c0
              counts[1] = c1
              counts[2] = c2
              counts[3] = c3
              counts[4] = c4
              consider(context, counts, x, y)
            }
          }
        }
        currentDark = !currentDark
        runStart = x
      }
    }
  }
  // Two searched rows through a pattern when its centre run is at least two row steps tall (every
  // other row: 4 px). Sparser searches ask it of runs three steps tall: a rolled pattern's centre
  // run reads 1:1:3:1:1 on fewer of the rows that cross it.
  const twoRows = (rowStep > 2 ? 3 : 2) * rowStep
  return found.filter((f) => f.count >= (3 * f.module >= twoRows ? 2 : 1))
}

/** Whether point p lies inside the quad grown by `grow` pixels on every side (convex quads). */
export function insideQuad(p: Point, quad: readonly Point[], grow = 0): boolean {
  const cx = quad.reduce((sum, q) => sum + q.x, 0) / quad.length
  const cy = quad.reduce((sum, q) => sum + q.y, 0) / quad.length
  let sign = 0
  for (let i = 0; i < quad.length; i++) {
    const a = quad[i]!
    const b = quad[(i + 1) % quad.length]!
    // Push the edge outwards from the centre by `grow`.
    const ex = b.x - a.x
    const ey = b.y - a.y
    const length = Math.hypot(ex, ey) || 1
    let nx = -ey / length
    let ny = ex / length
    if (nx * (cx - a.x) + ny * (cy - a.y) > 0) {
      nx = -nx
      ny = -ny
    }
    const distance = nx * (p.x - a.x) + ny * (p.y - a.y)
    if (distance > grow) return false
    sign++
  }
  return sign === quad.length
}

/**
 * The contrast of a code in `image`: the spread between the 10th and 90th percentile of the grey
 * levels inside its quad's bounding box (sampled every other pixel). Its dark and light modules make
 * up most of that box, so this is close to light minus dark.
 */
export function codeContrast(image: LumaImage, quad: readonly Point[]): number {
  const x0 = Math.max(0, Math.floor(Math.min(...quad.map((p) => p.x))))
  const x1 = Math.min(image.width - 1, Math.ceil(Math.max(...quad.map((p) => p.x))))
  const y0 = Math.max(0, Math.floor(Math.min(...quad.map((p) => p.y))))
  const y1 = Math.min(image.height - 1, Math.ceil(Math.max(...quad.map((p) => p.y))))
  const histogram = new Uint32Array(256)
  let count = 0
  for (let y = y0; y <= y1; y += 2) {
    for (let x = x0; x <= x1; x += 2) {
      histogram[image.data[y * image.width + x]!]!++
      count++
    }
  }
  if (count === 0) return 0
  const at = (fraction: number) => {
    let seen = 0
    for (let v = 0; v < 256; v++) {
      seen += histogram[v]!
      if (seen >= fraction * count) return v
    }
    return 255
  }
  return at(0.9) - at(0.1)
}
