import { ArchiveError, ArchiveLimitError, defaultUnzipLimits, normalizeEntryName, unsafeNameReason, type UnzipLimits, type UnzipResult } from '../safe-unzip'
import { MDM_DIAGNOSTICS_CAB_COMMAND, MDM_DIAGNOSTICS_ZIP_COMMAND } from '../windows/archive'
import { cabChecksum } from './checksum'
import { LzxDecoder, LzxError } from './lzx'
import { MszipDecoder, MszipError } from './mszip'

/**
 * Reads a Microsoft Cabinet (the `-cab` output of MDMDiagnosticsTool.exe) from memory under the same
 * limits as a ZIP (safe-unzip.ts), and hands back entries of the same shape, so the review reads both
 * alike. Layout per docs/reference/cab-format.md §1, §2, §3 and §4: a header, folder records (each one compressed
 * stream: stored, MSZIP or LZX; Quantum is refused by name), file records (a range of one folder's
 * uncompressed stream) and the folders' data blocks.
 *
 * Checked up front: the header and records fit the file, the entry count, each file's claimed size,
 * folders sharing data blocks and files sharing bytes of a folder (both the "many names, one stream"
 * bomb). A folder is decompressed only when an entry in it is read, and only as far as that entry
 * ends; each data block is checked against the deadline, the total budget and its checksum, and a
 * folder that claims to expand more than the ratio limit is refused before any of it is decompressed.
 * A truncated cabinet is read as far as it goes: entries whose bytes are missing fail with a message
 * that says so, the others read normally.
 */

const u16 = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8)
const u32 = (b: Uint8Array, o: number) => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0

const MiB = 1024 * 1024
const mib = (bytes: number) => `${Math.round((bytes / MiB) * 10) / 10} MiB`

const FLAG_PREV_CABINET = 0x1
const FLAG_NEXT_CABINET = 0x2
const FLAG_RESERVE_PRESENT = 0x4
const ATTRIBUTE_NAME_IS_UTF8 = 0x80
/** A block never holds more than 32 KiB of output (MSZIP and LZX frames). */
const MAX_BLOCK_OUTPUT = 32_768

/** What to do about a damaged cabinet: copy it again, or make a new one (the ZIP form is the fallback). */
const RECREATE = `Copy the file again, or create it again on the device: ${MDM_DIAGNOSTICS_CAB_COMMAND} (or ${MDM_DIAGNOSTICS_ZIP_COMMAND}).`
const truncated = (what: string) => new ArchiveError(`This CAB file is truncated or damaged (${what}). ${RECREATE}`)

export type CabCompression =
  { kind: 'stored' } | { kind: 'mszip' } | { kind: 'lzx'; windowBits: number } | { kind: 'quantum' } | { kind: 'unknown'; type: number }

/** The compression a folder's `typeCompress` names (the low 4 bits; LZX keeps its window size in bits 8–12). */
export function cabCompression(typeCompress: number): CabCompression {
  switch (typeCompress & 0x000f) {
    case 0:
      return { kind: 'stored' }
    case 1:
      return { kind: 'mszip' }
    case 2:
      return { kind: 'quantum' }
    case 3:
      return { kind: 'lzx', windowBits: (typeCompress >> 8) & 0x1f }
    default:
      return { kind: 'unknown', type: typeCompress & 0x000f }
  }
}

interface DataBlock {
  /** Offset of the block's compressed bytes in the cabinet. */
  start: number
  size: number
  uncompressed: number
  checksum: number
}

interface Folder {
  index: number
  compression: CabCompression
  blocks: DataBlock[]
  /** How many data blocks the folder record announces. */
  declaredBlocks: number
  /** The cabinet ends (or a block is unusable) before all the blocks the folder record announces. */
  truncatedAt: number | null
  declaredBytes: number
  compressedBytes: number
}

/** Why a folder's files cannot be read at all, or null when its compression is one we read. */
function unreadableReason(compression: CabCompression): string | null {
  switch (compression.kind) {
    case 'stored':
    case 'mszip':
      return null
    case 'lzx':
      return compression.windowBits >= 15 && compression.windowBits <= 21 ? null : `LZX with a window of 2^${compression.windowBits} bytes is not valid LZX`
    case 'quantum':
      return 'it is compressed with Quantum, which this app does not read (an old CAB compression; on Windows, expand the CAB with expand.exe and zip the folder)'
    case 'unknown':
      return `compression type ${compression.type} is not a CAB compression this app reads`
  }
}

