import { Inflate } from 'fflate'

/**
 * Bounds for reading an archive someone sent us. Everything stays in memory; nothing is written to disk.
 * Entries are inflated only when read (the review reads the registry dump, the ZTD JSON, a CAB's first
 * bytes, our bundle's files), so an `.evtx` or anything else the review only lists is never inflated.
 * Nested archives are never opened (a CAB inside is only sniffed), so one budget covers everything.
 */
export interface UnzipLimits {
  maxArchiveBytes: number
  /** Central-directory records; our bundles hold about 12 files, MDMDiagnostics ZIPs tens. */
  maxEntries: number
  /** The most one entry may claim (and then inflate to); a larger claim refuses the archive before inflating. */
  maxEntryBytes: number
  /** All entries read, together: the budget of inflated bytes for one archive. */
  maxTotalBytes: number
  /** Decompressed ÷ compressed, per entry above 1 MiB, enforced while inflating: a zip bomb expands far beyond any log or JSON file. */
  maxRatio: number
  /** Wall-clock budget for reading, from the moment the archive is opened; checked while inflating. */
  timeBudgetMs: number
}

const MiB = 1024 * 1024

export const defaultUnzipLimits: UnzipLimits = {
  maxArchiveBytes: 512 * MiB,
  maxEntries: 5_000,
  maxEntryBytes: 256 * MiB,
  maxTotalBytes: 256 * MiB,
  maxRatio: 200,
  timeBudgetMs: 60_000,
}

/** Input is pushed to the inflater this many bytes at a time: deflate expands at most ~1032×, so one push yields at most ~4 MiB before a cap is checked. */
const inflateStep = 4 * 1024

export interface ZipEntry {
  /** Normalised (`\\` read as `/`), relative, forward-slash name (never `..`, absolute or a drive). */
  name: string
  size: number
  read(): Uint8Array
}

export interface UnzipResult {
  entries: ZipEntry[]
  /**
   * Entries refused one by one (unsafe name, symlink, duplicate, unsupported method…), with why, and the
   * size the archive's directory states for them (never read, so a claim: a review shows it as stated, not as 0).
   */
  skipped: Array<{ name: string; reason: string; size: number }>
  /**
   * The limit a `read()` hit, if any. Callers that catch read errors per entry (the Windows review lists
   * unreadable entries) must check this afterwards and refuse the whole archive with it.
   */
  refused: ArchiveLimitError | null
  /**
   * Files whose bytes are missing or fail a checksum, found before any is read (a CAB: truncated folder
   * data, a CFDATA checksum mismatch), with why; they stay in `entries` (reading one throws the same
   * why), so a review can say which files are damaged even when it reads none of them.
   */
  damaged?: Array<{ name: string; reason: string; size: number }>
  /** What the damage means for the whole archive and what to do, for the top of a review. */
  damageWarning?: string | null
}

export class ArchiveError extends Error {}

export type ArchiveLimit = 'entry-count' | 'shared-data' | 'claimed-size' | 'lying-size' | 'ratio' | 'total-budget' | 'time-budget'

/**
 * A refusal because the archive broke one of the limits; the message names the limit in plain words. A
 * lying size is said as damage, not as an attack: the output never passes the claim (so nothing is at
 * risk), and a copy with flipped bytes meets it far more often than a crafted bomb (a walk: "a zip bomb?"
 * for a bundle with 30 bytes changed, and no advice). The size and ratio limits keep the bomb words.
 */
export class ArchiveLimitError extends ArchiveError {
  constructor(
    readonly limit: ArchiveLimit,
    why: string,
    container: 'ZIP' | 'CAB' = 'ZIP',
  ) {
    super(`This ${container} ${limit === 'lying-size' ? 'is damaged' : 'was refused'}: ${why}`)
  }
}

/** What to do about an archive whose bytes are damaged. */
export const copyAgainAdvice = 'Copy it again in full, or export it again (for Windows diagnostics, collect them again).'

