import type { Rng } from './random'

/**
 * Building blocks of the synthetic camera frames: a cluttered background, a flat label (QR symbol or
 * 1D barcode) placed with a 3-D pose and rendered through a pinhole camera with supersampling, then
 * lighting, optics and sensor effects. Everything works on a Float32 grey image in 0–255 units.
 */
export interface FloatImage {
  data: Float32Array
  width: number
  height: number
}

export const createFloatImage = (width: number, height: number, fill = 0): FloatImage => ({
  data: new Float32Array(width * height).fill(fill),
  width,
  height,
})

/* ------------------------------------------------------------------ background */

/** Gradient, random grey rectangles, stripes and blobs: enough clutter to tempt a finder-pattern search. */
export function drawBackground(image: FloatImage, rng: Rng, level: { min: number; max: number }): void {
  const { data, width, height } = image
  const base = rng.range(level.min, level.max)
  const gx = rng.range(-0.35, 0.35) * (level.max - level.min)
  const gy = rng.range(-0.35, 0.35) * (level.max - level.min)
  for (let y = 0; y < height; y++) {
    const row = y * width
    const fy = y / height - 0.5
    for (let x = 0; x < width; x++) data[row + x] = base + gx * (x / width - 0.5) + gy * fy
  }
  const scale = Math.min(width, height)
  const rects = rng.int(6, 18)
  for (let i = 0; i < rects; i++) {
    const w = rng.range(0.04, 0.45) * scale
    const h = rng.range(0.04, 0.45) * scale
    const x0 = Math.floor(rng.range(-0.1, 1) * width)
    const y0 = Math.floor(rng.range(-0.1, 1) * height)
    const value = rng.range(level.min, level.max)
    fillRect(image, x0, y0, Math.ceil(w), Math.ceil(h), value)
  }
  // Text-like rows of short dark dashes (keyboard legends, stickers, printed text).
  const textBlocks = rng.int(1, 4)
  for (let b = 0; b < textBlocks; b++) {
    const charH = Math.max(3, Math.round(rng.range(0.008, 0.025) * scale))
    const x0 = Math.floor(rng.range(0, 0.8) * width)
    let y = Math.floor(rng.range(0, 0.85) * height)
    const lines = rng.int(2, 8)
    const ink = rng.range(level.min * 0.4, level.min + 20)
    for (let l = 0; l < lines; l++, y += Math.round(charH * 1.8)) {
      let x = x0
      const end = x0 + rng.range(0.1, 0.35) * width
      while (x < end) {
        const w = Math.max(1, Math.round(rng.range(0.3, 0.9) * charH))
        if (rng.bool(0.8)) fillRect(image, x, y, w, charH, ink)
        x += w + Math.max(1, Math.round(charH * rng.range(0.15, 0.5)))
      }
    }
  }
  // A few round blobs (mugs, screws, cable ends).
  const blobs = rng.int(0, 4)
  for (let i = 0; i < blobs; i++) {
    const r = rng.range(0.02, 0.12) * scale
    const cx = rng.range(0, width)
    const cy = rng.range(0, height)
    const value = rng.range(level.min, level.max)
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(height, Math.ceil(cy + r)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(width, Math.ceil(cx + r)); x++) {
        if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) data[y * width + x] = value
      }
    }
  }
}

export function fillRect(image: FloatImage, x0: number, y0: number, w: number, h: number, value: number): void {
  const xa = Math.max(0, x0)
  const ya = Math.max(0, y0)
  const xb = Math.min(image.width, x0 + w)
  const yb = Math.min(image.height, y0 + h)
  for (let y = ya; y < yb; y++) image.data.fill(value, y * image.width + xa, y * image.width + xb)
}

/* ------------------------------------------------------------------ label & pose */

/**
 * A flat label in its own plane coordinates (u right, v down), in module units. `sample` returns the
 * reflectance (0–255) at a point inside `bounds`.
 */
