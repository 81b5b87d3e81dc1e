import { describe, expect, it } from 'vitest'
import { strToU8, zipSync } from 'fflate'
import { HEADER, checkFiles, codesOf, hashFor } from '@support/hash-csv-fixture'

const row = (serial: string, extra = '') => `${serial},,${hashFor(serial)}${extra}`
const csv = (...lines: string[]) => [HEADER, ...lines].join('\r\n') + '\r\n'

describe('hash CSV check: what Intune accepts passes untouched', () => {
  it('a Get-WindowsAutopilotInfo file: every row valid, nothing repaired or refused', () => {
    const checker = checkFiles({ 'a.csv': csv(row('PF3AAA01'), row('PF3AAA02')) })
    expect(checker.report()).toMatchObject({ rows: 2, valid: 2, errors: [], repaired: [], warnings: [] })
    expect(checker.accepted.map((r) => [r.serialNumber, r.line])).toEqual([
      ['PF3AAA01', 2],
      ['PF3AAA02', 3],
    ])
    expect(checker.exitCode()).toBe(0)
  })

  it('reads the optional Group Tag and Assigned User columns', () => {
    const checker = checkFiles({ 'a.csv': `${HEADER},Group Tag,Assigned User\n${row('S1', ',BENCH-LDN,anna@contoso.com')}\n${row('S2', ',,')}\n` })
    expect(checker.report().errors).toEqual([])
    expect(checker.accepted[0]).toMatchObject({ groupTag: 'BENCH-LDN', assignedUser: 'anna@contoso.com' })
  })
})

describe('hash CSV check: file-level refusals (nothing of the file is uploaded)', () => {
  it('an xlsx saved as .csv is named as a workbook (exit 2)', () => {
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') })
    const checker = checkFiles({ 'devices.csv': xlsx })
    expect(codesOf(checker.errors)).toEqual(['1:excel-workbook'])
    expect(checker.exitCode()).toBe(2)
  })

  it('an Excel 97-2003 workbook, a CAB and random bytes are refused by name', () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0])
    const cab = new Uint8Array([0x4d, 0x53, 0x43, 0x46, 0, 0, 0, 0])
    const random = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256)
    const checker = checkFiles({ 'a.csv': ole, 'b.cab': cab, 'c.csv': random })
    expect(checker.errors.map((e) => `${e.file}:${e.code}`)).toEqual(['a.csv:excel-workbook', 'b.cab:cab-not-supported', 'c.csv:not-text'])
    expect(checker.exitCode()).toBe(2)
  })

  it('an empty file and a file without Intune header are refused with the header to use (exit 1)', () => {
    const checker = checkFiles({ 'empty.csv': '', 'noheader.csv': `${row('S1')}\n` })
    expect(checker.errors.map((e) => `${e.file}:${e.line}:${e.code}`)).toEqual(['empty.csv:1:empty-file', 'noheader.csv:1:header-invalid'])
    expect(checker.errors[1]!.fix).toContain('Device Serial Number,Windows Product ID,Hardware Hash')
    expect(checker.exitCode()).toBe(1)
  })

  it('a diagnostics ZIP: the hash CSV inside is checked, other files are skipped; a ZIP without one is refused', () => {
    const zip = zipSync({
      'MDMDiagReport.html': strToU8('<html/>'),
      'DeviceHash_DESKTOP-1.csv': strToU8(csv(row('PF3ZIP01'))),
      'other.csv': strToU8('a,b\n1,2\n'),
    })
    const checker = checkFiles({ 'export.zip': zip, 'empty.zip': zipSync({ 'a.txt': strToU8('x') }) })
    expect(checker.accepted.map((r) => [r.file, r.line, r.serialNumber])).toEqual([['export.zip › DeviceHash_DESKTOP-1.csv', 2, 'PF3ZIP01']])
    expect(codesOf(checker.warnings)).toEqual(['1:archive-entry-skipped'])
    expect(checker.errors.map((e) => `${e.file}:${e.code}`)).toEqual(['empty.zip:no-hash-csv-in-archive'])
  })
})