/** An entry that inflates past its header's size: its data does not match its header. */
export const lyingSizeWhy = (name: string, declared: number, what = 'its data') =>
  `entry ${JSON.stringify(name)} does not match its header: ${what} inflates beyond the ${declared} bytes its header claims, so the file was damaged or changed after it was made. Reading stopped there. ${copyAgainAdvice}`

const mib = (bytes: number) => `${Math.round((bytes / MiB) * 10) / 10} MiB`

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

interface CentralRecord {
  name: string
  method: number
  compressed: number
  declared: number
  external: number
  localOffset: number
}

/**
 * Refuses entries whose local header + data overlap another's: the "non-recursive zip bomb" points
 * many central-directory entries at one compressed stream. Honest archives never share bytes.
 */
function refuseSharedData(bytes: Uint8Array, records: readonly CentralRecord[]): void {
  const ranges: Array<{ start: number; end: number; name: string }> = []
  for (const r of records) {
    if (r.localOffset + 30 > bytes.length || u32(bytes, r.localOffset) !== 0x04034b50) continue // corrupt: reported when read
    const end = r.localOffset + 30 + u16(bytes, r.localOffset + 26) + u16(bytes, r.localOffset + 28) + r.compressed
    if (end > bytes.length) continue // truncated: reported as such, not as sharing
    ranges.push({ start: r.localOffset, end, name: r.name })
  }
  ranges.sort((a, b) => a.start - b.start)
  for (let i = 1; i < ranges.length; i++) {
    const previous = ranges[i - 1]!
    const current = ranges[i]!
    if (current.start < previous.end)
      throw new ArchiveLimitError(
        'shared-data',
        `its entries share compressed data (a zip bomb): ${JSON.stringify(current.name)} overlaps ${JSON.stringify(previous.name)}.`,
      )
  }
}

/**
 * Reads a ZIP from memory under hard limits. The central directory is checked up front (entry count,
 * entries sharing compressed data, sizes claimed beyond the per-entry limit); an entry is inflated only
 * when read, under the per-entry ratio, its own claimed size (a lying header is caught while
 * inflating), the archive's total budget and its deadline. Unsafe names, symlinks and duplicates are
 * skipped with the reason; a corrupt archive is an ArchiveError with a message for the technician.
 */