export interface Label {
  bounds: { u0: number; v0: number; u1: number; v1: number }
  /** The code's own rectangle (where the modules are), used to size the code in the frame. */
  code: { u0: number; v0: number; u1: number; v1: number }
  sample(u: number, v: number): number
}

/** A QR matrix label: quiet zone of `quiet` modules, a further light `margin`, dark modules `dark`, light `light`. */
export function qrLabel(size: number, modules: Uint8Array, dark: number, light: number, quiet = 4, margin = 1): Label {
  const pad = quiet + margin
  return {
    bounds: { u0: -pad, v0: -pad, u1: size + pad, v1: size + pad },
    code: { u0: 0, v0: 0, u1: size, v1: size },
    sample(u, v) {
      if (u < 0 || v < 0 || u >= size || v >= size) return light
      return modules[Math.floor(v) * size + Math.floor(u)] === 1 ? dark : light
    },
  }
}

/** A 1D barcode label: bars `height` modules tall, 10-module quiet zones, a text band below. */
export function barcodeLabel(bars: readonly boolean[], dark: number, light: number, height: number): Label {
  const quiet = 10
  const width = bars.length
  return {
    bounds: { u0: -quiet, v0: -3, u1: width + quiet, v1: height + 6 },
    code: { u0: 0, v0: 0, u1: width, v1: height },
    sample(u, v) {
      if (v >= 0 && v < height && u >= 0 && u < width) return bars[Math.floor(u)] ? dark : light
      // Human-readable text under the bars: a row of small blocks.
      if (v >= height + 1.5 && v < height + 4.5 && u >= width * 0.2 && u < width * 0.8 && Math.floor(u / 2.5) % 2 === 0) return dark
      return light
    },
  }
}

/** 3×3 row-major matrix. */
export type Mat3 = [number, number, number, number, number, number, number, number, number]

export interface Pose {
  /** In-plane rotation (radians). */
  roll: number
  /** Tilts about the label's horizontal and vertical axes (radians). */
  tiltX: number
  tiltY: number
}

export interface Placement {
  /** Label plane (module units) → image pixels. */
  homography: Mat3
  /** Image corners of the code rectangle, clockwise from top-left. */
  codeCorners: Array<{ x: number; y: number }>
  /** Approximate module size in pixels (sqrt of the code's image area / modules per side). */
  modulePx: number
}

function project(h: Mat3, u: number, v: number): { x: number; y: number } {
  const w = h[6] * u + h[7] * v + h[8]
  return { x: (h[0] * u + h[1] * v + h[2]) / w, y: (h[3] * u + h[4] * v + h[5]) / w }
}

function quadArea(points: Array<{ x: number; y: number }>): number {
  let sum = 0
  for (let i = 0; i < points.length; i++) {
    const a = points[i] as { x: number; y: number }
    const b = points[(i + 1) % points.length] as { x: number; y: number }
    sum += a.x * b.y - b.x * a.y
  }
  return Math.abs(sum) / 2
}

export function invert3(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m
  const A = e * i - f * h
  const B = -(d * i - f * g)
  const C = d * h - e * g
  const det = a * A + b * B + c * C
  if (Math.abs(det) < 1e-12) throw new RangeError('singular homography')
  const s = 1 / det
  return [A * s, -(b * i - c * h) * s, (b * f - c * e) * s, B * s, (a * i - c * g) * s, -(a * f - c * d) * s, C * s, -(a * h - b * g) * s, (a * e - b * d) * s]
}

/**
 * Places `label` in front of a pinhole camera (focal length `focal` px, principal point at the frame
 * centre) with `pose`, at the distance where the code covers `areaFraction` of the frame, shifted by
 * `offset` (−1…1 of the free room in each direction) while keeping the whole label inside the frame.
 */