function readName(bytes: Uint8Array, at: number, utf8: boolean): { name: string; end: number } {
  const limit = Math.min(bytes.length, at + 257)
  let end = at
  while (end < limit && bytes[end] !== 0) end++
  if (end >= bytes.length) throw truncated('a file name runs past the end')
  if (end === limit) throw new ArchiveError(`This CAB file is damaged (a file name is longer than the 256 bytes the format allows). ${RECREATE}`)
  const raw = bytes.subarray(at, end)
  // Names without the UTF-8 attribute are in the machine's code page; windows-1252 reads ASCII names exactly.
  const name = new TextDecoder(utf8 ? 'utf-8' : 'windows-1252', { fatal: false }).decode(raw)
  return { name, end: end + 1 }
}

/** Skips a null-terminated string (the previous/next cabinet names of a cabinet set). */
function skipString(bytes: Uint8Array, at: number): number {
  let end = at
  while (end < bytes.length && end - at < 256 && bytes[end] !== 0) end++
  if (end >= bytes.length || bytes[end] !== 0) throw truncated('the names of the other cabinets in its set')
  return end + 1
}

interface FileRecord {
  name: string
  size: number
  offset: number
  folder: number
}

export function readCabSafely(bytes: Uint8Array, limits: UnzipLimits = defaultUnzipLimits): UnzipResult {
  const deadline = Date.now() + limits.timeBudgetMs
  if (bytes.length > limits.maxArchiveBytes) throw new ArchiveError(`The archive is larger than ${limits.maxArchiveBytes} bytes.`)
  if (bytes.length < 36) throw truncated('its header is incomplete')
  if (u32(bytes, 0) !== 0x4643534d) throw new ArchiveError('This is not a CAB file (no MSCF signature).')
  const versionMinor = bytes[24]!
  const versionMajor = bytes[25]!
  if (versionMajor !== 1)
    throw new ArchiveError(`This CAB file is damaged: it claims format version ${versionMajor}.${versionMinor}, and only version 1 exists. ${RECREATE}`)
  const folderCount = u16(bytes, 26)
  const fileCount = u16(bytes, 28)
  const flags = u16(bytes, 30)
  const filesOffset = u32(bytes, 16)
  if (fileCount > limits.maxEntries)
    throw new ArchiveLimitError('entry-count', `it has ${fileCount} files; the limit is ${limits.maxEntries} (the entry-count limit).`, 'CAB')
  let p = 36
  let folderReserve = 0
  let dataReserve = 0
  if (flags & FLAG_RESERVE_PRESENT) {
    if (bytes.length < 40) throw truncated('its header is incomplete')
    const headerReserve = u16(bytes, 36)
    folderReserve = bytes[38]!
    dataReserve = bytes[39]!
    p = 40 + headerReserve
  }
  if (flags & FLAG_PREV_CABINET) p = skipString(bytes, skipString(bytes, p))
  if (flags & FLAG_NEXT_CABINET) p = skipString(bytes, skipString(bytes, p))

  const folders: Folder[] = []
  // Each honest block takes at least 8 bytes of the file that no other block takes, so walking more
  // blocks than that means folders share blocks; stopping here keeps a hostile header (65,535 folders ×
  // 65,535 blocks over the same bytes) from costing billions of steps before the overlap check.
  const maxBlocks = Math.floor(bytes.length / 8)
  let walked = 0
  for (let i = 0; i < folderCount; i++) {
    if (p + 8 + folderReserve > bytes.length) throw truncated('its folder list ends early')
    const start = u32(bytes, p)
    const blockCount = u16(bytes, p + 4)
    const compression = cabCompression(u16(bytes, p + 6))
    p += 8 + folderReserve
    const folder: Folder = { index: i, compression, blocks: [], declaredBlocks: blockCount, truncatedAt: null, declaredBytes: 0, compressedBytes: 0 }
    let q = start
    for (let b = 0; b < blockCount; b++) {
      const headerEnd = q + 8 + dataReserve
      if (headerEnd > bytes.length || headerEnd + u16(bytes, q + 4) > bytes.length) {
        folder.truncatedAt = b
        break
      }
      const size = u16(bytes, q + 4)
      const uncompressed = u16(bytes, q + 6)
      // 0 bytes out means the block continues in the next cabinet of a set, which we do not have.
      if (uncompressed === 0 || uncompressed > MAX_BLOCK_OUTPUT) {
        folder.truncatedAt = b
        break
      }
      if (++walked > maxBlocks)
        throw new ArchiveLimitError('shared-data', 'its folders share compressed data (more data blocks than the file can hold).', 'CAB')
      folder.blocks.push({ start: headerEnd, size, uncompressed, checksum: u32(bytes, q) })
      folder.declaredBytes += uncompressed
      folder.compressedBytes += size
      q = headerEnd + size
    }
    folders.push(folder)
  }
  refuseSharedBlocks(folders)

  const records: FileRecord[] = []
  p = filesOffset
  for (let i = 0; i < fileCount; i++) {
    if (p + 16 > bytes.length) throw truncated('its file list ends early')
    const size = u32(bytes, p)
    const offset = u32(bytes, p + 4)
    const folder = u16(bytes, p + 8)
    const attributes = u16(bytes, p + 14)
    const { name, end } = readName(bytes, p + 16, (attributes & ATTRIBUTE_NAME_IS_UTF8) !== 0)
    records.push({ name: normalizeEntryName(name), size, offset, folder })
    p = end
  }

  const result: UnzipResult = { entries: [], skipped: [], refused: null }
  const refuse = (error: ArchiveLimitError): never => {
    result.refused ??= error
    throw error
  }
  const budget = { used: 0 }
  const streams = new Map<number, FolderStream>()
  const seen = new Set<string>()
  const readable: FileRecord[] = []
  for (const record of records) {
    const { name, size, folder } = record
    if (size > limits.maxEntryBytes)
      throw new ArchiveLimitError(
        'claimed-size',
        `file ${JSON.stringify(name)} claims ${mib(size)}; the limit per file is ${mib(limits.maxEntryBytes)}.`,
        'CAB',
      )
    const why =
      unsafeNameReason(name) ??
      (folder >= 0xfffd ? 'it continues in another cabinet of a multi-cabinet set, which is not read' : null) ??
      (folder >= folders.length ? `it names folder ${folder}, which the cabinet does not have` : null) ??
      (seen.has(name.toLowerCase()) ? 'duplicate name' : null) ??
      unreadableReason(folders[folder]!.compression)
    if (why) {
      result.skipped.push({ name, reason: why, size })
      continue
    }
    seen.add(name.toLowerCase())
    readable.push(record)
  }
  refuseSharedFileBytes(readable)
  findDamage(bytes, folders, readable, result, u32(bytes, 8))

  for (const { name, size, offset, folder: folderIndex } of readable) {
    const folder = folders[folderIndex]!
    let content: Uint8Array | null = null
    const read = () => {
      if (content) return content
      if (result.refused) throw result.refused
      if (size === 0) return (content = new Uint8Array(0)) // nothing to decompress, wherever it points
      let stream = streams.get(folderIndex)
      if (!stream) {
        const ratioCap = Math.max(MiB, folder.compressedBytes * limits.maxRatio)
        if (folder.compression.kind !== 'stored' && folder.declaredBytes > ratioCap)
          refuse(
            new ArchiveLimitError(
              'ratio',
              `folder ${folderIndex} claims to expand ${Math.round(folder.declaredBytes / Math.max(1, folder.compressedBytes))}× (the compression-ratio limit is ${limits.maxRatio}×; a zip bomb?).`,
              'CAB',
            ),
          )
        stream = new FolderStream(bytes, folder)
        streams.set(folderIndex, stream)
      }
      const end = offset + size
      try {
        stream.decodeUntil(
          end,
          () => {
            if (Date.now() > deadline)
              refuse(new ArchiveLimitError('time-budget', `reading it took longer than ${limits.timeBudgetMs / 1000} s (the time limit).`, 'CAB'))
          },
          (blockBytes) => {
            if (budget.used + blockBytes > limits.maxTotalBytes)
              refuse(
                new ArchiveLimitError(
                  'total-budget',
                  `its files expand to more than ${mib(limits.maxTotalBytes)} together (the total budget; at ${JSON.stringify(name)}).`,
                  'CAB',
                ),
              )
            budget.used += blockBytes
          },
        )
      } catch (error) {
        if (error instanceof ArchiveError) throw error
        if (error instanceof MszipError && error.overflow)
          refuse(
            new ArchiveLimitError(
              'lying-size',
              `${error.message} (in ${JSON.stringify(name)}), so the file was damaged or changed after it was made. Reading stopped there. ${RECREATE}`,
              'CAB',
            ),
          )
        if (error instanceof LzxError || error instanceof MszipError)
          throw new ArchiveError(`File ${name} in this CAB could not be decompressed: ${error.message}. ${RECREATE}`)
        throw error
      }
      if (end > stream.produced)
        throw folder.truncatedAt !== null
          ? new ArchiveError(
              `File ${name} could not be read: the CAB is truncated (folder ${folderIndex} ends after ${folder.truncatedAt} of its data blocks).`,
            )
          : new ArchiveError(`File ${name} could not be read: it ends past the end of its folder's data (the CAB is damaged).`)
      content = stream.slice(offset, end)
      return content
    }
    result.entries.push({ name, size, read })
  }
  return result
}

