import { beforeAll, describe, expect, it } from 'vitest'
import { createDecoder } from '@qr/decode/decoders'
import type { FrameDecoder } from '@qr/decode/pipeline'
import { loadZxingWasm } from '@qr/node/zxing-wasm-file'
import { chooseCode, frameVerdict, unreadableCodes } from '@qr/payload/choose-code'
import { frameSpecs, synthesizeFrame } from '@qr/synth/frame-set'

/**
 * Several codes in one frame, through the shipped decoder and the app's choice: a Wi-Fi or URL
 * sticker beside the device's code never wins, and two devices' codes are never guessed between.
 */
describe('shipped decoder with several codes in view', () => {
  let decoder: FrameDecoder
  beforeAll(async () => {
    decoder = await createDecoder('shipped', loadZxingWasm())
  })

  const hd = [{ width: 1280, height: 720 }]

  it('acts on the device code beside a sticker, and lists the sticker as ignored', () => {
    const misses: string[] = []
    for (const spec of frameSpecs({ seed: 9090, perCell: 8, categories: ['second'], resolutions: hd })) {
      const frame = synthesizeFrame(spec)
      const scan = decoder.scan(frame)
      const verdict = frameVerdict(chooseCode(scan.symbols, unreadableCodes(scan)))
      // Never the sticker's text, never another payload.
      expect(verdict.text === null || verdict.text === frame.expected).toBe(true)
      if (verdict.text !== frame.expected) misses.push(`#${spec.index}`)
      else expect(verdict.others).toEqual(frame.others)
    }
    expect(misses.length).toBeLessThanOrEqual(1)
  })

  it('two devices: text null and both payloads as candidates; never one of them alone', () => {
    let asked = 0
    for (const spec of frameSpecs({ seed: 9090, perCell: 8, categories: ['twocodes'], resolutions: hd })) {
      const frame = synthesizeFrame(spec)
      const scan = decoder.scan(frame)
      const verdict = frameVerdict(chooseCode(scan.symbols, unreadableCodes(scan)))
      expect(verdict.text).toBeNull()
      if (verdict.candidates) {
        // Both, or — when the other is cut off by the edge of the picture — the one it could read.
        expect(verdict.candidates.length).toBeGreaterThan(0)
        for (const candidate of verdict.candidates) expect(frame.candidates).toContain(candidate)
        asked++
      }
    }
    expect(asked).toBeGreaterThanOrEqual(7)
  })

  it('a lone code still stops at the first pass that reads it (no extra passes for single codes)', () => {
    const frame = synthesizeFrame(frameSpecs({ seed: 9090, perCell: 1, categories: ['clean'], resolutions: hd })[0]!)
    const scan = decoder.scan(frame)
    expect(scan.symbols.map((s) => [s.text, s.pass])).toEqual([[frame.expected, 'fit640']])
    expect(scan.unread).toEqual([])
  })
})
