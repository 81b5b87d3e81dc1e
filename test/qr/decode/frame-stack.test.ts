import { describe, expect, it } from 'vitest'
import { createDecoder } from '@qr/decode/decoders'
import { createFrameStack } from '@qr/decode/frame-stack'
import { loadZxingWasm } from '@qr/node/zxing-wasm-file'
import { frameSpecs, synthesizeFrame } from '@qr/synth/frame-set'

const grey = (width: number, height: number, value: (i: number) => number) => ({
  data: Uint8Array.from({ length: width * height }, (_, i) => value(i)),
  width,
  height,
})

describe('frame stack (a steady view averaged)', () => {
  it('averages steady frames (rounded mean) and keeps at most `depth` of them', () => {
    const stack = createFrameStack({ depth: 3 })
    expect(stack.push(grey(32, 32, () => 100))).toBe(1)
    expect(stack.average()).toBeNull()
    expect(stack.push(grey(32, 32, () => 103))).toBe(2)
    expect(stack.average()!.data[0]).toBe(102) // (100 + 103) / 2 = 101.5 → 102
    stack.push(grey(32, 32, () => 101))
    expect(stack.push(grey(32, 32, () => 102))).toBe(3) // the first frame leaves
    expect(stack.average()!.data[5]).toBe(102)
  })

  it('starts over when the view moves or the size changes', () => {
    const stack = createFrameStack()
    stack.push(grey(64, 64, () => 50))
    expect(stack.push(grey(64, 64, (i) => (i % 64 < 32 ? 200 : 50)))).toBe(1)
    expect(stack.push(grey(32, 32, () => 50))).toBe(1)
    stack.reset()
    expect(stack.push(grey(32, 32, () => 50))).toBe(1)
  })

  it('low-light views no single frame reads are mostly read from the mean of four exposures', async () => {
    const decoder = await createDecoder('shipped', loadZxingWasm())
    const hd = [{ width: 1280, height: 720 }]
    // The views of a seed whose first exposure alone is not read (chosen by the test, not hard-coded);
    // some are beyond any averaging (too small or soft for the noise that is left), most are not.
    const missed = frameSpecs({ seed: 1818, perCell: 12, categories: ['lowlight'], resolutions: hd }).filter(
      (s) => decoder.decode(synthesizeFrame({ ...s, noiseSalt: 1 })) === null,
    )
    expect(missed.length).toBeGreaterThan(0)
    let rescued = 0
    for (const spec of missed) {
      const stack = createFrameStack({ depth: 4 })
      let read: string | null = null
      for (let k = 1; k <= 4; k++) {
        stack.push(synthesizeFrame({ ...spec, noiseSalt: k }))
        const mean = stack.average()
        read = mean ? (decoder.decode(mean)?.text ?? null) : null
      }
      if (read === synthesizeFrame(spec).expected) rescued++
    }
    expect(rescued).toBeGreaterThanOrEqual(Math.ceil(missed.length / 2))
    decoder.dispose()
  }, 60_000)
})
