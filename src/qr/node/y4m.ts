import { writeFileSync } from 'node:fs'
import { qrMatrix } from '../encode/qr-matrix'

/**
 * A Y4M clip for Chromium's fake camera (`--use-file-for-fake-video-capture`): Chromium accepts the
 * plain `C420` colour space tag (not ffmpeg's `C420mpeg2`) and loops the file, so one frame is enough
 * (docs/architecture.md §4.7). The frame is a QR code on a light screen, centred.
 */
export function qrY4m(text: string, options: { width?: number; height?: number; moduleSize?: number } = {}): Uint8Array {
  const width = options.width ?? 640
  const height = options.height ?? 480
  if (width % 2 !== 0 || height % 2 !== 0) throw new RangeError('Y4M 4:2:0 needs even dimensions')
  const matrix = qrMatrix(text, 'M')
  const quiet = 4
  const side = matrix.size + 2 * quiet
  const scale = options.moduleSize ?? Math.max(1, Math.floor((Math.min(width, height) * 0.85) / side))
  const y = new Uint8Array(width * height).fill(200)
  const x0 = Math.floor((width - side * scale) / 2)
  const y0 = Math.floor((height - side * scale) / 2)
  for (let row = 0; row < side * scale; row++) {
    for (let col = 0; col < side * scale; col++) {
      const mr = Math.floor(row / scale) - quiet
      const mc = Math.floor(col / scale) - quiet
      const dark = mr >= 0 && mc >= 0 && mr < matrix.size && mc < matrix.size && matrix.modules[mr * matrix.size + mc] === 1
      const py = y0 + row
      const px = x0 + col
      if (py >= 0 && px >= 0 && py < height && px < width) y[py * width + px] = dark ? 20 : 235
    }
  }
  const chroma = new Uint8Array((width / 2) * (height / 2)).fill(128)
  const header = new TextEncoder().encode(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420\nFRAME\n`)
  const out = new Uint8Array(header.length + y.length + 2 * chroma.length)
  out.set(header, 0)
  out.set(y, header.length)
  out.set(chroma, header.length + y.length)
  out.set(chroma, header.length + y.length + chroma.length)
  return out
}

export function writeQrY4m(path: string, text: string, options?: { width?: number; height?: number; moduleSize?: number }): void {
  writeFileSync(path, qrY4m(text, options))
}