describe('hash CSV check: encodings people really produce', () => {
  const text = csv(row('PF3ENC01'), `PF3ENC02,,${hashFor('PF3ENC02')},Zürich`.replace(',Zürich', ''))

  it('UTF-16 LE with BOM (PowerShell 5 Out-File) and without BOM, UTF-16 BE: converted, lines intact', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    const leNoBom = Buffer.from(text, 'utf16le')
    const be = Buffer.from(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]))
    for (const bytes of [le, leNoBom, be]) {
      const checker = checkFiles({ 'u.csv': bytes })
      expect(checker.report()).toMatchObject({ rows: 2, valid: 2, errors: [] })
      expect(codesOf(checker.repaired)).toEqual(['1:utf16-converted'])
    }
  })

  it('UTF-8 with a BOM: the BOM is removed and the header still recognised', () => {
    const checker = checkFiles({ 'b.csv': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) })
    expect(checker.report()).toMatchObject({ valid: 2, errors: [] })
    expect(codesOf(checker.repaired)).toEqual(['1:bom-removed'])
  })

  it('ANSI (Windows-1252) group tags are read as such; a file mixing UTF-8 and ANSI lines is warned about', () => {
    const ansi = Buffer.concat([Buffer.from(`${HEADER},Group Tag\r\n${row('S1')},Z`), Buffer.from([0xfc]), Buffer.from('rich\r\n')])
    const ok = checkFiles({ 'a.csv': ansi })
    expect(ok.accepted[0]!.groupTag).toBe('Zürich')
    expect(ok.warnings).toEqual([])
    const mixed = Buffer.concat([ansi, Buffer.from(`${row('S2')},Genève\r\n`)])
    const warned = checkFiles({ 'm.csv': mixed })
    expect(warned.accepted.map((r) => r.groupTag)).toEqual(['Zürich', 'Genève'])
    expect(codesOf(warned.warnings)).toEqual(['3:mixed-encoding'])
  })

  it('";" (Excel with a decimal comma) and tab delimiters are read and converted', () => {
    const semi = checkFiles({ 's.csv': `Device Serial Number;Windows Product ID;Hardware Hash\n${row('S1').replaceAll(',', ';')}\n` })
    expect(semi.report()).toMatchObject({ valid: 1, errors: [] })
    expect(codesOf(semi.repaired)).toEqual(['1:delimiter-converted'])
    const tab = checkFiles({ 't.csv': `Device Serial Number\tWindows Product ID\tHardware Hash\n${row('S1').replaceAll(',', '\t')}\n` })
    expect(tab.report()).toMatchObject({ valid: 1, errors: [] })
  })

  it('a serial Excel rounded with a decimal comma is a lost serial, not a stray comma (removing the comma would make one up)', () => {
    const semi = (serial: string, productId = '') =>
      checkFiles({ 's.csv': `Device Serial Number;Windows Product ID;Hardware Hash\n${serial};${productId};${hashFor('x')}\n` })
    expect(codesOf(semi('1,23457E+11').errors)).toEqual(['2:serial-excel-number'])
    expect(codesOf(semi('S1', '3,30801E+12').errors)).toEqual(['2:product-id-excel-number'])
    // A serial that really has a comma in it is still one Intune refuses.
    expect(codesOf(semi('S1,2').errors)).toEqual(['2:value-has-comma'])
  })

  it('CR-only and LF-only line ends count physical lines the same way', () => {
    for (const eol of ['\r', '\n', '\r\n']) {
      const checker = checkFiles({ 'a.csv': [HEADER, row('S1'), '', row('S1')].join(eol) })
      expect(codesOf(checker.errors)).toEqual(['4:duplicate-serial'])
    }
  })
})

