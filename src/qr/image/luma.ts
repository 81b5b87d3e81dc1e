/**
 * Grey-image operations for the decoder's pre-processing. Pure functions over 8-bit luma buffers:
 * no DOM, no Node, so they run in the renderer's Worker and under Node alike.
 */
export interface LumaImage {
  data: Uint8Array
  width: number
  height: number
}

/** What the decoder accepts: RGBA (canvas `ImageData`, 4 bytes/px) or 8-bit grey (1 byte/px). */
export interface FrameInput {
  data: Uint8Array | Uint8ClampedArray
  width: number
  height: number
}

/**
 * Reusable pixel buffers, one per tag, so a decoder working frame after frame does not allocate (and
 * garbage-collect) megabytes per frame. A buffer is handed out again for the next frame: results
 * must not keep references to it.
 */
export interface BufferPool {
  u8(tag: string, length: number): Uint8Array
  u16(tag: string, length: number): Uint16Array
}

export function createBufferPool(): BufferPool {
  const u8 = new Map<string, Uint8Array>()
  const u16 = new Map<string, Uint16Array>()
  return {
    u8(tag, length) {
      let buffer = u8.get(tag)
      if (!buffer || buffer.length !== length) u8.set(tag, (buffer = new Uint8Array(length)))
      return buffer
    },
    u16(tag, length) {
      let buffer = u16.get(tag)
      if (!buffer || buffer.length !== length) u16.set(tag, (buffer = new Uint16Array(length)))
      return buffer
    },
  }
}

const fresh: BufferPool = { u8: (_tag, length) => new Uint8Array(length), u16: (_tag, length) => new Uint16Array(length) }

export class FrameError extends Error {
  override name = 'FrameError'
}

/** Largest frame the decoder takes (8K UHD): anything bigger is refused before allocating. */
export const maxFramePixels = 7680 * 4320

/** Validates the frame's shape: 8-bit grey (1 byte/px) or RGBA (4 bytes/px). */
export function frameKind(frame: FrameInput): 'grey' | 'rgba' {
  const { data, width, height } = frame
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new FrameError(`bad frame size ${String(width)}×${String(height)}`)
  }
  if (width * height > maxFramePixels) throw new FrameError(`frame too large: ${width}×${height}`)
  const pixels = width * height
  if (data.length === pixels) return 'grey'
  if (data.length !== pixels * 4) throw new FrameError(`expected ${pixels * 4} RGBA or ${pixels} grey bytes for ${width}×${height}, got ${data.length}`)
  return 'rgba'
}

/** RGBA or grey → luma (BT.601 integer weights, the same zxing-cpp uses), validating the shape. */
export function toLuma(frame: FrameInput, pool: BufferPool = fresh): LumaImage {
  const { data, width, height } = frame
  const pixels = width * height
  if (frameKind(frame) === 'grey') return { data: data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.length), width, height }
  const out = pool.u8('luma', pixels)
  if (data.byteOffset % 4 === 0) {
    // One 32-bit read per pixel (little-endian: R in the low byte); alpha is ignored.
    const words = new Uint32Array(data.buffer, data.byteOffset, pixels)
    for (let i = 0; i < pixels; i++) {
      const v = words[i]!
      out[i] = (306 * (v & 0xff) + 601 * ((v >>> 8) & 0xff) + 117 * ((v >>> 16) & 0xff) + 512) >> 10
    }
  } else {
    for (let i = 0, j = 0; i < pixels; i++, j += 4) out[i] = (306 * data[j]! + 601 * data[j + 1]! + 117 * data[j + 2]! + 512) >> 10
  }
  return { data: out, width, height }
}

