import { buildLegacyQrPayload, buildWindowsQrPayload } from '../payload/windows-payload'
import { encodeCode128, encodeCode39 } from './barcodes-1d'
import { qrMatrix } from '../encode/qr-matrix'
import { mjpegRoundTrip } from './jpeg-sim'
import { createRng, itemSeed, type Rng } from './random'
import {
  applyBanding,
  applyExposure,
  applyGlare,
  applyGradient,
  applyVignette,
  barcodeLabel,
  createFloatImage,
  drawBackground,
  gaussianBlur,
  motionBlur,
  placeLabel,
  qrLabel,
  renderLabel,
  sharpen,
  fillRect,
  type FloatImage,
  type Label,
  type PlaneModulation,
} from './scene'

/**
 * The synthetic camera frame set behind `npm run bench:qr` and the regression test: a fixed seed
 * gives the same frames everywhere; another seed gives fresh poses, payloads and noise of the same
 * kinds. Categories follow the issue (and docs/reference/performance.md §1), plus 1D box-label barcodes.
 */
export const qrCategories = [
  'clean',
  'noise',
  'blur',
  'rotation',
  'perspective',
  'lowcontrast',
  'inverted',
  'webcam',
  'dimwebcam',
  'glare',
  'moire',
  'small',
] as const
export const frameCategories = [...qrCategories, 'barcode', 'empty'] as const
/**
 * Harder frames (issue 18): what cheap webcams at a crowded bench really produce, and frames with
 * more than one code. `second`: the device's code beside a Wi-Fi or URL sticker (the app must act on
 * the device's code); `twocodes`: two devices' Autopilot codes (the app must not pick one).
 */
export const hardCategories = ['mjpeg', 'finger', 'tiny', 'steep', 'motion', 'lowlight', 'screen', 'second', 'twocodes', 'darkglare'] as const
export const allCategories = [...frameCategories, ...hardCategories] as const
export type FrameCategory = (typeof allCategories)[number]
/** Categories whose frames hold an Autopilot code the app should act on or ask about. */
export const codeCategories: readonly FrameCategory[] = [...qrCategories, ...hardCategories]

