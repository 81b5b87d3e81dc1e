/** Bytes ↔ base64 in the renderer, in slices a multiple of 3 long so the pieces concatenate (no huge apply()). */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += 3 * 16_384) {
    const slice = bytes.subarray(i, i + 3 * 16_384)
    let binary = ''
    for (let k = 0; k < slice.length; k++) binary += String.fromCharCode(slice[k]!)
    parts.push(btoa(binary))
  }
  return parts.join('')
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/**
 * Hands a file to the browser's download (browser mode) or Electron's save dialog (its default for a
 * download): the person picks where it goes; the app writes nothing outside its data folder.
 */
export function saveFile(name: string, bytes: Uint8Array, type = 'application/zip'): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