export function placeLabel(
  label: Label,
  frame: { width: number; height: number },
  pose: Pose,
  areaFraction: number,
  offset: { x: number; y: number },
  focalFactor = 1,
): Placement {
  const { width, height } = frame
  const f = focalFactor * width
  const cu = (label.code.u0 + label.code.u1) / 2
  const cv = (label.code.v0 + label.code.v1) / 2
  const cr = Math.cos(pose.roll)
  const sr = Math.sin(pose.roll)
  const cx = Math.cos(pose.tiltX)
  const sx = Math.sin(pose.tiltX)
  const cy = Math.cos(pose.tiltY)
  const sy = Math.sin(pose.tiltY)
  // R = Rz(roll) · Rx(tiltX) · Ry(tiltY); only the first two columns act on a plane.
  const rx: [number, number, number][] = [
    [1, 0, 0],
    [0, cx, -sx],
    [0, sx, cx],
  ]
  const ry: [number, number, number][] = [
    [cy, 0, sy],
    [0, 1, 0],
    [-sy, 0, cy],
  ]
  const rz: [number, number, number][] = [
    [cr, -sr, 0],
    [sr, cr, 0],
    [0, 0, 1],
  ]
  const mul = (a: number[][], b: number[][]) => a.map((row) => [0, 1, 2].map((j) => row.reduce((s, v, k) => s + v * (b[k] as number[])[j]!, 0)))
  const R = mul(mul(rz, rx), ry)
  const col = (j: number) => [R[0]![j]!, R[1]![j]!, R[2]![j]!]
  const r1 = col(0)
  const r2 = col(1)
  const build = (tx: number, ty: number, tz: number): Mat3 => {
    // Plane point (u - cu, v - cv, 0) → camera: R·p + T; image = K·(…)
    const m: Mat3 = [
      f * r1[0]! + (width / 2) * r1[2]!,
      f * r2[0]! + (width / 2) * r2[2]!,
      f * tx + (width / 2) * tz,
      f * r1[1]! + (height / 2) * r1[2]!,
      f * r2[1]! + (height / 2) * r2[2]!,
      f * ty + (height / 2) * tz,
      r1[2]!,
      r2[2]!,
      tz,
    ]
    // Shift plane origin to the code centre: H · [1 0 -cu; 0 1 -cv; 0 0 1]
    return [m[0], m[1], m[2] - m[0] * cu - m[1] * cv, m[3], m[4], m[5] - m[3] * cu - m[4] * cv, m[6], m[7], m[8] - m[6] * cu - m[7] * cv]
  }
  const codeCornersOf = (h: Mat3) => [
    project(h, label.code.u0, label.code.v0),
    project(h, label.code.u1, label.code.v0),
    project(h, label.code.u1, label.code.v1),
    project(h, label.code.u0, label.code.v1),
  ]
  const boundCornersOf = (h: Mat3) => [
    project(h, label.bounds.u0, label.bounds.v0),
    project(h, label.bounds.u1, label.bounds.v0),
    project(h, label.bounds.u1, label.bounds.v1),
    project(h, label.bounds.u0, label.bounds.v1),
  ]
  const target = areaFraction * width * height
  let tz = (f * (label.code.u1 - label.code.u0)) / Math.sqrt(target)
  let h = build(0, 0, tz)
  for (let i = 0; i < 6; i++) {
    tz *= Math.sqrt(quadArea(codeCornersOf(h)) / target)
    h = build(0, 0, tz)
  }
  // Shrink if the label does not fit at all.
  for (let i = 0; i < 20; i++) {
    const b = boundCornersOf(h)
    const xs = b.map((p) => p.x)
    const ys = b.map((p) => p.y)
    if (Math.max(...xs) - Math.min(...xs) <= width * 0.98 && Math.max(...ys) - Math.min(...ys) <= height * 0.98) break
    tz *= 1.06
    h = build(0, 0, tz)
  }
  // Free room around the centred label, then shift within it (in image px ≈ camera units · f / tz).
  const b = boundCornersOf(h)
  const minX = Math.min(...b.map((p) => p.x))
  const maxX = Math.max(...b.map((p) => p.x))
  const minY = Math.min(...b.map((p) => p.y))
  const maxY = Math.max(...b.map((p) => p.y))
  const dx = offset.x >= 0 ? offset.x * (width - 1 - maxX) : -offset.x * minX
  const dy = offset.y >= 0 ? offset.y * (height - 1 - maxY) : -offset.y * minY
  let shift = 1
  for (let i = 0; i < 12; i++) {
    const candidate = build((dx * shift * tz) / f, (dy * shift * tz) / f, tz)
    const c = boundCornersOf(candidate)
    if (c.every((p) => p.x >= 0 && p.y >= 0 && p.x <= width - 1 && p.y <= height - 1)) {
      h = candidate
      break
    }
    shift *= 0.7
  }
  const corners = codeCornersOf(h)
  const modules = Math.max(label.code.u1 - label.code.u0, label.code.v1 - label.code.v0)
  return { homography: h, codeCorners: corners, modulePx: Math.sqrt(quadArea(corners)) / modules }
}

