import type { CodeChoice, DecoderEngine, FromWorker, Point, ScannedCode, ToWorker } from './decoder-protocol'

/** The UI thread's handle on the decoder Worker: one request in flight at a time, by id. */
export interface DecoderReady {
  engine: DecoderEngine
  /** 'simd' when the pre-processing runs as WebAssembly SIMD kernels. */
  imageSteps: 'simd' | 'js'
  fallbackReason: string | null
  loadMs: number
}

export interface DecodeReply {
  ms: number
  width: number
  height: number
  /** The Autopilot code to act on (null: none, or several — see `choice`). */
  symbol: { text: string; format: string; position: [Point, Point, Point, Point] } | null
  /** Every code read in the frame; absent from replies that predate multi-code decoding (tests). */
  codes?: ScannedCode[]
  choice?: CodeChoice
  /** Where QR codes were seen but not read (see the protocol). */
  unreadableAt?: Point[]
}

export interface DecoderClient {
  readonly ready: Promise<DecoderReady>
  /** Transfers the bitmap to the Worker (it is closed there). */
  decodeBitmap(bitmap: ImageBitmap): Promise<DecodeReply>
  decodePixels(pixels: { data: Uint8ClampedArray; width: number; height: number }): Promise<DecodeReply>
  dispose(): void
}

/** The structural part of a Worker the client uses (tests pass a fake). */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void
  addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void
  terminate(): void
}

export const createDecoderWorker = (): WorkerLike => new Worker(new URL('./decoder.worker.ts', import.meta.url), { type: 'module', name: 'qr-decoder' })

export function createDecoderClient(worker: WorkerLike = createDecoderWorker()): DecoderClient {
  let nextId = 1
  let disposed = false
  const pending = new Map<number, { resolve: (reply: DecodeReply) => void; reject: (error: Error) => void }>()
  let resolveReady: (ready: DecoderReady) => void = () => {}
  let rejectReady: (error: Error) => void = () => {}
  const ready = new Promise<DecoderReady>((resolve, reject) => {
    resolveReady = resolve
    rejectReady = reject
  })
  const failAll = (error: Error) => {
    for (const entry of pending.values()) entry.reject(error)
    pending.clear()
  }
  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
    const message = event.data
    if (message.type === 'ready') {
      resolveReady({ engine: message.engine, imageSteps: message.imageSteps, fallbackReason: message.fallbackReason, loadMs: message.loadMs })
      return
    }
    const entry = message.id === null ? undefined : pending.get(message.id)
    if (message.id !== null) pending.delete(message.id)
    if (message.type === 'result')
      entry?.resolve({
        ms: message.ms,
        width: message.width,
        height: message.height,
        symbol: message.symbol,
        codes: message.codes,
        choice: message.choice,
        unreadableAt: message.unreadableAt,
      })
    else entry?.reject(new Error(message.message))
  })
  worker.addEventListener('error', (event: ErrorEvent) => {
    const error = new Error(event.message || 'the decoder worker failed to start')
    rejectReady(error)
    failAll(error)
  })
  const send = (message: ToWorker, transfer: Transferable[]) =>
    new Promise<DecodeReply>((resolve, reject) => {
      if (disposed) return reject(new Error('decoder disposed'))
      pending.set(message.id, { resolve, reject })
      worker.postMessage(message, transfer)
    })
  return {
    ready,
    decodeBitmap: (bitmap) => send({ type: 'bitmap', id: nextId++, bitmap }, [bitmap]),
    decodePixels: (pixels) => {
      const data = pixels.data.slice().buffer
      return send({ type: 'pixels', id: nextId++, data, width: pixels.width, height: pixels.height }, [data])
    },
    dispose() {
      disposed = true
      failAll(new Error('decoder disposed'))
      worker.terminate()
    },
  }
}
