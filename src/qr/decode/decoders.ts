import { createJsqrDecoder, type JsqrPass } from './jsqr-decoder'
import { createPipelineDecoder, type FrameDecoder, type PassSpec, type PipelineSpec } from './pipeline'
import { isAutopilotCode } from '../payload/choose-code'
import { createSimdKernels } from '../image/simd/simd-kernels'
import { createZxingEngine, type WasmBytes, type ZxingPassOptions } from './zxing-engine'

/**
 * The decoder configurations: the one the app ships (`shipped`), the jsQR fallback, and the
 * alternatives the benchmark compares it with. The README's "QR decoding" section explains the
 * choice with the benchmark's numbers.
 */

/** zxing-cpp with its defaults (tryHarder, tryRotate, tryInvert, tryDownscale), QR only. */
const zxingDefaults: ZxingPassOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  tryDenoise: false,
  binarizer: 'LocalAverage',
  minLineCount: 2,
}

/**
 * One cheap zxing attempt: no rotations (QR finding is rotation-invariant), no internal pyramid; up
 * to four symbols per read, so a sticker beside the device's code does not hide it.
 */
const quick: ZxingPassOptions = { ...zxingDefaults, tryHarder: false, tryRotate: false, tryDownscale: false, returnErrors: true, maxSymbols: 4 }

/** Normal polarity only: inverted (dark-mode) codes are read by the first pass. */
const quickNormal: ZxingPassOptions = { ...quick, tryInvert: false }

/**
 * The full-resolution pass is for small codes (modules under ~3 px), which the 640 px passes cannot
 * resolve; they are clean enough for the global-histogram threshold, which costs a third of the
 * local-average one on a 1280×720 frame.
 */
const quickFullRes: ZxingPassOptions = { ...quickNormal, binarizer: 'GlobalHistogram' }

/**
 * 1D barcodes of box labels (serial numbers): Code 128 and Code 39, three agreeing scan lines before
 * a result counts, read in seven overlapping horizontal bands (see PassSpec.strips).
 */
const linear: ZxingPassOptions = {
  ...zxingDefaults,
  formats: ['Code128', 'Code39'],
  tryHarder: false,
  tryRotate: false,
  tryInvert: false,
  tryDownscale: false,
  binarizer: 'GlobalHistogram',
  minLineCount: 3,
}

/** The refine stage (shared by the shipped pipeline and the one before issue 18). */
const refineStage = {
  marginModules: 6,
  // Normal polarity; the pipeline turns inversion on when the located symbol was inverted.
  options: { ...quickNormal, returnErrors: false },
  variants: [
    { name: 'bp-strong', modulePx: 4, inner: 0, outerModules: 0.7, amount: 8 },
    { name: 'bp-medium', modulePx: 4, inner: 1, outerModules: 1, amount: 4 },
    { name: 'bp-wide', modulePx: 3, inner: 0, outerModules: 1, amount: 8 },
  ],
}

/** 1. Long edge ≤ 640 px: the 2×/3× box filter averages sensor noise away and is cheap. */
const fit640Pass = { name: 'fit640', steps: [{ op: 'fit', px: 640 }], options: quickNormal } satisfies PassSpec
/** 2. Band-pass on the same image: denoise + restore module contrast (dim, soft, moiré). */
const bandpassPass = {
  name: 'fit640-bandpass',
  steps: [
    { op: 'fit', px: 640 },
    { op: 'bandpass', inner: 1, outer: 5, amount: 2 },
  ],
  options: quickNormal,
} satisfies PassSpec
/**
 * 3. (issue 18 part 2) The frame at about 900 px (1280×720 → 853×480 by a 2/3 area resample,
 * 1920×1080 → 960×540, 640×480 as it is), band-passed for that scale, both polarities: codes of 3–5 px
 * modules at 720p — a laptop screen at arm's length under a webcam's noise, MJPEG blocks, motion
 * blur or an LCD's pixel grid — which the 640 px image no longer resolves and which drown in noise
 * at full resolution. It replaced the 640 px inverted pass (it reads the dark-mode codes that one read).
 */
const nearBandpassPass = {
  name: 'near900-bandpass',
  steps: [
    { op: 'fitNear', px: 900 },
    { op: 'bandpass', inner: 1, outer: 3, amount: 2 },
  ],
  options: quick,
} satisfies PassSpec
/** Full resolution: small codes (modules under ~3 px). Before issue 18 part 2. */
const fullPass = { name: 'full', steps: [], options: quickFullRes } satisfies PassSpec
/**
 * 4. Full resolution, local contrast tripled against the slow light (band-pass without the denoise:
 * each pixel plus twice its difference from its 11×11 mean), then the cheap global threshold: small
 * codes as before, and also under a webcam's vignette, uneven light and noise, where one threshold for
 * the whole raw frame missed them (bench:qr harder frames, unseen seeds 2718 and 6174: tiny 77.5 →
 * 87.5 %). The filter (SIMD) costs ~0.55 ms per 720p frame.
 * One symbol per read here: a code first read at full resolution is small, and every larger code in
 * view was already searched for by the all-symbols reads of the 640 and 900 px passes and the
 * finder-pattern look. The second, all-symbols read of a 1280×720 frame was most of the slowest
 * frames' time (bench:qr seed 4242, harder kinds: same rates; min-of-5 p95 10.2 → 9.3 ms).
 */
