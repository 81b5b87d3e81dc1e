import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cabCompression, readCabSafely } from '@core/diagnostics/cab/cab-reader'
import { ArchiveError, ArchiveLimitError, defaultUnzipLimits, type UnzipLimits } from '@core/diagnostics/safe-unzip'
import { writeCab, type CabWriterCompression } from '@support/cab-writer'

const fixture = (name: string) => new Uint8Array(readFileSync(join(__dirname, 'fixtures', name)))
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1')
const readAll = (bytes: Uint8Array, limits?: UnzipLimits) => {
  const cab = readCabSafely(bytes, limits)
  return Object.fromEntries(cab.entries.map((e) => [e.name, text(e.read())]))
}
const refusal = (run: () => unknown): ArchiveLimitError => {
  try {
    run()
  } catch (error) {
    if (error instanceof ArchiveLimitError) return error
    throw error
  }
  throw new Error('expected a refusal')
}

const FILE1 = '                          file 1 contents\n' + 'hello\n'.repeat(3)
const FILE2 = '                          file 2 contents\n' + 'hello\n'.repeat(6)
/** Text with structure and repeats, long enough for several 32 KiB blocks. */
const sampleText = (n: number) => {
  let s = ''
  for (let i = 0; s.length < n; i++) s += `line ${i} ${(i * 2654435761) % 977} HKLM\\SOFTWARE\\Microsoft\\Provisioning ${i % 7 === 0 ? '~' : ''}\r\n`
  return s.slice(0, n)
}

describe('readCabSafely: cabinets written by makecab (libarchive test suite)', () => {
  it('reads stored, MSZIP and LZX (window 2^18) folders to the same bytes', () => {
    const stored = readAll(fixture('libarchive-cab_1.cab'))
    expect(stored).toEqual({ empty: '', 'dir1/file1': FILE1, 'dir2/file2': FILE2 })
    for (const name of ['libarchive-cab_2.cab', 'libarchive-cab_3.cab']) {
      const files = readAll(fixture(name))
      expect(Object.keys(files)).toEqual(['empty', 'zero', 'dir1/file1', 'dir2/file2'])
      expect(files.zero).toBe('\0'.repeat(33_000))
      expect(files['dir1/file1']).toBe(FILE1)
      expect(files['dir2/file2']).toBe(FILE2)
    }
  })

  it('names the compression of each folder from typeCompress', () => {
    expect(cabCompression(0x0000)).toEqual({ kind: 'stored' })
    expect(cabCompression(0x0001)).toEqual({ kind: 'mszip' })
    expect(cabCompression(0x1203)).toEqual({ kind: 'lzx', windowBits: 18 })
    expect(cabCompression(0x1542)).toEqual({ kind: 'quantum' })
    expect(cabCompression(0x0007)).toEqual({ kind: 'unknown', type: 7 })
  })

  it('undoes the LZX E8 translation exactly and reads short LZX streams', () => {
    const e8 = readCabSafely(fixture('libarchive-cab_lzx_e8.cab')).entries[0]!
    expect(e8.name).toBe('e8.bin')
    expect(Buffer.from(e8.read()).toString('hex')).toBe(['e800000000', 'e800000080', 'e8ffffff7f', 'e8ff000000', 'e812345678', 'e887654321'].join(''))
    expect(readAll(fixture('libarchive-cab_lzx_16bit.cab'))).toEqual({ 'lzx16.bin': 'ABABABABABABABAB' })
    expect(readAll(fixture('libarchive-cab_lzx_literal_control.cab'))).toEqual({ x: '\0\0' })
  })

  it('refuses an LZX match that points before the start of the data, naming the file', () => {
    const cab = readCabSafely(fixture('libarchive-cab_lzx_invalid_history.cab'))
    expect(() => cab.entries[0]!.read()).toThrow(ArchiveError)
    expect(() => cab.entries[0]!.read()).toThrow(/File x in this CAB could not be decompressed: a match points before the start/)
  })
})