/** Box downscale by an integer factor (averages factor² pixels: also a cheap denoiser). */
export function downscale(image: LumaImage, factor: number, pool: BufferPool = fresh, tag = 'down'): LumaImage {
  if (factor <= 1) return image
  const width = Math.floor(image.width / factor)
  const height = Math.floor(image.height / factor)
  const out = pool.u8(tag, width * height)
  const src = image.data
  const sw = image.width
  const area = factor * factor
  const half = area >> 1
  if (factor === 2) {
    for (let y = 0; y < height; y++) {
      const r0 = 2 * y * sw
      const r1 = r0 + sw
      const o = y * width
      for (let x = 0; x < width; x++) {
        const c = 2 * x
        out[o + x] = (src[r0 + c]! + src[r0 + c + 1]! + src[r1 + c]! + src[r1 + c + 1]! + 2) >> 2
      }
    }
    return { data: out, width, height }
  }
  if (factor === 3) {
    // A 1920×1080 frame fitted to 640 px: nine reads per output beat the generic loop by ~3×.
    for (let y = 0; y < height; y++) {
      const r0 = 3 * y * sw
      const r1 = r0 + sw
      const r2 = r1 + sw
      const o = y * width
      for (let x = 0; x < width; x++) {
        const c = 3 * x
        const acc =
          src[r0 + c]! +
          src[r0 + c + 1]! +
          src[r0 + c + 2]! +
          src[r1 + c]! +
          src[r1 + c + 1]! +
          src[r1 + c + 2]! +
          src[r2 + c]! +
          src[r2 + c + 1]! +
          src[r2 + c + 2]!
        out[o + x] = ((acc + 4) / 9) | 0
      }
    }
    return { data: out, width, height }
  }
  const sums = new Uint32Array(width)
  for (let y = 0; y < height; y++) {
    sums.fill(0)
    for (let dy = 0; dy < factor; dy++) {
      const row = (y * factor + dy) * sw
      for (let x = 0; x < width; x++) {
        let acc = 0
        const base = row + x * factor
        for (let dx = 0; dx < factor; dx++) acc += src[base + dx]!
        sums[x]! += acc
      }
    }
    const o = y * width
    for (let x = 0; x < width; x++) out[o + x] = Math.floor((sums[x]! + half) / area)
  }
  return { data: out, width, height }
}

/**
 * Global contrast stretch: maps the `low`…`high` percentiles of the histogram to 0…255. Lifts dim
 * and low-contrast frames above the binarizer's minimum dynamic range. A no-op on flat images.
 */
export function stretchContrast(image: LumaImage, low = 0.01, high = 0.99): LumaImage {
  const { data } = image
  const histogram = new Uint32Array(256)
  // Sample every 4th pixel: plenty for percentiles, 4× cheaper.
  let count = 0
  for (let i = 0; i < data.length; i += 4) {
    histogram[data[i]!]!++
    count++
  }
  const lowCount = count * low
  const highCount = count * high
  let lo = 0
  let hi = 255
  let acc = 0
  for (let v = 0; v < 256; v++) {
    acc += histogram[v]!
    if (acc <= lowCount) lo = v
    if (acc < highCount) hi = v + 1
  }
  if (hi - lo < 8) return image
  const lut = new Uint8Array(256)
  const scale = 255 / (hi - lo)
  for (let v = 0; v < 256; v++) lut[v] = v <= lo ? 0 : v >= hi ? 255 : Math.round((v - lo) * scale)
  const out = new Uint8Array(data.length)
  for (let i = 0; i < data.length; i++) out[i] = lut[data[i]!]!
  return { data: out, width: image.width, height: image.height }
}

/**
 * Box blur of radius `r` (window 2r+1, edges clamped): running sums along rows, then running
 * column sums row by row, so both passes read memory in order.
 */
