import { describe, expect, it } from 'vitest'
import { findRegKey, findRegValue, listRegSubkeys, normalizeRegPath, parseRegFile, regValueAsNumber, type RegFile } from '@core/diagnostics/windows'
import {
  PROFILE_NAME,
  POLICY_JSON,
  TENANT_ID,
  crlf,
  sampleRegLines,
  sampleRegUtf16,
  utf16leWithBom,
  utf8,
  valueFormsLines,
} from '@support/windows-diagnostics-samples'

const DIAG = 'HKLM\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot'
const FORMS = 'HKLM\\SOFTWARE\\Sample\\Forms'

function value(reg: RegFile, key: string, name: string) {
  return findRegValue(findRegKey(reg, key), name)
}

/** Keys and values without line numbers, to compare encodings. */
function shape(reg: RegFile) {
  return reg.keys.map((key) => ({ path: key.path, values: key.values.map(({ line: _line, ...rest }) => rest) }))
}

describe('parseRegFile: encodings (sample modelled on Get-AutopilotDiagnostics)', () => {
  it('reads UTF-16LE with BOM, as Windows writes .reg files', () => {
    const reg = parseRegFile(sampleRegUtf16())
    expect(reg.encoding).toBe('utf-16le-bom')
    expect(reg.header).toBe('Windows Registry Editor Version 5.00')
    expect(reg.error).toBeNull()
    expect(reg.complete).toBe(true)
    expect(reg.warnings).toEqual([])
    expect(reg.stringEscaping).toBe('regedit')
    expect(value(reg, DIAG, 'CloudAssignedTenantId')).toMatchObject({ type: 'REG_SZ', data: TENANT_ID })
    expect(value(reg, DIAG, 'DeploymentProfileName')).toMatchObject({ data: PROFILE_NAME })
    expect(value(reg, DIAG, 'CloudAssignedOobeConfig')).toMatchObject({ type: 'REG_DWORD', data: 1308 })
  })

  it('reads the same keys and values from UTF-8 with and without BOM, and UTF-16 without BOM or big-endian', () => {
    const utf16 = shape(parseRegFile(sampleRegUtf16()))
    const text = crlf(sampleRegLines())
    const bomless = parseRegFile(new Uint8Array(Buffer.from(text, 'utf16le')))
    const be = Buffer.from(text, 'utf16le').swap16()
    const bigEndian = parseRegFile(new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), be])))
    expect(parseRegFile(utf8(text)).encoding).toBe('utf-8')
    expect(parseRegFile(utf8(text, true)).encoding).toBe('utf-8-bom')
    expect(bomless.encoding).toBe('utf-16le')
    expect(bigEndian.encoding).toBe('utf-16be-bom')
    expect(shape(parseRegFile(utf8(text)))).toEqual(utf16)
    expect(shape(parseRegFile(utf8(sampleRegLines().join('\n'), true)))).toEqual(utf16)
    expect(shape(bomless)).toEqual(utf16)
    expect(shape(bigEndian)).toEqual(utf16)
  })

  it('warns about truncated UTF-16 (odd byte count) and still reads what is there', () => {
    const full = sampleRegUtf16()
    const reg = parseRegFile(full.subarray(0, full.length - 1))
    expect(reg.warnings.some((w) => w.line === 0 && /odd number of bytes/.test(w.message))).toBe(true)
    expect(value(reg, DIAG, 'CloudAssignedTenantId')?.type).toBe('REG_SZ')
  })
})

