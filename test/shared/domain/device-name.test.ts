import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  matchesDeviceNameTemplate,
  parseDeviceNameTemplate,
  previewDeviceName,
  validateDeviceName,
  validateDeviceNameTemplate,
  MAX_DEVICE_NAME_LENGTH,
} from '@shared/domain/device-name'
import { deviceNameSchema } from '@shared/change-schemas'

const errorCodes = (template: string): string[] => validateDeviceNameTemplate(template).errors.map((issue) => issue.code)
const warningCodes = (template: string): string[] => validateDeviceNameTemplate(template).warnings.map((issue) => issue.code)

describe('validateDeviceNameTemplate', () => {
  it.each([
    ['LDN-%SERIAL%', []],
    ['%SERIAL%', []],
    ['LDN-%RAND:4%', []],
    ['123-%RAND:3%', []], // has a hyphen: not all numbers
    ['ABC%RAND:12%', []], // exactly 15
    ['ABCDEFGHIJKLMNO', []],
    ['-----', []], // the docs don't forbid leading hyphens
    ['A%SERIAL%%RAND:2%', []],
    ['', ['empty']],
    ['ABC%RAND:13%', ['too-long']],
    ['ABCDEFGHIJKLMNOP', ['too-long']],
    ['ABCDEFGHIJKLMNO%SERIAL%', ['too-long']],
    ['%RAND:5%', ['all-digits']],
    ['12345', ['all-digits']],
    ['12%RAND:3%', ['all-digits']],
    ['%serial%', ['unknown-macro']],
    ['%Serial%', ['unknown-macro']],
    ['%FOO%', ['unknown-macro']],
    ['%RAND:0%', ['bad-rand']],
    ['%RAND:x%', ['bad-rand']],
    ['%RAND%', ['bad-rand']],
    ['%rand:3%', ['bad-rand']],
    ['ABC%', ['unterminated-macro']],
    ['AB_C', ['invalid-character']],
    ['AB C', ['invalid-character']],
    ['ÄBC', ['invalid-character']],
    ['LDN.%SERIAL%', ['invalid-character']],
  ] as const)('%j → %j', (template, expected) => {
    expect(errorCodes(template)).toEqual(expected)
    expect(validateDeviceNameTemplate(template).valid).toBe(expected.length === 0)
  })

  it('works out the room left for the serial number and warns that the docs give no truncation rule', () => {
    const result = validateDeviceNameTemplate('LDN-%SERIAL%')
    expect(result.fixedLength).toBe(4)
    expect(result.maxSerialLength).toBe(11)
    expect(result.usesSerial).toBe(true)
    expect(result.usesRandom).toBe(false)
    expect(result.warnings.find((w) => w.code === 'serial-length')?.message).toMatch(/no truncation rule/)
    expect(validateDeviceNameTemplate('%SERIAL%-%SERIAL%').maxSerialLength).toBe(7)
    expect(validateDeviceNameTemplate('LDN-%RAND:4%').maxSerialLength).toBeNull()
  })

  it('warns that an all-digit serial would make an all-number name', () => {
    expect(warningCodes('%SERIAL%')).toContain('may-be-all-digits')
    expect(warningCodes('12%SERIAL%')).toContain('may-be-all-digits')
    expect(warningCodes('PC%SERIAL%')).not.toContain('may-be-all-digits')
  })

  it('parses into parts and points at the offending character', () => {
    expect(parseDeviceNameTemplate('LDN-%SERIAL%-%RAND:2%').parts).toEqual([
      { kind: 'text', text: 'LDN-' },
      { kind: 'serial' },
      { kind: 'text', text: '-' },
      { kind: 'rand', digits: 2 },
    ])
    expect(parseDeviceNameTemplate('AB C').errors[0]).toMatchObject({ code: 'invalid-character', index: 2 })
    expect(parseDeviceNameTemplate('AB C').errors[0]?.message).toMatch(/^A space is not allowed/)
    expect(validateDeviceNameTemplate('LDN').citation.section).toBe('§1.5')
  })
})

describe('validateDeviceName', () => {
  it.each([
    ['LDN-PF3ABCDE', []],
    ['A', []],
    ['123456789012345', ['all-digits']],
    ['1234567890123456', ['too-long', 'all-digits']],
    ['', ['empty']],
    ['LAPTOP_01', ['invalid-character']],
    ['LAPTOP 01', ['invalid-character']],
    ['ABCDEFGHIJKLMNOP', ['too-long']],
  ] as const)('%j → %j', (name, expected) => {
    expect(validateDeviceName(name).errors.map((e) => e.code)).toEqual(expected)
  })

  it('names every kind of wrong character at once, each once, first position as the index', () => {
    const [issue] = validateDeviceName('LAB_PC 01_X.').errors.filter((e) => e.code === 'invalid-character')
    expect(issue).toMatchObject({ index: 3, message: '"_", a space and "." are not allowed: names can have letters, numbers and hyphens only.' })
    expect(validateDeviceName('A_B').errors[0]?.message).toBe('"_" is not allowed: names can have letters, numbers and hyphens only.')
    expect(validateDeviceName('A B_').errors[0]?.message).toMatch(/^A space and "_" are not allowed/)
  })

  it('agrees with the device-name schema the outbox uses (src/shared/change-schemas.ts)', () => {
    const char = fc.constantFrom(...'abcXYZ019-_ .ä%'.split(''))
    fc.assert(
      fc.property(
        fc.array(char, { minLength: 1, maxLength: 20 }).map((chars) => chars.join('')),
        (name) => {
          fc.pre(name.trim() === name)
          expect(validateDeviceName(name).valid).toBe(deviceNameSchema.safeParse(name).success)
        },
      ),
    )
  })
})

