import { describe, expect, it } from 'vitest'
import { prestagePlan } from '@core/registration/prestage.worker'
import { benchMethods } from '@core/bench/bench.worker'
import type { WorkerContext } from '@core/worker/method'
import { createDevicesRepo } from '@core/repos/devices-repo'
import { createJobsRepo, type JobFields } from '@core/repos/jobs-repo'
import { createProfilesRepo } from '@core/repos/profiles-repo'
import { openBenchDb } from '@support/bench-fixture'
import { useTempDirs } from '@support/temp-dir'

const orderIdRule = (tag: string) => `(device.devicePhysicalIds -any (_ -eq "[OrderID]:${tag}"))`
const profile = (id: string, name: string, joinType: 'entra' | 'hybrid', createdAt: string) => ({
  id,
  display_name: name,
  odata_type:
    joinType === 'hybrid' ? '#microsoft.graph.activeDirectoryWindowsAutopilotDeploymentProfile' : '#microsoft.graph.azureADWindowsAutopilotDeploymentProfile',
  join_type: joinType,
  pre_provisioning_allowed: 1,
  device_name_template: '',
  created_at: createdAt,
  details: '{}',
})

/** Three devices: two on BENCH-LDN (profile UD-AAD-PreProv through its group), one on HYBRID-NYC (a hybrid profile). */
function setup(tempDir: string) {
  const { db, devices } = openBenchDb(tempDir, 3)
  const tags = ['BENCH-LDN', 'BENCH-LDN', 'HYBRID-NYC']
  const rows = devices.map((d, i) => ({ ...d, groupTag: tags[i]!, displayName: '', userPrincipalName: '', addressableUserName: '' }))
  createDevicesRepo(db).save(rows, '2026-11-01T00:00:00.000Z')
  db.exec('DELETE FROM profiles')
  createProfilesRepo(db).replaceAll(
    [profile('p-ud', 'UD-AAD-PreProv', 'entra', '2025-01-01T00:00:00Z'), profile('p-hy', 'HY-PreProv', 'hybrid', '2025-02-01T00:00:00Z')],
    [
      { profile_id: 'p-ud', group_id: 'g-ldn', kind: 'include' },
      { profile_id: 'p-hy', group_id: 'g-hy', kind: 'include' },
    ],
    [
      { id: 'g-ldn', display_name: 'Autopilot BENCH-LDN', membership_rule: orderIdRule('BENCH-LDN') },
      { id: 'g-hy', display_name: 'Autopilot HYBRID-NYC', membership_rule: orderIdRule('HYBRID-NYC') },
    ],
    '2026-11-01T00:00:00.000Z',
  )
  const jobs = createJobsRepo(db)
  const job = (id: string, fields: Partial<JobFields>, manifest: Array<{ serial: string; name?: string }>) => {
    jobs.insert({
      name: id,
      purchaseOrder: '',
      expectedProfileId: 'p-ud',
      groupTag: '',
      deviceNameTemplate: '',
      ...fields,
      id,
      tenantId: 't',
      createdAt: '2026-11-01T00:00:00Z',
    })
    jobs.putManifest(
      id,
      manifest.map((m) => ({ serialNumber: m.serial.toUpperCase(), userPrincipalName: '', addressableUserName: '', displayName: m.name ?? '' })),
      true,
    )
    return id
  }
  return { db, rows, job }
}

describe('Pre-stage: what it says before it applies', () => {
  const tempDir = useTempDirs()

  it('a group tag no Autopilot group matches: the warning and how many devices lose their profile', () => {
    const { db, rows, job } = setup(tempDir())
    const id = job(
      'j-bench',
      { groupTag: 'BENCH' },
      rows.map((r) => ({ serial: r.serialNumber })),
    )
    const plan = prestagePlan(db, id)
    expect(plan.groupTag).toMatchObject({ tag: 'BENCH', kind: 'no-profile', losing: 3 })
    expect(plan.groupTag!.warning).toMatch(/^Group tag 'BENCH' leads to no deployment profile \(group tag BENCH → no profile/)
    db.close()
  })

  it("a tag that leads to another profile than the job's says which; the job's own tag says nothing", () => {
    const { db, rows, job } = setup(tempDir())
    const other = prestagePlan(db, job('j-hy', { groupTag: 'HYBRID-NYC' }, [{ serial: rows[0]!.serialNumber }]))
    expect(other.groupTag).toMatchObject({ kind: 'other-profile', losing: 1 })
    expect(other.groupTag!.warning).toMatch(/leads to profile 'HY-PreProv', not the job's 'UD-AAD-PreProv'/)
    const own = prestagePlan(db, job('j-ldn', { groupTag: 'BENCH-LDN' }, [{ serial: rows[2]!.serialNumber }]))
    expect(own.groupTag).toEqual({ tag: 'BENCH-LDN', kind: 'expected', warning: null, losing: 1 })
    db.close()
  })

  it("sets the manifest's device name, else the job's template: the same target as the readiness check", () => {
    const { db, rows, job } = setup(tempDir())
    const [named, unnamed] = [rows[0]!.serialNumber, rows[1]!.serialNumber]
    const id = job('j-names', { deviceNameTemplate: 'F-%SERIAL%' }, [{ serial: named, name: 'FAB-LAP-004' }, { serial: unnamed }])
    const plan = prestagePlan(db, id)
    const nameOf = (serial: string) => plan.rows.find((r) => r.serialNumber === serial.toUpperCase())!.displayName
    expect([nameOf(named), nameOf(unnamed)]).toEqual(['FAB-LAP-004', `F-${unnamed}`])
    expect(plan.rows.every((r) => r.changes.some((c) => c.kind === 'device-name'))).toBe(true)
    db.close()
  })

  it('says on the row that hybrid join ignores the device name (docs/reference/autopilot.md §1.5)', () => {
    const { db, rows, job } = setup(tempDir())
    const id = job('j-hybrid', { expectedProfileId: 'p-hy' }, [
      { serial: rows[2]!.serialNumber, name: 'NYC-0001' },
      { serial: rows[0]!.serialNumber, name: 'LDN-0001' },
    ])
    const plan = prestagePlan(db, id)
    const bySerial = (serial: string) => plan.rows.find((r) => r.serialNumber === serial.toUpperCase())!
    expect(bySerial(rows[2]!.serialNumber).notes).toEqual([expect.stringMatching(/^Microsoft Entra hybrid join: Intune ignores the device name set here/)])
    expect(bySerial(rows[0]!.serialNumber).notes).toEqual([])
    db.close()
  })

  it('the job form asks the same explanation (jobs:check-group-tag): no profile, another profile, the expected one, no tag', async () => {
    const { db } = setup(tempDir())
    const ctx = { db, allowTestHooks: false, log: { log: () => undefined }, emit: () => undefined } as unknown as WorkerContext
    const check = (groupTag: string, expectedProfileId: string | null) => benchMethods['jobs:check-group-tag'].run(ctx, { groupTag, expectedProfileId })
    expect((await check('BENCH', 'p-ud')).outcome).toMatchObject({ kind: 'no-profile', warning: expect.stringMatching(/leads to no deployment profile/) })
    expect((await check('HYBRID-NYC', 'p-ud')).outcome).toMatchObject({ kind: 'other-profile', profileName: 'HY-PreProv' })
    expect((await check('bench-ldn', 'p-ud')).outcome).toMatchObject({ kind: 'expected', warning: null })
    expect((await check('BENCH-LDN', null)).outcome).toMatchObject({ kind: 'some-profile', warning: null })
    expect((await check('  ', 'p-ud')).outcome).toBeNull()
    db.close()
  })
})
