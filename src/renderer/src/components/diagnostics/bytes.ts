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
