/**
 * Messages between the Scan screen (UI thread) and the decoder Worker. The UI thread only grabs a
 * frame (`createImageBitmap(video)`, GPU-side) and transfers it; the Worker reads its pixels and
 * runs the shipped decoder pipeline from src/qr.
 */
export interface Point {
  x: number
  y: number
}

export type DecoderEngine = 'zxing-wasm' | 'jsqr'

export type ToWorker = { type: 'bitmap'; id: number; bitmap: ImageBitmap } | { type: 'pixels'; id: number; data: ArrayBuffer; width: number; height: number }

export type FromWorker =
  | { type: 'ready'; engine: DecoderEngine; imageSteps: 'simd' | 'js'; fallbackReason: string | null; loadMs: number }
  | {
      type: 'result'
      id: number
      ms: number
      width: number
      height: number
      symbol: { text: string; format: string; position: [Point, Point, Point, Point] } | null
    }
  | { type: 'error'; id: number | null; message: string }
