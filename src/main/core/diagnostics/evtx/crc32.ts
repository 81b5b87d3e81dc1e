/** CRC-32 (IEEE 802.3, the zlib polynomial): what the EVTX file and chunk headers store (docs/reference/evtx-format.md §checksums). */
const table = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

/** CRC-32 over the given ranges of `bytes`, in order, as one stream. */
export function crc32(bytes: Uint8Array, ranges: ReadonlyArray<readonly [start: number, end: number]>): number {
  let crc = 0xffffffff
  for (const [start, end] of ranges) for (let i = start; i < end; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}
