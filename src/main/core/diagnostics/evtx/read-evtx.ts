/**
 * An EVTX file (docs/reference/evtx-format.md): a 4 KiB file header, then 64 KiB chunks, each with
 * its own header, string and template tables and event records. Checksums are verified: a chunk
 * whose header or record checksum is wrong, or that is cut short, is skipped and counted as damaged;
 * a record whose BinXml cannot be read is reported and the rest of its chunk is still read. Every
 * chunk present in the file is read, not only the file header's count: a log copied while Windows had
 * it open ("dirty") has a header that lags behind its last chunks.
 */
import { ChunkBinXml, CHUNK_SIZE, DEFAULT_CHUNK_WORK_BUDGET, DEFAULT_NODE_BUDGET } from './binxml'
import { filetimeToIso } from './binxml-values'
import { crc32 } from './crc32'
import { EvtxFormatError } from './evtx-error'
import { toEvtxEvent, type EvtxEvent } from './event-model'
import { renderXml } from './xml-tree'

export const EVTX_MAGIC = 'ElfFile\0'
const CHUNK_MAGIC = 'ElfChnk\0'
const FILE_HEADER_SIZE = 0x1000
const RECORD_MAGIC = 0x00002a2a

export interface EvtxReadOptions {
  /** Called per readable record; `xml()` renders the event's XML and is valid during the call only. */
  onEvent?: (event: EvtxEvent, xml: () => string) => void
  /** XML nodes one record may expand to (default 100,000). */
  nodeBudget?: number
  /** Work one chunk may take (default 1,000,000); see DEFAULT_CHUNK_WORK_BUDGET. */
  chunkWorkBudget?: number
  /** Work the whole file may take (default 200,000,000: a real 200 MB log needs about 50 million). */
  fileWorkBudget?: number
  /** Problems listed in `problems` (default 50); the rest are only counted. */
  maxProblems?: number
}

export interface EvtxReadResult {
  /** Event records read. */
  records: number
  /** Chunks skipped or read only in part: bad header or checksum, cut short, or with unreadable records. */
  damaged: number
  chunks: { total: number; declared: number }
  dirty: boolean
  full: boolean
  /** What could not be read and why, in file order; `problemCount` may be larger. */
  problems: string[]
  problemCount: number
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n))

/** Whether the bytes start like an EVTX file (`ElfFile\0`). */
export function isEvtx(head: Uint8Array): boolean {
  return head.length >= 8 && ascii(head, 0, 8) === EVTX_MAGIC
}

/**
 * Reads every event of an EVTX file held in memory. Throws EvtxFormatError only when the file is
 * not EVTX at all (no `ElfFile` signature, shorter than its header); anything after that is read as
 * far as it goes and reported in the result.
 */
