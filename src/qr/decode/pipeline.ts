import { boxBlur, createBufferPool, crop, downscale, stretchContrast, upscale2, type BufferPool, type FrameInput, type LumaImage } from '../image/luma'
import type { ImageKernels } from '../image/simd/simd-kernels'
import { codeContrast, findFinderPatterns, insideQuad } from './finder-patterns'
import { viewsWithFinderRestored } from './finder-repair'
import { bandpassOf, lumaOf, readBinarized, twoThirdsOf } from './image-steps'
import type { Point, Quad, RawSymbol, ZxingEngine, ZxingPassOptions } from './zxing-engine'

/**
 * The decoder pipeline: a pure function from one camera frame (`{data, width, height}`) to the
 * first symbol found. It tries a fixed list of passes in order — each a pre-processing chain
 * (downscale, contrast stretch, denoise, band-pass) plus zxing-cpp options — sharing intermediate
 * images between passes. When a pass *locates* a QR symbol but cannot decode it (zxing reports a
 * checksum error with the symbol's position and version), a refine stage crops that symbol from the
 * full-resolution frame, scales it to a few pixels per module and retries with stronger
 * band-pass filters tuned to the module size. Frames without a code never pay for the refine stage.
 * RGBA→luma (with its 2× downscale) and the band-pass run as WebAssembly SIMD kernels when given (same
 * pixels as the JS steps; image-steps.ts), and so does zxing's local-average binarisation before each
 * read that asks for it (the same bit matrix). Deterministic: no clocks, no randomness.
 */
export type Step =
  | { op: 'downscale'; factor: number }
  /** Downscale by the smallest integer factor that brings the long edge to ≤ `px`. */
  | { op: 'fit'; px: number }
  | { op: 'stretch'; low?: number; high?: number }
  | { op: 'blur'; radius: number }
  | { op: 'bandpass'; inner: number; outer: number; amount: number }
  /** 255 − v: a light-on-dark (dark-mode) symbol read as a normal one. */
  | { op: 'invert' }
  /**
   * Downscale by the factor of 1, 1.5, 2, 3 or 4 that brings the long edge nearest to `px` (ratio-wise;
   * 1.5 is an area resample, downscale-two-thirds.ts): a 1280×720 frame → 853×480, 1920×1080 → 960×540.
   */
  | { op: 'fitNear'; px: number }

export interface PassSpec {
  name: string
  steps: Step[]
  options: ZxingPassOptions
  /**
   * Read horizontal bands instead of the whole image: `count` overlapping bands of `heightFraction`
   * of the height, top to bottom (zero-copy row views). With zxing's quick 1D scan (15 lines around
   * a band's middle) this covers the frame like tryHarder at a third of the cost.
   */
  strips?: { count: number; heightFraction: number }
}

export interface RefineVariant {
  name: string
  /** Scale the crop so one module is about this many pixels (downscale only). */
  modulePx: number
  /** Band-pass radii: `inner` in px, `outer` in modules; `amount` 0 = no band-pass. */
  inner: number
  outerModules: number
  amount: number
}

export interface RefineSpec {
  variants: RefineVariant[]
  options: ZxingPassOptions
  /** Crop margin around the located symbol, in modules. */
  marginModules: number
  /**
   * Once the pass of this name has run and a QR symbol has been located but not read, refine it
   * right away and stop there: the later passes look for small codes and 1D barcodes, which a
   * frame holding a located QR symbol is not. A symbol first located by a pass after this one is
   * refined before the next pass runs (which then runs only when refine failed). Without it,
   * refine runs after the last pass.
   */
  after?: string
}

export interface PipelineSpec {
  name: string
  passes: PassSpec[]
  refine: RefineSpec | null
  /**
   * Read each pass for one symbol first, and again for all of them (`maxSymbols`) only when that
   * found or located one (as before session 7; bench A/B). By default a pass reads for all symbols
   * at once: the same symbols — a read for one returns nothing exactly when a read for several does,
   * both try the same finder-pattern triples — without the second read on frames that hold a code
   * (bench:qr harder kinds, seeds 4242 and 31337: same results frame by frame, 17 % less time on
   * dark-mode, steep and finger frames, about the same on frames without a code).
   */
  oneSymbolFirst?: boolean
}

export interface DecodeResult {
  text: string
  bytes: Uint8Array
  format: string
  /** Symbol corners in the input frame's pixels. */
  position: Quad
  /** Name of the pass that found it. */
  pass: string
  inverted: boolean
  /** QR version (1–40); 0 for other formats. */
  version: number
}

