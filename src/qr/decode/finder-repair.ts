import type { LumaImage } from '../image/luma'
import { findFinderPatterns, type FinderPattern } from './finder-patterns'
import type { Point } from './zxing-engine'

/**
 * A QR symbol with one finder pattern hidden — a thumb over a corner of the label, a glare spot on
 * it — cannot be located by zxing, which needs all three. The other two still say where the third
 * must be: finder centres sit 3.5 modules in from three corners of a square, so two of them fix the
 * square up to which two corners they are (ISO/IEC 18004 §6.3.3: the finders are at the top-left,
 * top-right and bottom-left). This module draws the missing finder back, ideal, at each place the
 * two visible ones allow, and hands the crops to the reader: the finder is a fixed function pattern,
 * so drawing it back restores the symbol exactly there, and the data modules under the thumb are
 * what Reed–Solomon error correction is for. A wrong guess only draws a finder where there is none,
 * which the reader then fails on (its format information and error correction do not check out).
 */

export interface RestoredView {
  /** A copy of the symbol's region with the missing finder drawn in. */
  image: LumaImage
  /** The crop's origin in the source image's pixels. */
  x: number
  y: number
}

/** Grey level at (x, y) by bilinear interpolation, NaN outside the image. */
function sample(image: LumaImage, x: number, y: number): number {
  const { data, width, height } = image
  if (!(x >= 0 && y >= 0 && x <= width - 1 && y <= height - 1)) return Number.NaN
  const x0 = Math.min(width - 2, Math.floor(x))
  const y0 = Math.min(height - 2, Math.floor(y))
  const fx = x - x0
  const fy = y - y0
  const i = y0 * width + x0
  const top = data[i]! + (data[i + 1]! - data[i]!) * fx
  const bottom = data[i + width]! + (data[i + width + 1]! - data[i + width]!) * fx
  return top + (bottom - top) * fy
}

interface Profile {
  /** Outer edge to outer edge of the pattern along the direction, in px (NaN when not measurable). */
  width: number
  dark: number
  light: number
}

/**
 * The finder's extent along unit direction (ux, uy) through its centre: dark centre, light ring, dark
 * ring, then light again. Through the centre a finder is 7 modules wide along the symbol's axes and
 * 7·√2 along its diagonals, which is how a pair of finders tells a side of the square from its diagonal.
 */
function profileAlong(image: LumaImage, centre: FinderPattern, ux: number, uy: number): Profile {
  const step = 0.5
  const reach = Math.ceil((centre.module * 6.5) / step)
  const values = new Float64Array(2 * reach + 1)
  for (let k = -reach; k <= reach; k++) values[k + reach] = sample(image, centre.x + ux * k * step, centre.y + uy * k * step)
  let dark = 0
  let count = 0
  const core = Math.max(1, Math.floor((centre.module * 0.7) / step))
  for (let k = -core; k <= core; k++) {
    dark += values[k + reach]!
    count++
  }
  dark /= count
  let light = -Infinity
  const ring = Math.ceil((centre.module * 4) / step)
  for (let k = -ring; k <= ring; k++) if (values[k + reach]! > light) light = values[k + reach]!
  const fail = { width: Number.NaN, dark, light }
  if (!(light - dark > 10)) return fail
  const threshold = (dark + light) / 2
  // Walk out from the centre: dark, light, dark; the edge is where light starts again.
  const edge = (direction: 1 | -1): number => {
    let part = 0
    for (let k = 0; k <= reach; k++) {
      const v = values[direction * k + reach]!
      if (Number.isNaN(v)) return Number.NaN
      const isDark = v < threshold
      if (part === 0 && !isDark) part = 1
      else if (part === 1 && isDark) part = 2
      else if (part === 2 && !isDark) return k * step
    }
    return Number.NaN
  }
  return { width: edge(1) + edge(-1), dark, light }
}

/** The pattern's apparent width along (ux, uy), averaged over both finders. */
function meanWidth(image: LumaImage, a: FinderPattern, b: FinderPattern, ux: number, uy: number): number {
  return (profileAlong(image, a, ux, uy).width + profileAlong(image, b, ux, uy).width) / 2
}

/**
 * Where the third finder can be, given two: when they share a side of the square, beside either of
 * them on the side where the symbol's body is; when they are diagonal, on either side of the
 * diagonal. Each place comes with the symbol's two axes (unit vectors from the right-angle finder
 * towards the other two) and the module size.
 */
