import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readCabSafely } from '../../src/main/core/diagnostics/cab/cab-reader'
import { LzxDecoder, LzxError } from '../../src/main/core/diagnostics/cab/lzx'
import { MszipDecoder, MszipError } from '../../src/main/core/diagnostics/cab/mszip'
import { ArchiveError, defaultUnzipLimits, type UnzipLimits } from '../../src/main/core/diagnostics/safe-unzip'
import { writeCab } from './cab-writer'

/**
 * Seeded fuzzing of the CAB reader and of each decompressor on its own (used by the bounded test run
 * and by `npm run fuzz:cab`, which runs ≥ 100,000 inputs per parser). Inputs are real and generated
 * cabinets mutated by bit flips, byte overwrites, field overwrites in the header and records,
 * truncation, splices and random bytes. The only acceptable failure is the parser's own error type
 * (ArchiveError, MszipError, LzxError); anything else — a TypeError, a RangeError, an out-of-memory —
 * is recorded as unexpected.
 */

export interface FuzzReport {
  parser: 'cab' | 'mszip' | 'lzx'
  inputs: number
  /** Inputs read to the end without an error. */
  accepted: number
  /** Inputs refused with the parser's own error (a message for the technician). */
  refused: number
  unexpected: Array<{ input: number; error: string }>
  slowestMs: number
  elapsedMs: number
}

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// Next to this file under vitest; from the repository root when bundled for `npm run fuzz:cab`.
const FIXTURES = [join(__dirname, '../main/core/diagnostics/cab/fixtures'), join(process.cwd(), 'test/main/core/diagnostics/cab/fixtures')].find((dir) =>
  existsSync(dir),
)!
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)))

const text = (n: number, seed: number) => {
  let s = ''
  for (let i = 0; s.length < n; i++) s += `"Value${(i * seed) % 97}"=dword:${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}\r\n`
  return Buffer.from(s.slice(0, n))
}

/** Cabinets to mutate: the makecab fixtures and small ones of every kind the writer makes. */
export function cabCorpus(): Uint8Array[] {
  const files = [
    { name: 'MdmDiagReport_RegistryDump.reg', data: text(40_000, 7) },
    { name: 'AutopilotDDSZTDFile.json', data: Buffer.from('{"ZtdCorrelationId":"x","CloudAssignedTenantDomain":"contoso.onmicrosoft.com"}') },
    { name: 'x.evtx', data: new Uint8Array(3000).fill(0x45) },
  ]
  return [
    ...['libarchive-cab_1.cab', 'libarchive-cab_2.cab', 'libarchive-cab_3.cab', 'libarchive-cab_lzx_e8.cab', 'libarchive-cab_lzx_16bit.cab'].map(fixture),
    writeCab(files, { compression: 'stored' }),
    writeCab(files, { compression: 'mszip' }),
    writeCab(files, { compression: 'lzx', windowBits: 16 }),
    writeCab(files, { compression: 'lzx-literals', windowBits: 15 }),
    writeCab(files, { compression: 'lzx-uncompressed', windowBits: 17 }),
    writeCab(files, { compression: 'quantum' }),
    writeCab(
      files.map((f, i) => ({ ...f, folder: i })),
      { compression: 'mszip', utf8Names: true },
    ),
  ]
}

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0xfe, 0x20, 0x43, 0x4b]
const INTERESTING_32 = [0, 1, 0xffff, 0x8000, 0x7fffffff, 0xffffffff, 0x10000, 32_768, 32_769]

/** One mutated copy of `base`: 1–4 mutations, some aimed at the header and record area. */
export function mutate(base: Uint8Array, random: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(random() * n)
  let bytes = base.slice()
  const mutations = 1 + pick(4)
  for (let m = 0; m < mutations; m++) {
    const at = random() < 0.5 ? pick(Math.min(bytes.length, 120)) : pick(Math.max(1, bytes.length))
    switch (pick(7)) {
      case 0:
        if (bytes.length) bytes[at] = bytes[at]! ^ (1 << pick(8))
        break
      case 1:
        if (bytes.length) bytes[at] = INTERESTING[pick(INTERESTING.length)]!
        break
      case 2:
        if (at + 4 <= bytes.length) new DataView(bytes.buffer).setUint32(at, INTERESTING_32[pick(INTERESTING_32.length)]!, true)
        break
      case 3:
        if (at + 2 <= bytes.length) new DataView(bytes.buffer).setUint16(at, pick(65_536), true)
        break
      case 4:
        bytes = bytes.slice(0, pick(bytes.length + 1))
        break
      case 5: {
        const length = pick(64)
        for (let i = 0; i < length && at + i < bytes.length; i++) bytes[at + i] = pick(256)
        break
      }
      default: {
        // Splice: copy a run from elsewhere in the file over this spot.
        const from = pick(Math.max(1, bytes.length))
        const length = pick(256)
        bytes.copyWithin(at, from, Math.min(bytes.length, from + length))
      }
    }
  }
  return bytes
}

const fuzzLimits: UnzipLimits = { ...defaultUnzipLimits, maxTotalBytes: 16 * 1024 * 1024, timeBudgetMs: 5_000 }

