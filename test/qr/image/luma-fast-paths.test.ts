import { describe, expect, it } from 'vitest'
import { bandpass, createBufferPool, downscale, toLuma } from '@qr/image/luma'
import { toLumaWithHalf } from '@qr/image/luma-half'
import { naiveBandpass, rgba } from '../support/reference-images'

describe('decoder fast paths give the same pixels as the plain operations', () => {
  it.each([
    [64, 36],
    [65, 37],
    [3, 3],
    [1, 5],
  ])('luma and its 2× downscale in one sweep (%i×%i)', (width, height) => {
    const frame = { data: rgba(width, height, width * 31 + height), width, height }
    const { luma, half } = toLumaWithHalf(frame, createBufferPool(), 'half')
    const plain = toLuma(frame)
    expect(Array.from(luma.data)).toEqual(Array.from(plain.data))
    const plainHalf = downscale(plain, 2)
    expect([half.width, half.height]).toEqual([plainHalf.width, plainHalf.height])
    expect(Array.from(half.data)).toEqual(Array.from(plainHalf.data))
  })

  it.each([
    [1, 5, 2, 40, 30],
    [0, 3, 8, 17, 9],
    [2, 9, 3, 23, 31],
    [1, 4, 4, 2, 7],
  ])('band-pass inner %i outer %i amount %i on %i×%i', (inner, outer, amount, width, height) => {
    const image = toLuma({ data: rgba(width, height, inner * 7 + outer), width, height })
    expect(Array.from(bandpass(image, inner, outer, amount).data)).toEqual(Array.from(naiveBandpass(image, inner, outer, amount)))
  })
})

describe('the 3× box downscale (1920×1080 frames fitted to 640 px)', () => {
  it.each([
    [9, 9],
    [10, 11],
    [64, 37],
    [3, 3],
  ])('averages each 3×3 block, rounding half up, as the generic path does (%i×%i)', (width, height) => {
    const image = toLuma({ data: rgba(width, height, width * 5 + height), width, height })
    const down = downscale(image, 3)
    expect([down.width, down.height]).toEqual([Math.floor(width / 3), Math.floor(height / 3)])
    for (let y = 0; y < down.height; y++) {
      for (let x = 0; x < down.width; x++) {
        let sum = 0
        for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) sum += image.data[(3 * y + dy) * width + 3 * x + dx]!
        expect(down.data[y * down.width + x]).toBe(Math.floor((sum + 4) / 9))
      }
    }
  })
})
