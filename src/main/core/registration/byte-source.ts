import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { basename } from 'node:path'

/** Bytes of a dropped file or a file on disk, read in chunks (a CSV) or whole (a ZIP, which is bounded first). */
export interface ByteSource {
  /** As shown in the report: the file name the technician knows. */
  name: string
  size: number
  /** The first bytes, to tell the kind of file. */
  head(): Uint8Array
  chunks(): Iterable<Uint8Array>
  readAll(): Uint8Array
}

export const bytesSource = (name: string, bytes: Uint8Array): ByteSource => ({
  name,
  size: bytes.length,
  head: () => bytes.subarray(0, 4096),
  chunks: () => [bytes],
  readAll: () => bytes,
})

const CHUNK = 1024 * 1024

/** A file on disk; `name` defaults to the path as given (the CLI reports what it was given). */
export function fileSource(path: string, name: string = path): ByteSource {
  const fd = openSync(path, 'r')
  let size: number
  try {
    const stat = fstatSync(fd)
    if (stat.isDirectory()) throw Object.assign(new Error('it is a folder'), { code: 'EISDIR' })
    size = stat.size
  } finally {
    closeSync(fd)
  }
  return {
    name: name || basename(path),
    size,
    head() {
      const fd = openSync(path, 'r')
      try {
        const buffer = Buffer.alloc(4096)
        return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0))
      } finally {
        closeSync(fd)
      }
    },
    *chunks() {
      const fd = openSync(path, 'r')
      try {
        for (;;) {
          const buffer = Buffer.alloc(CHUNK)
          const read = readSync(fd, buffer, 0, CHUNK, null)
          if (read === 0) return
          yield buffer.subarray(0, read)
        }
      } finally {
        closeSync(fd)
      }
    },
    readAll() {
      const fd = openSync(path, 'r')
      try {
        const buffer = Buffer.alloc(size)
        let offset = 0
        while (offset < size) {
          const read = readSync(fd, buffer, offset, size - offset, offset)
          if (read === 0) break
          offset += read
        }
        return buffer.subarray(0, offset)
      } finally {
        closeSync(fd)
      }
    },
  }
}