function run(parser: FuzzReport['parser'], inputs: number, one: (i: number) => boolean, expected: (error: unknown) => boolean): FuzzReport {
  const report: FuzzReport = { parser, inputs, accepted: 0, refused: 0, unexpected: [], slowestMs: 0, elapsedMs: 0 }
  const started = performance.now()
  for (let i = 0; i < inputs; i++) {
    const t = performance.now()
    try {
      if (one(i)) report.accepted += 1
      else report.refused += 1
    } catch (error) {
      if (expected(error)) report.refused += 1
      else if (report.unexpected.length < 20) report.unexpected.push({ input: i, error: String((error as Error)?.stack ?? error) })
    }
    report.slowestMs = Math.max(report.slowestMs, performance.now() - t)
  }
  report.elapsedMs = Math.round(performance.now() - started)
  report.slowestMs = Math.round(report.slowestMs * 10) / 10
  return report
}

/** The whole reader: parse, then read every entry (each may refuse on its own). */
export function fuzzCabReader(inputs: number, seed: number): FuzzReport {
  const corpus = cabCorpus()
  const random = rng(seed)
  return run(
    'cab',
    inputs,
    () => {
      const base = corpus[Math.floor(random() * corpus.length)]!
      const bytes =
        random() < 0.03
          ? Uint8Array.from({ length: Math.floor(random() * 400) }, (_, i) => (i < 4 ? 'MSCF'.charCodeAt(i) : random() * 256))
          : mutate(base, random)
      const cab = readCabSafely(bytes, fuzzLimits)
      let all = true
      for (const entry of cab.entries) {
        try {
          const content = entry.read()
          if (content.length !== entry.size) throw new Error(`entry ${entry.name} read ${content.length} bytes, not ${entry.size}`)
        } catch (error) {
          if (!(error instanceof ArchiveError)) throw error
          all = false
        }
      }
      return all
    },
    (error) => error instanceof ArchiveError,
  )
}

/** Data blocks of every folder of a cabinet, with their declared uncompressed sizes. */
function blocksOf(cab: Uint8Array): Array<{ data: Uint8Array; uncompressed: number; typeCompress: number }[]> {
  const view = Buffer.from(cab)
  const folders = view.readUInt16LE(26)
  const out: Array<{ data: Uint8Array; uncompressed: number; typeCompress: number }[]> = []
  for (let f = 0; f < folders; f++) {
    const record = 36 + f * 8
    let p = view.readUInt32LE(record)
    const count = view.readUInt16LE(record + 4)
    const typeCompress = view.readUInt16LE(record + 6)
    const blocks = []
    for (let b = 0; b < count; b++) {
      const size = view.readUInt16LE(p + 4)
      blocks.push({ data: cab.subarray(p + 8, p + 8 + size), uncompressed: view.readUInt16LE(p + 6), typeCompress })
      p += 8 + size
    }
    out.push(blocks)
  }
  return out
}

/** The MSZIP decoder alone: sequences of mutated blocks with their (sometimes mutated) sizes. */
export function fuzzMszip(inputs: number, seed: number): FuzzReport {
  const streams = cabCorpus()
    .flatMap(blocksOf)
    .filter((blocks) => (blocks[0]?.typeCompress ?? 0) === 1)
  const random = rng(seed)
  return run(
    'mszip',
    inputs,
    () => {
      const blocks = streams[Math.floor(random() * streams.length)]!
      const decoder = new MszipDecoder()
      for (const block of blocks) {
        const data = random() < 0.7 ? mutate(block.data, random) : block.data
        const expected = random() < 0.2 ? 1 + Math.floor(random() * 32_768) : block.uncompressed
        const out = decoder.decodeBlock(data, expected)
        if (out.length !== expected) throw new Error('MSZIP returned a block of the wrong size')
      }
      return true
    },
    (error) => error instanceof MszipError,
  )
}

/** The LZX decoder alone: mutated LZX streams (makecab's and the writer's) and random bytes, frame by frame. */
export function fuzzLzx(inputs: number, seed: number): FuzzReport {
  const streams = cabCorpus()
    .flatMap(blocksOf)
    .filter((blocks) => ((blocks[0]?.typeCompress ?? 0) & 0xf) === 3)
    .map((blocks) => ({
      windowBits: (blocks[0]!.typeCompress >> 8) & 0x1f,
      data: Buffer.concat(blocks.map((b) => b.data)),
      frames: blocks.map((b) => b.uncompressed),
    }))
  const random = rng(seed)
  return run(
    'lzx',
    inputs,
    () => {
      const stream = streams[Math.floor(random() * streams.length)]!
      const randomBytes = random() < 0.1
      const data = randomBytes ? Uint8Array.from({ length: Math.floor(random() * 2000) }, () => random() * 256) : mutate(stream.data, random)
      // Mostly the stream's own window; sometimes another (2^21 only now and then: each decoder allocates its window).
      const r = random()
      const windowBits = r < 0.8 ? stream.windowBits : r < 0.97 ? 15 + Math.floor(random() * 3) : 21
      const frames =
        randomBytes || random() < 0.1 ? Array.from({ length: 1 + Math.floor(random() * 4) }, () => 1 + Math.floor(random() * 32_768)) : stream.frames
      const decoder = new LzxDecoder(windowBits, data)
      for (const frame of frames) if (decoder.decodeFrame(frame).length !== frame) throw new Error('LZX returned a frame of the wrong size')
      return true
    },
    (error) => error instanceof LzxError,
  )
}
