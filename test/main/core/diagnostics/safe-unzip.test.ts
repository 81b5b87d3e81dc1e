import { zipSync, strToU8 } from 'fflate'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ArchiveError, ArchiveLimitError, defaultUnzipLimits, readZipSafely, unsafeNameReason } from '@core/diagnostics/safe-unzip'
import { claims4GiB, lyingHeader, manyEntries, overlappingBomb, sharedStreamBomb } from '@support/zip-bombs'

const text = (entry: { read(): Uint8Array }) => new TextDecoder().decode(entry.read())

/** Renames every occurrence of a same-length name in the archive bytes (local and central headers). */
function rename(zip: Uint8Array, from: string, to: string): Uint8Array {
  const out = zip.slice()
  const a = strToU8(from)
  const b = strToU8(to)
  for (let i = 0; i + a.length <= out.length; i++) if (a.every((byte, k) => out[i + k] === byte)) out.set(b, i)
  return out
}

describe('reading a ZIP someone sent us', () => {
  it('reads ordinary stored and deflated entries', () => {
    const zip = zipSync({
      'manifest.json': strToU8('{"formatVersion":1}'),
      'logs/app.log': [strToU8('x'.repeat(5000)), { level: 9 }],
      'raw.txt': [strToU8('stored'), { level: 0 }],
    })
    const { entries, skipped } = readZipSafely(zip)
    expect(skipped).toEqual([])
    expect(Object.fromEntries(entries.map((e) => [e.name, text(e).length]))).toEqual({ 'manifest.json': 19, 'logs/app.log': 5000, 'raw.txt': 6 })
  })

  it.each([
    ['../evil.txt', 'path traversal (..)'],
    ['a/../../evil.txt', 'path traversal (..)'],
    ['/etc/passwd', 'absolute path'],
    ['C:/Windows/evil.txt', 'absolute path'],
    ['dir\\..\\evil.txt', 'path traversal (..)'],
    ['..\\evil.txt', 'path traversal (..)'],
    ['C:\\Windows\\evil.txt', 'absolute path'],
    ['\\\\server\\share\\evil.txt', 'absolute path'],
    ['\\evil.txt', 'absolute path'],
  ])('skips the zip-slip name %s', (name, reason) => {
    const { entries, skipped } = readZipSafely(zipSync({ [name]: strToU8('bad'), 'ok.txt': strToU8('ok') }))
    expect(entries.map((e) => e.name)).toEqual(['ok.txt'])
    // Reported as read: backslashes are taken as separators before any check.
    expect(skipped).toEqual([{ name: name.replace(/\\/g, '/'), reason, size: 3 }])
  })

  it('reads backslash-separated names (ZIPs made on Windows) as folders, and a backslash twin is a duplicate', () => {
    const zip = zipSync({
      'MDMDiag\\MdmDiagReport_RegistryDump.reg': strToU8('reg'),
      'MDMDiag\\': new Uint8Array(0),
      'a/b.txt': strToU8('1'),
      'a\\b.txt': strToU8('2'),
    })
    const { entries, skipped } = readZipSafely(zip)
    expect(entries.map((e) => e.name)).toEqual(['MDMDiag/MdmDiagReport_RegistryDump.reg', 'a/b.txt'])
    expect(skipped).toEqual([{ name: 'a/b.txt', reason: 'duplicate name', size: 1 }])
  })

  it('skips symbolic links and duplicate names', () => {
    const symlink = zipSync({ link: [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }], 'ok.txt': strToU8('ok') })
    expect(readZipSafely(symlink).skipped).toEqual([{ name: 'link', reason: 'symbolic link', size: 11 }])
    const dup = rename(zipSync({ 'a.txt': strToU8('first'), 'b.txt': strToU8('second') }), 'b.txt', 'a.txt')
    const read = readZipSafely(dup)
    expect(read.entries.map((e) => text(e))).toEqual(['first'])
    expect(read.skipped).toEqual([{ name: 'a.txt', reason: 'duplicate name', size: 6 }])
  })

  it('stops a zip bomb while inflating, whatever the header claims', () => {
    const bomb = zipSync({ 'zeros.bin': [new Uint8Array(30 * 1024 * 1024), { level: 9 }] })
    expect(bomb.length).toBeLessThan(100_000)
    expect(() => readZipSafely(bomb).entries[0]!.read()).toThrow(/zip bomb/)
    expect(() => readZipSafely(bomb, { ...defaultUnzipLimits, maxRatio: 100_000, maxTotalBytes: 10 * 1024 * 1024 }).entries[0]!.read()).toThrow(ArchiveError)
  })

  it('refuses too many entries, CAB files, truncated and corrupt archives with clear messages', () => {
    const many = zipSync(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, strToU8('x')])))
    expect(() => readZipSafely(many, { ...defaultUnzipLimits, maxEntries: 10 })).toThrow(/30 entries/)
    expect(() => readZipSafely(strToU8('MSCF\0\0\0\0 cabinet'))).toThrow(/CAB file/)
    const zip = zipSync({ 'a.txt': [strToU8('hello '.repeat(200)), { level: 6 }] })
    expect(() => readZipSafely(zip.subarray(0, zip.length - 30))).toThrow(ArchiveError)
    const corrupt = zip.slice()
    corrupt[40] = corrupt[40]! ^ 0xff
    corrupt[45] = corrupt[45]! ^ 0xff
    expect(() => readZipSafely(corrupt).entries[0]!.read()).toThrow(ArchiveError)
    expect(() => readZipSafely(new Uint8Array(0))).toThrow(/not a ZIP/)
  })

  it('never crashes or hangs on arbitrary bytes (fuzz)', () => {
    const seed = zipSync({ 'a.json': strToU8('{"a":1}'), 'b/c.txt': [strToU8('c'.repeat(300)), { level: 6 }] })
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(seed.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), (flips) => {
        const mutated = seed.slice()
        for (const [at, value] of flips) mutated[at] = value
        try {
          const { entries } = readZipSafely(mutated)
          for (const entry of entries) expect(entry.read().length).toBeLessThan(1_100_000)
        } catch (error) {
          expect(error).toBeInstanceOf(ArchiveError)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('judges names the same way for every input (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fc.constantFrom('..', '.', 'a', 'C:', '', '\\', '/')).map((parts) => parts.join('')),
        ),
        (name) => {
          const reason = unsafeNameReason(name)
          if (reason === null) {
            const normalised = name.replace(/\\/g, '/')
            expect(normalised.startsWith('/')).toBe(false)
            expect(normalised).not.toMatch(/^[A-Za-z]:/)
            expect(normalised.split('/')).not.toContain('..')
          }
        },
      ),
    )
  })
})