/** Everything one frame showed: the symbols read, and QR symbols located but not read. */
export interface FrameScan {
  /** Distinct symbols (by format and text), in the order they were found. */
  symbols: DecodeResult[]
  /** Corners of QR symbols that were located but could not be read (another code may be there). */
  unread: Quad[]
  /**
   * Centres of QR finder patterns outside every symbol read or located: part of another code — cut
   * off by the picture's edge or half covered — that could not even be located (only with
   * `PipelineOptions.lookAround`, and only when a wanted symbol was read).
   */
  partial: Point[]
}

export interface FrameDecoder {
  readonly name: string
  readonly engine: 'zxing-wasm' | 'jsqr'
  /** Whether the image steps run as WebAssembly SIMD kernels or in JS (same pixels either way). */
  readonly imageSteps: 'simd' | 'js'
  /** The first symbol found (a single-code reader's answer). */
  decode(frame: FrameInput): DecodeResult | null
  /** Every symbol found in the frame (see `PipelineOptions.wanted` for when the search stops). */
  scan(frame: FrameInput): FrameScan
  dispose(): void
}

export interface PipelineOptions {
  /** The SIMD image steps (null: the JS ones; same pixels either way). */
  kernels?: ImageKernels | null
  /**
   * The symbols the caller acts on (the app: Autopilot payloads). With it, `scan` keeps going
   * through the passes until one such symbol is read and no located QR symbol is left unread, so a
   * Wi-Fi sticker read by the first pass does not hide the device's code read by a later one.
   * Without it, the search stops at the first pass that reads anything.
   */
  wanted?: (text: string, format: string) => boolean
  /**
   * After reading a wanted symbol, look for finder patterns of another QR code of about the same
   * module size that zxing could not even locate (it needs all three): a neighbouring device's code
   * cut off by the edge of the picture. Costs a finder search on the 640 px image of frames that
   * read a code (about half a millisecond at 720p).
   */
  lookAround?: boolean
  /**
   * When every pass and refine failed to read a wanted symbol and nothing is left located: look for
   * two finder patterns of one size with the third hidden (a thumb or glare over a corner), draw the
   * third back where they put it and read again (finder-repair.ts). Costs a finder search of the
   * full-resolution frame (every 6th row at 720p, ~0.8 ms) on such frames, and up to four reads of a
   * crop when a pair is found. The crops are read with the refine stage's options (one located
   * symbol's region), so a pipeline without a refine stage does not restore.
   */
  restoreFinders?: boolean
}

const stepKey = (step: Step): string => {
  switch (step.op) {
    case 'downscale':
      return `d${step.factor}`
    case 'fit':
      return `f${step.px}`
    case 'stretch':
      return `s${step.low ?? 0.01}-${step.high ?? 0.99}`
    case 'blur':
      return `b${step.radius}`
    case 'bandpass':
      return `p${step.inner}-${step.outer}-${step.amount}`
    case 'invert':
      return 'i'
    case 'fitNear':
      return `n${step.px}`
  }
}

interface Scaled {
  image: LumaImage
  /** Frame px per image px. */
  scale: number
  /** Identity of the pixels (same key → same image), so identical passes run once. */
  key: string
}

const nearFactors = [1, 1.5, 2, 3, 4]
/** The factor of `nearFactors` that brings `long` px nearest to `px` (by ratio). */
function nearFactor(long: number, px: number): number {
  let best = 1
  for (const factor of nearFactors) if (Math.abs(Math.log(long / factor / px)) < Math.abs(Math.log(long / best / px))) best = factor
  return best
}