describe('readCabSafely: cabinets written in the tests', () => {
  const files = [
    { name: 'MDMDiag\\small.txt', data: Buffer.from('hello') },
    { name: 'MDMDiag\\big.txt', data: Buffer.from(sampleText(150_000)) },
    { name: 'empty.txt', data: new Uint8Array(0) },
    { name: 'after.txt', data: Buffer.from(sampleText(40_000).toUpperCase()) },
  ]
  const kinds: CabWriterCompression[] = ['stored', 'mszip', 'lzx', 'lzx-literals', 'lzx-uncompressed']

  it.each(kinds)('reads every file of a %s folder across 32 KiB blocks, names with \\ read as /', (compression) => {
    for (const windowBits of compression.startsWith('lzx') ? [15, 21] : [16]) {
      const cab = readCabSafely(writeCab(files, { compression, windowBits }))
      expect(cab.skipped).toEqual([])
      expect(cab.entries.map((e) => [e.name, e.size])).toEqual(files.map((f) => [f.name.replace(/\\/g, '/'), f.data.length]))
      // Out of order on purpose: a later file first, then an earlier one from the decoded part.
      expect(text(cab.entries[3]!.read())).toBe(text(files[3]!.data))
      expect(text(cab.entries[1]!.read())).toBe(text(files[1]!.data))
      expect(text(cab.entries[0]!.read())).toBe('hello')
      expect(cab.entries[2]!.read()).toHaveLength(0)
    }
  })

  it('reads files in several folders and UTF-8 names', () => {
    const cab = readCabSafely(
      writeCab(
        [
          { name: 'eins.txt', data: Buffer.from('one'), folder: 0 },
          { name: 'zwei-ü.txt', data: Buffer.from('two'), folder: 1 },
        ],
        { utf8Names: true },
      ),
    )
    expect(cab.entries.map((e) => [e.name, text(e.read())])).toEqual([
      ['eins.txt', 'one'],
      ['zwei-ü.txt', 'two'],
    ])
  })

  it('refuses Quantum by name and keeps the other files', () => {
    const quantum = writeCab([{ name: 'q.txt', data: Buffer.from('quantum') }], { compression: 'quantum' })
    const cab = readCabSafely(quantum)
    expect(cab.entries).toEqual([])
    expect(cab.skipped).toEqual([{ name: 'q.txt', reason: expect.stringMatching(/compressed with Quantum, which this app does not read/), size: 7 }])
  })

  it('skips unsafe and duplicate names with the reason, like the ZIP reader', () => {
    const cab = readCabSafely(
      writeCab([
        { name: '..\\..\\evil.txt', data: Buffer.from('x') },
        { name: 'C:\\Windows\\x.txt', data: Buffer.from('x') },
        { name: 'a.txt', data: Buffer.from('1') },
        { name: 'A.TXT', data: Buffer.from('2') },
      ]),
    )
    expect(cab.entries.map((e) => e.name)).toEqual(['a.txt'])
    expect(cab.skipped).toEqual([
      // Each with the size the cabinet's file list states for it (it is not read).
      { name: '../../evil.txt', reason: 'path traversal (..)', size: 1 },
      { name: 'C:/Windows/x.txt', reason: 'absolute path', size: 1 },
      { name: 'A.TXT', reason: 'duplicate name', size: 1 },
    ])
  })
})

/** Byte offsets of the one-folder cabinets writeCab builds (36-byte header, 8-byte folder record). */
const FOLDER_RECORD = 36
const FILES_OFFSET = (cab: Uint8Array) => Buffer.from(cab).readUInt32LE(16)
const DATA_START = (cab: Uint8Array) => Buffer.from(cab).readUInt32LE(FOLDER_RECORD)

