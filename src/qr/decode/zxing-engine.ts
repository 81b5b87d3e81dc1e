import { binarizers, characterSets, eanAddOnSymbols, encodeFormats, prepareZXingModule, textModes, type ReadInputBarcodeFormat } from 'zxing-wasm/reader'
import type { LumaImage } from '../image/luma'

/**
 * zxing-cpp (WebAssembly, the `reader` build) over 8-bit luma buffers. The wasm bytes are injected:
 * nothing is fetched, so no CDN (the package's default would load the wasm from jsDelivr) and the
 * same code runs in the renderer's Worker and under Node.
 */
export type WasmBytes = ArrayBuffer | Uint8Array

export type Binarizer = 'LocalAverage' | 'GlobalHistogram' | 'FixedThreshold' | 'BoolCast'

export interface ZxingPassOptions {
  formats: ReadInputBarcodeFormat[]
  tryHarder: boolean
  tryRotate: boolean
  tryInvert: boolean
  tryDownscale: boolean
  tryDenoise: boolean
  binarizer: Binarizer
  /** Linear codes: scan lines that must agree. */
  minLineCount: number
  downscaleFactor?: number
  downscaleThreshold?: number
  /** Also return symbols that were located but failed to decode (their position guides a retry). */
  returnErrors?: boolean
  /** Most symbols one read returns (default 1); more lets one read see every code in the frame. */
  maxSymbols?: number
}

export interface Point {
  x: number
  y: number
}
/** Corners clockwise from the symbol's top-left, in frame pixels. */
export type Quad = [Point, Point, Point, Point]

export interface RawSymbol {
  /** False for a symbol that was located but could not be decoded (only with `returnErrors`). */
  valid: boolean
  error: string
  text: string
  bytes: Uint8Array
  format: string
  /** QR version ("1"–"40") when known, also for located-but-undecoded symbols; "" otherwise. */
  version: string
  position: Quad
  inverted: boolean
}

export interface ZxingEngine {
  read(image: LumaImage, options: ZxingPassOptions): RawSymbol[]
  /** Frees the frame buffer in the wasm heap. */
  dispose(): void
}

/** The exact object the C++ binding takes (zxing-wasm's internal `ZXingReaderOptions`). */
function toNative(options: ZxingPassOptions) {
  return {
    formats: encodeFormats(options.formats),
    tryHarder: options.tryHarder,
    tryRotate: options.tryRotate,
    tryInvert: options.tryInvert,
    tryDownscale: options.tryDownscale,
    tryDenoise: options.tryDenoise,
    binarizer: binarizers.indexOf(options.binarizer),
    isPure: false,
    downscaleFactor: options.downscaleFactor ?? 3,
    downscaleThreshold: options.downscaleThreshold ?? 500,
    minLineCount: options.minLineCount,
    maxNumberOfSymbols: options.maxSymbols ?? 1,
    validateOptionalChecksum: false,
    returnErrors: options.returnErrors === true,
    eanAddOnSymbol: eanAddOnSymbols.indexOf('Ignore'),
    textMode: textModes.indexOf('Plain'),
    characterSet: characterSets.indexOf('Unknown'),
    tryCode39ExtendedMode: false,
  }
}

interface NativeResult {
  isValid: boolean
  error: string
  text: string
  bytes: Uint8Array
  format: string
  isInverted: boolean
  version?: string
  position: { topLeft: Point; topRight: Point; bottomRight: Point; bottomLeft: Point }
}
/** The parts of the Emscripten module used here (its published type omits the heap helpers). */
interface ReaderModule {
  _malloc(size: number): number
  _free(pointer: number): void
  HEAPU8: Uint8Array
  readBarcodesFromPixmap(pointer: number, width: number, height: number, options: ReturnType<typeof toNative>): NativeVector
}

interface NativeVector {
  size(): number
  get(index: number): NativeResult
  delete(): void
}

/** Instantiates zxing-cpp from `wasm` (never from the network). */
export async function createZxingEngine(wasm: WasmBytes): Promise<ZxingEngine> {
  const wasmBinary = wasm instanceof Uint8Array ? wasm.slice().buffer : wasm.slice(0)
  const module = (await prepareZXingModule({
    overrides: {
      wasmBinary,
      // Called for the file name even when the bytes are given; never used to fetch.
      locateFile: (path: string) => path,
    },
    fireImmediately: true,
  })) as unknown as ReaderModule
  const nativeOptions = new WeakMap<ZxingPassOptions, ReturnType<typeof toNative>>()
  let pointer = 0
  let capacity = 0
  return {
    read(image, options) {
      const size = image.width * image.height
      if (size > capacity) {
        if (pointer) module._free(pointer)
        pointer = module._malloc(size)
        if (!pointer) throw new Error(`zxing: could not allocate ${size} bytes`)
        capacity = size
      }
      module.HEAPU8.set(image.data.subarray(0, size), pointer)
      let native = nativeOptions.get(options)
      if (!native) {
        native = toNative(options)
        nativeOptions.set(options, native)
      }
      const vector = module.readBarcodesFromPixmap(pointer, image.width, image.height, native)
      try {
        const out: RawSymbol[] = []
        for (let i = 0; i < vector.size(); i++) {
          const result = vector.get(i)
          const p = result.position
          out.push({
            valid: result.isValid,
            error: result.error,
            text: result.text,
            bytes: new Uint8Array(result.bytes),
            version: result.version ?? '',
            format: result.format,
            inverted: result.isInverted,
            position: [p.topLeft, p.topRight, p.bottomRight, p.bottomLeft].map((q) => ({ x: q.x, y: q.y })) as Quad,
          })
        }
        return out
      } finally {
        vector.delete()
      }
    },
    dispose() {
      if (pointer) module._free(pointer)
      pointer = 0
      capacity = 0
    },
  }
}