export interface Resolution {
  width: number
  height: number
}
export const benchResolutions: readonly Resolution[] = [
  { width: 640, height: 480 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]

export interface FrameSpec {
  /** Position in the set (stable for a given seed, categories, resolutions and count). */
  index: number
  seed: number
  category: FrameCategory
  width: number
  height: number
  /**
   * Another exposure of the same view: same scene, pose and optics, fresh sensor noise (frames
   * of a steady camera). 0 or absent: the frame as the set defines it.
   */
  noiseSalt?: number
}

export type SymbolFormat = 'QRCode' | 'Code128' | 'Code39'

export interface SyntheticFrame {
  spec: FrameSpec
  width: number
  height: number
  /** RGBA, as a canvas `getImageData` would give it. */
  data: Uint8ClampedArray
  /** The text a correct decoder returns (the Autopilot payload to act on), or null for frames without one. */
  expected: string | null
  /** `twocodes`: the Autopilot payloads in view (the app must ask which); null otherwise. */
  candidates: string[] | null
  /** Texts of the other codes drawn (a Wi-Fi or URL sticker). */
  others: string[]
  format: SymbolFormat | null
  /** Module (or narrow bar) size in px, for reports. */
  modulePx: number | null
  /** What was drawn (angles in degrees, blur in modules, noise in grey levels…). */
  params: Record<string, number | string>
}

export interface FrameSetOptions {
  seed: number
  /** Frames per (category, resolution) cell. */
  perCell: number
  categories?: readonly FrameCategory[]
  resolutions?: readonly Resolution[]
}

/** Every frame of a set, as cheap specs; synthesize them one at a time with `synthesizeFrame`. */
export function frameSpecs(options: FrameSetOptions): FrameSpec[] {
  const categories = options.categories ?? frameCategories
  const resolutions = options.resolutions ?? benchResolutions
  const specs: FrameSpec[] = []
  for (const resolution of resolutions) {
    for (const category of categories) {
      for (let k = 0; k < options.perCell; k++) {
        const index = specs.length
        // The per-frame seed depends on the cell and k, not on the list position, so subsets agree.
        const cell = allCategories.indexOf(category) * 7919 + resolution.width * 31 + resolution.height
        specs.push({ index, seed: itemSeed(options.seed, cell * 1000 + k), category, width: resolution.width, height: resolution.height })
      }
    }
  }
  return specs
}

/* ------------------------------------------------------------------ payloads */

const hex = '0123456789abcdef'
export function randomGuid(rng: Rng): string {
  let out = ''
  for (let i = 0; i < 32; i++) {
    let digit = rng.int(0, 15)
    if (i === 12) digit = 4
    if (i === 16) digit = 8 + (digit & 3)
    out += hex[digit]
    if (i === 7 || i === 11 || i === 15 || i === 19) out += '-'
  }
  return out
}

const alnum = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789'
const digits = '0123456789'
const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
const draw = (rng: Rng, alphabet: string, count: number) => Array.from({ length: count }, () => alphabet[rng.int(0, alphabet.length - 1)]).join('')

/** Serial numbers in the shapes vendors print (HP, Lenovo, Dell, Surface, Hyper-V VM). */
export function randomSerial(rng: Rng): string {
  switch (rng.int(0, 4)) {
    case 0:
      return `5CG${draw(rng, digits, 4)}${draw(rng, letters, 3)}`
    case 1:
      return `PF${draw(rng, alnum, 6)}`
    case 2:
      return draw(rng, alnum, 7)
    case 3:
      return `0${draw(rng, digits, 11)}`
    default:
      return `${draw(rng, digits, 4)}-${draw(rng, digits, 4)}-${draw(rng, digits, 4)}-${draw(rng, digits, 4)}-${draw(rng, digits, 4)}-${draw(rng, digits, 4)}-${draw(rng, digits, 2)}`
  }
}

/** A pre-provisioning payload: mostly the current Windows form, sometimes the legacy one. */
export function randomPayload(rng: Rng): string {
  const fields = { id: randomGuid(rng), ztdId: randomGuid(rng), serialNumber: randomSerial(rng) }
  return rng.bool(0.8) ? buildWindowsQrPayload(fields) : buildLegacyQrPayload(fields)
}

/* ------------------------------------------------------------------ frames */

const deg = Math.PI / 180
type Range = readonly [number, number]

interface Look {
  roll: number
  tiltX: number
  tiltY: number
  area: number
  dark: number
  light: number
  /** Optics blur in modules, and a floor in px. */
  blurModules: number
  blurMinPx: number
  noise: number
  shot: number
  gradient: number
  vignette: number
  motionPx: number
  sharpenAmount: number
  exposure: number
  tint: number
}

function baseLook(rng: Rng): Look {
  return {
    roll: rng.range(-3, 3) * deg,
    tiltX: rng.range(-5, 5) * deg,
    tiltY: rng.range(-5, 5) * deg,
    area: rng.range(0.12, 0.35),
    dark: rng.range(20, 45),
    light: rng.range(200, 235),
    blurModules: 0.15,
    blurMinPx: 0.45,
    noise: 2,
    shot: 0,
    gradient: rng.range(0, 10),
    vignette: rng.range(0, 0.1),
    motionPx: 0,
    sharpenAmount: 0,
    exposure: 1,
    tint: 0,
  }
}

function webcamLook(rng: Rng): Look {
  return {
    ...baseLook(rng),
    roll: rng.range(-15, 15) * deg,
    tiltX: rng.range(-20, 20) * deg,
    tiltY: rng.range(-20, 20) * deg,
    blurModules: rng.range(0.25, 0.4),
    blurMinPx: 0.7,
    noise: rng.range(6, 10),
    dark: rng.range(45, 75),
    light: rng.range(175, 210),
    gradient: rng.range(15, 40),
    vignette: rng.range(0.1, 0.3),
    motionPx: rng.bool(0.5) ? rng.range(0, 1.5) : 0,
    sharpenAmount: rng.bool(0.5) ? rng.range(0.3, 0.8) : 0,
    tint: 0.06,
  }
}

/** Synthesizes one frame of `spec` (deterministic). */
export function synthesizeFrame(spec: FrameSpec): SyntheticFrame {
  const rng = createRng(spec.seed)
  const { width, height, category } = spec
  const image = createFloatImage(width, height)
  const params: Record<string, number | string> = { category }
  const look = category === 'webcam' || category === 'dimwebcam' || category === 'mjpeg' || category === 'lowlight' ? webcamLook(rng) : baseLook(rng)
  let jpegQuality = 0
  let finger: { coverage: number; side: number; along: number; widthFraction: number; skin: number; angle: number } | null = null
  let companion: 'sticker' | 'autopilot' | null = null
  // The harder kinds see the code from further away than wave 1 (5–20 % of the frame, not 12–35 %):
  // a device screen at arm's length over a bench, as the held-out frames suggest. The
  // single-code kinds then set their own size, sensor noise and contrast, calibrated so that the
  // pipeline shipped before issue 18 and zxing's defaults read about what they read of the issue's
  // held-out frames of each kind, and jsQR about nothing (docs/benchmarks.md, "Calibration").
  if ((hardCategories as readonly string[]).includes(category)) look.area = rng.range(0.05, 0.2)
  let modulation: PlaneModulation | undefined
  let glare: { u: number; v: number; radius: number; aspect: number; angle: number; peak: number } | null = null
  let banding: { amplitude: number; period: number; phase: number } | null = null
  let screenGrid: { pitch: Range; fill: Range; gap: Range; sub: Range } | null = null
  let payload: string | null = null
  let format: SymbolFormat | null = null
  let label: Label | null = null
  const others: string[] = []
  let candidates: string[] | null = null
  const backgroundLevel = { min: 25, max: 215 }

  switch (category) {
    case 'clean':
      break
    case 'noise':
      look.noise = rng.range(20, 40)
      break
    case 'blur':
      look.blurModules = rng.range(0.35, 0.7)
      break
    case 'rotation':
      look.roll = (rng.range(10, 170) * rng.sign() + (rng.bool() ? 0 : 180)) * deg
      break
    case 'perspective':
      look.tiltX = rng.range(20, 40) * rng.sign() * deg
      look.tiltY = rng.range(20, 40) * rng.sign() * deg
      look.roll = rng.range(-10, 10) * deg
      look.area = rng.range(0.12, 0.3)
      break
    case 'lowcontrast': {
      const mid = rng.range(90, 170)
      const contrast = rng.range(30, 50)
      look.dark = mid - contrast / 2
      look.light = mid + contrast / 2
      look.gradient = rng.range(10, 25)
      look.noise = rng.range(2, 3)
      backgroundLevel.min = 60
      backgroundLevel.max = 200
      break
    }
    case 'inverted':
      look.roll = rng.range(-10, 10) * deg
      look.dark = rng.range(195, 230) // the symbol's dark modules are drawn light
      look.light = rng.range(20, 45) // on a dark label
      look.noise = rng.range(2, 4)
      break
    case 'webcam':
      break
    case 'dimwebcam':
      // Low light: the same scene at a fraction of the exposure, gain raising the read noise.
      look.exposure = rng.range(0.3, 0.5)
      look.noise = rng.range(5, 9)
      look.shot = rng.range(4, 8)
      look.vignette = rng.range(0.25, 0.45)
      look.gradient = rng.range(8, 20)
      look.blurModules = rng.range(0.25, 0.45)
      look.motionPx = rng.bool(0.6) ? rng.range(0.5, 2) : 0
      break
    case 'glare':
      look.roll = rng.range(-10, 10) * deg
      look.tiltX = rng.range(-15, 15) * deg
      look.tiltY = rng.range(-15, 15) * deg
      look.blurModules = 0.2
      look.noise = 4
      look.dark = rng.range(25, 50)
      look.light = rng.range(190, 225)
      glare = {
        u: rng.range(0.3, 0.85),
        v: rng.range(0.3, 0.85),
        radius: rng.range(0.08, 0.16),
        aspect: rng.range(1, 2),
        angle: rng.range(0, Math.PI),
        peak: rng.range(120, 220),
      }
      break
    case 'moire':
      look.roll = rng.range(-8, 8) * deg
      look.tiltX = rng.range(-15, 15) * deg
      look.tiltY = rng.range(-15, 15) * deg
      look.blurModules = 0
      look.blurMinPx = rng.range(0.35, 0.6)
      look.noise = rng.range(3, 5)
      banding = { amplitude: rng.range(4, 12), period: rng.range(30, 150), phase: rng.range(0, 2 * Math.PI) }
      break
    case 'small':
      look.area = rng.range(0.025, 0.06)
      look.roll = rng.range(-15, 15) * deg
      look.tiltX = rng.range(-15, 15) * deg
      look.tiltY = rng.range(-15, 15) * deg
      look.blurModules = 0.12
      look.blurMinPx = 0.4
      look.noise = 3
      look.dark = rng.range(25, 50)
      look.light = rng.range(190, 225)
      break
    case 'barcode':
      look.roll = rng.range(-10, 10) * deg
      look.tiltX = rng.range(-15, 15) * deg
      look.tiltY = rng.range(-15, 15) * deg
      look.area = rng.range(0.05, 0.15)
      look.blurModules = 0.2
      look.noise = rng.range(3, 6)
      break
    case 'mjpeg':
      // USB webcams stream 720p as MJPEG at quality 25–45 with 4:2:0 chroma.
      jpegQuality = rng.range(25, 45)
      look.area = rng.range(0.02, 0.09)
      break
    case 'finger': {
      look.roll = rng.range(-15, 15) * deg
      look.noise = rng.range(10, 18)
      look.area = rng.range(0.03, 0.12)
      look.dark = rng.range(45, 75)
      look.light = rng.range(175, 210)
      // A fifth of the time the finger comes in near a corner, over (part of) a finder pattern.
      const corner = rng.bool(0.2)
      finger = {
        coverage: rng.range(0.06, 0.12),
        side: rng.int(0, 3),
        along: corner ? (rng.bool() ? rng.range(0.04, 0.15) : rng.range(0.85, 0.96)) : rng.range(0.25, 0.75),
        widthFraction: rng.range(0.16, 0.26),
        skin: rng.range(120, 190),
        angle: rng.range(-25, 25) * deg,
      }
      break
    }
    case 'tiny':
      look.area = rng.range(0.012, 0.025)
      look.roll = rng.range(-15, 15) * deg
      look.tiltX = rng.range(-12, 12) * deg
      look.tiltY = rng.range(-12, 12) * deg
      look.blurModules = 0.2
      look.blurMinPx = 0.45
      look.noise = rng.range(10, 18)
      look.dark = rng.range(25, 50)
      look.light = rng.range(190, 225)
      break
    case 'steep': {
      const steep = rng.range(45, 60) * rng.sign() * deg
      const other = rng.range(-10, 10) * deg
      if (rng.bool()) {
        look.tiltX = steep
        look.tiltY = other
      } else {
        look.tiltX = other
        look.tiltY = steep
      }
      look.roll = rng.range(-20, 20) * deg
      look.area = rng.range(0.03, 0.12)
      look.noise = rng.range(12, 20)
      break
    }
    case 'motion':
      look.motionPx = rng.range(3, 6)
      look.roll = rng.range(-15, 15) * deg
      look.noise = rng.range(12, 20)
      look.area = rng.range(0.05, 0.2)
      look.dark = rng.range(45, 75)
      look.light = rng.range(175, 210)
      break
    case 'lowlight':
      // 15–30 % of the exposure, the gain raising read and shot noise.
      look.exposure = rng.range(0.15, 0.3)
      look.noise = rng.range(4, 7)
      look.shot = rng.range(6, 10)
      look.area = rng.range(0.08, 0.25)
      look.vignette = rng.range(0.2, 0.4)
      look.gradient = rng.range(5, 15)
      look.blurModules = rng.range(0.25, 0.4)
      look.motionPx = rng.bool(0.5) ? rng.range(0.5, 1.5) : 0
      break
    case 'screen': {
      // The code on a laptop screen seen 20–40° off-axis: pixel grid (moiré), refresh banding, a
      // broad reflection, and the contrast an angled LCD loses.
      const angle = rng.range(20, 40) * rng.sign() * deg
      if (rng.bool()) look.tiltY = angle
      else look.tiltX = angle
      look.roll = rng.range(-8, 8) * deg
      look.area = rng.range(0.04, 0.15)
      look.blurModules = 0
      look.blurMinPx = rng.range(0.4, 0.7)
      look.noise = rng.range(8, 16)
      look.dark = rng.range(35, 70)
      look.light = rng.range(160, 210)
      screenGrid = { pitch: [0.9, 2.2], fill: [0.55, 0.85], gap: [0.3, 0.6], sub: [0.1, 0.25] }
      banding = { amplitude: rng.range(6, 14), period: rng.range(30, 150), phase: rng.range(0, 2 * Math.PI) }
      glare = {
        u: rng.range(0.1, 0.9),
        v: rng.range(0.1, 0.9),
        radius: rng.range(0.25, 0.45),
        aspect: rng.range(1, 2.5),
        angle: rng.range(0, Math.PI),
        peak: rng.range(40, 90),
      }
      break
    }
    case 'second':
      companion = 'sticker'
      look.area = rng.range(0.06, 0.14)
      look.roll = rng.range(-10, 10) * deg
      look.noise = rng.range(3, 5)
      break
    case 'twocodes':
      companion = 'autopilot'
      look.area = rng.range(0.05, 0.12)
      look.roll = rng.range(-10, 10) * deg
      look.noise = rng.range(3, 5)
      break
    case 'darkglare':
      // Dark mode: light modules on a dark screen, and a saturating reflection on the symbol.
      look.roll = rng.range(-10, 10) * deg
      look.tiltX = rng.range(-15, 15) * deg
      look.tiltY = rng.range(-15, 15) * deg
      look.dark = rng.range(140, 200)
      look.light = rng.range(25, 60)
      look.noise = rng.range(12, 22)
      look.area = rng.range(0.03, 0.12)
      glare = {
        u: rng.range(0.25, 0.75),
        v: rng.range(0.25, 0.75),
        radius: rng.range(0.07, 0.13),
        aspect: rng.range(1, 2),
        angle: rng.range(0, Math.PI),
        peak: rng.range(200, 300),
      }
      break
    case 'empty':
      look.noise = rng.range(2, 10)
      look.gradient = rng.range(0, 30)
      look.vignette = rng.range(0, 0.3)
      break
  }

  drawBackground(image, rng, backgroundLevel)

  if (category === 'barcode') {
    const serial = randomSerial(rng).replace(/[^0-9A-Z-]/g, '')
    const use39 = rng.bool(0.4)
    format = use39 ? 'Code39' : 'Code128'
    payload = serial
    const bars = use39 ? encodeCode39(serial) : encodeCode128(serial)
    label = barcodeLabel(bars, look.dark, look.light, Math.max(12, bars.length * rng.range(0.15, 0.3)))
  } else if (category !== 'empty') {
    payload = randomPayload(rng)
    format = 'QRCode'
    const matrix = qrMatrix(payload, 'M')
    label = qrLabel(matrix.size, matrix.modules, look.dark, look.light, 4, rng.range(0.5, 3))
    params.version = matrix.version
    params.modules = matrix.size
    if (companion) {
      const text = companion === 'sticker' ? randomStickerText(rng) : randomPayload(rng)
      const other = qrMatrix(text, companion === 'sticker' ? 'L' : 'M')
      const otherLabel = qrLabel(other.size, other.modules, rng.range(20, 45), rng.range(195, 235), 4, rng.range(0.5, 2))
      // The other code's side, in the device code's modules: a sticker is smaller or similar.
      const ratio = companion === 'sticker' ? rng.range(0.45, 0.9) : rng.range(0.8, 1.2)
      label = pairLabel(label, otherLabel, (matrix.size * ratio) / other.size, rng.range(2, 10), rng.range(-0.35, 0.35) * matrix.size, rng.bool())
      if (companion === 'sticker') others.push(text)
      else {
        candidates = [payload, text]
        payload = null
      }
    }
  } else if (rng.bool(0.6)) {
    // A light label with text but no code (the box sticker without its barcode).
    const w = Math.round(rng.range(0.15, 0.4) * width)
    const h = Math.round(rng.range(0.1, 0.3) * height)
    const x0 = rng.int(0, width - w)
    const y0 = rng.int(0, height - h)
    fillRect(image, x0, y0, w, h, rng.range(190, 230))
    for (let y = y0 + 6; y < y0 + h - 8; y += 9) {
      for (let x = x0 + 6; x < x0 + w - 10; x += rng.int(4, 9)) if (rng.bool(0.6)) fillRect(image, x, y, rng.int(2, 5), 5, rng.range(20, 60))
    }
  }

  let modulePx: number | null = null
  if (label) {
    const offset = { x: rng.range(-0.9, 0.9), y: rng.range(-0.9, 0.9) }
    const placement = placeLabel(label, { width, height }, { roll: look.roll, tiltX: look.tiltX, tiltY: look.tiltY }, look.area, offset, rng.range(0.8, 1.3))
    modulePx = placement.modulePx
    if (category === 'barcode') {
      // Narrow bar width along the top edge.
      const [tl, tr] = placement.codeCorners as [{ x: number; y: number }, { x: number; y: number }]
      modulePx = Math.hypot(tr.x - tl.x, tr.y - tl.y) / (label.code.u1 - label.code.u0)
    }
    if (category === 'moire' || screenGrid) {
      // The code as shown on a screen: k screen pixels per module, dark gaps between pixels and a
      // fainter sub-pixel stripe; the camera samples that grid at a pitch of ~1–2 px → moiré.
      const grid = screenGrid ?? { pitch: [0.9, 2.2], fill: [0.55, 0.85], gap: [0.25, 0.6], sub: [0.05, 0.2] }
      const pitchPx = rng.range(grid.pitch[0], grid.pitch[1])
      const k = Math.max(2, Math.round(placement.modulePx / pitchPx))
      const fill = rng.range(grid.fill[0], grid.fill[1])
      const gap = rng.range(grid.gap[0], grid.gap[1])
      const sub = rng.range(grid.sub[0], grid.sub[1])
      modulation = (u, v) => {
        const fu = (u * k) % 1
        const fv = (v * k) % 1
        const lit = (fu < 0 ? fu + 1 : fu) < fill && (fv < 0 ? fv + 1 : fv) < fill ? 1 : gap
        const stripe = 1 - sub * (Math.floor((((u * k * 3) % 3) + 3) % 3) === 1 ? 1 : 0)
        return lit * stripe
      }
      params.screenPxPerModule = k
    }
    renderLabel(image, label, placement.homography, width * height > 400_000 ? 2 : 3, modulation)
    if (glare) {
      const [tl, tr, br, bl] = placement.codeCorners as [{ x: number; y: number }, { x: number; y: number }, { x: number; y: number }, { x: number; y: number }]
      const top = { x: tl.x + (tr.x - tl.x) * glare.u, y: tl.y + (tr.y - tl.y) * glare.u }
      const bottom = { x: bl.x + (br.x - bl.x) * glare.u, y: bl.y + (br.y - bl.y) * glare.u }
      const cx = top.x + (bottom.x - top.x) * glare.v
      const cy = top.y + (bottom.y - top.y) * glare.v
      const side = Math.hypot(tr.x - tl.x, tr.y - tl.y)
      applyGlare(image, cx, cy, glare.radius * side * glare.aspect, glare.radius * side, glare.angle, glare.peak)
      params.glarePeak = Math.round(glare.peak)
    }
    if (finger) params.fingerCoverage = round(drawFinger(image, placement.codeCorners as Corners, finger))
  }

  if (look.gradient > 0) applyGradient(image, rng, look.gradient)
  if (look.vignette > 0) applyVignette(image, look.vignette)
  if (banding) applyBanding(image, banding.amplitude, banding.period, banding.phase)
  const blurPx = Math.max(look.blurMinPx, (modulePx ?? 3) * look.blurModules)
  gaussianBlur(image, blurPx)
  if (look.motionPx >= 1) motionBlur(image, look.motionPx, rng.range(0, Math.PI))
  if (look.exposure !== 1) applyExposure(image, look.exposure, rng.range(2, 8))
  const grey = finish(image, spec.noiseSalt ? createRng(itemSeed(spec.seed, 0x5eed00 + spec.noiseSalt)) : rng, look)

  const data = new Uint8ClampedArray(width * height * 4)
  const tint = [1 + rng.range(-look.tint, look.tint), 1 + rng.range(-look.tint, look.tint), 1 + rng.range(-look.tint, look.tint)] as const
  for (let i = 0, j = 0; i < grey.length; i++, j += 4) {
    const v = grey[i]!
    data[j] = v * tint[0]
    data[j + 1] = v * tint[1]
    data[j + 2] = v * tint[2]
    data[j + 3] = 255
  }
  if (jpegQuality > 0) {
    mjpegRoundTrip(data, width, height, jpegQuality)
    params.jpegQuality = Math.round(jpegQuality)
  }

  Object.assign(params, {
    rollDeg: round(look.roll / deg),
    tiltXDeg: round(look.tiltX / deg),
    tiltYDeg: round(look.tiltY / deg),
    blurModules: round(look.blurModules),
    blurPx: round(blurPx),
    noise: round(look.noise),
    dark: Math.round(look.dark),
    light: Math.round(look.light),
  })
  return {
    spec,
    width,
    height,
    data,
    expected: payload,
    candidates,
    others,
    format: payload === null ? null : format,
    modulePx: modulePx === null ? null : round(modulePx),
    params,
  }
}

const round = (value: number) => Math.round(value * 100) / 100

/** What else sticks on a bench: the workshop Wi-Fi, an asset or support link. */
function randomStickerText(rng: Rng): string {
  const id = draw(rng, alnum, 6)
  switch (rng.int(0, 2)) {
    case 0:
      return `WIFI:T:WPA;S:Bench-${id};P:${draw(rng, alnum, 12)};;`
    case 1:
      return `https://support.contoso.com/asset/${id}`
    default:
      return `https://aka.ms/${id.toLowerCase()}`
  }
}

/**
 * Two labels side by side in one plane: `a` as it is, `b` scaled by `scale` (a-modules per
 * b-module), `gap` a-modules to its right (or left), shifted down by `dv`. Between and around them
 * the surface is a mid grey (a desk, a device bezel). The code rectangle stays `a`'s.
 */
function pairLabel(a: Label, b: Label, scale: number, gap: number, dv: number, right: boolean): Label {
  const bw = (b.bounds.u1 - b.bounds.u0) * scale
  const bh = (b.bounds.v1 - b.bounds.v0) * scale
  const bu0 = right ? a.bounds.u1 + gap : a.bounds.u0 - gap - bw
  const bv0 = (a.bounds.v0 + a.bounds.v1) / 2 - bh / 2 + dv
  const bounds = {
    u0: Math.min(a.bounds.u0, bu0),
    v0: Math.min(a.bounds.v0, bv0),
    u1: Math.max(a.bounds.u1, bu0 + bw),
    v1: Math.max(a.bounds.v1, bv0 + bh),
  }
  return {
    bounds,
    code: a.code,
    sample(u, v) {
      if (u >= a.bounds.u0 && u < a.bounds.u1 && v >= a.bounds.v0 && v < a.bounds.v1) return a.sample(u, v)
      if (u >= bu0 && u < bu0 + bw && v >= bv0 && v < bv0 + bh) return b.sample(b.bounds.u0 + (u - bu0) / scale, b.bounds.v0 + (v - bv0) / scale)
      return 110
    },
  }
}

type Corners = [{ x: number; y: number }, { x: number; y: number }, { x: number; y: number }, { x: number; y: number }]

const insideQuad = (q: Corners, x: number, y: number): boolean => {
  let sign = 0
  for (let i = 0; i < 4; i++) {
    const a = q[i]!
    const b = q[(i + 1) % 4]!
    const cross = (b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x)
    if (cross !== 0) {
      if (sign === 0) sign = Math.sign(cross)
      else if (Math.sign(cross) !== sign) return false
    }
  }
  return true
}

/**
 * A finger over the symbol: a rounded bar coming in from one side of the code, as wide as
 * `widthFraction` of the side, reaching in until it covers `coverage` of the code's area; shaded
 * toward its edges. Returns the coverage actually drawn.
 */
function drawFinger(
  image: FloatImage,
  q: Corners,
  finger: { coverage: number; side: number; along: number; widthFraction: number; skin: number; angle: number },
): number {
  const a = q[finger.side]!
  const b = q[(finger.side + 1) % 4]!
  const centre = { x: (q[0].x + q[1].x + q[2].x + q[3].x) / 4, y: (q[0].y + q[1].y + q[2].y + q[3].y) / 4 }
  const side = Math.hypot(b.x - a.x, b.y - a.y)
  const entry = { x: a.x + (b.x - a.x) * finger.along, y: a.y + (b.y - a.y) * finger.along }
  let dir = { x: centre.x - entry.x, y: centre.y - entry.y }
  const len = Math.hypot(dir.x, dir.y)
  const ca = Math.cos(finger.angle)
  const sa = Math.sin(finger.angle)
  dir = { x: (dir.x * ca - dir.y * sa) / len, y: (dir.x * sa + dir.y * ca) / len }
  const radius = (side * finger.widthFraction) / 2
  const start = { x: entry.x - dir.x * side, y: entry.y - dir.y * side }
  const xs = q.map((p) => p.x)
  const ys = q.map((p) => p.y)
  const box = { x0: Math.floor(Math.min(...xs)), x1: Math.ceil(Math.max(...xs)), y0: Math.floor(Math.min(...ys)), y1: Math.ceil(Math.max(...ys)) }
  let codePixels = 0
  for (let y = box.y0; y <= box.y1; y++) for (let x = box.x0; x <= box.x1; x++) if (insideQuad(q, x, y)) codePixels++
  const distance = (x: number, y: number, depth: number) => {
    // Distance from (x, y) to the segment start → entry + dir·depth.
    const ex = entry.x + dir.x * depth - start.x
    const ey = entry.y + dir.y * depth - start.y
    const t = Math.max(0, Math.min(1, ((x - start.x) * ex + (y - start.y) * ey) / (ex * ex + ey * ey)))
    return Math.hypot(x - start.x - t * ex, y - start.y - t * ey)
  }
  const covered = (depth: number) => {
    let n = 0
    for (let y = box.y0; y <= box.y1; y++) for (let x = box.x0; x <= box.x1; x++) if (insideQuad(q, x, y) && distance(x, y, depth) <= radius) n++
    return n / Math.max(1, codePixels)
  }
  // Depth by bisection to the wanted coverage.
  let lo = -radius
  let hi = side
  for (let i = 0; i < 14; i++) {
    const mid = (lo + hi) / 2
    if (covered(mid) < finger.coverage) lo = mid
    else hi = mid
  }
  const depth = (lo + hi) / 2
  const { data, width, height } = image
  const reach = { x0: Math.max(0, Math.floor(Math.min(start.x, entry.x + dir.x * depth) - radius - 2)), x1: 0, y0: 0, y1: 0 }
  reach.x1 = Math.min(width - 1, Math.ceil(Math.max(start.x, entry.x + dir.x * depth) + radius + 2))
  reach.y0 = Math.max(0, Math.floor(Math.min(start.y, entry.y + dir.y * depth) - radius - 2))
  reach.y1 = Math.min(height - 1, Math.ceil(Math.max(start.y, entry.y + dir.y * depth) + radius + 2))
  for (let y = reach.y0; y <= reach.y1; y++) {
    for (let x = reach.x0; x <= reach.x1; x++) {
      const d = distance(x, y, depth)
      if (d > radius + 1) continue
      const edge = Math.min(1, Math.max(0, radius + 0.5 - d))
      const shade = finger.skin * (0.7 + 0.3 * Math.sqrt(Math.max(0, 1 - (d / radius) ** 2)))
      data[y * width + x] = edge * shade + (1 - edge) * data[y * width + x]!
    }
  }
  return covered(depth)
}

/**
 * Sensor noise (Gaussian read noise plus shot noise growing with the square root of the signal),
 * optional ISP sharpening, quantisation. Noise samples come from a per-frame table of normal
 * deviates indexed by a fast xorshift: statistically plenty for images, five times cheaper.
 */
function finish(image: FloatImage, rng: Rng, look: Look): Uint8Array {
  const { data } = image
  const table = new Float32Array(1 << 16)
  for (let i = 0; i < table.length; i++) table[i] = rng.gauss()
  let state = (rng.int(1, 0x7fffffff) | 1) >>> 0
  const sigma = look.noise
  const shot2 = (look.shot * look.shot) / 255
  for (let i = 0; i < data.length; i++) {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    const v = data[i]!
    const s = shot2 > 0 ? Math.sqrt(sigma * sigma + shot2 * (v > 0 ? v : 0)) : sigma
    data[i] = v + s * table[state & 0xffff]!
  }
  if (look.sharpenAmount > 0) sharpen(image, 1, look.sharpenAmount)
  const out = new Uint8Array(data.length)
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!
    out[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v)
  }
  return out
}