describe('hash CSV check: header variants and column subsets', () => {
  it('header case, spacing, quotes and older names are accepted and reported as repaired', () => {
    const checker = checkFiles({ 'a.csv': `"device serial number","WINDOWS PRODUCT ID","HardwareHash","OrderID"\n${row('S1', ',TAG')}\n` })
    expect(checker.report()).toMatchObject({ valid: 1, errors: [] })
    expect(checker.accepted[0]!.groupTag).toBe('TAG')
    expect(codesOf(checker.repaired)).toEqual(['1:header-renamed'])
  })

  it('an Excel "sep=;" line before the header names the delimiter and is skipped', () => {
    const checker = checkFiles({ 'a.csv': `sep=;\nDevice Serial Number;Windows Product ID;Hardware Hash\n${row('S1').replaceAll(',', ';')}\n` })
    expect(checker.report()).toMatchObject({ valid: 1, errors: [] })
    expect(codesOf(checker.repaired)).toEqual(['1:type-line-skipped', '2:delimiter-converted'])
  })

  it('a header repeated inside the file (two captures joined with copy a+b) is skipped, not uploaded as a device', () => {
    const checker = checkFiles({ 'a.csv': csv(row('S1'), HEADER, row('S2')) })
    expect(checker.report()).toMatchObject({ rows: 2, valid: 2, errors: [] })
    expect(codesOf(checker.repaired)).toEqual(['3:header-repeated'])
  })

  it('a PowerShell "#TYPE" line before the header is skipped; line numbers stay physical', () => {
    const checker = checkFiles({ 'a.csv': `#TYPE System.Management.Automation.PSCustomObject\n${HEADER}\n${row('S1')}\n` })
    expect(checker.accepted[0]!.line).toBe(3)
    expect(codesOf(checker.repaired)).toEqual(['1:type-line-skipped'])
  })

  it('without a Windows Product ID column the rows are still valid (it is optional for admins), with a warning', () => {
    const checker = checkFiles({ 'a.csv': `Device Serial Number,Hardware Hash\nS1,${hashFor('S1')}\n` })
    expect(checker.report()).toMatchObject({ valid: 1, errors: [] })
    expect(codesOf(checker.warnings)).toEqual(['1:no-product-id-column'])
  })

  it('extra columns (Manufacturer name, Device model of the partner format) are ignored with a warning', () => {
    const checker = checkFiles({ 'a.csv': `${HEADER},Manufacturer name,Device model\n${row('S1', ',Contoso,Laptop 7')}\n` })
    expect(checker.report()).toMatchObject({ valid: 1, errors: [] })
    expect(codesOf(checker.warnings)).toEqual(['1:unknown-column', '1:unknown-column'])
  })
})

describe('hash CSV check: every row rule refuses the bad sample and passes the good one', () => {
  const cases: Array<[string, string, string]> = [
    ['missing-serial', `,,${hashFor('x')}`, row('S1')],
    ['missing-hash', 'S1,,', row('S1')],
    ['serial-excel-number', `1.23457E+11,,${hashFor('x')}`, `123456789012,,${hashFor('x')}`],
    // Excel always writes the exponent's sign: digits around an E without one are a serial.
    ['serial-excel-number', `1E+11,,${hashFor('x')}`, `1E23456,,${hashFor('x')}`],
    ['serial-characters', `PF3\u00e9A,,${hashFor('x')}`, `PF3-A/1,,${hashFor('x')}`],
    ['serial-too-long', `${'A'.repeat(257)},,${hashFor('x')}`, `${'A'.repeat(256)},,${hashFor('x')}`],
    ['product-id-excel-number', `S1,3.30801E+12,${hashFor('x')}`, `S1,00330-80000-00000-AA123,${hashFor('x')}`],
    ['hash-not-base64', 'S1,,QUJD*RA==', 'S1,,QUJDRA=='],
    ['hash-not-base64', 'S1,,QU=JDRA==', 'S1,,QUJDRA'],
    ['hash-too-long', `S1,,${'A'.repeat(65_540)}`, `S1,,${'A'.repeat(8_000)}`],
    ['unclosed-quote', `"S1,,${hashFor('x')}`, `"S1",,${hashFor('x')}`],
    ['extra-values', `S1,,${hashFor('x')},stray`, `S1,,${hashFor('x')},`],
    ['value-has-comma', `"S1,2",,${hashFor('x')}`, `"S1",,${hashFor('x')}`],
    ['quote-in-value', `S"1,,${hashFor('x')}`, `S1,,${hashFor('x')}`],
    ['binary-data', `S1,,${hashFor('x')}\u0000\u0000`, `S1,,${hashFor('x')}`],
  ]
  for (const [code, bad, good] of cases) {
    it(`${code}: ${bad.slice(0, 40)}`, () => {
      const refused = checkFiles({ 'a.csv': csv(bad) })
      expect(codesOf(refused.errors)).toEqual([`2:${code}`])
      expect(refused.errors[0]!.fix).not.toBe('')
      expect(refused.exitCode()).toBe(1)
      const passed = checkFiles({ 'a.csv': csv(good) })
      expect(passed.report().errors).toEqual([])
      expect(passed.valid).toBe(1)
    })
  }

  it('assigned user: name@domain shape, the tenant domain, and whether the user exists', () => {
    const file = `${HEADER},Group Tag,Assigned User\n${row('S1', ',,bob')}\n${row('S2', ',,bob@fabrikam.com')}\n${row('S3', ',,ghost@contoso.com')}\n${row('S4', ',,anna@contoso.com')}\n${row('S5', ',,new@contoso.com')}\n`
    const checker = checkFiles(
      { 'a.csv': file },
      { tenantDomains: ['contoso.com'], userExists: (upn) => (upn === 'anna@contoso.com' ? true : upn === 'ghost@contoso.com' ? false : undefined) },
    )
    expect(codesOf(checker.errors)).toEqual(['2:upn-invalid', '3:upn-domain-unknown', '4:upn-not-found'])
    expect(checker.accepted.map((r) => r.serialNumber)).toEqual(['S4', 'S5'])
    expect(codesOf(checker.warnings)).toEqual(['6:user-not-checked'])
  })

  it('duplicates inside one file and across files (serial, case-insensitive; hash after repair)', () => {
    const checker = checkFiles({
      'a.csv': csv(row('S1'), row('s1'), `S2,,${hashFor('S1')}`),
      'b.csv': csv(row('S1'), `S3,,QUJDRA`, `S4,,QUJDRA==`),
    })
    expect(checker.errors.map((e) => `${e.file}:${e.line}:${e.code}`)).toEqual([
      'a.csv:3:duplicate-serial',
      'a.csv:4:duplicate-hash',
      'b.csv:2:duplicate-serial',
      'b.csv:4:duplicate-hash',
    ])
    expect(checker.errors[2]!.message).toContain('line 2 of a.csv')
  })

  it('a device already in the tenant cache is refused with 806 named', () => {
    const checker = checkFiles({ 'a.csv': csv(row('KNOWN1'), row('NEW1')) }, { isRegistered: (serial) => serial === 'KNOWN1' })
    expect(codesOf(checker.errors)).toEqual(['2:already-registered'])
    expect(checker.errors[0]!.fix).toContain('806 ZtdDeviceAlreadyAssigned')
  })
})