function applyStep(current: Scaled, step: Step, pool: BufferPool, tag: string, kernels: ImageKernels | null): Scaled {
  const { image } = current
  switch (step.op) {
    case 'downscale':
    case 'fit': {
      const factor = step.op === 'downscale' ? step.factor : Math.max(1, Math.ceil(Math.max(image.width, image.height) / step.px))
      if (factor <= 1) return current
      return { image: downscale(image, factor, pool, tag), scale: current.scale * factor, key: `${current.key}/d${factor}` }
    }
    case 'stretch':
      return { image: stretchContrast(image, step.low, step.high), scale: current.scale, key: `${current.key}/${stepKey(step)}` }
    case 'blur':
      return { image: boxBlur(image, step.radius), scale: current.scale, key: `${current.key}/${stepKey(step)}` }
    case 'bandpass':
      return { image: bandpassOf(kernels, image, step.inner, step.outer, step.amount, pool, tag), scale: current.scale, key: `${current.key}/${stepKey(step)}` }
    case 'invert': {
      const size = image.width * image.height
      const out = pool.u8(tag, size)
      for (let i = 0; i < size; i++) out[i] = 255 - image.data[i]!
      return { image: { data: out, width: image.width, height: image.height }, scale: current.scale, key: `${current.key}/i` }
    }
    case 'fitNear': {
      const factor = nearFactor(Math.max(image.width, image.height), step.px)
      if (factor === 1) return current
      if (factor === 1.5) return { image: twoThirdsOf(kernels, image, pool, tag), scale: current.scale * 1.5, key: `${current.key}/t` }
      return { image: downscale(image, factor, pool, tag), scale: current.scale * factor, key: `${current.key}/d${factor}` }
    }
  }
}

const toFrame = (p: Point, scale: number, dx = 0, dy = 0): Point => ({ x: (p.x + 0.5) * scale - 0.5 + dx, y: (p.y + 0.5) * scale - 0.5 + dy })
const mapQuad = (quad: Quad, scale: number, dx = 0, dy = 0): Quad => quad.map((p) => toFrame(p, scale, dx, dy)) as Quad

/** A real result: valid and non-empty (an empty text is what a failed byte decode looks like). */
const plausible = (symbol: RawSymbol): boolean => symbol.valid && symbol.text.length > 0

const optionIds = new WeakMap<ZxingPassOptions, string>()
const optionsId = (options: ZxingPassOptions): string => {
  let id = optionIds.get(options)
  if (!id) {
    id = JSON.stringify(options)
    optionIds.set(options, id)
  }
  return id
}

interface Candidate {
  quad: Quad
  version: number
  inverted: boolean
  /** Refined without success. */
  tried?: boolean
}

/**
 * Two quads belong to one symbol when their bounding boxes share more than a quarter of the smaller
 * one's area: zxing also reports finder-pattern triples that mix a read symbol's finders with
 * clutter, and those overlap the symbol; a second code beside it does not.
 */
export function overlaps(a: Quad, b: Quad): boolean {
  const box = (q: Quad) => ({
    x0: Math.min(q[0].x, q[1].x, q[2].x, q[3].x),
    x1: Math.max(q[0].x, q[1].x, q[2].x, q[3].x),
    y0: Math.min(q[0].y, q[1].y, q[2].y, q[3].y),
    y1: Math.max(q[0].y, q[1].y, q[2].y, q[3].y),
  })
  const p = box(a)
  const q = box(b)
  const w = Math.min(p.x1, q.x1) - Math.max(p.x0, q.x0)
  const h = Math.min(p.y1, q.y1) - Math.max(p.y0, q.y0)
  if (w <= 0 || h <= 0) return false
  const smaller = Math.min((p.x1 - p.x0) * (p.y1 - p.y0), (q.x1 - q.x0) * (q.y1 - q.y0))
  return w * h > 0.25 * smaller
}

/** Refine images stay under this many pixels (about 400×400), so the refine stage costs a few ms. */
const maxRefinePixels = 160_000

/** Side lengths of a quad, averaged over opposite sides. */
const quadSide = (q: Quad): number =>
  (Math.hypot(q[1].x - q[0].x, q[1].y - q[0].y) +
    Math.hypot(q[2].x - q[1].x, q[2].y - q[1].y) +
    Math.hypot(q[3].x - q[2].x, q[3].y - q[2].y) +
    Math.hypot(q[0].x - q[3].x, q[0].y - q[3].y)) /
  4

const singleOptions = new WeakMap<ZxingPassOptions, ZxingPassOptions>()
/** The same options returning one symbol (`PipelineSpec.oneSymbolFirst`, and the restored crops' reads). */
function singleSymbol(options: ZxingPassOptions): ZxingPassOptions {
  let single = singleOptions.get(options)
  if (!single) singleOptions.set(options, (single = { ...options, maxSymbols: 1 }))
  return single
}

const invertedOptions = new WeakMap<ZxingPassOptions, ZxingPassOptions>()
/** The same options reading inverted (light-on-dark) symbols only. */
function refineInverted(options: ZxingPassOptions): ZxingPassOptions {
  let inverted = invertedOptions.get(options)
  if (!inverted) invertedOptions.set(options, (inverted = { ...options, tryInvert: true }))
  return inverted
}