describe('previewDeviceName', () => {
  it('substitutes the serial number', () => {
    const preview = previewDeviceName('LDN-%SERIAL%', 'PF3ABCDE')
    expect(preview).toMatchObject({ display: 'LDN-PF3ABCDE', name: 'LDN-PF3ABCDE', valid: true, length: 12, errors: [] })
  })

  it('fills %RAND:x% from a digit string, a random function, or shows # placeholders', () => {
    expect(previewDeviceName('LDN-%RAND:4%', 'X', '1234')).toMatchObject({ display: 'LDN-1234', name: 'LDN-1234', valid: true })
    expect(previewDeviceName('LDN-%RAND:4%', 'X', () => 0.99)).toMatchObject({ name: 'LDN-9999' })
    expect(previewDeviceName('LDN-%RAND:4%', 'X', () => 0)).toMatchObject({ name: 'LDN-0000' })
    expect(previewDeviceName('LDN-%RAND:4%', 'X')).toMatchObject({ display: 'LDN-####', name: null, valid: true })
    expect(previewDeviceName('LDN-%RAND:4%', 'X', '12')).toMatchObject({ display: 'LDN-12##', name: null, valid: true })
    expect(previewDeviceName('%RAND:3%', 'X', '123')).toMatchObject({ valid: false, name: null })
  })

  it('reports a name that is too long instead of truncating it (the docs give no rule)', () => {
    const vmSerial = '1234-5678-9012-3456-7890-1234-56'
    const preview = previewDeviceName('VM-%SERIAL%', vmSerial)
    expect(preview.display).toBe(`VM-${vmSerial}`)
    expect(preview.valid).toBe(false)
    expect(preview.name).toBeNull()
    expect(preview.errors.find((e) => e.code === 'too-long')?.message).toMatch(/no rule for shortening/)
  })

  it('reports characters a serial brings that names cannot have', () => {
    expect(previewDeviceName('PC-%SERIAL%', 'AB/12').errors.map((e) => e.code)).toEqual(['invalid-character'])
    expect(previewDeviceName('PC-%SERIAL%', 'AB 12').errors.map((e) => e.code)).toEqual(['invalid-character'])
  })

  it('all-digit serials, missing serials, surrounding whitespace', () => {
    expect(previewDeviceName('%SERIAL%', '12345678').errors.map((e) => e.code)).toEqual(['all-digits'])
    expect(previewDeviceName('PC%SERIAL%', '').errors.map((e) => e.code)).toEqual(['no-serial'])
    expect(previewDeviceName('%SERIAL%', '  ').errors.map((e) => e.code)).toEqual(['no-serial'])
    expect(previewDeviceName('PC-%SERIAL%', ' AB12 ').name).toBe('PC-AB12')
    expect(previewDeviceName('PC-NAME', '').valid).toBe(true) // no %SERIAL%, no serial needed
  })

  it('an invalid template gives no name', () => {
    expect(previewDeviceName('%serial%', 'AB12')).toMatchObject({ valid: false, name: null })
    expect(previewDeviceName('', 'AB12').valid).toBe(false)
  })

  it('property: preview length and validity follow the rules exactly', () => {
    const text = fc.stringMatching(/^[A-Z0-9-]{0,8}$/)
    const serial = fc.stringMatching(/^[A-Z0-9-]{1,20}$/)
    fc.assert(
      fc.property(text, serial, fc.integer({ min: 0, max: 6 }), fc.stringMatching(/^\d{6}$/), (prefix, sn, randDigits, digits) => {
        const template = `${prefix}%SERIAL%${randDigits > 0 ? `%RAND:${randDigits}%` : ''}`
        const preview = previewDeviceName(template, sn, digits)
        const expectedName = `${prefix}${sn}${digits.slice(0, randDigits)}`
        expect(preview.display).toBe(expectedName)
        const expectedValid = expectedName.length <= MAX_DEVICE_NAME_LENGTH && !/^\d+$/.test(expectedName)
        expect(preview.valid).toBe(expectedValid)
        expect(preview.name).toBe(expectedValid ? expectedName : null)
        if (expectedValid) expect(matchesDeviceNameTemplate(expectedName, template, sn)).toBe(true)
      }),
    )
  })
})

describe('matchesDeviceNameTemplate', () => {
  it('matches literal text, the serial and any random digits, case-insensitively', () => {
    expect(matchesDeviceNameTemplate('LDN-PF3ABCDE', 'LDN-%SERIAL%', 'PF3ABCDE')).toBe(true)
    expect(matchesDeviceNameTemplate('ldn-pf3abcde', 'LDN-%SERIAL%', 'PF3ABCDE')).toBe(true)
    expect(matchesDeviceNameTemplate('LDN-OTHER', 'LDN-%SERIAL%', 'PF3ABCDE')).toBe(false)
    expect(matchesDeviceNameTemplate('LDN-4821', 'LDN-%RAND:4%', 'X')).toBe(true)
    expect(matchesDeviceNameTemplate('LDN-482', 'LDN-%RAND:4%', 'X')).toBe(false)
    expect(matchesDeviceNameTemplate('LDN-ABCD', 'LDN-%RAND:4%', 'X')).toBe(false)
    expect(matchesDeviceNameTemplate('X', '%serial%', 'X')).toBeNull()
    expect(matchesDeviceNameTemplate('X', 'PC-%SERIAL%', '')).toBeNull()
  })
})