describe('readCabSafely: damaged and hostile cabinets', () => {
  const two = () =>
    writeCab([
      { name: 'first.txt', data: Buffer.from(sampleText(1000)) },
      { name: 'second.txt', data: Buffer.from(sampleText(100_000)) },
    ])

  it('reads a truncated cabinet as far as it goes, and says what is missing', () => {
    const whole = two()
    const firstBlock = Buffer.from(whole).readUInt16LE(DATA_START(whole) + 4)
    const cut = whole.subarray(0, DATA_START(whole) + 8 + firstBlock + 100)
    const cab = readCabSafely(cut)
    expect(text(cab.entries[0]!.read())).toBe(sampleText(1000))
    expect(() => cab.entries[1]!.read()).toThrow(/second\.txt could not be read: the CAB is truncated \(folder 0 ends after 1 of its data blocks\)/)
    expect(() => readCabSafely(whole.subarray(0, 30))).toThrow(/truncated or damaged \(its header is incomplete\)/)
    expect(() => readCabSafely(whole.subarray(0, FILES_OFFSET(whole) + 10))).toThrow(/its file list ends early/)
  })

  it('catches a flipped bit with the block checksum, and names the way to make a new CAB', () => {
    const cab = two()
    cab[DATA_START(cab) + 8 + 100]! ^= 0x04
    const read = readCabSafely(cab)
    expect(() => read.entries[0]!.read()).toThrow(/data block 0 of folder 0 fails its checksum/)
    expect(() => read.entries[0]!.read()).toThrow(/MDMDiagnosticsTool\.exe -area "Autopilot;TPM" -cab/)
  })

  it('reports a corrupt MSZIP block without a checksum as damaged, not as a crash', () => {
    const cab = writeCab([{ name: 'a.txt', data: Buffer.from(sampleText(5000)) }], { checksums: false })
    cab[DATA_START(cab) + 8] = 0x58 // the "CK" signature
    expect(() => readCabSafely(cab).entries[0]!.read()).toThrow(
      /a\.txt in this CAB could not be decompressed: an MSZIP block does not start with its "CK" signature/,
    )
  })

  it('refuses a header of the wrong version and a file name longer than the format allows', () => {
    const cab = two()
    cab[25] = 2
    expect(() => readCabSafely(cab)).toThrow(/claims format version 2\.3, and only version 1 exists/)
    const long = writeCab([{ name: 'n'.repeat(300), data: Buffer.from('x') }])
    expect(() => readCabSafely(long)).toThrow(/longer than the 256 bytes/)
  })

  it('skips files that continue in another cabinet of a set, or name a folder that is not there', () => {
    const cab = two()
    const files = FILES_OFFSET(cab)
    Buffer.from(cab.buffer, cab.byteOffset).writeUInt16LE(0xfffe, files + 8)
    const nextName = files + 16 + 'first.txt'.length + 1
    Buffer.from(cab.buffer, cab.byteOffset).writeUInt16LE(5, nextName + 8)
    const read = readCabSafely(cab)
    expect(read.entries).toEqual([])
    expect(read.skipped.map((s) => s.reason)).toEqual([
      'it continues in another cabinet of a multi-cabinet set, which is not read',
      'it names folder 5, which the cabinet does not have',
    ])
  })

  it('refuses more files than the entry-count limit, and a file claiming more than the per-entry limit', () => {
    const many = writeCab(Array.from({ length: 12 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from(String(i)) })))
    expect(refusal(() => readCabSafely(many, { ...defaultUnzipLimits, maxEntries: 10 }))).toMatchObject({
      limit: 'entry-count',
      message: expect.stringMatching(/^This CAB was refused: it has 12 files; the limit is 10/),
    })
    const cab = two()
    Buffer.from(cab.buffer, cab.byteOffset).writeUInt32LE(0xffffffff, FILES_OFFSET(cab))
    expect(refusal(() => readCabSafely(cab))).toMatchObject({ limit: 'claimed-size', message: expect.stringMatching(/claims 4096 MiB/) })
  })

  it('refuses many names for the same bytes (files overlapping in a folder, folders sharing data blocks)', () => {
    const cab = two()
    // second.txt starts inside first.txt.
    Buffer.from(cab.buffer, cab.byteOffset).writeUInt32LE(10, FILES_OFFSET(cab) + 16 + 'first.txt'.length + 1 + 4)
    expect(refusal(() => readCabSafely(cab))).toMatchObject({ limit: 'shared-data', message: expect.stringMatching(/second\.txt.*overlaps.*first\.txt/) })
    const folders = writeCab([
      { name: 'a.txt', data: Buffer.from(sampleText(3000)), folder: 0 },
      { name: 'b.txt', data: Buffer.from(sampleText(3000)), folder: 1 },
    ])
    // Point folder 1 at folder 0's data blocks.
    Buffer.from(folders.buffer, folders.byteOffset).writeUInt32LE(DATA_START(folders), FOLDER_RECORD + 8)
    expect(refusal(() => readCabSafely(folders))).toMatchObject({ limit: 'shared-data', message: expect.stringMatching(/folders share compressed data/) })
  })

  it('refuses a header whose many folders walk the same data blocks, without walking them all', () => {
    // 3,000 folders, each claiming the same 5,000 one-byte stored blocks: 15 million blocks over 45 KB.
    const folders = 3000
    const blocks = 5000
    const dataStart = 36 + folders * 8 + 16 + 2
    const cab = Buffer.alloc(dataStart + blocks * 9)
    cab.write('MSCF', 0, 'latin1')
    cab[24] = 3
    cab[25] = 1
    cab.writeUInt16LE(folders, 26)
    cab.writeUInt16LE(1, 28)
    cab.writeUInt32LE(36 + folders * 8, 16)
    for (let f = 0; f < folders; f++) {
      cab.writeUInt32LE(dataStart, 36 + f * 8)
      cab.writeUInt16LE(blocks, 36 + f * 8 + 4)
    }
    cab.writeUInt32LE(1, 36 + folders * 8) // the one file: 1 byte of folder 0, named "a"
    cab.write('a', 36 + folders * 8 + 16, 'latin1')
    for (let b = 0; b < blocks; b++) {
      cab.writeUInt16LE(1, dataStart + b * 9 + 4)
      cab.writeUInt16LE(1, dataStart + b * 9 + 6)
    }
    expect(refusal(() => readCabSafely(new Uint8Array(cab)))).toMatchObject({
      limit: 'shared-data',
      message: expect.stringMatching(/folders share compressed data/),
    })
  })

  it('refuses a folder that claims to expand beyond the ratio limit before decompressing it', () => {
    const zeros = writeCab([{ name: 'zeros.bin', data: new Uint8Array(3 * 1024 * 1024) }])
    const read = readCabSafely(zeros)
    expect(refusal(() => read.entries[0]!.read())).toMatchObject({ limit: 'ratio', message: expect.stringMatching(/folder 0 claims to expand \d+×/) })
    // The refusal holds for the whole cabinet from then on.
    expect(read.refused?.limit).toBe('ratio')
  })

  it('shares one total budget across every file read, and stops at the deadline', () => {
    const cab = writeCab([
      { name: 'a.txt', data: Buffer.from(sampleText(70_000)) },
      { name: 'b.txt', data: Buffer.from(sampleText(70_000)) },
    ])
    const read = readCabSafely(cab, { ...defaultUnzipLimits, maxTotalBytes: 100_000 })
    expect(read.entries[0]!.read()).toHaveLength(70_000)
    expect(refusal(() => read.entries[1]!.read())).toMatchObject({ limit: 'total-budget', message: expect.stringMatching(/the total budget; at "b\.txt"/) })
    const late = readCabSafely(cab, { ...defaultUnzipLimits, timeBudgetMs: -1 })
    expect(refusal(() => late.entries[0]!.read())).toMatchObject({ limit: 'time-budget', message: expect.stringMatching(/time limit/) })
  })

  it('refuses an MSZIP block that inflates past its declared size as a lying size', () => {
    const cab = writeCab([{ name: 'a.txt', data: Buffer.from(sampleText(20_000)) }], { checksums: false })
    // The block's uncompressed size field says 100 bytes; so does the file, so only the block lies.
    Buffer.from(cab.buffer, cab.byteOffset).writeUInt16LE(100, DATA_START(cab) + 6)
    Buffer.from(cab.buffer, cab.byteOffset).writeUInt32LE(100, FILES_OFFSET(cab))
    const error = refusal(() => readCabSafely(cab).entries[0]!.read())
    expect(error).toMatchObject({ limit: 'lying-size', message: expect.stringMatching(/^This CAB is damaged: .*beyond the 100 bytes/) })
    // Damage (flipped bytes) is far likelier than a crafted bomb, and the output never passes the claim: say what to do.
    expect((error as Error).message).toMatch(/damaged or changed after it was made.*Copy the file again/)
    expect((error as Error).message).not.toMatch(/bomb/)
  })
})
