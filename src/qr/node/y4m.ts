import { writeFileSync } from 'node:fs'
import { qrMatrix } from '../encode/qr-matrix'

/**
 * Y4M clips for Chromium's fake camera (`--use-file-for-fake-video-capture`): Chromium accepts the
 * plain `C420` colour space tag (not ffmpeg's `C420mpeg2`) and loops the file, so one frame is enough
 * (docs/architecture.md §4.7). The frame is one or more QR labels on a light screen.
 */
export interface Y4mLabel {
  text: string
  /** Top-left of the label (the symbol plus its 4-module quiet zone), in pixels; may lie partly outside the frame (cut off). */
  x: number
  y: number
  /** A thumb tip (a flat grey disc a little wider than a finder pattern) over one of the symbol's finder patterns. */
  thumbOver?: 'top-left' | 'top-right' | 'bottom-left'
}

export interface Y4mOptions {
  width?: number
  height?: number
  moduleSize?: number
}

const quiet = 4

/** The label's side in pixels at `moduleSize`. */
export function labelSide(text: string, moduleSize: number): number {
  return (qrMatrix(text, 'M').size + 2 * quiet) * moduleSize
}

/** QR labels at given places; parts outside the frame are cut off, as a camera would. */
export function labelsY4m(labels: readonly Y4mLabel[], options: Y4mOptions & { moduleSize: number }): Uint8Array {
  const width = options.width ?? 640
  const height = options.height ?? 480
  if (width % 2 !== 0 || height % 2 !== 0) throw new RangeError('Y4M 4:2:0 needs even dimensions')
  const scale = options.moduleSize
  const y = new Uint8Array(width * height).fill(200)
  for (const label of labels) {
    const matrix = qrMatrix(label.text, 'M')
    const side = matrix.size + 2 * quiet
    for (let row = 0; row < side * scale; row++) {
      for (let col = 0; col < side * scale; col++) {
        const mr = Math.floor(row / scale) - quiet
        const mc = Math.floor(col / scale) - quiet
        const dark = mr >= 0 && mc >= 0 && mr < matrix.size && mc < matrix.size && matrix.modules[mr * matrix.size + mc] === 1
        const py = label.y + row
        const px = label.x + col
        if (py >= 0 && px >= 0 && py < height && px < width) y[py * width + px] = dark ? 20 : 235
      }
    }
    if (label.thumbOver) {
      // Finder centres are 3.5 modules in from the symbol's corners (the label adds the quiet zone).
      const near = (quiet + 3.5) * scale
      const far = (quiet + matrix.size - 3.5) * scale
      const cx = label.x + (label.thumbOver === 'top-right' ? far : near)
      const cy = label.y + (label.thumbOver === 'bottom-left' ? far : near)
      const r = 5 * scale
      for (let py = Math.max(0, Math.floor(cy - r)); py <= Math.min(height - 1, cy + r); py++) {
        for (let px = Math.max(0, Math.floor(cx - r)); px <= Math.min(width - 1, cx + r); px++)
          if ((px - cx) ** 2 + (py - cy) ** 2 <= r * r) y[py * width + px] = 150
      }
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

/** One QR code, centred, filling ~85 % of the short side unless `moduleSize` says otherwise. */
export function qrY4m(text: string, options: Y4mOptions = {}): Uint8Array {
  const width = options.width ?? 640
  const height = options.height ?? 480
  const side = qrMatrix(text, 'M').size + 2 * quiet
  const moduleSize = options.moduleSize ?? Math.max(1, Math.floor((Math.min(width, height) * 0.85) / side))
  const x = Math.floor((width - side * moduleSize) / 2)
  const y = Math.floor((height - side * moduleSize) / 2)
  return labelsY4m([{ text, x, y }], { width, height, moduleSize })
}

export function writeQrY4m(path: string, text: string, options?: Y4mOptions): void {
  writeFileSync(path, qrY4m(text, options))
}

export function writeLabelsY4m(path: string, labels: readonly Y4mLabel[], options: Y4mOptions & { moduleSize: number }): void {
  writeFileSync(path, labelsY4m(labels, options))
}