const boolCastOptions = new WeakMap<ZxingPassOptions, ZxingPassOptions>()
/** The same options for an image binarised already: zxing takes 0 as black and anything else as white. */
function preBinarized(options: ZxingPassOptions): ZxingPassOptions {
  let cast = boolCastOptions.get(options)
  if (!cast) boolCastOptions.set(options, (cast = { ...options, binarizer: 'BoolCast' }))
  return cast
}

/** The downscale factor a pass's first step applies to a `width`×`height` frame (1 = none). */
function firstFactor(pass: PassSpec, width: number, height: number): number {
  const step = pass.steps[0]
  if (!step) return 1
  if (step.op === 'downscale') return step.factor
  if (step.op === 'fit') return Math.max(1, Math.ceil(Math.max(width, height) / step.px))
  if (step.op === 'fitNear') return nearFactor(Math.max(width, height), step.px)
  return 1
}

/**
 * The frame's luma; when a pass starts with a 2× downscale (a 1280×720 frame fitted to 640 px), the
 * downscaled image is made in the same sweep and put in the step cache, so that pass finds it there.
 */
function lumaAndHalf(frame: FrameInput, passes: PassSpec[], pool: BufferPool, cache: Map<string, Scaled>, kernels: ImageKernels | null): LumaImage {
  const halves = passes.filter((pass) => firstFactor(pass, frame.width, frame.height) === 2)
  const { luma, half } = lumaOf(frame, pool, kernels, halves.length > 0 ? '/d2' : null)
  if (half) for (const pass of halves) cache.set(`/${stepKey(pass.steps[0]!)}`, { image: half, scale: 2, key: '/d2' })
  return luma
}

