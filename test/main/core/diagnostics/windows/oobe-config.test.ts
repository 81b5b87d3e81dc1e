import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { OOBE_CONFIG_BITS, decodeOobeConfig } from '@core/diagnostics/windows'
import { readReference } from '@support/domain-doc'

/** The references in docs/reference, read at test time from this repository. */
const reference = readReference

describe('CloudAssignedOobeConfig bit table', () => {
  it('matches the Microsoft names in docs/reference/autopilot.md §2.3 exactly, and only those', () => {
    const line = reference('autopilot.md')
      .split('\n')
      .find((l) => l.includes('`CloudAssignedOobeConfig` bitmap:'))
    expect(line, 'the §2.3 bitmap line').toBeDefined()
    const documented = [...(line ?? '').matchAll(/(\w+)=(\d+)/g)].map((m) => ({ name: m[1], mask: Number(m[2]) }))
    expect(documented).toHaveLength(5)
    const ours = OOBE_CONFIG_BITS.filter((bit) => bit.microsoftName !== null).map((bit) => ({ name: bit.microsoftName, mask: bit.mask }))
    expect(ours).toEqual(documented)
  })

  it('matches the labels Get-AutopilotDiagnostics prints (docs/reference/community-tools.md §A3)', () => {
    const line = reference('community-tools.md')
      .split('\n')
      .find((l) => l.includes('`CloudAssignedOobeConfig` bitmap'))
    const printed = [...(line ?? '').split('printed:')[1]!.matchAll(/(\d+) ([^,.]+)/g)].map((m) => ({ mask: Number(m[1]), label: m[2]!.trim().toLowerCase() }))
    expect(printed).toHaveLength(10)
    for (const { mask, label } of printed) {
      const bit = OOBE_CONFIG_BITS.find((b) => b.mask === mask)
      expect(bit?.toolLabel?.toLowerCase(), `bit ${mask}`).toBe(label)
    }
    // The tool prints nothing for bit 1; the docs name it.
    expect(OOBE_CONFIG_BITS.find((b) => b.mask === 1)).toMatchObject({ toolLabel: null, source: 'microsoft-docs' })
  })
})

describe('decodeOobeConfig', () => {
  it('decodes 28, the value in the docs sample (docs/reference/autopilot.md §7.4): express settings, OEM registration, EULA', () => {
    const decoded = decodeOobeConfig(28)
    expect(decoded?.set).toEqual(['skipExpressSettings', 'skipOemRegistration', 'skipEula'])
    expect(decoded?.unknownSetBits).toEqual([])
    expect(decoded?.bits).toHaveLength(11)
  })

  it('decodes the tool-only bits and reports bits neither source names', () => {
    const decoded = decodeOobeConfig(1024 + 256 + 32 + 2048 + 2 ** 31)
    expect(decoded?.set).toEqual(['tpmAttestation', 'skipWindowsUpgradeUx', 'skipKeyboard'])
    expect(decoded?.unknownSetBits).toEqual([2048, 2 ** 31])
    expect(decoded?.bits.find((b) => b.mask === 32)).toMatchObject({ set: true, microsoftName: null, toolLabel: 'TPM attestation' })
  })

  it('refuses values that are not a DWORD', () => {
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN, Number.POSITIVE_INFINITY]) expect(decodeOobeConfig(bad)).toBeNull()
  })

  it('accounts for every set bit of any DWORD (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (value) => {
        const decoded = decodeOobeConfig(value)
        if (!decoded) return false
        const known = decoded.bits.filter((b) => b.set).reduce((sum, b) => sum + b.mask, 0)
        const unknown = decoded.unknownSetBits.reduce((sum, mask) => sum + mask, 0)
        return known + unknown === value
      }),
      { numRuns: 300 },
    )
  })
})
