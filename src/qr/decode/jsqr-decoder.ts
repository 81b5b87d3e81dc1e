import jsQR from 'jsqr'
import { bandpass, downscale, lumaToRgba, toLuma, type FrameInput, type LumaImage } from '../image/luma'
import type { DecodeResult, FrameDecoder } from './pipeline'
import type { Quad } from './zxing-engine'

/**
 * jsQR (pure JavaScript, QR only) behind the same `FrameDecoder` interface: the fallback when the
 * WebAssembly decoder cannot load, and the customer-named baseline in the benchmark. Tuned as the
 * measurements advise: downscale to ≤ `fitPx` first, try the normal polarity before the inverted
 * one, treat an empty text as no result; optionally a band-pass pass for noisy frames.
 */
export interface JsqrPass {
  name: string
  /** Long-edge limit (integer-factor box downscale); 0 = full resolution. */
  fitPx: number
  bandpass: { inner: number; outer: number; amount: number } | null
  inversion: 'dontInvert' | 'onlyInvert' | 'attemptBoth' | 'invertFirst'
}

export function createJsqrDecoder(name: string, passes: readonly JsqrPass[]): FrameDecoder {
  const decode = (frame: FrameInput): DecodeResult | null => {
    const luma = toLuma(frame)
    const cache = new Map<string, { image: LumaImage; rgba: Uint8ClampedArray | null; scale: number }>()
    for (const pass of passes) {
      const factor = pass.fitPx > 0 ? Math.max(1, Math.ceil(Math.max(luma.width, luma.height) / pass.fitPx)) : 1
      const key = `${factor}|${pass.bandpass ? `${pass.bandpass.inner}-${pass.bandpass.outer}-${pass.bandpass.amount}` : ''}`
      let entry = cache.get(key)
      if (!entry) {
        let image = factor > 1 ? downscale(luma, factor) : luma
        if (pass.bandpass) image = bandpass(image, pass.bandpass.inner, pass.bandpass.outer, pass.bandpass.amount)
        entry = { image, rgba: null, scale: factor }
        cache.set(key, entry)
      }
      entry.rgba ??= lumaToRgba(entry.image)
      let code: ReturnType<typeof jsQR> = null
      try {
        code = jsQR(entry.rgba, entry.image.width, entry.image.height, { inversionAttempts: pass.inversion })
      } catch {
        // jsQR throws on some inputs (e.g. `onlyInvert` on frames it cannot binarize): no result.
        code = null
      }
      if (code && code.data.length > 0) {
        const s = entry.scale
        const l = code.location
        const position = [l.topLeftCorner, l.topRightCorner, l.bottomRightCorner, l.bottomLeftCorner].map((p) => ({
          x: (p.x + 0.5) * s - 0.5,
          y: (p.y + 0.5) * s - 0.5,
        })) as Quad
        const result: DecodeResult = {
          text: code.data,
          bytes: Uint8Array.from(code.binaryData),
          format: 'QRCode',
          position,
          pass: pass.name,
          inverted: false,
          version: code.version,
        }
        return result
      }
    }
    return null
  }
  return {
    name,
    engine: 'jsqr',
    imageSteps: 'js',
    decode,
    // jsQR reads one symbol per image.
    scan(frame) {
      const found = decode(frame)
      return { symbols: found ? [found] : [], unread: [], partial: [] }
    },
    dispose() {},
  }
}