export function boxBlur(image: LumaImage, r: number): LumaImage {
  if (r <= 0) return image
  const { width, height, data } = image
  const tmp = new Uint16Array(width * height)
  const lastX = width - 1
  for (let y = 0; y < height; y++) {
    const row = y * width
    let acc = 0
    for (let k = -r; k <= r; k++) acc += data[row + (k < 0 ? 0 : k > lastX ? lastX : k)]!
    for (let x = 0; x < width; x++) {
      tmp[row + x] = acc
      const add = x + r + 1
      const sub = x - r
      acc += data[row + (add > lastX ? lastX : add)]! - data[row + (sub < 0 ? 0 : sub)]!
    }
  }
  const out = new Uint8Array(width * height)
  const columns = new Uint32Array(width)
  const lastY = height - 1
  for (let k = -r; k <= r; k++) {
    const row = (k < 0 ? 0 : k > lastY ? lastY : k) * width
    for (let x = 0; x < width; x++) columns[x]! += tmp[row + x]!
  }
  const norm = (2 * r + 1) * (2 * r + 1)
  const scale = Math.round(65536 / norm)
  for (let y = 0; y < height; y++) {
    const o = y * width
    for (let x = 0; x < width; x++) out[o + x] = (columns[x]! * scale + 32768) >>> 16
    const add = (y + r + 1 > lastY ? lastY : y + r + 1) * width
    const sub = (y - r < 0 ? 0 : y - r) * width
    for (let x = 0; x < width; x++) columns[x] = columns[x]! + tmp[add + x]! - tmp[sub + x]!
  }
  return { data: out, width, height }
}

/**
 * Unsharp mask: out = in + amount·(in − blur_r(in)). Restores the edge contrast an out-of-focus
 * lens or a soft webcam takes away, so the binarizer sees isolated modules again.
 */
export function unsharp(image: LumaImage, r: number, amount: number): LumaImage {
  const blurred = boxBlur(image, r)
  const { data } = image
  const out = new Uint8Array(data.length)
  const k = Math.round(amount * 256)
  for (let i = 0; i < data.length; i++) {
    const v = data[i]! + ((k * (data[i]! - blurred.data[i]!)) >> 8)
    out[i] = v < 0 ? 0 : v > 255 ? 255 : v
  }
  return { data: out, width: image.width, height: image.height }
}

/** The luma buffer as RGBA (for decoders that only take RGBA, such as jsQR). */
export function lumaToRgba(image: LumaImage): Uint8ClampedArray {
  const out = new Uint8ClampedArray(image.width * image.height * 4)
  const { data } = image
  for (let i = 0, j = 0; i < data.length; i++, j += 4) {
    const v = data[i]!
    out[j] = v
    out[j + 1] = v
    out[j + 2] = v
    out[j + 3] = 255
  }
  return out
}

/** A copy of the rectangle (clamped to the image). */
export function crop(image: LumaImage, x0: number, y0: number, width: number, height: number): { image: LumaImage; x: number; y: number } {
  const x = Math.max(0, Math.min(image.width - 1, Math.floor(x0)))
  const y = Math.max(0, Math.min(image.height - 1, Math.floor(y0)))
  const w = Math.max(1, Math.min(image.width - x, Math.ceil(width)))
  const h = Math.max(1, Math.min(image.height - y, Math.ceil(height)))
  const out = new Uint8Array(w * h)
  for (let row = 0; row < h; row++) out.set(image.data.subarray((y + row) * image.width + x, (y + row) * image.width + x + w), row * w)
  return { image: { data: out, width: w, height: h }, x, y }
}

/** Bilinear 2× upscale (for codes whose modules are under ~2 px). */
export function upscale2(image: LumaImage): LumaImage {
  const { width, height, data } = image
  const w = width * 2
  const h = height * 2
  const out = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) {
    const sy = Math.max(0, (y - 0.5) / 2)
    const y0 = Math.min(height - 1, Math.floor(sy))
    const y1 = Math.min(height - 1, y0 + 1)
    const fy = sy - y0
    for (let x = 0; x < w; x++) {
      const sx = Math.max(0, (x - 0.5) / 2)
      const x0 = Math.min(width - 1, Math.floor(sx))
      const x1 = Math.min(width - 1, x0 + 1)
      const fx = sx - x0
      const top = data[y0 * width + x0]! * (1 - fx) + data[y0 * width + x1]! * fx
      const bottom = data[y1 * width + x0]! * (1 - fx) + data[y1 * width + x1]! * fx
      out[y * w + x] = Math.round(top * (1 - fy) + bottom * fy)
    }
  }
  return { data: out, width: w, height: h }
}