/** Optional modulation of the label's light in plane coordinates (a screen's pixel grid → moiré). */
export type PlaneModulation = (u: number, v: number) => number

/**
 * Renders the label into `image` (supersampled `ss`×`ss` per pixel) where it covers the frame; the
 * background stays where the label does not reach. `modulation` multiplies the label's value.
 */
export function renderLabel(image: FloatImage, label: Label, homography: Mat3, ss: number, modulation?: PlaneModulation): void {
  const { width, height, data } = image
  const inv = invert3(homography)
  const corners = [
    project(homography, label.bounds.u0, label.bounds.v0),
    project(homography, label.bounds.u1, label.bounds.v0),
    project(homography, label.bounds.u1, label.bounds.v1),
    project(homography, label.bounds.u0, label.bounds.v1),
  ]
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p.x))) - 1)
  const x1 = Math.min(width - 1, Math.ceil(Math.max(...corners.map((p) => p.x))) + 1)
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((p) => p.y))) - 1)
  const y1 = Math.min(height - 1, Math.ceil(Math.max(...corners.map((p) => p.y))) + 1)
  const { u0, v0, u1, v1 } = label.bounds
  const [a, b, c, d, e, f, g, h, i] = inv
  const step = 1 / ss
  const offset0 = step / 2
  const samples = ss * ss
  const last = ss - 1
  // Label value at sub-sample (sx, sy) of pixel (x, y), or NaN outside the label.
  const at = (x: number, y: number, sx: number, sy: number): number => {
    const px = x + offset0 + sx * step
    const py = y + offset0 + sy * step
    const w = g * px + h * py + i
    const u = (a * px + b * py + c) / w
    const v = (d * px + e * py + f) / w
    if (!(u >= u0 && u < u1 && v >= v0 && v < v1 && w > 0)) return NaN
    const value = label.sample(u, v)
    return modulation ? value * modulation(u, v) : value
  }
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const index = y * width + x
      // Inside one module (all four corner samples agree), one sample is the pixel: modules are
      // wider than a pixel, so nothing fits between the corners. Not with a screen-grid modulation.
      const c00 = at(x, y, 0, 0)
      const c10 = at(x, y, last, 0)
      const c01 = at(x, y, 0, last)
      const c11 = at(x, y, last, last)
      // Entirely outside the label (NaN never equals itself).
      if (c00 !== c00 && c10 !== c10 && c01 !== c01 && c11 !== c11) continue
      if (!modulation && c00 === c10 && c00 === c01 && c00 === c11) {
        data[index] = c00
        continue
      }
      let sum = 0
      let inside = 0
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const value = at(x, y, sx, sy)
          if (value === value) {
            sum += value
            inside++
          }
        }
      }
      if (inside === 0) continue
      data[index] = (sum + (samples - inside) * (data[index] as number)) / samples
    }
  }
}

