import type { BufferPool, LumaImage } from './luma'

/**
 * Area downscale to 2/3 (a 1280×720 frame → 853×480): each 3×3 block becomes 2×2 pixels, each the
 * mean of the 1.5×1.5 input pixels it covers (weights 4-2-2-1 / 9). Between full resolution, where
 * a code of 3–5 px modules drowns in sensor noise and a read costs 3 ms, and the 2× fit, where
 * its modules fall under 2.5 px and stop resolving. Leftover columns/rows (width or height not a
 * multiple of 3) are dropped, as `downscale` drops them.
 */
export function downscaleTwoThirds(image: LumaImage, pool: BufferPool, tag: string): LumaImage {
  const blocksX = Math.floor(image.width / 3)
  const blocksY = Math.floor(image.height / 3)
  const width = blocksX * 2
  const height = blocksY * 2
  const out = pool.u8(tag, width * height)
  const src = image.data
  const sw = image.width
  for (let by = 0; by < blocksY; by++) {
    let r0 = 3 * by * sw
    let o0 = 2 * by * width
    const end = r0 + 3 * blocksX
    for (; r0 < end; r0 += 3, o0 += 2) {
      const r1 = r0 + sw
      const r2 = r1 + sw
      const a01 = src[r0 + 1]!
      const a10 = src[r1]!
      const a11 = src[r1 + 1]!
      const a12 = src[r1 + 2]!
      const a21 = src[r2 + 1]!
      const o1 = o0 + width
      // (4·corner + 2·edge + 2·edge + centre) / 9, rounded: ×7282 >> 16 ≈ /9 for sums ≤ 2295.
      out[o0] = ((4 * src[r0]! + 2 * (a01 + a10) + a11 + 4) * 7282) >> 16
      out[o0 + 1] = ((4 * src[r0 + 2]! + 2 * (a01 + a12) + a11 + 4) * 7282) >> 16
      out[o1] = ((4 * src[r2]! + 2 * (a21 + a10) + a11 + 4) * 7282) >> 16
      out[o1 + 1] = ((4 * src[r2 + 2]! + 2 * (a21 + a12) + a11 + 4) * 7282) >> 16
    }
  }
  return { data: out, width, height }
}
