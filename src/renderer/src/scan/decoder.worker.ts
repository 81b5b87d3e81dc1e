import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url'
import { createShippedDecoder } from '@qr/decode/decoders'
import type { FrameDecoder, FrameScan } from '@qr/decode/pipeline'
import { chooseCode, unreadableCodes } from '@qr/payload/choose-code'
import { createFrameStack } from '@qr/decode/frame-stack'
import type { FromWorker, Point, ScannedCode, ToWorker } from './decoder-protocol'

/**
 * The decoder Worker: loads the zxing-cpp wasm bundled with the app (same origin, no CDN; the CSP
 * allows WebAssembly through 'wasm-unsafe-eval' only) and decodes one frame per message. If the
 * wasm cannot be fetched or instantiated it falls back to jsQR and says why.
 * The pipeline's SIMD image kernels (src/qr/image/simd) are compiled here too, under the same CSP;
 * `ready.imageSteps` says whether they run ('simd') or the JS steps do.
 * Frames without an Autopilot code also feed a frame stack: while the view is steady, the mean of the
 * last frames is decoded too (bench:qr-stream, seed 1818: low-light frames 45 % → 95 % with 4 frames).
 */
/** The worker global, typed with what is used (the DOM lib has no DedicatedWorkerGlobalScope). */
const scope = self as unknown as { postMessage(message: FromWorker): void; onmessage: ((event: MessageEvent<ToWorker>) => void) | null }
const post = (message: FromWorker) => scope.postMessage(message)

async function loadDecoder(): Promise<FrameDecoder> {
  const started = performance.now()
  let bytes: ArrayBuffer | null = null
  let reason: string | null = null
  try {
    const response = await fetch(wasmUrl, { credentials: 'same-origin' })
    if (!response.ok) throw new Error(`HTTP ${response.status} for the decoder's WebAssembly`)
    bytes = await response.arrayBuffer()
  } catch (error) {
    reason = (error as Error).message || String(error)
  }
  const { decoder, fallbackReason } = await createShippedDecoder(bytes)
  post({ type: 'ready', engine: decoder.engine, imageSteps: decoder.imageSteps, fallbackReason: fallbackReason ?? reason, loadMs: performance.now() - started })
  return decoder
}

const decoderPromise = loadDecoder()
/** The last steady frames that gave no Autopilot code (src/qr/decode/frame-stack.ts). */
const stack = createFrameStack({ depth: 4 })
let canvas: OffscreenCanvas | null = null
let context: OffscreenCanvasRenderingContext2D | null = null

function pixelsOf(bitmap: ImageBitmap): ImageData {
  if (!canvas || canvas.width !== bitmap.width || canvas.height !== bitmap.height) {
    canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
    context = canvas.getContext('2d', { willReadFrequently: true })
  }
  if (!context) throw new Error('no 2D context in the decoder worker')
  context.drawImage(bitmap, 0, 0)
  return context.getImageData(0, 0, bitmap.width, bitmap.height)
}

/** The centres of codes seen but not read: located symbols, and finder patterns of cut-off ones. */
const unreadablePoints = (scan: FrameScan): Point[] => [
  ...scan.unread.map((quad) => ({ x: (quad[0].x + quad[1].x + quad[2].x + quad[3].x) / 4, y: (quad[0].y + quad[1].y + quad[2].y + quad[3].y) / 4 })),
  ...scan.partial,
]

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  void handle(event.data)
}

async function handle(message: ToWorker): Promise<void> {
  const decoder = await decoderPromise
  try {
    let frame: { data: Uint8ClampedArray; width: number; height: number }
    if (message.type === 'bitmap') {
      frame = pixelsOf(message.bitmap)
      message.bitmap.close()
    } else {
      frame = { data: new Uint8ClampedArray(message.data), width: message.width, height: message.height }
    }
    const started = performance.now()
    // Every code in the frame; the app acts on the one Autopilot code, and asks when there are several.
    const scan = decoder.scan(frame)
    let { symbols } = scan
    let unreadableAt = unreadablePoints(scan)
    // A code read beside another that could not be (cut off by the edge): asked about, not acted on.
    let { codes, choice } = chooseCode(symbols, unreadableCodes(scan))
    if (choice.status === 'none') {
      // No Autopilot code in this frame: a steady view's mean of the last frames has less noise
      // (low light); moving views restart the stack, so only aligned frames are averaged.
      if (stack.push(frame) >= 2) {
        const mean = stack.average()
        const stackedScan = mean ? decoder.scan(mean) : null
        const stacked = stackedScan?.symbols ?? []
        const chosen = chooseCode(stacked, stackedScan ? unreadableCodes(stackedScan) : 0)
        if (chosen.choice.status !== 'none') {
          ;({ symbols, codes, choice } = { symbols: stacked, ...chosen })
          unreadableAt = stackedScan ? unreadablePoints(stackedScan) : []
        }
      }
    } else stack.reset()
    const scanned: ScannedCode[] = codes.map((code) => ({
      text: code.text,
      format: code.format,
      position: symbols.find((s) => s.text === code.text)!.position,
      autopilot: code.autopilot,
      kind: code.kind,
      serialNumber: code.serialNumber,
    }))
    const chosen = choice.status === 'one' ? scanned[choice.index]! : null
    post({
      type: 'result',
      id: message.id,
      ms: performance.now() - started,
      width: frame.width,
      height: frame.height,
      symbol: chosen ? { text: chosen.text, format: chosen.format, position: chosen.position } : null,
      codes: scanned,
      choice,
      unreadableAt,
    })
  } catch (error) {
    post({ type: 'error', id: message.id, message: (error as Error).message || String(error) })
  }
}