/* ------------------------------------------------------------------ lighting, optics, sensor */

/** Additive linear illumination gradient of ±`amount` across the frame in a random direction. */
export function applyGradient(image: FloatImage, rng: Rng, amount: number): void {
  const { data, width, height } = image
  const angle = rng.range(0, Math.PI * 2)
  const ax = Math.cos(angle) * amount * 2
  const ay = Math.sin(angle) * amount * 2
  for (let y = 0; y < height; y++) {
    const fy = (y / height - 0.5) * ay
    for (let x = 0; x < width; x++) data[y * width + x]! += (x / width - 0.5) * ax + fy
  }
}

/** Multiplicative radial fall-off: the corners lose `strength` (0–1) of their light. */
export function applyVignette(image: FloatImage, strength: number): void {
  const { data, width, height } = image
  const cx = width / 2
  const cy = height / 2
  const r2max = cx * cx + cy * cy
  for (let y = 0; y < height; y++) {
    const dy2 = (y - cy) ** 2
    for (let x = 0; x < width; x++) data[y * width + x]! *= 1 - strength * (((x - cx) ** 2 + dy2) / r2max)
  }
}

/** Multiplies everything by `gain` and adds `offset` (exposure). */
export function applyExposure(image: FloatImage, gain: number, offset = 0): void {
  const { data } = image
  for (let i = 0; i < data.length; i++) data[i] = data[i]! * gain + offset
}

/** A specular highlight: additive elliptical Gaussian (peak `peak` grey levels) at (cx, cy). */
export function applyGlare(image: FloatImage, cx: number, cy: number, rx: number, ry: number, angle: number, peak: number): void {
  const { data, width, height } = image
  const ca = Math.cos(angle)
  const sa = Math.sin(angle)
  const reach = 3 * Math.max(rx, ry)
  for (let y = Math.max(0, Math.floor(cy - reach)); y < Math.min(height, Math.ceil(cy + reach)); y++) {
    for (let x = Math.max(0, Math.floor(cx - reach)); x < Math.min(width, Math.ceil(cx + reach)); x++) {
      const dx = x - cx
      const dy = y - cy
      const a = (dx * ca + dy * sa) / rx
      const b = (-dx * sa + dy * ca) / ry
      const q = a * a + b * b
      // A flat-topped lobe: saturated core, soft shoulder.
      data[y * width + x]! += peak * Math.exp(-0.5 * q * q)
    }
  }
}

/** Horizontal brightness bands (screen refresh beating with the camera's rolling shutter). */
export function applyBanding(image: FloatImage, amplitude: number, period: number, phase: number): void {
  const { data, width, height } = image
  for (let y = 0; y < height; y++) {
    const add = amplitude * Math.sin((2 * Math.PI * y) / period + phase)
    for (let x = 0; x < width; x++) data[y * width + x]! += add
  }
}

function boxBlurH(src: Float32Array, dst: Float32Array, width: number, height: number, r: number): void {
  const norm = 1 / (2 * r + 1)
  const last = width - 1
  for (let y = 0; y < height; y++) {
    const row = y * width
    let acc = 0
    for (let k = -r; k <= r; k++) acc += src[row + (k < 0 ? 0 : k > last ? last : k)]!
    for (let x = 0; x < width; x++) {
      dst[row + x] = acc * norm
      const add = x + r + 1
      const sub = x - r
      acc += src[row + (add > last ? last : add)]! - src[row + (sub < 0 ? 0 : sub)]!
    }
  }
}

function transpose(src: Float32Array, dst: Float32Array, width: number, height: number): void {
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) dst[x * height + y] = src[y * width + x]!
}

