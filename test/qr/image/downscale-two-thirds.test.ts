import { describe, expect, it } from 'vitest'
import { createBufferPool, toLuma, type LumaImage } from '@qr/image/luma'
import { downscaleTwoThirds } from '@qr/image/downscale-two-thirds'
import { rgba } from '../support/reference-images'

/** The 2/3 area resample written out: each output pixel is the mean of the 1.5×1.5 input pixels it covers. */
function naiveTwoThirds(image: LumaImage): LumaImage {
  const width = Math.floor(image.width / 3) * 2
  const height = Math.floor(image.height / 3) * 2
  const out = new Uint8Array(width * height)
  const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0))
  for (let oy = 0; oy < height; oy++) {
    for (let ox = 0; ox < width; ox++) {
      let sum = 0
      for (let y = Math.floor(oy * 1.5); y < Math.ceil(oy * 1.5 + 1.5); y++) {
        for (let x = Math.floor(ox * 1.5); x < Math.ceil(ox * 1.5 + 1.5); x++) {
          sum += image.data[y * image.width + x]! * overlap(x, x + 1, ox * 1.5, ox * 1.5 + 1.5) * overlap(y, y + 1, oy * 1.5, oy * 1.5 + 1.5)
        }
      }
      out[oy * width + ox] = Math.round(sum / 2.25)
    }
  }
  return { data: out, width, height }
}

describe('2/3 area downscale', () => {
  it.each([
    [1280, 720],
    [64, 36],
    [65, 37],
    [3, 3],
    [5, 2],
  ])('gives the exact area means, rounded (%i×%i)', (width, height) => {
    const image = toLuma({ data: rgba(width, height, width * 7 + height), width, height })
    const fast = downscaleTwoThirds(image, createBufferPool(), 'two-thirds')
    const plain = naiveTwoThirds(image)
    expect([fast.width, fast.height]).toEqual([plain.width, plain.height])
    expect(Array.from(fast.data)).toEqual(Array.from(plain.data))
  })

  it('keeps flat areas flat and the extremes', () => {
    for (const level of [0, 1, 128, 254, 255]) {
      const image = { data: new Uint8Array(9 * 6).fill(level), width: 9, height: 6 }
      expect(new Set(downscaleTwoThirds(image, createBufferPool(), 'flat').data)).toEqual(new Set([level]))
    }
  })
})
