/**
 * The CFDATA checksum (docs/reference/cab-format.md §4): the data's little-endian 32-bit words
 * XORed together, the 1–3 bytes left over folded in most-significant first, then the block's two size
 * fields XORed in the same way. A block whose checksum field is 0 carries none.
 */
export function cabChecksum(data: Uint8Array, compressedSize: number, uncompressedSize: number): number {
  let sum = 0
  const words = data.length >>> 2
  for (let i = 0; i < words; i++) {
    const o = i * 4
    sum ^= data[o]! | (data[o + 1]! << 8) | (data[o + 2]! << 16) | (data[o + 3]! << 24)
  }
  let tail = 0
  for (let o = words * 4; o < data.length; o++) tail = (tail << 8) | data[o]!
  sum ^= tail
  sum ^= (compressedSize & 0xffff) | ((uncompressedSize & 0xffff) << 16)
  return sum >>> 0
}
