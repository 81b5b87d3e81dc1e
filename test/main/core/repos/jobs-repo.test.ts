import { describe, expect, it } from 'vitest'
import { createJobsRepo } from '@core/repos/jobs-repo'
import { useTempDirs } from '@support/temp-dir'
import { openBenchDb } from '@support/bench-fixture'

const fields = { name: 'Contoso PO 4711', purchaseOrder: 'PO-4711', expectedProfileId: 'prof-1', groupTag: 'BENCH-LDN', deviceNameTemplate: 'LDN-%SERIAL%' }
const row = (serialNumber: string, userPrincipalName = '') => ({ serialNumber, userPrincipalName, addressableUserName: '', displayName: '' })

describe('jobs repo', () => {
  const tempDir = useTempDirs()

  it('stores a job with the cached profile name, lists open jobs, and keeps a closed job for reports', () => {
    const { db } = openBenchDb(tempDir())
    const jobs = createJobsRepo(db)
    jobs.insert({ ...fields, id: 'j1', tenantId: 'tenant-1', createdAt: '2026-11-20T08:00:00Z' })
    jobs.insert({ ...fields, name: 'Other', expectedProfileId: 'not-cached', id: 'j2', tenantId: 'tenant-1', createdAt: '2026-11-20T09:00:00Z' })
    expect(jobs.get('j1')).toMatchObject({ expectedProfileName: 'Contoso pre-provisioning', tenantId: 'tenant-1', manifestRows: 0, closedAt: null })
    expect(jobs.get('j2')!.expectedProfileName).toBeNull()
    expect(jobs.list(false).map((j) => j.id)).toEqual(['j2', 'j1'])
    expect(jobs.close('j1', '2026-11-21T00:00:00Z')).toBe(true)
    expect(jobs.close('j1', '2026-11-22T00:00:00Z')).toBe(true)
    expect(jobs.get('j1')!.closedAt).toBe('2026-11-21T00:00:00Z')
    expect(jobs.list(false).map((j) => j.id)).toEqual(['j2'])
    expect(jobs.list(true).map((j) => j.id)).toEqual(['j2', 'j1'])
    expect(jobs.update('missing', fields)).toBe(false)
    expect(jobs.close('missing', 'x')).toBe(false)
    db.close()
  })

  it('replaces or merges a manifest, counts its rows, and looks serials up case-insensitively', () => {
    const { db } = openBenchDb(tempDir())
    const jobs = createJobsRepo(db)
    jobs.insert({ ...fields, id: 'j1', tenantId: 't', createdAt: '2026-11-20T08:00:00Z' })
    jobs.putManifest('j1', [row('A1', 'a@contoso.com'), row('A2')], true)
    jobs.putManifest('j1', [row('A2', 'b@contoso.com'), row('A3')], false)
    expect(jobs.manifest('j1').map((r) => [r.serialNumber, r.userPrincipalName])).toEqual([
      ['A1', 'a@contoso.com'],
      ['A2', 'b@contoso.com'],
      ['A3', ''],
    ])
    expect(jobs.get('j1')!.manifestRows).toBe(3)
    expect(jobs.manifestFor('j1', ' a1 ')!.userPrincipalName).toBe('a@contoso.com')
    jobs.putManifest('j1', [row('B1')], true)
    expect(jobs.manifest('j1').map((r) => r.serialNumber)).toEqual(['B1'])
    db.close()
  })

  it('imports 10,000 manifest rows in one transaction, and a failing write leaves the old manifest intact', () => {
    const { db } = openBenchDb(tempDir())
    const jobs = createJobsRepo(db)
    jobs.insert({ ...fields, id: 'j1', tenantId: 't', createdAt: '2026-11-20T08:00:00Z' })
    jobs.putManifest(
      'j1',
      Array.from({ length: 10_000 }, (_, i) => row(`SN${i}`)),
      true,
    )
    expect(jobs.get('j1')!.manifestRows).toBe(10_000)
    const broken = [row('NEW1'), { ...row('NEW2'), userPrincipalName: null as unknown as string }]
    expect(() => jobs.putManifest('j1', broken, true)).toThrow()
    expect(jobs.get('j1')!.manifestRows).toBe(10_000)
    expect(jobs.manifestFor('j1', 'NEW1')).toBeNull()
    db.close()
  })
})