export function readZipSafely(bytes: Uint8Array, limits: UnzipLimits = defaultUnzipLimits): UnzipResult {
  const deadline = Date.now() + limits.timeBudgetMs
  if (bytes.length > limits.maxArchiveBytes) throw new ArchiveError(`The archive is larger than ${limits.maxArchiveBytes} bytes.`)
  if (bytes.length >= 4 && u32(bytes, 0) === 0x4643534d) throw new ArchiveError('This is a CAB file, not a ZIP: open it as a CAB (the review reads both).')
  const eocd = findEndOfCentralDirectory(bytes)
  const count = u16(bytes, eocd + 10)
  const cdOffset = u32(bytes, eocd + 16)
  if (count === 0xffff || cdOffset === 0xffffffff) throw new ArchiveError('ZIP64 archives are not supported.')
  if (count > limits.maxEntries)
    throw new ArchiveLimitError('entry-count', `it has ${count} entries; the limit is ${limits.maxEntries} (the entry-count limit).`)
  const records: CentralRecord[] = []
  let p = cdOffset
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) throw new ArchiveError('The archive is corrupt (bad central directory).')
    const nameLength = u16(bytes, p + 28)
    records.push({
      method: u16(bytes, p + 10),
      compressed: u32(bytes, p + 20),
      declared: u32(bytes, p + 24),
      external: u32(bytes, p + 38),
      localOffset: u32(bytes, p + 42),
      name: normalizeEntryName(new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(p + 46, p + 46 + nameLength))),
    })
    p += 46 + nameLength + u16(bytes, p + 30) + u16(bytes, p + 32)
  }
  refuseSharedData(bytes, records)
  const result: UnzipResult = { entries: [], skipped: [], refused: null }
  const refuse = (error: ArchiveLimitError): never => {
    result.refused ??= error
    throw error
  }
  const budget = { used: 0 }
  const seen = new Set<string>()
  for (const { name, method, compressed, declared, external, localOffset } of records) {
    if (name.endsWith('/')) continue // a folder entry carries no data
    if (declared > limits.maxEntryBytes)
      throw new ArchiveLimitError(
        'claimed-size',
        `entry ${JSON.stringify(name)} claims ${mib(declared)} uncompressed; the limit per entry is ${mib(limits.maxEntryBytes)}.`,
      )
    const why =
      unsafeNameReason(name) ??
      (((external >>> 16) & 0o170000) === 0o120000 ? 'symbolic link' : null) ??
      (seen.has(name.toLowerCase()) ? 'duplicate name' : null) ??
      (method !== 0 && method !== 8 ? `compression method ${method} is not supported` : null)
    if (why) {
      result.skipped.push({ name, reason: why, size: declared })
      continue
    }
    seen.add(name.toLowerCase())
    if (localOffset + 30 > bytes.length || u32(bytes, localOffset) !== 0x04034b50) throw new ArchiveError(`The archive is corrupt (entry ${name}).`)
    const dataStart = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28)
    if (dataStart + compressed > bytes.length) throw new ArchiveError(`The archive is truncated (entry ${name}).`)
    const data = bytes.subarray(dataStart, dataStart + compressed)
    let content: Uint8Array | null = null
    const read = () => {
      if (content) return content
      if (result.refused) throw result.refused
      if (Date.now() > deadline) refuse(timeRefusal(limits))
      if (budget.used + declared > limits.maxTotalBytes)
        refuse(
          new ArchiveLimitError(
            'total-budget',
            `its entries expand to more than ${mib(limits.maxTotalBytes)} together (the total budget; at ${JSON.stringify(name)}).`,
          ),
        )
      if (method === 0 && declared !== compressed) throw new ArchiveError(`The archive is corrupt (entry ${name}: stored sizes differ).`)
      try {
        content = method === 0 ? data.slice() : inflateBounded(data, name, declared, limits, deadline)
      } catch (error) {
        if (error instanceof ArchiveLimitError) refuse(error)
        throw error
      }
      budget.used += content.length
      return content
    }
    result.entries.push({ name, size: declared, read })
  }
  return result
}

const timeRefusal = (limits: UnzipLimits) =>
  new ArchiveLimitError('time-budget', `reading it took longer than ${limits.timeBudgetMs / 1000} s (the time limit).`)

/**
 * Inflates into a buffer of the size the header claims (already checked against the limits), pushing
 * 4 KiB of input at a time, and stops the moment the output passes the claim (a lying header), the
 * ratio cap or the deadline.
 */
function inflateBounded(data: Uint8Array, name: string, declared: number, limits: UnzipLimits, deadline: number): Uint8Array {
  const ratioCap = Math.max(MiB, data.length * limits.maxRatio)
  if (declared > ratioCap)
    throw new ArchiveLimitError(
      'ratio',
      `entry ${JSON.stringify(name)} claims to expand ${Math.round(declared / Math.max(1, data.length))}× (the compression-ratio limit is ${limits.maxRatio}×; a zip bomb?).`,
    )
  const out = new Uint8Array(declared)
  let size = 0
  const inflate = new Inflate((chunk) => {
    if (size + chunk.length > declared) throw new ArchiveLimitError('lying-size', lyingSizeWhy(name, declared))
    out.set(chunk, size)
    size += chunk.length
  })
  try {
    for (let i = 0; i < data.length; i += inflateStep) {
      if (Date.now() > deadline) throw timeRefusal(limits)
      inflate.push(data.subarray(i, i + inflateStep), i + inflateStep >= data.length)
    }
    if (data.length === 0) inflate.push(new Uint8Array(0), true)
  } catch (error) {
    if (error instanceof ArchiveError) throw error
    throw new ArchiveError(`Entry ${name} is corrupt (${(error as Error).message}).`)
  }
  return size === declared ? out : out.subarray(0, size)
}
