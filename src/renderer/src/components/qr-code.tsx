import { useMemo } from 'react'
import { qrMatrix } from '@qr/encode/qr-matrix'
import { windowsQrErrorCorrection } from '@qr/payload/windows-payload'

/**
 * A QR code as crisp SVG (one path, 4-module quiet zone), built with `qrcode` exactly as the device
 * builds it: same text, error correction M. Big enough to be scanned from another screen or a phone.
 */
export function QrCode({ text, label, size = 320 }: { text: string; label: string; size?: number }) {
  const { path, modules } = useMemo(() => {
    const matrix = qrMatrix(text, windowsQrErrorCorrection)
    let d = ''
    for (let row = 0; row < matrix.size; row++) {
      for (let col = 0; col < matrix.size; col++) if (matrix.modules[row * matrix.size + col] === 1) d += `M${col + 4} ${row + 4}h1v1h-1z`
    }
    return { path: d, modules: matrix.size + 8 }
  }, [text])
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      width={size}
      height={size}
      viewBox={`0 0 ${modules} ${modules}`}
      shapeRendering="crispEdges"
      data-testid="sim-qr"
      data-qr-text={text}
    >
      <rect width={modules} height={modules} fill="#ffffff" />
      <path d={path} fill="#000000" />
    </svg>
  )
}
