import { toLuma, type FrameInput, type LumaImage } from '../image/luma'

/**
 * A steady code gives many frames: where one frame is too noisy (low light, gain noise), the mean of
 * the last few frames of the same view is not — averaging k frames divides the sensor noise by √k
 * while the code stays put. The stack keeps the last `depth` frames' luma while the view is steady
 * (the mean absolute difference of 16×16-block means between consecutive frames stays under
 * `maxBlockDiff` grey levels) and starts over when it moves, so frames are only averaged when
 * they are aligned. Used by the app's decoder Worker after a frame gave no Autopilot code.
 */
export interface FrameStackOptions {
  /** Frames averaged at most (default 4). */
  depth?: number
  /** Steadiness limit: mean absolute difference of 16×16 block means, grey levels (default 4). */
  maxBlockDiff?: number
}

export interface FrameStack {
  /** Adds a frame; returns how many steady frames (this one included) the stack now holds. */
  push(frame: FrameInput): number
  /** The mean of the held frames (null when fewer than two). */
  average(): LumaImage | null
  reset(): void
}

const block = 16

function blockMeans(luma: LumaImage): Float32Array {
  const bw = Math.floor(luma.width / block)
  const bh = Math.floor(luma.height / block)
  const out = new Float32Array(bw * bh)
  const { data, width } = luma
  for (let by = 0; by < bh; by++) {
    for (let y = by * block; y < (by + 1) * block; y++) {
      const row = y * width
      for (let bx = 0; bx < bw; bx++) {
        let sum = 0
        const start = row + bx * block
        for (let x = 0; x < block; x++) sum += data[start + x]!
        out[by * bw + bx]! += sum
      }
    }
  }
  for (let i = 0; i < out.length; i++) out[i]! /= block * block
  return out
}

export function createFrameStack(options: FrameStackOptions = {}): FrameStack {
  const depth = Math.min(16, Math.max(2, options.depth ?? 4))
  const maxBlockDiff = options.maxBlockDiff ?? 4
  let frames: Uint8Array[] = []
  let size = { width: 0, height: 0 }
  let lastMeans: Float32Array | null = null
  /** Running per-pixel sum of the held frames (≤ 16 × 255 fits 16 bits), so the mean is one pass. */
  let sum = new Uint16Array(0)

  return {
    push(frame) {
      const luma = toLuma(frame)
      const copy = luma.data.slice(0, luma.width * luma.height)
      const means = blockMeans(luma)
      let steady = luma.width === size.width && luma.height === size.height && lastMeans !== null && lastMeans.length === means.length
      if (steady) {
        let diff = 0
        for (let i = 0; i < means.length; i++) diff += Math.abs(means[i]! - lastMeans![i]!)
        steady = diff / Math.max(1, means.length) <= maxBlockDiff
      }
      const pixels = luma.width * luma.height
      if (!steady) {
        frames = []
        if (sum.length !== pixels) sum = new Uint16Array(pixels)
        else sum.fill(0)
      }
      frames.push(copy)
      for (let i = 0; i < pixels; i++) sum[i]! += copy[i]!
      if (frames.length > depth) {
        const old = frames.shift()!
        for (let i = 0; i < pixels; i++) sum[i]! -= old[i]!
      }
      size = { width: luma.width, height: luma.height }
      lastMeans = means
      return frames.length
    },
    average() {
      if (frames.length < 2) return null
      const pixels = size.width * size.height
      const out = new Uint8Array(pixels)
      const n = frames.length
      // Rounded mean through a 16.16 reciprocal: no division per pixel.
      const reciprocal = Math.round(65536 / n)
      const half = n >> 1
      for (let i = 0; i < pixels; i++) out[i] = Math.min(255, ((sum[i]! + half) * reciprocal) >>> 16)
      return { data: out, width: size.width, height: size.height }
    },
    reset() {
      frames = []
      lastMeans = null
      size = { width: 0, height: 0 }
    },
  }
}
