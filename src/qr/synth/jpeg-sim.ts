/**
 * What a USB webcam's MJPEG stream does to a frame: YCbCr with 4:2:0 chroma (2×2 averaged), each
 * 8×8 block's DCT quantised with the standard JPEG tables (Annex K) scaled to `quality` (libjpeg's
 * scaling), then decoded back. Block edges, ringing and lost fine detail come out as in a real
 * stream; entropy coding is lossless, so it is skipped. In place on RGBA. Deterministic.
 */
const lumaTable = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103,
  77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
]
const chromaTable = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
]

function scaledTable(base: readonly number[], quality: number): Float32Array {
  const q = Math.min(100, Math.max(1, Math.round(quality)))
  const scale = q < 50 ? 5000 / q : 200 - 2 * q
  return Float32Array.from(base, (v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))))
}

/** cos[(2x+1)uπ/16]·c(u), row u. */
const basis = (() => {
  const out = new Float32Array(64)
  for (let u = 0; u < 8; u++) for (let x = 0; x < 8; x++) out[u * 8 + x] = (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * x + 1) * u * Math.PI) / 16)
  return out
})()

/** Quantises one plane (values 0–255) block by block; edge blocks repeat the last row/column. */
function quantisePlane(plane: Float32Array, width: number, height: number, table: Float32Array): void {
  const block = new Float32Array(64)
  const tmp = new Float32Array(64)
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++) {
        const yy = Math.min(height - 1, by + y)
        for (let x = 0; x < 8; x++) block[y * 8 + x] = plane[yy * width + Math.min(width - 1, bx + x)]! - 128
      }
      // Forward DCT: tmp = B·X, block = tmp·Bᵀ.
      for (let u = 0; u < 8; u++)
        for (let x = 0; x < 8; x++) {
          let s = 0
          for (let y = 0; y < 8; y++) s += basis[u * 8 + y]! * block[y * 8 + x]!
          tmp[u * 8 + x] = s
        }
      for (let u = 0; u < 8; u++)
        for (let v = 0; v < 8; v++) {
          let s = 0
          for (let x = 0; x < 8; x++) s += tmp[u * 8 + x]! * basis[v * 8 + x]!
          const q = table[u * 8 + v]!
          block[u * 8 + v] = Math.round(s / q) * q
        }
      // Inverse: tmp = Bᵀ·F, X = tmp·B.
      for (let y = 0; y < 8; y++)
        for (let v = 0; v < 8; v++) {
          let s = 0
          for (let u = 0; u < 8; u++) s += basis[u * 8 + y]! * block[u * 8 + v]!
          tmp[y * 8 + v] = s
        }
      for (let y = 0; y < 8 && by + y < height; y++)
        for (let x = 0; x < 8 && bx + x < width; x++) {
          let s = 0
          for (let v = 0; v < 8; v++) s += tmp[y * 8 + v]! * basis[v * 8 + x]!
          plane[(by + y) * width + bx + x] = s + 128
        }
    }
  }
}

export function mjpegRoundTrip(rgba: Uint8ClampedArray, width: number, height: number, quality: number): void {
  const cw = (width + 1) >> 1
  const ch = (height + 1) >> 1
  const luma = new Float32Array(width * height)
  const cb = new Float32Array(cw * ch)
  const cr = new Float32Array(cw * ch)
  const count = new Float32Array(cw * ch)
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const r = rgba[i * 4]!
      const g = rgba[i * 4 + 1]!
      const b = rgba[i * 4 + 2]!
      luma[i] = 0.299 * r + 0.587 * g + 0.114 * b
      const c = (y >> 1) * cw + (x >> 1)
      cb[c]! += 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
      cr[c]! += 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
      count[c]!++
    }
  }
  for (let c = 0; c < cb.length; c++) {
    cb[c]! /= count[c]!
    cr[c]! /= count[c]!
  }
  const lumaQ = scaledTable(lumaTable, quality)
  const chromaQ = scaledTable(chromaTable, quality)
  quantisePlane(luma, width, height, lumaQ)
  quantisePlane(cb, cw, ch, chromaQ)
  quantisePlane(cr, cw, ch, chromaQ)
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const c = (y >> 1) * cw + (x >> 1)
      const Y = luma[i]!
      const b = cb[c]! - 128
      const r = cr[c]! - 128
      rgba[i * 4] = Y + 1.402 * r
      rgba[i * 4 + 1] = Y - 0.344136 * b - 0.714136 * r
      rgba[i * 4 + 2] = Y + 1.772 * b
    }
  }
}
