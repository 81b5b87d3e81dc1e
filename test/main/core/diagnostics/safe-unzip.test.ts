import { zipSync, strToU8 } from 'fflate'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ArchiveError, defaultUnzipLimits, readZipSafely, unsafeNameReason } from '@core/diagnostics/safe-unzip'

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
    expect(skipped).toEqual([{ name: name.replace(/\\/g, '/'), reason }])
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
    expect(skipped).toEqual([{ name: 'a/b.txt', reason: 'duplicate name' }])
  })

  it('skips symbolic links and duplicate names', () => {
    const symlink = zipSync({ link: [strToU8('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }], 'ok.txt': strToU8('ok') })
    expect(readZipSafely(symlink).skipped).toEqual([{ name: 'link', reason: 'symbolic link' }])
    const dup = rename(zipSync({ 'a.txt': strToU8('first'), 'b.txt': strToU8('second') }), 'b.txt', 'a.txt')
    const read = readZipSafely(dup)
    expect(read.entries.map((e) => text(e))).toEqual(['first'])
    expect(read.skipped).toEqual([{ name: 'a.txt', reason: 'duplicate name' }])
  })

  it('stops a zip bomb while inflating, whatever the header claims', () => {
    const bomb = zipSync({ 'zeros.bin': [new Uint8Array(30 * 1024 * 1024), { level: 9 }] })
    expect(bomb.length).toBeLessThan(100_000)
    expect(() => readZipSafely(bomb)).toThrow(/zip bomb/)
    expect(() => readZipSafely(bomb, { ...defaultUnzipLimits, maxRatio: 100_000, maxTotalBytes: 10 * 1024 * 1024 })).toThrow(ArchiveError)
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
    expect(() => readZipSafely(corrupt)).toThrow(ArchiveError)
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
          for (const entry of entries) expect(entry.size).toBeLessThan(1_000_000)
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