export interface FinderGuess {
  centre: Point
  /** The right-angle (top-left) finder and the two others, in px. */
  corner: Point
  ends: [Point, Point]
  module: number
}

export function guessMissingFinder(image: LumaImage, a: FinderPattern, b: FinderPattern): FinderGuess[] {
  const dx = b.x - a.x
  const dy = b.y - a.y
  const distance = Math.hypot(dx, dy)
  if (!(distance > 0)) return []
  const ux = dx / distance
  const uy = dy / distance
  // Along a side the line between the centres crosses each finder square-on: 7 modules; across a
  // diagonal it crosses them corner to corner: 7·√2. The line at 45° to it gives the other one.
  const along = meanWidth(image, a, b, ux, uy)
  const c = Math.SQRT1_2
  const across = meanWidth(image, a, b, (ux - uy) * c, (uy + ux) * c)
  const acrossOther = meanWidth(image, a, b, (ux + uy) * c, (uy - ux) * c)
  const diagonalWidth = Math.max(Number.isNaN(across) ? 0 : across, Number.isNaN(acrossOther) ? 0 : acrossOther)
  if (Number.isNaN(along) || !(diagonalWidth > 0)) return []
  const guesses: FinderGuess[] = []
  const nx = -uy
  const ny = ux
  if (along < diagonalWidth) {
    const module = along / 7
    // A side: the symbol's body is on the side of the line with the texture of data modules.
    const side = bodySide(image, a, b, nx, ny, distance, module)
    for (const [corner, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const centre = { x: corner.x + side * nx * distance, y: corner.y + side * ny * distance }
      guesses.push({ centre, corner, ends: [other, centre], module })
    }
  } else {
    const module = along / 7 / Math.SQRT2
    const mx = (a.x + b.x) / 2
    const my = (a.y + b.y) / 2
    for (const side of [1, -1]) {
      const centre = { x: mx + (side * nx * distance) / 2, y: my + (side * ny * distance) / 2 }
      guesses.push({ centre, corner: centre, ends: [a, b], module })
    }
  }
  return guesses
}

/**
 * +1 or −1: the side of the a→b line (normal (nx, ny)) whose half-way line changes grey level most
 * from one half-module to the next — data modules do, background clutter (a few large shapes) does not.
 */
function bodySide(image: LumaImage, a: Point, b: Point, nx: number, ny: number, distance: number, module: number): 1 | -1 {
  const variation = (side: number): number => {
    let total = 0
    let count = 0
    let previous = Number.NaN
    const steps = Math.max(8, Math.round(distance / Math.max(0.5, module / 2)))
    for (let k = 0; k <= steps; k++) {
      const t = k / steps
      const v = sample(image, a.x + (b.x - a.x) * t + (side * nx * distance) / 2, a.y + (b.y - a.y) * t + (side * ny * distance) / 2)
      if (!Number.isNaN(v) && !Number.isNaN(previous)) {
        total += Math.abs(v - previous)
        count++
      }
      previous = v
    }
    return count > 0 ? total / count : 0
  }
  return variation(1) >= variation(-1) ? 1 : -1
}

/**
 * A copy of the symbol's region (grown by a quiet zone) with an ideal finder pattern and its
 * separator drawn at the guessed place, in the grey levels of the visible finders.
 */
export function drawMissingFinder(image: LumaImage, guess: FinderGuess, levels: { dark: number; light: number }): RestoredView | null {
  const { corner, ends, module } = guess
  const far = { x: ends[0].x + ends[1].x - corner.x, y: ends[0].y + ends[1].y - corner.y }
  const points = [corner, ends[0], ends[1], far]
  // Finder centres are 3.5 modules in from the symbol's corners; 4 more for the quiet zone.
  const grow = module * 7.5 * Math.SQRT2
  const x0 = Math.max(0, Math.floor(Math.min(...points.map((p) => p.x)) - grow))
  const y0 = Math.max(0, Math.floor(Math.min(...points.map((p) => p.y)) - grow))
  const x1 = Math.min(image.width, Math.ceil(Math.max(...points.map((p) => p.x)) + grow))
  const y1 = Math.min(image.height, Math.ceil(Math.max(...points.map((p) => p.y)) + grow))
  const width = x1 - x0
  const height = y1 - y0
  if (width < 21 || height < 21) return null
  const data = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) data.set(image.data.subarray((y0 + y) * image.width + x0, (y0 + y) * image.width + x1), y * width)
  // The symbol's axes, one module long each, from the right-angle finder towards the other two.
  const axis = (to: Point) => {
    const length = Math.hypot(to.x - corner.x, to.y - corner.y)
    return { x: (to.x - corner.x) / length, y: (to.y - corner.y) / length }
  }
  const u = axis(ends[0])
  const v = axis(ends[1])
  const determinant = u.x * v.y - u.y * v.x
  if (Math.abs(determinant) < 0.5) return null
  const cx = guess.centre.x - x0
  const cy = guess.centre.y - y0
  const reach = Math.ceil(module * 4.5 * Math.SQRT2) + 1
  const dark = Math.round(levels.dark)
  const light = Math.round(levels.light)
  for (let y = Math.max(0, Math.floor(cy - reach)); y < Math.min(height, Math.ceil(cy + reach)); y++) {
    for (let x = Math.max(0, Math.floor(cx - reach)); x < Math.min(width, Math.ceil(cx + reach)); x++) {
      // Module coordinates (p, q) of the pixel centre in the (u, v) frame around the finder's centre.
      const rx = x - cx
      const ry = y - cy
      const p = Math.abs((rx * v.y - ry * v.x) / determinant / module)
      const q = Math.abs((u.x * ry - u.y * rx) / determinant / module)
      const ringIndex = Math.max(p, q)
      if (ringIndex > 4.5) continue
      data[y * width + x] = ringIndex <= 1.5 || (ringIndex > 2.5 && ringIndex <= 3.5) ? dark : light
    }
  }
  return { image: { data, width, height }, x: x0, y: y0 }
}

