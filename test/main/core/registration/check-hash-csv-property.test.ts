import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { HashCsvChecker } from '@core/registration/check-hash-csv'
import type { ByteSource } from '@core/registration/byte-source'
import { HEADER, checkFiles, hashFor } from '@support/hash-csv-fixture'

/** A source that hands out the same bytes in chunks of a given size (chunk edges inside CR LF, UTF-8 and UTF-16 characters). */
const chunked = (name: string, bytes: Uint8Array, size: number): ByteSource => ({
  name,
  size: bytes.length,
  head: () => bytes.subarray(0, 4096),
  *chunks() {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
  },
  readAll: () => bytes,
})

describe('hash CSV check never crashes', () => {
  it('on random bytes: a report with every error naming a line ≥ 1, and an exit code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const checker = checkFiles({ 'r.csv': bytes })
        const report = checker.report()
        expect(report.valid).toBeLessThanOrEqual(report.rows)
        for (const error of report.errors) expect(error.line).toBeGreaterThanOrEqual(1)
        expect([0, 1, 2]).toContain(checker.exitCode())
      }),
      { numRuns: 300 },
    )
  })

  it('on random text around a valid header (quotes, delimiters, NULs, invisible characters)', () => {
    const alphabet = fc.constantFrom('a', 'Z', '0', '=', '+', '/', ',', ';', '"', ' ', '\t', '\r', '\n', '\u0000', '\u200b', '\u00a0', 'é', '€', '𝄞', '\uFEFF')
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 400 }), (chars) => {
        const checker = checkFiles({ 't.csv': `${HEADER}\n${chars.join('')}` })
        const report = checker.report()
        expect(report.valid).toBe(checker.accepted.length)
        for (const row of checker.accepted) {
          expect(row.serialNumber).not.toBe('')
          expect(row.hardwareHash).toMatch(/^[A-Za-z0-9+/]+={0,2}$/)
          expect(row.hardwareHash.length % 4).toBe(0)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('the same bytes in any chunking give the same report (UTF-8, ANSI and UTF-16 files)', () => {
    const text = `${HEADER},Group Tag\r\n${['S1,,Q29udG9zbwAAA,Genève', 'S2,,"QUJD RA==",€uro', '', 'S1,,QUJDRA==,x'].join('\r\n')}\r\n`
    const files = [Buffer.from(text), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])]
    for (const bytes of files) {
      const whole = checkFiles({ 'f.csv': bytes }).report()
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 64 }), (size) => {
          const checker = new HashCsvChecker()
          checker.check(chunked('f.csv', bytes, size))
          expect(checker.report()).toEqual(whole)
        }),
        { numRuns: 64 },
      )
    }
  })

  it('a 100,000-row file is read as a stream: every row counted, duplicates found, no row kept by the CLI mode', () => {
    const rows = 100_000
    const line = (i: number) => `PF${String(i).padStart(8, '0')},,${hashFor(String(i % 99_999))}\r\n`
    const source: ByteSource = {
      name: 'big.csv',
      size: 0,
      head: () => Buffer.from(`${HEADER}\r\n`),
      *chunks() {
        yield Buffer.from(`${HEADER}\r\n`)
        for (let i = 0; i < rows; i += 1000) yield Buffer.from(Array.from({ length: 1000 }, (_, k) => line(i + k)).join(''))
      },
      readAll: () => new Uint8Array(),
    }
    const checker = new HashCsvChecker()
    checker.check(source)
    expect(checker.rows).toBe(rows)
    expect(checker.valid).toBe(rows - 1)
    expect(checker.errors.map((e) => `${e.line}:${e.code}`)).toEqual([`${rows + 1}:duplicate-hash`])
    expect(checker.accepted).toEqual([])
  })

  it('a 10 MB hash and a line beyond the line limit are refused by line, without keeping them', () => {
    const huge = 'A'.repeat(10 * 1024 * 1024)
    const checker = checkFiles({ 'h.csv': `${HEADER}\nS1,,${huge}\nS2,,${hashFor('S2')}\n` })
    expect(checker.errors.map((e) => `${e.line}:${e.code}`)).toEqual(['2:line-too-long'])
    expect(checker.valid).toBe(1)
    const limited = checkFiles({ 'h.csv': `${HEADER}\nS1,,${'A'.repeat(70_000)}\n` })
    expect(limited.errors.map((e) => `${e.line}:${e.code}`)).toEqual(['2:hash-too-long'])
  })

  it('a valid header followed by binary garbage gives up on the rest of the file with one refusal', () => {
    const garbage = new Uint8Array(200_000).map((_, i) => (i * 2654435761) >>> 24)
    const checker = checkFiles({ 'g.csv': Buffer.concat([Buffer.from(`${HEADER}\nS1,,${hashFor('S1')}\n`), garbage]) })
    expect(checker.exitCode()).toBe(2)
    expect(checker.errors.at(-1)!.code).toBe('not-text')
    expect(checker.errors.length).toBeLessThan(100)
    expect(checker.valid).toBe(0)
  })
})