/**
 * Damage found up front, before any file is read (a review reads only the files it knows, so a cut or
 * changed CAB of unknown files would otherwise open without a word): folder data shorter than the
 * folder record says (a truncated copy), and data blocks whose CFDATA checksum (where non-zero) does not
 * match (docs/reference/cab-format.md §4). A file is damaged when its range of the folder's output
 * reaches past the last block that is present and intact: MSZIP and LZX blocks build on the ones
 * before, so nothing after a bad block can be trusted. Files wholly before it read normally.
 * One XOR pass over the data blocks, which never overlap (refuseSharedBlocks): linear in the file, so
 * it needs no deadline of its own (about 0.3 s for 200 MB); decompression keeps its per-block deadline.
 */
function findDamage(bytes: Uint8Array, folders: readonly Folder[], readable: readonly FileRecord[], result: UnzipResult, declaredCabinetBytes: number): void {
  const intact = folders.map((folder) => {
    let output = 0
    for (let index = 0; index < folder.blocks.length; index++) {
      const block = folder.blocks[index]!
      if (block.checksum !== 0 && cabChecksum(bytes.subarray(block.start, block.start + block.size), block.size, block.uncompressed) !== block.checksum)
        return { output, badBlock: index }
      output += block.uncompressed
    }
    return { output, badBlock: null as number | null }
  })
  const damaged: NonNullable<UnzipResult['damaged']> = []
  for (const { name, size, offset, folder: index } of readable) {
    const { output, badBlock } = intact[index]!
    if (size === 0 || offset + size <= output) continue
    const folder = folders[index]!
    const reason =
      badBlock !== null
        ? `data block ${badBlock} of folder ${index} fails its checksum (the file was changed or damaged after it was written)`
        : folder.truncatedAt !== null
          ? `the CAB is truncated: folder ${index} ends after ${folder.truncatedAt} of its ${folder.declaredBlocks} data blocks, before the file's data`
          : "it ends past the end of its folder's data (the CAB is damaged)"
    damaged.push({ name, reason, size })
  }
  const short = bytes.length < declaredCabinetBytes
  if (damaged.length === 0 && !short) return
  result.damaged = damaged
  const names =
    damaged
      .slice(0, 5)
      .map((d) => d.name)
      .join(', ') + (damaged.length > 5 ? `, and ${damaged.length - 5} more` : '')
  const size = short ? ` It is ${bytes.length.toLocaleString('en-US')} bytes; its header says ${declaredCabinetBytes.toLocaleString('en-US')}.` : ''
  result.damageWarning =
    damaged.length === 0
      ? `This CAB file is shorter than its header says, but every file in it could be read.${size}`
      : `This CAB file is damaged: ${damaged.length === 1 ? '1 file' : `${damaged.length} files`} could not be read (${names}) — ${damaged.length === 1 ? '' : `the first, ${damaged[0]!.name}: `}${damaged[0]!.reason}.${size} ${RECREATE}`
}

