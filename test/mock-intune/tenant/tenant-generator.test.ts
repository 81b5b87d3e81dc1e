import { describe, expect, it } from 'vitest'
import { indexFromGuid, indexedGuid, permute32, unpermute32 } from '@mock-intune/tenant/guid'
import { randomStream } from '@mock-intune/tenant/prng'
import { MAX_DEVICES } from '@mock-intune/tenant/serial-blocks'
import { TenantGenerator } from '@mock-intune/tenant/tenant-generator'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('TenantGenerator', () => {
  it('is deterministic: the same seed gives the same devices, in any order of computation', () => {
    const a = new TenantGenerator(42, 2000)
    const b = new TenantGenerator(42, 2000)
    const forward = [0, 1, 999, 1999].map((i) => a.recordAt(i))
    const backward = [1999, 999, 1, 0].map((i) => b.recordAt(i)).reverse()
    expect(forward).toEqual(backward)
    expect(a.catalog).toEqual(b.catalog)
  })

  it('gives a different tenant for a different seed', () => {
    const a = new TenantGenerator(1, 2000)
    const b = new TenantGenerator(2, 2000)
    expect(a.idAt(0)).not.toBe(b.idAt(0))
    expect(a.serialAt(500)).not.toBe(b.serialAt(500))
    expect(a.catalog.tenantId).not.toBe(b.catalog.tenantId)
    expect(a.catalog.displayName).toBe('Contoso Ltd')
    expect(b.catalog.displayName).toBe('Fabrikam, Inc.')
  })

  it('keeps serial order equal to index order, across every block boundary', () => {
    for (const count of [1, 7, 99, 2000, 20_011]) {
      const tenant = new TenantGenerator(9, count)
      const serials = Array.from({ length: count }, (_, i) => tenant.serialAt(i))
      expect(serials.every((s, i) => i === 0 || (serials[i - 1] ?? '') < s)).toBe(true)
    }
  })

  it('finds every device by id and rejects foreign ids', () => {
    const tenant = new TenantGenerator(5, 3000)
    for (let i = 0; i < 3000; i++) expect(tenant.indexOfId(tenant.idAt(i))).toBe(i)
    const other = new TenantGenerator(6, 3000)
    expect(tenant.indexOfId(other.idAt(10))).toBeUndefined()
    expect(tenant.indexOfId('e13be37b-1913-4983-9bc4-0d6ccfe0153b')).toBeUndefined()
    expect(tenant.indexOfId('nope')).toBeUndefined()
    expect(new TenantGenerator(5, 10).indexOfId(tenant.idAt(2999))).toBeUndefined()
  })

  it('lowerBound finds serials and the gaps between them', () => {
    const tenant = new TenantGenerator(3, 5000)
    for (const i of [0, 1, 77, 2500, 4999]) {
      const serial = tenant.serialAt(i)
      expect(tenant.lowerBound(serial)).toBe(i)
      expect(tenant.lowerBound(`${serial}\u0000`)).toBe(i + 1)
    }
    expect(tenant.lowerBound('')).toBe(0)
    expect(tenant.lowerBound('\uffff')).toBe(5000)
  })

  it('builds realistic, internally consistent devices', () => {
    const tenant = new TenantGenerator(1, 2000)
    const devices = Array.from({ length: 2000 }, (_, i) => tenant.recordAt(i))
    const count = (predicate: (d: (typeof devices)[number]) => boolean) => devices.filter(predicate).length
    for (const { identity: d, deploymentProfileId } of devices) {
      expect(d.id).toMatch(GUID)
      expect(d.azureAdDeviceId).toBe(d.azureActiveDirectoryDeviceId)
      expect(d.displayName.length).toBeLessThanOrEqual(15)
      if (d.enrollmentState === 'notContacted') {
        expect(d.managedDeviceId).toBe('00000000-0000-0000-0000-000000000000')
        expect(d.lastContactedDateTime).toBe('0001-01-01T00:00:00Z')
      }
      if (d.userPrincipalName) expect(d.userPrincipalName).toMatch(/^[a-z]+\.[a-z]+@contoso\.com$/)
      expect(Boolean(d.userPrincipalName)).toBe(Boolean(d.addressableUserName))
      if (d.deploymentProfileAssignmentStatus === 'notAssigned' || d.deploymentProfileAssignmentStatus === 'pending') expect(deploymentProfileId).toBeNull()
      if (d.userlessEnrollmentStatus === 'blocked') expect(d.enrollmentState).toBe('blocked')
    }
    const manufacturers = new Set(devices.map((d) => d.identity.manufacturer))
    expect([...manufacturers].sort()).toEqual([
      'Acer',
      'Dell Inc.',
      'Dynabook Inc.',
      'FUJITSU CLIENT COMPUTING LIMITED',
      'HP',
      'LENOVO',
      'Microsoft Corporation',
    ])
    expect(count((d) => d.identity.model === 'Virtual Machine')).toBeGreaterThan(5)
    expect(count((d) => d.identity.deploymentProfileAssignmentStatus === 'assignedInSync')).toBeGreaterThan(1200)
    for (const status of ['notAssigned', 'pending'] as const) expect(count((d) => d.identity.deploymentProfileAssignmentStatus === status)).toBeGreaterThan(20)
    // Every documented state occurs somewhere in a demo-sized tenant.
    for (const status of ['assignedInSync', 'assignedOutOfSync', 'assignedUnkownSyncState', 'notAssigned', 'pending', 'failed', 'unknown'] as const)
      expect(
        count((d) => d.identity.deploymentProfileAssignmentStatus === status),
        status,
      ).toBeGreaterThan(0)
    for (const state of ['notContacted', 'enrolled', 'failed', 'pendingReset', 'blocked', 'unknown'] as const)
      expect(
        count((d) => d.identity.enrollmentState === state),
        state,
      ).toBeGreaterThan(0)
    for (const status of ['allowed', 'blocked', 'unknown'] as const)
      expect(
        count((d) => d.identity.userlessEnrollmentStatus === status),
        status,
      ).toBeGreaterThan(0)
    expect(count((d) => d.identity.deploymentProfileAssignmentDetailedStatus === 'hardwareRequirementsNotMet')).toBeGreaterThan(0)
    expect(count((d) => d.identity.enrollmentState === 'notContacted')).toBeGreaterThan(1000)
    expect(count((d) => d.identity.enrollmentState === 'enrolled')).toBeGreaterThan(200)
    for (const state of ['automaticRemediationRequired', 'manualRemediationRequired'] as const)
      expect(count((d) => d.identity.remediationState === state)).toBeGreaterThan(2)
    expect(count((d) => d.identity.userPrincipalName !== '')).toBeGreaterThan(200)
    expect(count((d) => d.identity.displayName !== '')).toBeGreaterThan(200)
    expect(count((d) => d.identity.groupTag === '')).toBeGreaterThan(20)
    expect(count((d) => d.identity.purchaseOrderIdentifier !== '')).toBeGreaterThan(1000)
  })

  it('rejects device counts and seeds it cannot serve', () => {
    expect(() => new TenantGenerator(1, MAX_DEVICES + 1)).toThrow(RangeError)
    expect(() => new TenantGenerator(1, -1)).toThrow(RangeError)
    expect(() => new TenantGenerator(-1, 1)).toThrow(RangeError)
    expect(() => new TenantGenerator(1.5, 1)).toThrow(RangeError)
    expect(new TenantGenerator(Number.MAX_SAFE_INTEGER, MAX_DEVICES).serialAt(MAX_DEVICES - 1)).toMatch(/^R9/)
  })
})

describe('indexed GUIDs', () => {
  it('permute32 is a bijection with an inverse', () => {
    for (const value of [0, 1, 2, 65_535, 65_536, 999_999, 0xffffffff]) expect(unpermute32(permute32(value, 1234), 1234)).toBe(value)
    expect(permute32(1, 1)).not.toBe(permute32(1, 2))
  })

  it('carries the index inside a v4 GUID', () => {
    const id = indexedGuid(123_456, 77, randomStream(1))
    expect(id).toMatch(GUID)
    expect(indexFromGuid(id, 77)).toBe(123_456)
    expect(indexFromGuid('not a guid', 77)).toBeUndefined()
  })
})