describe('parseRegFile: value forms', () => {
  const reg = parseRegFile(utf16leWithBom(crlf(valueFormsLines())))
  const forms = findRegKey(reg, FORMS)

  it('reads every regedit form', () => {
    expect(reg.warnings).toEqual([])
    expect(findRegValue(forms, '')).toMatchObject({ name: '', type: 'REG_SZ', data: 'the default' })
    expect(findRegValue(forms, 'Escaped')).toMatchObject({ type: 'REG_SZ', data: 'C:\\Program Files\\App "quoted"' })
    expect(findRegValue(forms, 'Dword')).toMatchObject({ type: 'REG_DWORD', data: 42 })
    expect(findRegValue(forms, 'Expand')).toMatchObject({ type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\system32' })
    expect(findRegValue(forms, 'Multi')).toMatchObject({ type: 'REG_MULTI_SZ', data: ['first', 'second'] })
    expect(findRegValue(forms, 'Binary')).toMatchObject({ type: 'REG_BINARY', data: '01020304ff', rawType: null })
    expect(findRegValue(forms, 'Qword')).toMatchObject({ type: 'REG_QWORD', data: '4294967296' })
    expect(findRegValue(forms, 'DwordHex')).toMatchObject({ type: 'REG_DWORD', data: 42 })
    expect(findRegValue(forms, 'None')).toMatchObject({ type: 'REG_NONE', data: '', rawType: 0 })
    expect(findRegValue(forms, 'Odd')).toMatchObject({ type: 'REG_UNKNOWN', data: '0a0b', rawType: 32 })
    expect(findRegValue(forms, 'Gone')).toMatchObject({ type: 'DELETE', data: null })
    expect(reg.deletedKeys).toEqual(['HKEY_LOCAL_MACHINE\\SOFTWARE\\Sample\\Removed'])
  })

  it('numbers lines from 1 and gives a continued value the line it starts on', () => {
    expect(findRegKey(reg, FORMS)?.line).toBe(3)
    expect(findRegValue(forms, 'Binary')?.line).toBe(9)
    expect(findRegValue(forms, 'Qword')?.line).toBe(12)
  })

  it('looks keys up case-insensitively, with HKLM and HKEY_LOCAL_MACHINE alike, and lists subkeys', () => {
    expect(findRegKey(reg, 'hkey_local_machine\\software\\sample\\FORMS')).toBe(forms)
    expect(normalizeRegPath('HKEY_LOCAL_MACHINE\\SOFTWARE\\\\X\\')).toBe('hklm\\software\\x')
    expect(findRegValue(forms, 'dWoRd')?.type).toBe('REG_DWORD')
    const sample = parseRegFile(sampleRegUtf16())
    expect(listRegSubkeys(sample, DIAG)).toEqual(['EstablishedCorrelations'])
    expect(listRegSubkeys(sample, 'HKLM\\SOFTWARE\\Microsoft\\Provisioning')).toEqual(['Diagnostics', 'AutopilotPolicyCache', 'OMADM'])
  })

  it('merges repeated key sections; the later value wins', () => {
    const text = ['[HKEY_CURRENT_USER\\A]', '"x"=dword:1', '"y"="keep"', '[HKEY_CURRENT_USER\\B]', '[HKEY_CURRENT_USER\\A]', '"x"=dword:2'].join('\n')
    const merged = parseRegFile(utf8(text))
    expect(merged.keys).toHaveLength(2)
    expect(regValueAsNumber(value(merged, 'HKCU\\A', 'x'))).toBe(2)
    expect(value(merged, 'HKCU\\A', 'y')).toMatchObject({ data: 'keep' })

    // A key with many values (name index path).
    const many = Array.from({ length: 100 }, (_, i) => `"v${i}"=dword:${i.toString(16)}`)
    const big = parseRegFile(utf8(['[HKEY_CURRENT_USER\\Big]', ...many, '"V7"=dword:ff', '"v99"=-'].join('\n')))
    const values = findRegKey(big, 'HKCU\\Big')?.values ?? []
    expect(values).toHaveLength(100)
    expect(values.slice(-2).map((v) => [v.name, v.type])).toEqual([
      ['V7', 'REG_DWORD'],
      ['v99', 'DELETE'],
    ])
    expect(regValueAsNumber(value(big, 'HKCU\\Big', 'v7'))).toBe(255)
  })
})

describe('parseRegFile: the MDM dump quirks Get-AutopilotDiagnostics works around', () => {
  const reg = parseRegFile(sampleRegUtf16({ regedit: false }))

  it('has no header, leading spaces, upper-case DWORD: and unescaped strings', () => {
    expect(reg.header).toBeNull()
    expect(reg.error).toBeNull()
    expect(reg.warnings).toEqual([])
    expect(reg.stringEscaping).toBe('verbatim')
    expect(value(reg, DIAG, 'DeploymentProfileName')).toMatchObject({ type: 'REG_SZ', data: PROFILE_NAME })
    expect(value(reg, 'HKLM\\SOFTWARE\\Microsoft\\Provisioning\\AutopilotPolicyCache', 'PolicyJsonCache')).toMatchObject({ data: POLICY_JSON })
    expect(value(reg, DIAG, 'TenantMatched')).toMatchObject({ type: 'REG_DWORD', data: 1 })
  })

  it('keeps backslashes of an unescaped path as they are (the whole file switches to verbatim)', () => {
    const text = ['[HKEY_LOCAL_MACHINE\\S]', '"a"="\\\\server\\share"', '"b"="C:\\Windows\\"', '"c"="plain"'].join('\r\n')
    const dump = parseRegFile(utf8(text))
    expect(dump.stringEscaping).toBe('verbatim')
    expect(value(dump, 'HKLM\\S', 'a')).toMatchObject({ data: '\\\\server\\share' })
    expect(value(dump, 'HKLM\\S', 'b')).toMatchObject({ data: 'C:\\Windows\\' })
    expect(value(dump, 'HKLM\\S', 'c')).toMatchObject({ data: 'plain' })
  })

  it('reads an unescaped string with a line break inside as one value, with a warning', () => {
    const text = ['[HKEY_LOCAL_MACHINE\\S]', '"json"="{"a":', '  "b"}"', '"next"=dword:00000001'].join('\r\n')
    const dump = parseRegFile(utf8(text))
    expect(value(dump, 'HKLM\\S', 'json')).toMatchObject({ data: '{"a":\n  "b"}' })
    expect(value(dump, 'HKLM\\S', 'next')).toMatchObject({ data: 1 })
    expect(dump.warnings).toEqual([{ line: 2, message: expect.stringMatching(/spans 2 lines/) }])
  })

  it('stops an unterminated string at the next key or value line', () => {
    const text = ['[HKEY_LOCAL_MACHINE\\S]', '"broken"="no end', 'more text', '"next"=dword:00000002', '[HKEY_LOCAL_MACHINE\\T]'].join('\n')
    const dump = parseRegFile(utf8(text))
    expect(value(dump, 'HKLM\\S', 'broken')).toMatchObject({ data: 'no end\nmore text' })
    expect(value(dump, 'HKLM\\S', 'next')).toMatchObject({ data: 2 })
    expect(findRegKey(dump, 'HKLM\\T')).toBeDefined()
    expect(dump.warnings[0]).toMatchObject({ line: 2, message: expect.stringMatching(/Unterminated/) })
  })
})

describe('parseRegFile: malformed input becomes warnings with line numbers', () => {
  it('collects each bad line and keeps reading', () => {
    const lines = [
      'Windows Registry Editor Version 5.00', // 1
      '"orphan"=dword:1', // 2 value before any key
      '[HKEY_LOCAL_MACHINE\\Good]', // 3
      '"bad dword"=dword:xyz', // 4
      '"bad hex"=hex:01,zz', // 5
      'garbage here', // 6
      '"noequals"', // 7
      '"weird"=qword:1', // 8
      '[HKEY_LOCAL_MACHINE\\Unclosed', // 9
      '"lost"=dword:1', // 10 (no current key)
      '[NOT_A_HIVE\\X]', // 11
      '"short"=hex(4):01,02', // 12
      '[HKEY_LOCAL_MACHINE\\Good]', // 13
      '"ok"=dword:00000007', // 14
    ]
    const reg = parseRegFile(utf8(lines.join('\n')))
    expect(reg.error).toBeNull()
    expect(reg.warnings.map((w) => w.line)).toEqual([2, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(reg.warnings.find((w) => w.line === 12)?.message).toMatch(/must be 4 bytes, got 2; kept as raw bytes/)
    expect(value(reg, 'NOT_A_HIVE\\X', 'short')).toMatchObject({ type: 'REG_UNKNOWN', data: '0102' })
    expect(value(reg, 'HKLM\\Good', 'ok')).toMatchObject({ data: 7 })
    expect(value(reg, 'HKLM\\Good', 'bad dword')).toBeUndefined()
  })

  it('refuses binary data and text that is not a .reg file', () => {
    const binary = parseRegFile(new Uint8Array(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)))
    expect(binary.error?.code).toBe('binary')
    expect(binary.keys).toEqual([])
    const prose = parseRegFile(utf8('Hello,\nthis is a letter, not a registry file.\n'))
    expect(prose.error?.code).toBe('not-reg')
    expect(parseRegFile(new Uint8Array(0))).toMatchObject({ error: null, keys: [] })
  })
})

describe('parseRegFile: bounds', () => {
  it('refuses input over maxBytes without decoding it', () => {
    const reg = parseRegFile(sampleRegUtf16(), { maxBytes: 100 })
    expect(reg).toMatchObject({ complete: false, keys: [], error: { code: 'too-large' } })
    expect(reg.error?.message).toMatch(/limit is 100 bytes/)
  })

  it('stops after maxLines with what it read so far', () => {
    const reg = parseRegFile(sampleRegUtf16(), { maxLines: 10 })
    expect(reg.complete).toBe(false)
    expect(reg.error?.code).toBe('too-many-lines')
    expect(reg.lineCount).toBe(10)
    expect(value(reg, DIAG, 'CloudAssignedTenantId')).toBeDefined()
    expect(findRegKey(reg, 'HKLM\\SOFTWARE\\Microsoft\\Provisioning\\AutopilotPolicyCache')).toBeUndefined()
  })

  it('skips a huge line with a warning (default limits) and reads the rest', () => {
    const huge = `"big"="${'x'.repeat(5 * 1024 * 1024)}"`
    const reg = parseRegFile(utf8(['[HKEY_LOCAL_MACHINE\\A]', huge, '"after"=dword:1'].join('\n')))
    expect(reg.warnings).toEqual([{ line: 2, message: expect.stringMatching(/characters long/) }])
    expect(value(reg, 'HKLM\\A', 'after')).toMatchObject({ data: 1 })
  })

  it('caps a runaway hex continuation and an unterminated string', () => {
    const hex = ['[HKEY_LOCAL_MACHINE\\A]', '"h"=hex:01,\\', ...Array.from({ length: 50 }, () => '  02,03,\\'), '  04', '"after"=dword:1']
    const reg = parseRegFile(utf8(hex.join('\n')), { maxLineLength: 200 })
    expect(reg.warnings[0]).toMatchObject({ line: 2, message: expect.stringMatching(/Hex value longer/) })
    expect(value(reg, 'HKLM\\A', 'h')).toBeUndefined()
    expect(value(reg, 'HKLM\\A', 'after')).toMatchObject({ data: 1 })

    const str = ['[HKEY_LOCAL_MACHINE\\A]', '"s"="open', ...Array.from({ length: 50 }, (_, i) => `line ${i}`)]
    const capped = parseRegFile(utf8(str.join('\n')), { maxStringLines: 5 })
    expect(value(capped, 'HKLM\\A', 's')).toMatchObject({ type: 'REG_SZ' })
    expect(capped.warnings.length).toBeGreaterThan(1) // the lines after the cap are unrecognised
  })

  it('keeps at most maxWarnings warnings and says how many more there were', () => {
    const reg = parseRegFile(utf8(Array.from({ length: 40 }, (_, i) => `junk ${i}`).join('\n') + '\n[HKEY_CURRENT_USER\\A]'), { maxWarnings: 5 })
    expect(reg.warningCount).toBe(40)
    expect(reg.warnings).toHaveLength(6)
    expect(reg.warnings[5]).toEqual({ line: 0, message: '35 more warning(s) not shown.' })
  })
})
