import type { LumaImage } from '@qr/image/luma'

/** Deterministic RGBA noise with some structure (so sums and clamping are exercised). */
export function rgba(width: number, height: number, seed: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4)
  let s = seed
  for (let i = 0; i < out.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    out[i] = ((s >>> 16) & 0xff) ^ (i % 97 < 40 ? 0 : 0xc0)
  }
  return out
}

/** The band-pass written out directly: clamped-edge box sums, same fixed-point weights. */
export function naiveBandpass(image: LumaImage, inner: number, outer: number, amount: number): Uint8Array {
  const { width, height, data } = image
  const at = (x: number, y: number) => data[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))]!
  const box = (x: number, y: number, r: number) => {
    let sum = 0
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) sum += at(x + dx, y + dy)
    return sum
  }
  const ki = Math.round(((1 + amount) / ((2 * inner + 1) * (2 * inner + 1))) * 1024)
  const ko = Math.round((amount / ((2 * outer + 1) * (2 * outer + 1))) * 1024)
  const out = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) out[y * width + x] = Math.max(0, Math.min(255, (box(x, y, inner) * ki - box(x, y, outer) * ko + 512) >> 10))
  }
  return out
}

/**
 * zxing-cpp's HybridBinarizer ("new algorithm") written out as its C++ reads: per-block (min + max)/2
 * where the range exceeds 24, the 25-block window summed block by block, the zero-run fill, and
 * every block's 8×8 pixels thresholded in order (later blocks overwrite). 0 black, 255 white; null
 * where zxing falls back to its global histogram.
 */
export function naiveHybridBinarize(image: LumaImage): Uint8Array | null {
  const { data, width, height } = image
  if (width < 40 || height < 40) return null
  const columns = Math.ceil(width / 8)
  const rows = Math.ceil(height / 8)
  const raw: number[] = []
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const x0 = Math.min(x * 8, width - 8)
      const y0 = Math.min(y * 8, height - 8)
      let min = 255
      let max = 0
      for (let yy = 0; yy < 8; yy++) {
        for (let xx = 0; xx < 8; xx++) {
          min = Math.min(min, data[(y0 + yy) * width + x0 + xx]!)
          max = Math.max(max, data[(y0 + yy) * width + x0 + xx]!)
        }
      }
      raw.push(max - min > 24 ? Math.trunc((max + min) / 2) : 0)
    }
  }
  const smoothed: number[] = []
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const left = Math.min(Math.max(x, 2), columns - 3)
      const top = Math.min(Math.max(y, 2), rows - 3)
      let sum = raw[y * columns + x]! * 2
      let n = sum > 0 ? 2 : 0
      for (let dy = -2; dy <= 2; dy++) {
        for (let dx = -2; dx <= 2; dx++) {
          const t = raw[(top + dy) * columns + left + dx]!
          sum += t
          n += t > 0 ? 1 : 0
        }
      }
      smoothed.push(n > 0 ? Math.trunc(sum / n) : 0)
    }
  }
  if (smoothed.every((t) => t === 0)) return null
  let last = -1
  for (let i = 0; i < smoothed.length; i++) {
    if (smoothed[i]) {
      for (let j = last + 1; j < i; j++) smoothed[j] = smoothed[i]!
      last = i
    }
  }
  for (let j = last + 1; j < smoothed.length; j++) smoothed[j] = smoothed[last]!
  const out = new Uint8Array(width * height)
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const x0 = Math.min(x * 8, width - 8)
      const y0 = Math.min(y * 8, height - 8)
      for (let yy = 0; yy < 8; yy++) {
        for (let xx = 0; xx < 8; xx++) {
          const i = (y0 + yy) * width + x0 + xx
          out[i] = data[i]! <= smoothed[y * columns + x]! ? 0 : 255
        }
      }
    }
  }
  return out
}