/** The grey levels of a visible finder: its dark centre and the lightest of its light ring. */
export function finderLevels(image: LumaImage, pattern: FinderPattern): { dark: number; light: number } {
  const along = profileAlong(image, pattern, 1, 0)
  return { dark: along.dark, light: along.light }
}

export interface HiddenFinderSearch {
  /** The frame's luma (full resolution): finders are searched, placed and drawn there. */
  luma: LumaImage
  /** Convex quads in frame px (codes already read): their finders are not paired. */
  exclude: ReadonlyArray<readonly Point[]>
  /** Most pairs of finders tried (each costs up to two reads). */
  maxPairs: number
}

/**
 * Crops of the frame, each with a missing third finder drawn where a pair of visible finders of the
 * same size puts it, best pairs first (the caller reads them in order and stops at the first read).
 * The search runs at full resolution: the labels a thumb half covers have modules of 3–5 px at 720p,
 * 1.5–2.5 px in the 640 px image, where the blur of the downscale hides the finders' thin rings
 * (bench:qr finger frames: 2 of 10 found there, 10 of 10 here). Only every `rowStep`-th row is
 * read, a 120th of the frame's height apart, and modules of at least a third of that (2 px at 720p:
 * a code a thumb can half cover is larger than that): ~0.8 ms per 720p frame.
 */
export function* viewsWithFinderRestored(search: HiddenFinderSearch): Generator<RestoredView> {
  const { luma } = search
  const rowStep = Math.max(2, Math.round(luma.height / 120))
  const patterns = findFinderPatterns(luma, {
    minModule: Math.max(1.5, rowStep / 3),
    maxModule: 24 * (rowStep / 6),
    rowStep,
    // Printed finders stand out; sensor noise that happens to binarise as 1:1:3:1:1 does not.
    minContrast: 24,
    exclude: search.exclude,
    excludeGrow: 4,
  }).sort((a, b) => b.count - a.count)
  let pairs = 0
  for (let i = 0; i < patterns.length && pairs < search.maxPairs; i++) {
    for (let j = i + 1; j < patterns.length && pairs < search.maxPairs; j++) {
      const a = patterns[i]!
      const b = patterns[j]!
      if (Math.max(a.module, b.module) > 1.4 * Math.min(a.module, b.module)) continue
      // Finder centres of one symbol are 14 (version 1) to 170 (version 40) modules apart along a side.
      const apart = Math.hypot(a.x - b.x, a.y - b.y) / ((a.module + b.module) / 2)
      if (apart < 12 || apart > 250) continue
      pairs++
      const levels = finderLevels(luma, a)
      for (const guess of guessMissingFinder(luma, a, b)) {
        const view = drawMissingFinder(luma, guess, levels)
        if (view) yield view
      }
    }
  }
}
