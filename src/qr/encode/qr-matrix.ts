import QRCode from 'qrcode'

/** A QR symbol's modules, row-major, 1 = dark. */
export interface QrMatrix {
  size: number
  version: number
  modules: Uint8Array
}

export type ErrorCorrection = 'L' | 'M' | 'Q' | 'H'

/** The module matrix `qrcode` builds for `text` (byte mode for JSON, automatic version). */
export function qrMatrix(text: string, errorCorrectionLevel: ErrorCorrection = 'M'): QrMatrix {
  const code = QRCode.create(text, { errorCorrectionLevel })
  const size = code.modules.size
  const modules = new Uint8Array(size * size)
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) modules[row * size + col] = code.modules.get(row, col) ? 1 : 0
  }
  return { size, version: code.version, modules }
}
