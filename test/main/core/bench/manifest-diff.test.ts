import { describe, expect, it } from 'vitest'
import { diffManifest } from '@core/bench/manifest-diff'
import { createBenchRepo } from '@core/repos/bench-repo'
import { createJobsRepo } from '@core/repos/jobs-repo'
import { useTempDirs } from '@support/temp-dir'
import { openBenchDb, t } from '@support/bench-fixture'

const row = (serialNumber: string, userPrincipalName = '', displayName = '') => ({ serialNumber, userPrincipalName, addressableUserName: '', displayName })

describe('manifest re-import diff and the not-on-manifest flag', () => {
  const tempDir = useTempDirs()

  it('names the rows a second import adds, changes and removes (3 rows → 1 is not silent)', () => {
    const current = [row('A1', 'anna@contoso.com'), row('B2', 'ben@contoso.com'), row('C3', 'cleo@contoso.com')]
    expect(diffManifest(current, [row('a1', 'anna@contoso.com')])).toEqual({ added: [], changed: [], removed: [current[1], current[2]], unchanged: 1 })
    const next = diffManifest(current, [row('A1', 'anna@contoso.com'), row('B2', 'bea@contoso.com'), row('D4')])
    expect(next.added).toEqual([row('D4')])
    expect(next.changed).toEqual([{ before: current[1], after: row('B2', 'bea@contoso.com') }])
    expect(next.removed).toEqual([current[2]])
    expect(next.unchanged).toBe(1)
  })

  it('flags a bench device whose serial the job manifest does not list; no manifest, no flag', () => {
    const { db, devices } = openBenchDb(tempDir())
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', 'Job', 't', 'x')").run()
    const bench = createBenchRepo(db)
    const [listed, stranger] = devices
    bench.put({ deviceId: listed!.id, jobId: 'j1', serialNumber: listed!.serialNumber.toLowerCase(), now: t(0) })
    bench.put({ deviceId: stranger!.id, jobId: 'j1', serialNumber: stranger!.serialNumber, now: t(0) })
    expect(bench.get(stranger!.id)?.manifest).toBeNull()
    createJobsRepo(db).putManifest('j1', [row(listed!.serialNumber.toUpperCase())], true)
    expect(bench.get(listed!.id)?.manifest).toBe('listed')
    expect(bench.get(stranger!.id)?.manifest).toBe('not-listed')
  })
})
