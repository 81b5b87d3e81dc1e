import { describe, expect, it } from 'vitest'
import { detectDelimiter, parseManifestCsv } from '@core/bench/manifest-csv'
import { AppFailure } from '@core/app-error'

const failure = (run: () => unknown): AppFailure => {
  try {
    run()
  } catch (error) {
    if (error instanceof AppFailure) return error
    throw error
  }
  throw new Error('expected an AppFailure')
}

describe('manifest CSV parsing', () => {
  it('reads a comma file with the Graph-style headers, normalising serials', () => {
    const result = parseManifestCsv('SerialNumber,userPrincipalName,addressableUserName,displayName\n  pf1abc ,anna@contoso.com,Anna,LDN-PF1ABC\n')
    expect(result.errors).toEqual([])
    expect(result.rows).toEqual([{ serialNumber: 'PF1ABC', userPrincipalName: 'anna@contoso.com', addressableUserName: 'Anna', displayName: 'LDN-PF1ABC' }])
  })

  it('takes Excel semicolons, a BOM, spaced and case-mixed headers in any order, and CRLF', () => {
    const csv = '\uFEFFDevice Name;USER;Serial Number;User Friendly Name\r\nPAR-01;ben@contoso.fr;5cg123;Benoît\r\n'
    expect(detectDelimiter(csv)).toBe(';')
    const { rows, errors } = parseManifestCsv(csv)
    expect(errors).toEqual([])
    expect(rows).toEqual([{ serialNumber: '5CG123', userPrincipalName: 'ben@contoso.fr', addressableUserName: 'Benoît', displayName: 'PAR-01' }])
  })

  it('reads the short headers technicians type by hand: friendly, device, devicename, computer, email', () => {
    const jane = { serialNumber: '015093327592', userPrincipalName: 'jane.roe@contoso.com', addressableUserName: 'Jane Roe', displayName: 'FABLAP-JROE01' }
    for (const header of [
      'serial,upn,friendly,device',
      'serial,upn,friendly,devicename',
      'SN,Email,Friendly,Computer',
      'serial,user,friendly name,host name',
    ]) {
      const result = parseManifestCsv(`${header}\n015093327592,jane.roe@contoso.com,Jane Roe,FABLAP-JROE01\n`)
      expect(result, header).toEqual({ rows: [jane], errors: [], unusedColumns: [] })
    }
  })

  it('names the columns it does not read, so none is dropped unseen; an empty trailing column is not one', () => {
    const result = parseManifestCsv('serial;owner;upn;serial;;\nA1;Jo;a@contoso.com;X;;\nA2;;;;stray;\n')
    expect(result.rows.map((r) => r.serialNumber)).toEqual(['A1', 'A2'])
    // "owner" is unknown, the second "serial" is not read (the first wins), the fifth column holds data under no name.
    expect(result.unusedColumns).toEqual(['owner', 'serial', 'column 5'])
  })

  it('keeps quoted delimiters, doubled quotes and quoted line breaks inside one cell', () => {
    const csv = 'serial,friendly name,upn\n"S1","Doe, ""JD"" John",jd@contoso.com\n"S2","two\nlines",\n'
    const { rows, errors } = parseManifestCsv(csv)
    expect(errors).toEqual([])
    expect(rows.map((r) => r.addressableUserName)).toEqual(['Doe, "JD" John', 'two\nlines'])
    expect(rows[1]!.userPrincipalName).toBe('')
  })

  it('reports bad rows by line and keeps the good ones: missing serial, bad UPN, bad device name, duplicates', () => {
    const csv = [
      'serial;upn;device name',
      'A1;anna@contoso.com;PC-A1', // 2 ok
      ';ben@contoso.com;PC-B', // 3 no serial
      'A3;not-an-upn;PC-A3', // 4 bad UPN
      'A4;carl@contoso.com;THIS-NAME-IS-TOO-LONG', // 5 > 15 chars
      'A5;;12345', // 6 all digits
      'a1;dup@contoso.com;PC-DUP', // 7 duplicate of line 2 (case-insensitive)
      'A6;;PC_A6', // 8 underscore
      ';;', // blank Excel row: skipped silently
      'A7;;', // 10 ok
    ].join('\n')
    const { rows, errors } = parseManifestCsv(csv)
    expect(rows.map((r) => r.serialNumber)).toEqual(['A1', 'A7'])
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8])
    expect(errors[0]!.message).toMatch(/No serial number/)
    expect(errors[1]!.message).toMatch(/not a user principal name/)
    expect(errors[2]!.message).toMatch(/15 characters or less/)
    expect(errors[3]!.message).toMatch(/all numbers/)
    expect(errors[4]!.message).toMatch(/already on line 2/)
    expect(errors[5]!.message).toMatch(/letters, numbers and hyphens/)
  })

  it('skips a serial Excel rounded to scientific notation (no device would ever match it), not a serial that only looks like one', () => {
    // A Surface's 12 digits typed or pasted into Excel come out as 1.23457E+11 ("1,23457E+11" with a decimal comma).
    const { rows, errors } = parseManifestCsv('serial;upn\n1.23457E+11;anna@contoso.com\n1,23457E+11;\n010300119182;\n1E23456;\n')
    expect(errors.map((e) => e.line)).toEqual([2, 3])
    expect(errors[0]!.message).toMatch(/"1\.23457E\+11" is a number Excel rounded \(scientific notation\); the real serial is lost/)
    // All digits, and digits around an E without a sign: Excel always writes the exponent's sign.
    expect(rows.map((r) => r.serialNumber)).toEqual(['010300119182', '1E23456'])
  })

  it('refuses an empty file, a header-only file is just zero rows', () => {
    expect(failure(() => parseManifestCsv('')).message).toMatch(/empty/)
    expect(failure(() => parseManifestCsv('\uFEFF \r\n')).code).toBe('invalid')
    expect(parseManifestCsv('serial,upn\n')).toEqual({ rows: [], errors: [], unusedColumns: [] })
  })

  it('refuses binary garbage, UTF-16 and a file without a serial column with a clear reason', () => {
    const garbage = String.fromCharCode(...Array.from({ length: 400 }, (_, i) => (i * 7919) % 256))
    expect(failure(() => parseManifestCsv(garbage)).message).toMatch(/not a CSV text file/)
    const utf16 = Buffer.from('serial,upn\nA1,a@b.com\n', 'utf16le').toString('utf8')
    expect(failure(() => parseManifestCsv(utf16)).code).toBe('invalid')
    expect(failure(() => parseManifestCsv('\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFDPK\u0003\u0004')).code).toBe('invalid')
    expect(failure(() => parseManifestCsv('name,email\nx,y@z.com\n')).message).toMatch(/No serial number column.*found: name, email/)
  })

  it('refuses an unclosed quote with its line instead of guessing', () => {
    expect(failure(() => parseManifestCsv('serial,upn\nA1,a@contoso.com\n"A2,b@contoso.com\n')).message).toMatch(
      /^The CSV cannot be read \(line \d\): a quote \(".*\) is opened and never closed\. Save it from Excel/,
    )
    // A quote closed too early ("A3"x): words a technician can act on, not the parser's own.
    const early = failure(() => parseManifestCsv('serial,upn\nA1,a@contoso.com\n"A3"x,c@contoso.com\n')).message
    expect(early).toMatch(/more text after its closing quote \(a " inside a cell is written twice: ""\)/)
    expect(early).not.toMatch(/record delimiter|trimable|Invalid Closing Quote/i)
  })

  it('reads 10,000 rows quickly', () => {
    const lines = ['Serial number;UPN;Device name', ...Array.from({ length: 10_000 }, (_, i) => `SN${i};user${i}@contoso.com;PC-${i}`)]
    const started = performance.now()
    const { rows, errors } = parseManifestCsv(lines.join('\r\n'))
    expect(errors).toEqual([])
    expect(rows).toHaveLength(10_000)
    expect(rows[9_999]).toMatchObject({ serialNumber: 'SN9999', displayName: 'PC-9999' })
    expect(performance.now() - started).toBeLessThan(2_000)
  })
})
