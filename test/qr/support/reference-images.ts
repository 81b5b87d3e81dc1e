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
