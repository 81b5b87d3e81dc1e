import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isPaddedBase64, padHardwareHash } from '@core/registration/base64-padding'

describe('padHardwareHash (docs/reference/autopilot.md §5.3)', () => {
  it('pads the documented example the documented way', () => {
    expect(padHardwareHash('Q29udG9zbwAAA')).toEqual({ ok: true, value: 'Q29udG9zbwAAAA==', padded: true })
  })

  it('leaves a padded hash alone', () => {
    expect(padHardwareHash('Q29udG9zbwAAAA==')).toEqual({ ok: true, value: 'Q29udG9zbwAAAA==', padded: false })
    expect(padHardwareHash('QUJD')).toEqual({ ok: true, value: 'QUJD', padded: false })
  })

  it('appends "=" for two or three characters short, replaces a wrong "==" by "A"', () => {
    expect(padHardwareHash('QUJDRA')).toMatchObject({ value: 'QUJDRA==' })
    expect(padHardwareHash('QUJDREU')).toMatchObject({ value: 'QUJDREU=' })
    expect(padHardwareHash('QUJ==')).toMatchObject({ value: 'QUJA' })
  })

  it('refuses what is not Base64: other characters, "=" in the middle, nothing but "="', () => {
    expect(padHardwareHash('QU*D')).toEqual({ ok: false, reason: 'alphabet' })
    expect(padHardwareHash('QU=JD')).toEqual({ ok: false, reason: 'alphabet' })
    expect(padHardwareHash('QUJD===')).toEqual({ ok: false, reason: 'alphabet' })
    expect(padHardwareHash('==')).toEqual({ ok: false, reason: 'empty' })
  })

  it('always ends decodable (and decodes as Node decodes it) for any string of the alphabet', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9+/]{1,200}={0,2}$/), (value) => {
        const result = padHardwareHash(value)
        expect(result.ok).toBe(true)
        if (!result.ok) return
        expect(isPaddedBase64(result.value)).toBe(true)
        expect(Buffer.from(result.value, 'base64').toString('base64')).toHaveLength(result.value.length)
      }),
    )
  })
})