/** Two folders whose data blocks overlap decompress the same bytes twice: refused like entries sharing ZIP data. */
function refuseSharedBlocks(folders: readonly Folder[]): void {
  const ranges = folders
    .filter((f) => f.blocks.length > 0)
    .map((f) => ({ start: f.blocks[0]!.start, end: f.blocks.at(-1)!.start + f.blocks.at(-1)!.size, index: f.index }))
    .sort((a, b) => a.start - b.start)
  for (let i = 1; i < ranges.length; i++)
    if (ranges[i]!.start < ranges[i - 1]!.end)
      throw new ArchiveLimitError(
        'shared-data',
        `its folders share compressed data: folder ${ranges[i]!.index} overlaps folder ${ranges[i - 1]!.index}.`,
        'CAB',
      )
}

/** Files in one folder are consecutive ranges of its stream; overlapping ranges (many names for the same bytes) are a bomb. */
function refuseSharedFileBytes(records: readonly FileRecord[]): void {
  const ranges = records.filter((r) => r.size > 0).sort((a, b) => a.folder - b.folder || a.offset - b.offset)
  for (let i = 1; i < ranges.length; i++) {
    const previous = ranges[i - 1]!
    const current = ranges[i]!
    if (current.folder === previous.folder && current.offset < previous.offset + previous.size)
      throw new ArchiveLimitError(
        'shared-data',
        `its files share data: ${JSON.stringify(current.name)} overlaps ${JSON.stringify(previous.name)} in folder ${current.folder}.`,
        'CAB',
      )
  }
}