const fullLocalPass = {
  name: 'full-local-contrast',
  steps: [{ op: 'bandpass', inner: 0, outer: 5, amount: 2 }],
  options: { ...quickFullRes, maxSymbols: 1 },
} satisfies PassSpec
/** Full resolution, 1D barcodes. */
const linearPass = { name: 'full-linear', steps: [], options: linear, strips: { count: 7, heightFraction: 0.25 } } satisfies PassSpec

export const shippedPipeline: PipelineSpec = {
  name: 'shipped',
  // The 640 px band-pass pass stays before the 900 px one: without it, wave-1 frames of 5–9 px
  // modules at 640×480 and 1280×720 (dim webcam, noise, moiré; bench:qr seed 7: 6 of 360) were lost,
  // because the 900 px band-pass is tuned for finer modules.
  passes: [fit640Pass, bandpassPass, nearBandpassPass, fullLocalPass, linearPass],
  refine: {
    // A QR symbol located by the first three passes but not read goes straight to refine: the later
    // passes look for small codes and 1D labels.
    after: nearBandpassPass.name,
    ...refineStage,
  },
}

/** The passes before issue 18 part 2 (bench-only, for the before/after of the harder frames). */
const beforeHardPipeline: PipelineSpec = {
  name: 'shipped-before-hard',
  oneSymbolFirst: true,
  passes: [
    fit640Pass,
    bandpassPass,
    // 3. Dark mode: the 640 px image inverted, read with normal polarity. zxing's own tryInvert
    //    reads the inverted image after the normal one even when the normal one was read, as soon
    //    as a read may return more than one symbol (bench:qr: +35 % time on single-code frames).
    { name: 'fit640-invert', steps: [{ op: 'fit', px: 640 }, { op: 'invert' }], options: quickNormal },
    fullPass,
    linearPass,
  ],
  refine: {
    // A QR symbol located by a 640 px pass but not read goes straight to refine: the later passes
    // look for small codes and 1D labels (bench:qr: same rates, ~4–8 ms less on blurred frames).
    after: 'fit640-bandpass',
    ...refineStage,
  },
}

/**
 * The pipeline as shipped before issue 18: one symbol per read, both polarities in the first pass,
 * stopping at the first symbol read whatever it is (a sticker beside the device's code wins when it
 * is read first). Bench-only, for the before/after.
 */
const firstSymbolPipeline: PipelineSpec = {
  name: 'shipped-first-symbol',
  passes: [fit640Pass, bandpassPass, fullPass, linearPass].map((pass, index) => ({
    ...pass,
    options: { ...(index === 0 ? quick : pass.options), maxSymbols: 1 },
  })),
  refine: { after: 'fit640-bandpass', ...refineStage, options: { ...refineStage.options, maxSymbols: 1 } },
}

export const zxingPipelines: Record<string, PipelineSpec> = {
  shipped: shippedPipeline,
  'shipped-no-refine': { ...shippedPipeline, name: 'shipped-no-refine', refine: null },
  /** Bench-only: every symbol read at the full-resolution pass too (the cost measured in docs/benchmarks.md). */
  'shipped-all-symbols-full': {
    ...shippedPipeline,
    name: 'shipped-all-symbols-full',
    passes: shippedPipeline.passes.map((pass) => (pass.name === fullLocalPass.name ? { ...pass, options: { ...pass.options, maxSymbols: 4 } } : pass)),
  },
  /** Bench-only: each pass reads for one symbol first and again for all when that found or located one (before session 7). */
  'shipped-one-first': { ...shippedPipeline, name: 'shipped-one-first', oneSymbolFirst: true },
  /** Bench-only: the shipped pipeline without the look for finder patterns of a cut-off second code. */
  'shipped-no-look': { ...shippedPipeline, name: 'shipped-no-look' },
  /** Bench-only: the shipped pipeline without drawing back a hidden third finder (finder-repair.ts). */
  'shipped-no-restore': { ...shippedPipeline, name: 'shipped-no-restore' },
  'zxing-default': { name: 'zxing-default', passes: [{ name: 'default', steps: [], options: zxingDefaults }], refine: null },
  'zxing-fast': {
    name: 'zxing-fast',
    passes: [{ name: 'fast', steps: [], options: { ...zxingDefaults, tryHarder: false, tryRotate: false } }],
    refine: null,
  },
  /** Bench-only experiment: the 1D pass second, so box labels stop early. Measured, not adopted (docs/benchmarks.md). */
  'shipped-linear-second': {
    ...beforeHardPipeline,
    name: 'shipped-linear-second',
    passes: [fit640Pass, linearPass, bandpassPass, beforeHardPipeline.passes[2]!, fullPass],
  },
  /** Bench-only: refine after the last pass instead of after the 640 px passes (the order before). */
  'shipped-late-refine': { ...shippedPipeline, name: 'shipped-late-refine', refine: { ...shippedPipeline.refine!, after: undefined } },
  'zxing-fit640': { name: 'zxing-fit640', passes: [{ ...fit640Pass, options: quick }], refine: null },
  'shipped-first-symbol': firstSymbolPipeline,
  'shipped-before-hard': beforeHardPipeline,
}