describe('hash CSV check: repairs', () => {
  it('unpadded hash, trailing spaces, invisible characters, quotes and a wrapped hash are repaired and reported', () => {
    const hash = hashFor('S2')
    const checker = checkFiles({
      'a.csv': csv(
        `S1,,Q29udG9zbwAAA`,
        `S2 ,,${hash}  `,
        `\u200bS3\u00a0,,${hashFor('S3')}`,
        `"S4",,"${hashFor('S4')}"`,
        `S5,,${hashFor('S5').slice(0, 40)} ${hashFor('S5').slice(40)}`,
      ),
    })
    expect(checker.report()).toMatchObject({ rows: 5, valid: 5, errors: [] })
    expect(codesOf(checker.repaired)).toEqual([
      '2:hash-padded',
      '3:whitespace-trimmed',
      '4:whitespace-trimmed',
      '4:invisible-removed',
      '5:quotes-removed',
      '6:hash-whitespace-removed',
    ])
    expect(checker.accepted.map((r) => r.serialNumber)).toEqual(['S1', 'S2', 'S3', 'S4', 'S5'])
    expect(checker.accepted[0]!.hardwareHash).toBe('Q29udG9zbwAAAA==')
    expect(checker.accepted[4]!.hardwareHash).toBe(hashFor('S5'))
  })

  it('blank lines and Excel\'s ",,," rows are skipped, not counted', () => {
    const checker = checkFiles({ 'a.csv': csv('', row('S1'), ',,', '   ', row('S2')) })
    expect(checker.report()).toMatchObject({ rows: 2, valid: 2, errors: [] })
  })
})

describe('hash CSV check: warnings', () => {
  it('more than 500 rows, a placeholder serial, a header without rows', () => {
    const many = csv(...Array.from({ length: 501 }, (_, i) => row(`S${i}`)))
    expect(codesOf(checkFiles({ 'a.csv': many }).warnings)).toEqual(['1:over-500-rows'])
    expect(codesOf(checkFiles({ 'a.csv': csv(`To be filled by O.E.M.,,${hashFor('x')}`) }).warnings)).toEqual(['2:placeholder-serial'])
    expect(codesOf(checkFiles({ 'a.csv': csv(`Zürich-1,,${hashFor('x')}`.replace('Zürich-1', 'S1')) }).warnings)).toEqual([])
    expect(codesOf(checkFiles({ 'a.csv': csv() }).warnings)).toEqual(['1:no-rows'])
  })
})