export function readEvtx(bytes: Uint8Array, options: EvtxReadOptions = {}): EvtxReadResult {
  if (!isEvtx(bytes)) throw new EvtxFormatError('not an EVTX event log (it does not start with "ElfFile")')
  if (bytes.length < FILE_HEADER_SIZE) throw new EvtxFormatError(`the file is ${bytes.length} bytes, shorter than the 4,096-byte EVTX header; it was cut short`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const maxProblems = options.maxProblems ?? 50
  const result: EvtxReadResult = {
    records: 0,
    damaged: 0,
    chunks: { total: 0, declared: view.getUint16(42, true) },
    dirty: false,
    full: false,
    problems: [],
    problemCount: 0,
  }
  const problem = (message: string) => {
    result.problemCount += 1
    if (result.problems.length < maxProblems) result.problems.push(message)
  }
  const flags = view.getUint32(120, true)
  result.dirty = (flags & 1) !== 0
  result.full = (flags & 2) !== 0
  if (crc32(bytes, [[0, 120]]) !== view.getUint32(124, true)) problem('The file header checksum does not match; the chunks were read by their own checksums.')
  const major = view.getUint16(38, true)
  if (major !== 3) problem(`The file header says format version ${major}.${view.getUint16(36, true)}; version 3 is what Windows writes. Read anyway.`)

  const chunkCount = Math.ceil((bytes.length - FILE_HEADER_SIZE) / CHUNK_SIZE)
  const fileWorkBudget = options.fileWorkBudget ?? 200_000_000
  let work = 0
  let stoppedAt = -1
  for (let i = 0; i < chunkCount; i++) {
    const base = FILE_HEADER_SIZE + i * CHUNK_SIZE
    const available = Math.min(CHUNK_SIZE, bytes.length - base)
    if (isUnused(bytes, base, available)) continue
    result.chunks.total += 1
    if (work > fileWorkBudget) {
      // Counted, not read: a file this costly is not a log Windows wrote.
      if (stoppedAt < 0) stoppedAt = i
      result.damaged += 1
      continue
    }
    if (available < CHUNK_SIZE) {
      result.damaged += 1
      problem(`Chunk ${i} is cut short (${available} of ${CHUNK_SIZE} bytes): skipped.`)
      continue
    }
    if (ascii(bytes, base, 8) !== CHUNK_MAGIC) {
      result.damaged += 1
      problem(`Chunk ${i} has no chunk signature (ElfChnk): skipped.`)
      continue
    }
    const freeSpace = view.getUint32(base + 48, true)
    if (
      crc32(bytes, [
        [base, base + 120],
        [base + 128, base + 512],
      ]) !== view.getUint32(base + 124, true)
    ) {
      result.damaged += 1
      problem(`Chunk ${i}: its header checksum does not match: skipped.`)
      continue
    }
    if (freeSpace < 512 || freeSpace > CHUNK_SIZE) {
      result.damaged += 1
      problem(`Chunk ${i}: its free-space offset ${freeSpace} lies outside the chunk: skipped.`)
      continue
    }
    if (crc32(bytes, [[base + 512, base + freeSpace]]) !== view.getUint32(base + 52, true)) {
      result.damaged += 1
      problem(`Chunk ${i}: its event records checksum does not match: skipped.`)
      continue
    }
    const read = readChunkRecords(bytes, view, base, i, freeSpace, options, result, problem)
    work += read.work
    if (!read.intact) result.damaged += 1
  }
  if (stoppedAt >= 0)
    problem(`Reading stopped at chunk ${stoppedAt}: the file needs more work than ${fileWorkBudget} XML nodes; the chunks after it were not read.`)
  return result
}

/** A chunk slot never written: all zero (Windows allocates files ahead of use). */
function isUnused(bytes: Uint8Array, base: number, available: number): boolean {
  const end = base + Math.min(available, 512)
  for (let j = base; j < end; j++) if (bytes[j] !== 0) return false
  return true
}

/** Reads the records of one chunk; false when some could not be read. */
function readChunkRecords(
  bytes: Uint8Array,
  view: DataView,
  base: number,
  index: number,
  freeSpace: number,
  options: EvtxReadOptions,
  result: EvtxReadResult,
  problem: (message: string) => void,
): { intact: boolean; work: number } {
  const binxml = new ChunkBinXml(bytes, view, base, options.nodeBudget ?? DEFAULT_NODE_BUDGET, options.chunkWorkBudget ?? DEFAULT_CHUNK_WORK_BUDGET)
  let intact = true
  let pos = 512
  while (pos + 28 <= freeSpace) {
    const at = base + pos
    const size = view.getUint32(at + 4, true)
    if (view.getUint32(at, true) !== RECORD_MAGIC || size < 28 || pos + size > freeSpace || view.getUint32(at + size - 4, true) !== size) {
      problem(`Chunk ${index}: no valid event record at offset ${pos}; the rest of the chunk was skipped.`)
      return { intact: false, work: binxml.work }
    }
    const headerId = Number(view.getBigUint64(at + 8, true))
    const writtenAt = filetimeToIso(view.getUint32(at + 16, true), view.getUint32(at + 20, true))
    try {
      const nodes = binxml.readRecord(pos + 24, pos + size - 4)
      const event = toEvtxEvent(nodes, { recordId: headerId, writtenAt })
      result.records += 1
      options.onEvent?.(event, () => renderXml(nodes))
    } catch (error) {
      if (!(error instanceof EvtxFormatError || error instanceof RangeError)) throw error
      intact = false
      problem(`Record ${headerId} (chunk ${index}) could not be read: ${error.message}.`)
      if (binxml.exhausted) return { intact, work: binxml.work }
    }
    pos += size
  }
  return { intact, work: binxml.work }
}
