import { describe, expect, it } from 'vitest'
import { explainImportError, importErrorLabel } from '@shared/domain/import-errors'

describe('explainImportError (docs/reference/autopilot.md §5.4)', () => {
  it('matches by code first: 806, 808, 819', () => {
    expect(importErrorLabel(explainImportError(806, null))).toBe('806 ZtdDeviceAlreadyAssigned')
    expect(explainImportError(808, 'SomethingElse').meaning).toMatch(/different tenant/)
    expect(explainImportError(819, '').name).toBe('ZtdDeviceDuplicated')
  })

  it('then by name, accepting both spellings of 808 and keeping the one Intune sent', () => {
    expect(importErrorLabel(explainImportError(0, 'ZtdDeviceAssignedToAnotherTenant'))).toBe('808 ZtdDeviceAssignedToAnotherTenant')
    expect(importErrorLabel(explainImportError(null, 'ZtdDeviceAssignedToOtherTenant'))).toBe('808 ZtdDeviceAssignedToOtherTenant')
  })

  it('invents no number for InvalidZtdHardwareHash and StorageError', () => {
    expect(explainImportError(0, 'InvalidZtdHardwareHash')).toMatchObject({ code: null, name: 'InvalidZtdHardwareHash' })
    expect(importErrorLabel(explainImportError(0, 'StorageError'))).toBe('StorageError')
    expect(explainImportError(0, 'StorageError').action).toMatch(/later/)
  })

  it('says plainly when the docs do not describe an error', () => {
    const unknown = explainImportError(999, 'ZtdSomethingNew')
    expect(unknown).toMatchObject({ code: 999, name: 'ZtdSomethingNew' })
    expect(unknown.meaning).toMatch(/do not describe/)
  })
})