function kernelBlurH(src: Float32Array, dst: Float32Array, width: number, height: number, kernel: Float32Array): void {
  const r = (kernel.length - 1) / 2
  const taps = kernel.length
  for (let y = 0; y < height; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) {
      let acc = 0
      if (x >= r && x + r < width) {
        const start = row + x - r
        for (let k = 0; k < taps; k++) acc += src[start + k]! * kernel[k]!
      } else {
        for (let k = -r; k <= r; k++) {
          const xx = x + k < 0 ? 0 : x + k >= width ? width - 1 : x + k
          acc += src[row + xx]! * kernel[k + r]!
        }
      }
      dst[row + x] = acc
    }
  }
}

/** Gaussian blur (σ in px): exact kernel for small σ, three box passes beyond (constant cost per pixel). */
export function gaussianBlur(image: FloatImage, sigma: number): void {
  if (sigma < 0.2) return
  const { width, height } = image
  let data: Float32Array = image.data
  let tmp: Float32Array = new Float32Array(data.length)
  const horizontal = (pass: (src: Float32Array, dst: Float32Array, w: number, h: number) => void) => {
    pass(data, tmp, width, height)
    ;[data, tmp] = [tmp, data]
  }
  const passes: Array<(src: Float32Array, dst: Float32Array, w: number, h: number) => void> = []
  if (sigma < 1.5) {
    const r = Math.ceil(sigma * 3)
    const kernel = new Float32Array(2 * r + 1)
    let sum = 0
    for (let k = -r; k <= r; k++) sum += kernel[k + r] = Math.exp((-k * k) / (2 * sigma * sigma))
    for (let k = 0; k < kernel.length; k++) kernel[k]! /= sum
    passes.push((s, d, w, h) => kernelBlurH(s, d, w, h, kernel))
  } else {
    // Three box filters approximating the Gaussian (Kovesi 2010).
    const n = 3
    const wIdeal = Math.sqrt((12 * sigma * sigma) / n + 1)
    let wl = Math.floor(wIdeal)
    if (wl % 2 === 0) wl--
    const wu = wl + 2
    const m = Math.round((12 * sigma * sigma - n * wl * wl - 4 * n * wl - 3 * n) / (-4 * wl - 4))
    for (let k = 0; k < n; k++) {
      const r = ((k < m ? wl : wu) - 1) / 2
      passes.push((s, d, w, h) => boxBlurH(s, d, w, h, r))
    }
  }
  for (const pass of passes) horizontal(pass)
  // Vertical = transpose, horizontal passes, transpose back.
  transpose(data, tmp, width, height)
  ;[data, tmp] = [tmp, data]
  for (const pass of passes) {
    pass(data, tmp, height, width)
    ;[data, tmp] = [tmp, data]
  }
  transpose(data, tmp, height, width)
  image.data.set(tmp)
}

/** Linear motion blur of `length` px along `angle` (box along a line, bilinear taps). */
export function motionBlur(image: FloatImage, length: number, angle: number): void {
  if (length < 1) return
  const { data, width, height } = image
  const src = data.slice()
  const taps = Math.max(2, Math.ceil(length))
  const dx = (Math.cos(angle) * length) / (taps - 1)
  const dy = (Math.sin(angle) * length) / (taps - 1)
  const half = (taps - 1) / 2
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let acc = 0
      for (let t = 0; t < taps; t++) {
        const xx = Math.min(width - 1, Math.max(0, Math.round(x + (t - half) * dx)))
        const yy = Math.min(height - 1, Math.max(0, Math.round(y + (t - half) * dy)))
        acc += src[yy * width + xx]!
      }
      data[y * width + x] = acc / taps
    }
  }
}

/** Camera sharpening (unsharp mask with a small radius): halos and amplified noise, like a webcam ISP. */
export function sharpen(image: FloatImage, sigma: number, amount: number): void {
  const blurred = { ...image, data: image.data.slice() }
  gaussianBlur(blurred, sigma)
  const { data } = image
  for (let i = 0; i < data.length; i++) data[i] = data[i]! + amount * (data[i]! - blurred.data[i]!)
}
