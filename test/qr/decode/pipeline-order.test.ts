import { describe, expect, it } from 'vitest'
import { shippedPipeline } from '@qr/decode/decoders'
import { createPipelineDecoder } from '@qr/decode/pipeline'
import type { Quad, RawSymbol, ZxingEngine, ZxingPassOptions } from '@qr/decode/zxing-engine'

/**
 * The order of the shipped passes, with a scripted engine (no wasm): which reads a frame pays for
 * decides its time, so the order is part of the contract.
 */
const width = 1280
const height = 720
const frame = { data: new Uint8Array(width * height).fill(200), width, height }
const quad = (x: number, y: number, side: number): Quad => [
  { x, y },
  { x: x + side, y },
  { x: x + side, y: y + side },
  { x, y: y + side },
]
const symbol = (valid: boolean, text: string, position: Quad): RawSymbol => ({
  valid,
  error: valid ? '' : 'ChecksumError',
  text,
  bytes: new TextEncoder().encode(text),
  format: 'QRCode',
  version: '2',
  position,
  inverted: false,
})

/** An engine where only the full-resolution QR pass locates a small code, and refine's read of its crop reads it (or not). */
function scriptedEngine(refineReads: boolean) {
  const reads: string[] = []
  const engine: ZxingEngine = {
    read: (image, options: ZxingPassOptions) => {
      if (options.formats.includes('Code128')) {
        reads.push('linear')
        return []
      }
      const full = image.width === width && image.height === height
      if (full && options.binarizer === 'GlobalHistogram') {
        reads.push('full-res')
        return [symbol(false, '', quad(600, 300, 50))]
      }
      if (!full && options.returnErrors === false) {
        reads.push('refine')
        return refineReads ? [symbol(true, 'DEVICE-1', quad(30, 30, 120))] : []
      }
      reads.push(`${image.width}x${image.height}`)
      return []
    },
    dispose: () => {},
  }
  return { engine, reads }
}

describe('shipped pass order', () => {
  const wanted = (text: string) => text.startsWith('DEVICE')

  it('refines a code first located at full resolution before the 1D strips, and stops when refine reads it', () => {
    const { engine, reads } = scriptedEngine(true)
    const scan = createPipelineDecoder(engine, shippedPipeline, { wanted }).scan(frame)
    expect(scan.symbols.map((s) => s.text)).toEqual(['DEVICE-1'])
    expect(scan.symbols[0]!.pass).toMatch(/^refine:/)
    expect(reads).toContain('full-res')
    expect(reads.indexOf('refine')).toBeGreaterThan(reads.indexOf('full-res'))
    expect(reads).not.toContain('linear')
    expect(scan.unread).toEqual([])
  })

  it('still reads the 1D strips when refine cannot read the located code, and reports it unread', () => {
    const { engine, reads } = scriptedEngine(false)
    const scan = createPipelineDecoder(engine, shippedPipeline, { wanted }).scan(frame)
    expect(scan.symbols).toEqual([])
    expect(reads.filter((r) => r === 'linear').length).toBe(7)
    // Refined once only (its failure is remembered), before the strips.
    expect(reads.filter((r) => r === 'refine').length).toBeGreaterThan(0)
    expect(reads.lastIndexOf('refine')).toBeLessThan(reads.indexOf('linear'))
    expect(scan.unread).toHaveLength(1)
  })
})