/** A folder's uncompressed stream, decompressed block by block as far as the entries read need. */
class FolderStream {
  produced = 0
  private readonly chunks: Uint8Array[] = []
  private next = 0
  private readonly mszip: MszipDecoder | null
  private readonly lzx: LzxDecoder | null

  constructor(
    private readonly bytes: Uint8Array,
    private readonly folder: Folder,
  ) {
    const c = folder.compression
    this.mszip = c.kind === 'mszip' ? new MszipDecoder() : null
    // LZX's bit stream runs on across data blocks: it gets the folder's compressed bytes joined.
    this.lzx = c.kind === 'lzx' ? new LzxDecoder(c.windowBits, joinBlocks(bytes, folder.blocks), () => this.checkTime()) : null
  }

  /** The deadline check of the read in progress (LZX also calls it per block inside a frame). */
  private checkTime: () => void = () => {}

  /** The first error decoding hit: the decoder's state is unusable after it, so every later read gets the same answer. */
  private failure: unknown = null

  decodeUntil(end: number, checkTime: () => void, charge: (bytes: number) => void): void {
    if (this.failure) throw this.failure
    this.checkTime = checkTime
    try {
      this.decodeBlocks(end, checkTime, charge)
    } catch (error) {
      this.failure = error
      throw error
    }
  }

  private decodeBlocks(end: number, checkTime: () => void, charge: (bytes: number) => void): void {
    while (this.produced < end && this.next < this.folder.blocks.length) {
      checkTime()
      const index = this.next
      const block = this.folder.blocks[index]!
      const data = this.bytes.subarray(block.start, block.start + block.size)
      if (block.checksum !== 0 && cabChecksum(data, block.size, block.uncompressed) !== block.checksum)
        throw new ArchiveError(`This CAB file is damaged: data block ${index} of folder ${this.folder.index} fails its checksum. ${RECREATE}`)
      charge(block.uncompressed)
      let out: Uint8Array
      if (this.mszip) out = this.mszip.decodeBlock(data, block.uncompressed)
      else if (this.lzx) out = this.lzx.decodeFrame(block.uncompressed)
      else {
        if (block.size !== block.uncompressed)
          throw new ArchiveError(`This CAB file is damaged: stored data block ${index} of folder ${this.folder.index} has different sizes. ${RECREATE}`)
        out = data
      }
      this.chunks.push(out)
      this.produced += out.length
      this.next += 1
    }
  }

  slice(start: number, end: number): Uint8Array {
    const out = new Uint8Array(end - start)
    let chunkStart = 0
    for (const chunk of this.chunks) {
      const chunkEnd = chunkStart + chunk.length
      if (chunkEnd > start && chunkStart < end) {
        const from = Math.max(start, chunkStart)
        const to = Math.min(end, chunkEnd)
        out.set(chunk.subarray(from - chunkStart, to - chunkStart), from - start)
      }
      if (chunkEnd >= end) break
      chunkStart = chunkEnd
    }
    return out
  }
}

function joinBlocks(bytes: Uint8Array, blocks: readonly DataBlock[]): Uint8Array {
  const out = new Uint8Array(blocks.reduce((n, b) => n + b.size, 0))
  let at = 0
  for (const b of blocks) {
    out.set(bytes.subarray(b.start, b.start + b.size), at)
    at += b.size
  }
  return out
}
