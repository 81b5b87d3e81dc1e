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

export type Quad = [Point, Point, Point, Point]

/** One code the frame showed, classified (src/qr/payload/choose-code.ts). */
export interface ScannedCode {
  text: string
  format: string
  position: Quad
  /** The app acts on it (an Autopilot payload or a serial number). */
  autopilot: boolean
  /** device / block / serial, or why it is not one (wifi, url, other-code…). */
  kind: string
  serialNumber: string | null
}

/** The frame's codes and which one the app acts on (`choice` indexes `codes`). */
export type CodeChoice =
  | { status: 'none' }
  | { status: 'one'; index: number }
  /** Several devices' codes, or one and `unreadable` other QR codes in view (cut off, covered): the technician picks. */
  | { status: 'ambiguous'; indices: number[]; unreadable?: number }

export type ToWorker = { type: 'bitmap'; id: number; bitmap: ImageBitmap } | { type: 'pixels'; id: number; data: ArrayBuffer; width: number; height: number }

export type FromWorker =
  | { type: 'ready'; engine: DecoderEngine; imageSteps: 'simd' | 'js'; fallbackReason: string | null; loadMs: number }
  | {
      type: 'result'
      id: number
      ms: number
      width: number
      height: number
      /** The Autopilot code to act on: null when there is none, or several (see `choice`). */
      symbol: { text: string; format: string; position: Quad } | null
      codes: ScannedCode[]
      choice: CodeChoice
      /** Where QR codes were seen but not read (finder-pattern centres, located symbols' centres): marked on the overlay. */
      unreadableAt: Point[]
    }
  | { type: 'error'; id: number | null; message: string }
