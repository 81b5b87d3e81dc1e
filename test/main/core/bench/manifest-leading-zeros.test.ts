import { describe, expect, it } from 'vitest'
import { benchMethods } from '@core/bench/bench.worker'
import { findLeadingZerosLost } from '@core/bench/manifest-leading-zeros'
import type { WorkerContext } from '@core/worker/method'
import { createDevicesRepo } from '@core/repos/devices-repo'
import { useTempDirs } from '@support/temp-dir'
import { openBenchDb } from '@support/bench-fixture'
import { syntheticDevice } from '../../../../bench/support/synthetic-devices'

const row = (serialNumber: string) => ({ serialNumber, userPrincipalName: '', addressableUserName: '', displayName: '' })

describe('manifest serials Excel shortened (leading zeros dropped)', () => {
  const tempDir = useTempDirs()

  it('the preview names numeric serials the cache has only with zeros in front, and nothing else', async () => {
    const { db } = openBenchDb(tempDir())
    const cached = ['015093327592', '0000042', '12345', 'A0123', '0099'].map((serialNumber, i) => ({ ...syntheticDevice(100 + i), serialNumber }))
    createDevicesRepo(db).save(cached, '2026-11-01T00:00:00.000Z')
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', 'Contoso PO 4711', 't', 'x')").run()
    const ctx = { db, allowTestHooks: false, log: { log: () => undefined }, emit: () => undefined } as WorkerContext
    // 15093327592 and 42 lost their zeros; 12345 is whole (the cache has it as written); 123 is in no form; A0123 is not a number; 99 has "0099".
    const csv = 'serial\n15093327592\n42\n12345\n123\nA0123\n99\n'
    const diff = await benchMethods['jobs.preview-manifest'].run(ctx, { jobId: 'j1', csv, restoreLeadingZeros: false, graph: null })
    expect(diff.leadingZerosLost).toEqual([
      { serialNumber: '15093327592', inIntune: '015093327592' },
      { serialNumber: '42', inIntune: '0000042' },
      { serialNumber: '99', inIntune: '0099' },
    ])
    expect(diff.added.map((added) => added.serialNumber)).toEqual(['15093327592', '42', '12345', '123', 'A0123', '99'])
    db.close()
  })

  it('asked to, it imports Intune’s serials (zeros added back), except where the file already lists that serial', async () => {
    const { db } = openBenchDb(tempDir())
    const cached = ['015093327592', '0000042', '0099'].map((serialNumber, i) => ({ ...syntheticDevice(100 + i), serialNumber }))
    createDevicesRepo(db).save(cached, '2026-11-01T00:00:00.000Z')
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', 'Contoso PO 4711', 't', 'x')").run()
    const ctx = { db, allowTestHooks: false, log: { log: () => undefined }, emit: () => undefined } as WorkerContext
    // 99 and 0099 are both in the file: 99 stays as written (never two rows for one serial), and is still named.
    const csv = 'serial,upn\n15093327592,anna@contoso.com\n42,\n99,\n0099,\nPF3XYZ,\n'
    const preview = await benchMethods['jobs.preview-manifest'].run(ctx, { jobId: 'j1', csv, restoreLeadingZeros: true, graph: null })
    expect(preview.leadingZerosRestored).toBe(2)
    expect(preview.added.map((row) => row.serialNumber)).toEqual(['015093327592', '0000042', '99', '0099', 'PF3XYZ'])
    expect(preview.leadingZerosLost).toEqual([{ serialNumber: '99', inIntune: '0099' }])
    const result = await benchMethods['jobs:import-manifest'].run(ctx, { jobId: 'j1', csv, replace: true, restoreLeadingZeros: true })
    expect(result).toEqual({ imported: 5, errors: [] })
    const manifest = (await benchMethods['jobs:list-manifest'].run(ctx, { jobId: 'j1' })).rows
    expect(manifest.find((row) => row.userPrincipalName === 'anna@contoso.com')?.serialNumber).toBe('015093327592')
    // Not asked: the serials go in as the file has them.
    await benchMethods['jobs:import-manifest'].run(ctx, { jobId: 'j1', csv, replace: true, restoreLeadingZeros: false })
    expect((await benchMethods['jobs:list-manifest'].run(ctx, { jobId: 'j1' })).rows.map((row) => row.serialNumber)).toContain('15093327592')
    db.close()
  })

  it('reports at most 20, and looks at no more than 5,000 numeric serials of one file', () => {
    const looked: string[] = []
    const lookup = {
      has: () => false,
      withLeadingZeros: (digits: string) => {
        looked.push(digits)
        return Number(digits) % 2 === 0 ? `0${digits}` : null
      },
    }
    const rows = Array.from({ length: 10_000 }, (_, i) => row(String(1_000_000 + i * 2 + 1)))
    expect(findLeadingZerosLost(rows, lookup)).toEqual([])
    expect(looked).toHaveLength(5000)
    const even = Array.from({ length: 100 }, (_, i) => row(String(2_000_000 + i * 2)))
    expect(findLeadingZerosLost(even, lookup)).toHaveLength(20)
  })
})