const MiB = 1024 * 1024

/** Every limit refuses the archive by name, before or while inflating, never after allocating the bomb. */
describe('bounded archives', () => {
  const refusal = (run: () => unknown) => {
    try {
      run()
    } catch (error) {
      return error
    }
    throw new Error('not refused')
  }

  it('refuses entries that share one compressed stream (28 KB → 500 MiB), before inflating anything', () => {
    const { zip, unpacked } = sharedStreamBomb()
    expect(zip.length).toBeLessThan(32 * 1024)
    expect(unpacked).toBeGreaterThanOrEqual(500 * MiB)
    const started = Date.now()
    const error = refusal(() => readZipSafely(zip))
    expect(error).toBeInstanceOf(ArchiveLimitError)
    expect((error as ArchiveLimitError).limit).toBe('shared-data')
    expect((error as Error).message).toMatch(/^This ZIP was refused: its entries share compressed data \(a zip bomb\)/)
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('refuses overlapping ranges that do not start at the same header (an entry quoting the next one)', () => {
    expect(refusal(() => readZipSafely(overlappingBomb()))).toMatchObject({
      limit: 'shared-data',
      message: expect.stringContaining('"b.json" overlaps "a.json"'),
    })
  })

  it('refuses an entry claiming 4 GiB before inflating it', () => {
    const error = refusal(() => readZipSafely(claims4GiB()))
    expect(error).toMatchObject({ limit: 'claimed-size' })
    expect((error as Error).message).toMatch(/claims 4096 MiB uncompressed; the limit per entry is 256 MiB/)
  })

  it('catches a lying header while inflating: the output never passes the claimed size', () => {
    const zip = lyingHeader(64 * MiB, 1000)
    expect(zip.length).toBeLessThan(100_000)
    const read = readZipSafely(zip)
    const error = refusal(() => read.entries[0]!.read())
    expect(error).toMatchObject({ limit: 'lying-size' })
    expect((error as Error).message).toMatch(/inflates beyond the 1000 bytes its header claims/)
    expect(read.refused).toBe(error)
  })

  it('enforces the compression ratio per entry, and the total budget across entries', () => {
    const honest = zipSync({ 'zeros.json': [new Uint8Array(8 * MiB), { level: 9 }] })
    expect(refusal(() => readZipSafely(honest).entries[0]!.read())).toMatchObject({
      limit: 'ratio',
      message: expect.stringContaining('compression-ratio limit is 200×'),
    })
    const noise = (n: number) => new Uint8Array(n).map((_, i) => (i * 2654435761) >>> 24)
    const three = zipSync({ 'a.bin': noise(MiB), 'b.bin': noise(MiB), 'c.bin': noise(MiB) })
    const read = readZipSafely(three, { ...defaultUnzipLimits, maxTotalBytes: 2.5 * MiB })
    read.entries[0]!.read()
    read.entries[1]!.read()
    read.entries[0]!.read() // a second read of the same entry is not counted twice
    expect(refusal(() => read.entries[2]!.read())).toMatchObject({
      limit: 'total-budget',
      message: expect.stringContaining('more than 2.5 MiB together (the total budget'),
    })
    expect(() => read.entries[0]!.read()).not.toThrow() // already read
  })

  it('refuses too many entries by the entry-count limit', () => {
    expect(refusal(() => readZipSafely(manyEntries(defaultUnzipLimits.maxEntries + 1)))).toMatchObject({
      limit: 'entry-count',
      message: 'This ZIP was refused: it has 5001 entries; the limit is 5000 (the entry-count limit).',
    })
    expect(readZipSafely(manyEntries(defaultUnzipLimits.maxEntries)).entries).toHaveLength(5000)
  })

  it('stops at the time limit', () => {
    const read = readZipSafely(zipSync({ 'a.json': strToU8('{}') }), { ...defaultUnzipLimits, timeBudgetMs: -1 })
    expect(refusal(() => read.entries[0]!.read())).toMatchObject({ limit: 'time-budget', message: expect.stringMatching(/time limit/) })
  })

  it('does not inflate entries nobody reads', () => {
    const read = readZipSafely(zipSync({ 'big.evtx': [new Uint8Array(8 * MiB), { level: 9 }], 'a.json': strToU8('{}') }))
    expect(read.entries.map((e) => [e.name, e.size])).toEqual([
      ['big.evtx', 8 * MiB],
      ['a.json', 2],
    ])
    expect(text(read.entries[1]!)).toBe('{}')
    expect(read.refused).toBeNull()
  })
})
