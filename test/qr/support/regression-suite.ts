import { beforeAll, describe, expect, it } from 'vitest'
import { createDecoder } from '@qr/decode/decoders'
import { loadZxingWasm } from '@qr/node/zxing-wasm-file'
import { qrCategories, synthesizeFrame } from '@qr/synth/frame-set'
import { rate, regressionHalf, type RegressionHalf, type Tally } from './regression-set'

/** Half of the ~120-frame regression set, decoded by the shipped pipeline (rates, not timings). */
export function regressionSuite(half: RegressionHalf, title: string): void {
  describe(`shipped decoder on the regression frames (${title})`, () => {
    const tallies: Record<string, Tally> = {}
    const noCodeDetections: string[] = []
    const wrongPayloads: string[] = []

    beforeAll(async () => {
      const decoder = await createDecoder('shipped', loadZxingWasm())
      for (const spec of regressionHalf(half)) {
        const frame = synthesizeFrame(spec)
        const result = decoder.decode(frame)
        const tally = (tallies[spec.category] ??= { frames: 0, decoded: 0, wrong: 0 })
        tally.frames++
        if (frame.expected === null) {
          if (result) noCodeDetections.push(`${spec.index}: ${result.format} ${JSON.stringify(result.text)}`)
        } else if (result) {
          if (result.text === frame.expected) tally.decoded++
          else {
            tally.wrong++
            wrongPayloads.push(`${spec.category} #${spec.index}`)
          }
        }
      }
      decoder.dispose()
    }, 180_000)

    it('never returns a wrong payload and never reports a code on frames without one', () => {
      expect(wrongPayloads).toEqual([])
      expect(noCodeDetections).toEqual([])
    })

    it('reads ≥ 95 % of all QR frames and ≥ 90 % of webcam-like frames (dim included)', () => {
      expect({ rates: tallies, all: rate(tallies, qrCategories) }).toMatchObject({ all: expect.toSatisfy((r: number) => r >= 0.95) })
      expect(rate(tallies, ['webcam', 'dimwebcam'])).toBeGreaterThanOrEqual(0.9)
    })

    it('reads every clean, noisy, rotated, low-contrast, inverted and glare frame', () => {
      for (const category of ['clean', 'noise', 'rotation', 'lowcontrast', 'inverted', 'glare']) {
        expect({ category, ...tallies[category] }).toMatchObject({ category, decoded: tallies[category]!.frames })
      }
    })

    it('reads most 1D box-label barcodes (Code 128 / Code 39) through the same pipeline', () => {
      expect(rate(tallies, ['barcode'])).toBeGreaterThanOrEqual(0.75)
    })
  })
}
