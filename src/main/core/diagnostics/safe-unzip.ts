import { Inflate } from 'fflate'

/** Bounds for reading an archive someone sent us. Everything stays in memory; nothing is written to disk. */
export interface UnzipLimits {
  maxArchiveBytes: number
  maxEntries: number
  maxEntryBytes: number
  maxTotalBytes: number
  /** Decompressed ÷ compressed, per entry above 1 MiB: a zip bomb expands far beyond any log or JSON file. */
  maxRatio: number
}

export const defaultUnzipLimits: UnzipLimits = {
  maxArchiveBytes: 512 * 1024 * 1024,
  maxEntries: 5_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 200,
}

export interface ZipEntry {
  /** Normalised (`\\` read as `/`), relative, forward-slash name (never `..`, absolute or a drive). */
  name: string
  size: number
  read(): Uint8Array
}

export interface UnzipResult {
  entries: ZipEntry[]
  /** Entries refused one by one (unsafe name, symlink, duplicate, unsupported method…), with why. */
  skipped: Array<{ name: string; reason: string }>
}

export class ArchiveError extends Error {}

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8)
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0

/**
 * ZIPs made on Windows (Compress-Archive in Windows PowerShell 5.1, some MDMDiagnostics exports) may
 * write `\` as the separator, against the ZIP spec. We read them as `/` and run every zip-slip check on
 * the result, so `..\x`, `C:\x` and `\\server\x` are refused exactly like their `/` forms.
 */
export const normalizeEntryName = (name: string) => name.replace(/\\/g, '/')

/** Why a name is unsafe to use as a path, or null when it is fine (zip-slip and friends). Judges the normalised name. */
export function unsafeNameReason(rawName: string): string | null {
  const name = normalizeEntryName(rawName)
  if (name.length === 0 || name.length > 1024) return 'empty or overlong name'
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we refuse
  if (/[\u0000-\u001f]/.test(name)) return 'control characters in the name'
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'absolute path'
  if (name.split('/').some((part) => part === '..' || part === '.')) return 'path traversal (..)'
  return null
}

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const min = Math.max(0, bytes.length - 22 - 65_535)
  for (let i = bytes.length - 22; i >= min; i--) if (u32(bytes, i) === 0x06054b50) return i
  throw new ArchiveError('This is not a ZIP archive, or it is truncated (no end-of-archive record).')
}

/**
 * Reads a ZIP from memory under hard limits, enforced while decompressing (a lying header cannot
 * make it allocate more than the limits). Unsafe names, symlinks and duplicates are skipped with the
 * reason; a corrupt archive is an ArchiveError with a message for the technician.
 */
export function readZipSafely(bytes: Uint8Array, limits: UnzipLimits = defaultUnzipLimits): UnzipResult {
  if (bytes.length > limits.maxArchiveBytes) throw new ArchiveError(`The archive is larger than ${limits.maxArchiveBytes} bytes.`)
  if (bytes.length >= 4 && u32(bytes, 0) === 0x4643534d)
    throw new ArchiveError('This is a CAB file, not a ZIP. Create a ZIP instead: MDMDiagnosticsTool.exe -area Autopilot;TPM -zip C:\\temp\\diag.zip')
  const eocd = findEndOfCentralDirectory(bytes)
  const count = u16(bytes, eocd + 10)
  const cdOffset = u32(bytes, eocd + 16)
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ArchiveError('ZIP64 archives are not supported.')
  if (count > limits.maxEntries) throw new ArchiveError(`The archive has ${count} entries; at most ${limits.maxEntries} are read.`)
  const entries: ZipEntry[] = []
  const skipped: UnzipResult['skipped'] = []
  const seen = new Set<string>()
  let total = 0
  let p = cdOffset
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw new ArchiveError('The archive is corrupt (bad central directory).')
    const method = u16(bytes, p + 10)
    const compressed = u32(bytes, p + 20)
    const declared = u32(bytes, p + 24)
    const nameLength = u16(bytes, p + 28)
    const extraLength = u16(bytes, p + 30)
    const commentLength = u16(bytes, p + 32)
    const external = u32(bytes, p + 38)
    const localOffset = u32(bytes, p + 42)
    const name = normalizeEntryName(new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(p + 46, p + 46 + nameLength)))
    p += 46 + nameLength + extraLength + commentLength
    if (name.endsWith('/')) continue // a folder entry carries no data
    const why =
      unsafeNameReason(name) ??
      (((external >>> 16) & 0o170000) === 0o120000 ? 'symbolic link' : null) ??
      (seen.has(name.toLowerCase()) ? 'duplicate name' : null) ??
      (method !== 0 && method !== 8 ? `compression method ${method} is not supported` : null) ??
      (declared > limits.maxEntryBytes ? `larger than ${limits.maxEntryBytes} bytes` : null)
    if (why) {
      skipped.push({ name, reason: why })
      continue
    }
    seen.add(name.toLowerCase())
    if (localOffset + 30 > bytes.length || u32(bytes, localOffset) !== 0x04034b50) throw new ArchiveError(`The archive is corrupt (entry ${name}).`)
    const dataStart = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28)
    if (dataStart + compressed > bytes.length) throw new ArchiveError(`The archive is truncated (entry ${name}).`)
    const data = bytes.subarray(dataStart, dataStart + compressed)
    const content =
      method === 0 ? data.slice() : inflateBounded(data, name, Math.min(limits.maxEntryBytes, Math.max(1024 * 1024, compressed * limits.maxRatio)))
    total += content.length
    if (total > limits.maxTotalBytes) throw new ArchiveError(`The archive expands to more than ${limits.maxTotalBytes} bytes; it was not read.`)
    entries.push({ name, size: content.length, read: () => content })
  }
  return { entries, skipped }
}

/** Inflates in 64 KiB steps and stops the moment the output passes `cap`. */
function inflateBounded(data: Uint8Array, name: string, cap: number): Uint8Array {
  const chunks: Uint8Array[] = []
  let size = 0
  const inflate = new Inflate((chunk) => {
    size += chunk.length
    if (size > cap) throw new ArchiveError(`Entry ${name} expands beyond ${cap} bytes (a zip bomb?); the archive was not read.`)
    chunks.push(chunk)
  })
  try {
    for (let i = 0; i < data.length; i += 65_536) inflate.push(data.subarray(i, i + 65_536), i + 65_536 >= data.length)
    if (data.length === 0) inflate.push(new Uint8Array(0), true)
  } catch (error) {
    if (error instanceof ArchiveError) throw error
    throw new ArchiveError(`Entry ${name} is corrupt (${(error as Error).message}).`)
  }
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}