export const jsqrPipelines: Record<string, JsqrPass[]> = {
  /** jsQR as the customer would call it: full frame, default `attemptBoth`. */
  jsqr: [{ name: 'full', fitPx: 0, bandpass: null, inversion: 'attemptBoth' }],
  /** The reference notes' best single jsQR setting. */
  'jsqr-down640': [{ name: 'fit640', fitPx: 640, bandpass: null, inversion: 'dontInvert' }],
  /**
   * jsQR tuned as far as it goes here (measured in bench:qr): ≤ 640 px, both polarities, then the
   * band-passed image (noise, low contrast, dim). The app's fallback when the wasm cannot load.
   */
  'jsqr-tuned': [
    { name: 'fit640', fitPx: 640, bandpass: null, inversion: 'attemptBoth' },
    { name: 'fit640-bandpass', fitPx: 640, bandpass: { inner: 1, outer: 5, amount: 2 }, inversion: 'dontInvert' },
  ],
}

export const fallbackDecoderName = 'jsqr-tuned'

/**
 * `<pipeline>-js`: the same pipeline with the JS image steps instead of the SIMD kernels — what runs
 * where WebAssembly SIMD is missing; the bench compares the two (same pixels, so same results).
 */
const jsStepsSuffix = '-js'

export const decoderNames = [
  ...Object.keys(zxingPipelines),
  `shipped${jsStepsSuffix}`,
  `shipped-late-refine${jsStepsSuffix}`,
  ...Object.keys(jsqrPipelines),
] as const

/** Builds a decoder by name; zxing ones need the wasm bytes. */
export async function createDecoder(name: string, wasm: WasmBytes | null): Promise<FrameDecoder> {
  const jsSteps = name.endsWith(jsStepsSuffix) && zxingPipelines[name.slice(0, -jsStepsSuffix.length)] !== undefined
  const pipeline = zxingPipelines[jsSteps ? name.slice(0, -jsStepsSuffix.length) : name]
  if (pipeline) {
    if (!wasm) throw new Error(`decoder ${name} needs the zxing wasm bytes`)
    // The app's pipelines search on until they read an Autopilot code; the zxing baselines stop at
    // the first symbol, as their callers would.
    const app = pipeline.name.startsWith('shipped') && pipeline.name !== 'shipped-first-symbol'
    const wanted = app ? isAutopilotCode : undefined
    // `shipped-no-look` is the shipped pipeline without the look for a cut-off second code (bench A/B).
    const lookAround = app && pipeline.name !== 'shipped-no-look'
    // `shipped-no-restore` is the shipped pipeline without drawing back a hidden finder (bench A/B).
    const restoreFinders = app && pipeline.name !== 'shipped-no-restore' && pipeline.name !== 'shipped-before-hard'
    const decoder = createPipelineDecoder(await createZxingEngine(wasm), pipeline, {
      kernels: jsSteps ? null : createSimdKernels(),
      wanted,
      lookAround,
      restoreFinders,
    })
    return jsSteps ? { ...decoder, name } : decoder
  }
  const jsqr = jsqrPipelines[name]
  if (jsqr) return createJsqrDecoder(name, jsqr)
  throw new RangeError(`unknown decoder ${name}; known: ${decoderNames.join(', ')}`)
}

/** The app's decoder: the shipped zxing pipeline, or the jsQR fallback when the wasm cannot load. */
export async function createShippedDecoder(wasm: WasmBytes | null): Promise<{ decoder: FrameDecoder; fallbackReason: string | null }> {
  if (wasm) {
    try {
      return { decoder: await createDecoder('shipped', wasm), fallbackReason: null }
    } catch (error) {
      return { decoder: createJsqrDecoder(fallbackDecoderName, jsqrPipelines[fallbackDecoderName]!), fallbackReason: (error as Error).message || String(error) }
    }
  }
  return { decoder: createJsqrDecoder(fallbackDecoderName, jsqrPipelines[fallbackDecoderName]!), fallbackReason: 'the WebAssembly decoder is not available' }
}