/** The band-pass's per-sum weights in 1/1024ths (shared with the SIMD kernel, so both round alike). */
export function bandpassWeights(inner: number, outer: number, amount: number): { ki: number; ko: number } {
  return {
    ki: Math.round(((1 + amount) / ((2 * inner + 1) * (2 * inner + 1))) * 1024),
    ko: Math.round((amount / ((2 * outer + 1) * (2 * outer + 1))) * 1024),
  }
}

/**
 * Band-pass filter: a small box mean (radius `inner`, removes sensor noise) plus `amount` times its
 * difference from a larger box mean (radius `outer`, restores the module contrast that blur and dim
 * light take away). Column sums are kept per row in two small arrays (updated by one row in, one row
 * out), then summed across with running sums; the arrays are padded with edge copies so the inner
 * loops need no clamping. About 15 % faster than row sums into frame-sized buffers (bench:qr notes in
 * docs/benchmarks.md), with identical output.
 */
export function bandpass(image: LumaImage, inner: number, outer: number, amount: number, pool: BufferPool = fresh, tag = 'bandpass'): LumaImage {
  const { width, height, data } = image
  const pad = outer + 1
  const end = pad + width
  const vi = new Int32Array(width + 2 * pad)
  const vo = new Int32Array(width + 2 * pad)
  const lastY = height - 1
  for (let k = -inner; k <= inner; k++) {
    const row = (k < 0 ? 0 : k > lastY ? lastY : k) * width - pad
    for (let x = pad; x < end; x++) vi[x]! += data[row + x]!
  }
  for (let k = -outer; k <= outer; k++) {
    const row = (k < 0 ? 0 : k > lastY ? lastY : k) * width - pad
    for (let x = pad; x < end; x++) vo[x]! += data[row + x]!
  }
  // The clamped array clips to 0–255.
  const { ki, ko } = bandpassWeights(inner, outer, amount)
  const target = pool.u8(tag, width * height)
  const out = new Uint8ClampedArray(target.buffer, target.byteOffset, width * height)
  for (let y = 0; y < height; y++) {
    const li = vi[pad]!
    const ri = vi[end - 1]!
    const lo = vo[pad]!
    const ro = vo[end - 1]!
    for (let k = 0; k < pad; k++) {
      vi[k] = li
      vo[k] = lo
      vi[end + k] = ri
      vo[end + k] = ro
    }
    let a1 = 0
    let a2 = 0
    for (let k = pad - inner; k <= pad + inner; k++) a1 += vi[k]!
    for (let k = pad - outer; k <= pad + outer; k++) a2 += vo[k]!
    const o = y * width - pad
    for (let x = pad; x < end; x++) {
      out[o + x] = (a1 * ki - a2 * ko + 512) >> 10
      a1 += vi[x + inner + 1]! - vi[x - inner]!
      a2 += vo[x + outer + 1]! - vo[x - outer]!
    }
    const ai = (y + inner + 1 > lastY ? lastY : y + inner + 1) * width - pad
    const si = (y - inner < 0 ? 0 : y - inner) * width - pad
    const ao = (y + outer + 1 > lastY ? lastY : y + outer + 1) * width - pad
    const so = (y - outer < 0 ? 0 : y - outer) * width - pad
    for (let x = pad; x < end; x++) {
      vi[x]! += data[ai + x]! - data[si + x]!
      vo[x]! += data[ao + x]! - data[so + x]!
    }
  }
  return { data: target, width, height }
}