export function createPipelineDecoder(engine: ZxingEngine, spec: PipelineSpec, options: PipelineOptions = {}): FrameDecoder {
  const kernels = options.kernels ?? null
  const wantedTest = options.wanted ?? null
  // A symbol's verdict, once per symbol: `settled` asks after every pass and band, and the app's
  // test parses the payload each time.
  const verdicts = new WeakMap<DecodeResult, boolean>()
  const wanted = wantedTest
    ? (symbol: DecodeResult): boolean => {
        let verdict = verdicts.get(symbol)
        if (verdict === undefined) verdicts.set(symbol, (verdict = wantedTest(symbol.text, symbol.format)))
        return verdict
      }
    : null
  const lookAround = options.lookAround === true && wanted !== null
  const restoreFinders = options.restoreFinders === true && wanted !== null
  // Frame-sized buffers reused from frame to frame (tagged by the step path that fills them).
  const pool = createBufferPool()
  const result = (found: RawSymbol, position: Quad, pass: string, invertedImage = false): DecodeResult => ({
    text: found.text,
    bytes: found.bytes,
    format: found.format,
    position,
    pass,
    inverted: found.inverted !== invertedImage,
    version: Number(found.version) || 0,
  })

  /**
   * zxing's read of `image`; with the SIMD kernels, a local-average read gets its image binarised by
   * the kernel first — exactly zxing's own bit matrix (hybrid-binarize.ts), in about a third of zxing's time.
   */
  const read = (image: LumaImage, readOptions: ZxingPassOptions): RawSymbol[] => {
    if (readOptions.binarizer === 'LocalAverage') {
      const done = readBinarized(kernels, image, (binarized) => engine.read(binarized, preBinarized(readOptions)))
      if (done) return done.value
    }
    return engine.read(image, readOptions)
  }

  const refine = (luma: LumaImage, candidate: Candidate, refineSpec: RefineSpec): DecodeResult | null => {
    const modules = 17 + 4 * candidate.version
    const modulePx = quadSide(candidate.quad) / modules
    if (!Number.isFinite(modulePx) || modulePx < 0.5) return null
    const xs = candidate.quad.map((p) => p.x)
    const ys = candidate.quad.map((p) => p.y)
    const margin = modulePx * refineSpec.marginModules
    const x0 = Math.min(...xs) - margin
    const y0 = Math.min(...ys) - margin
    const region = crop(luma, x0, y0, Math.max(...xs) - Math.min(...xs) + 2 * margin, Math.max(...ys) - Math.min(...ys) + 2 * margin)
    const minFactor = Math.ceil(Math.sqrt((region.image.width * region.image.height) / maxRefinePixels))
    // The located symbol's polarity is known: no second, inverted attempt per variant.
    const options = candidate.inverted ? refineInverted(refineSpec.options) : refineSpec.options
    const scaled = new Map<number, LumaImage>()
    for (const variant of refineSpec.variants) {
      const factor = Math.max(1, minFactor, Math.floor(modulePx / variant.modulePx))
      let image = scaled.get(factor)
      if (!image) {
        image = factor > 1 ? downscale(region.image, factor) : modulePx < 2.5 ? upscale2(region.image) : region.image
        scaled.set(factor, image)
      }
      const scale = factor > 1 ? factor : modulePx < 2.5 ? 0.5 : 1
      const scaledModule = modulePx / scale
      const filtered =
        variant.amount > 0
          ? bandpassOf(kernels, image, variant.inner, Math.max(variant.inner + 1, Math.round(scaledModule * variant.outerModules)), variant.amount)
          : image
      const found = read(filtered, options).find(plausible)
      if (found) return result(found, mapQuad(found.position, scale, region.x, region.y), `refine:${variant.name}`)
    }
    return null
  }

  /** Most located-but-unread QR symbols refined per frame (each costs a few ms). */
  const maxRefines = 3
  /** The pass after which located symbols are refined before the next pass runs (-1: after the last). */
  const refineFrom = spec.refine?.after ? spec.passes.findIndex((pass) => pass.name === spec.refine!.after) : -1

  const scan = (frame: FrameInput): FrameScan => {
    const cache = new Map<string, Scaled>()
    const luma = lumaAndHalf(frame, spec.passes, pool, cache, kernels)
    const tried = new Set<string>()
    const found: DecodeResult[] = []
    const located: Candidate[] = []
    let refined = 0
    const add = (symbol: DecodeResult) => {
      if (!found.some((f) => f.text === symbol.text && f.format === symbol.format)) found.push(symbol)
    }
    /** Located symbols not (yet) covered by a read one. */
    const outstanding = () => located.filter((c) => !found.some((f) => overlaps(f.position, c.quad)))
    const haveWanted = () => (wanted ? found.some(wanted) : found.length > 0)
    const settled = () => haveWanted() && outstanding().length === 0
    const refineOutstanding = () => {
      if (!spec.refine) return
      for (const candidate of outstanding()) {
        if (candidate.tried) continue
        if (refined >= maxRefines) break
        refined++
        const hit = refine(luma, candidate, spec.refine)
        if (hit) add(hit)
        // A refined symbol that stays unreadable is not tried again by a later pass's location.
        else candidate.tried = true
      }
    }
    for (const [index, pass] of spec.passes.entries()) {
      let current: Scaled = { image: luma, scale: 1, key: '' }
      let path = ''
      for (const step of pass.steps) {
        path += `/${stepKey(step)}`
        const cached = cache.get(path)
        current = cached ?? applyStep(current, step, pool, path, kernels)
        if (!cached) cache.set(path, current)
      }
      const signature = `${current.key}|${optionsId(pass.options)}`
      if (tried.has(signature)) continue
      tried.add(signature)
      // A pass on the inverted image reads dark-mode symbols with zxing's normal polarity.
      const invertedImage = pass.steps.some((step) => step.op === 'invert')
      if (pass.strips) {
        const { image } = current
        const bandHeight = Math.max(1, Math.min(image.height, Math.round(image.height * pass.strips.heightFraction)))
        for (let band = 0; band < pass.strips.count; band++) {
          const y0 = pass.strips.count === 1 ? 0 : Math.round(((image.height - bandHeight) * band) / (pass.strips.count - 1))
          const view = { data: image.data.subarray(y0 * image.width, (y0 + bandHeight) * image.width), width: image.width, height: bandHeight }
          for (const hit of read(view, pass.options)) {
            if (plausible(hit)) add(result(hit, mapQuad(hit.position.map((p) => ({ x: p.x, y: p.y + y0 })) as Quad, current.scale), pass.name))
          }
          if (settled()) break
        }
        if (settled()) break
        continue
      }
      const oneFirst = spec.oneSymbolFirst === true
      let symbols = read(current.image, oneFirst ? singleSymbol(pass.options) : pass.options)
      // Anything found or located: there may be more codes (a located-but-unread one can hide a readable neighbour).
      if (oneFirst && (pass.options.maxSymbols ?? 1) > 1 && symbols.length > 0) symbols = read(current.image, pass.options)
      for (const symbol of symbols) {
        if (plausible(symbol)) add(result(symbol, mapQuad(symbol.position, current.scale), pass.name, invertedImage))
        else if (!symbol.valid && symbol.format === 'QRCode' && Number(symbol.version) > 0) {
          const quad = mapQuad(symbol.position, current.scale)
          if (!located.some((c) => overlaps(c.quad, quad))) located.push({ quad, version: Number(symbol.version), inverted: symbol.inverted !== invertedImage })
        }
      }
      if (settled()) break
      if (spec.refine?.after === pass.name && outstanding().length > 0) {
        refineOutstanding()
        // As before for a single code: a located QR symbol means no small code or 1D label is
        // expected, so stop — unless only codes the caller does not want were read (a sticker
        // beside the device): then the device's code may still be found by the later passes.
        if (settled() || found.length === 0 || haveWanted()) break
      } else if (refineFrom >= 0 && index > refineFrom && outstanding().some((c) => !c.tried)) {
        // A symbol first located by a later pass (a small code at full resolution) is refined
        // before the passes after it (the 1D strips), which cannot read it: they still run when
        // refine fails, but a frame whose code refine reads stops there (bench:qr tiny, steep and
        // MJPEG frames: ~1 ms less, same reads).
        refineOutstanding()
        if (settled()) break
      }
    }
    if (!settled()) refineOutstanding()
    if (restoreFinders && !haveWanted() && outstanding().length === 0 && spec.refine) {
      const hit = readWithFinderRestored(luma, found, spec.refine.options)
      if (hit) add(hit)
    }
    const unread = outstanding().map((c) => c.quad)
    return { symbols: found, unread, partial: lookAround ? partialCodes(luma, cache, found, unread) : [] }
  }

  const readWithFinderRestored = (luma: LumaImage, found: DecodeResult[], readOptions: ZxingPassOptions): DecodeResult | null => {
    const views = viewsWithFinderRestored({ luma, exclude: found.map((f) => f.position), maxPairs: 2 })
    for (const view of views) {
      const hit = read(view.image, singleSymbol(readOptions)).find(plausible)
      if (hit) return result(hit, mapQuad(hit.position, 1, view.x, view.y), 'restore-finder')
    }
    return null
  }

  /**
   * Finder patterns beside the wanted QR symbols read, outside every read or located symbol, with a
   * module size like theirs, searched on the first pass's downscaled image (made already) in the
   * read symbols' polarity.
   */
  const partialCodes = (luma: LumaImage, cache: Map<string, Scaled>, found: DecodeResult[], unread: Quad[]): Point[] => {
    const read = found.filter((f) => f.format === 'QRCode' && f.version > 0 && wanted!(f))
    if (read.length === 0) return []
    const first = spec.passes[0]?.steps[0]
    const overview = (first && (first.op === 'fit' || first.op === 'downscale') ? cache.get(`/${stepKey(first)}`) : undefined) ?? {
      image: luma,
      scale: 1,
      key: '',
    }
    const modules = read.map((f) => quadSide(f.position) / (17 + 4 * f.version) / overview.scale)
    const module = Math.min(...modules)
    if (!(module >= 1)) return []
    const inOverview = (quad: Quad) => quad.map((p) => ({ x: (p.x + 0.5) / overview.scale - 0.5, y: (p.y + 0.5) / overview.scale - 0.5 }))
    const minModule = Math.max(1, module * 0.6)
    const patterns = findFinderPatterns(overview.image, {
      minModule,
      // Rows as far apart as still puts two of them through the centre run (3 modules tall) of the
      // smallest pattern searched for.
      rowStep: Math.max(2, Math.floor(1.5 * minModule)),
      maxModule: Math.max(...modules) * 1.6,
      inverted: read.every((f) => f.inverted),
      exclude: found.map((f) => inOverview(f.position)),
      excludeGrow: module,
      // A neighbour's label is printed and lit like the read one: a finder with under a third of the
      // read code's contrast is noise or clutter (bench:qr, heavy-noise dark-mode and screen frames).
      minContrast: Math.max(8, codeContrast(overview.image, inOverview(read[0]!.position)) / 3),
    })
    const known = [...found.map((f) => f.position), ...unread]
    return patterns.map((p) => toFrame(p, overview.scale)).filter((p) => !known.some((quad) => insideQuad(p, quad, 2 * module * overview.scale)))
  }

  return {
    name: spec.name,
    engine: 'zxing-wasm',
    imageSteps: kernels ? 'simd' : 'js',
    decode: (frame) => scan(frame).symbols[0] ?? null,
    scan,
    dispose: () => engine.dispose(),
  }
}
