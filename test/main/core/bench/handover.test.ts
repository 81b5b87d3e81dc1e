import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { buildHandoverReport } from '@core/bench/handover-report.worker'
import { handoverCsv, handoverFileName } from '@core/bench/handover-csv'
import { neutraliseFormula } from '@core/csv/neutralise-formula'
import { recordAttemptEvent } from '@core/bench/record-attempt-event.worker'
import { createBenchRepo } from '@core/repos/bench-repo'
import { useTempDirs } from '@support/temp-dir'
import { openBenchDb, t } from '@support/bench-fixture'

describe('hand-over report', () => {
  const tempDir = useTempDirs()

  it('lists the job’s devices (at the bench or with attempts) with stage, attempts, last error and elapsed time; totals', () => {
    const { db, devices } = openBenchDb(tempDir())
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', '=Contoso \"PO\" 4711', 't', 'x'), ('j2', 'Other', 't', 'x')").run()
    const bench = createBenchRepo(db)
    const [resealed, failed, waiting, shipped, otherJob] = devices
    for (const device of [resealed!, failed!, waiting!, shipped!]) bench.put({ deviceId: device.id, jobId: 'j1', serialNumber: device.serialNumber, now: t(0) })
    bench.put({ deviceId: otherJob!.id, jobId: 'j2', serialNumber: otherJob!.serialNumber, now: t(0) })
    const rec = (id: string, event: Parameters<typeof recordAttemptEvent>[2]) => recordAttemptEvent(db, id, event, t(0))
    rec(resealed!.id, { type: 'provision-pressed', at: t(1) })
    rec(resealed!.id, { type: 'failed', at: t(5), code: '0x81039001' })
    rec(resealed!.id, { type: 'next-action', at: t(6), action: 'retry' })
    rec(resealed!.id, { type: 'provision-pressed', at: t(7) })
    rec(resealed!.id, { type: 'succeeded', at: t(31) })
    rec(resealed!.id, { type: 'resealed', at: t(32) })
    rec(failed!.id, { type: 'provision-pressed', at: t(2) })
    rec(failed!.id, { type: 'failed', at: t(4), code: '0x80180014' })
    rec(shipped!.id, { type: 'provision-pressed', at: t(3) })
    rec(shipped!.id, { type: 'succeeded', at: t(20) })
    rec(shipped!.id, { type: 'resealed', at: t(21) })
    bench.remove(shipped!.id) // gone from the bench, still in the report
    rec(otherJob!.id, { type: 'provision-pressed', at: t(1) })

    const report = buildHandoverReport(db, 'j1', t(60))
    expect(report.rows).toHaveLength(4)
    const by = (id: string) => report.rows.find((row) => row.deviceId === id)!
    expect(by(resealed!.id)).toMatchObject({
      stage: 'resealed',
      attempts: 2,
      lastErrorCode: '0x81039001',
      provisionPressedAt: t(1),
      finishedAt: t(31),
      resealedAt: t(32),
      elapsedSeconds: 30 * 60,
    })
    expect(by(failed!.id)).toMatchObject({ stage: 'failed', attempts: 1, lastErrorCode: '0x80180014', elapsedSeconds: 120 })
    expect(by(waiting!.id)).toMatchObject({ stage: 'scanned', attempts: 0, provisionPressedAt: null, elapsedSeconds: null })
    expect(by(shipped!.id)).toMatchObject({ stage: 'resealed', attempts: 1, serialNumber: shipped!.serialNumber })
    expect(report.totals).toEqual({ resealed: 2, failed: 1, pending: 1 })

    const csv = handoverCsv(report)
    expect(csv.startsWith('\uFEFFJob,Purchase order,Serial number,Stage')).toBe(true)
    const table = parse(csv, { bom: true })
    expect(table).toHaveLength(5)
    const row = table.find((cells) => cells.includes(resealed!.id))!
    expect(row.slice(0, 6)).toEqual(['\'=Contoso "PO" 4711', '', resealed!.serialNumber, 'Resealed', '2', '0x81039001'])
    expect(row.slice(10, 12)).toEqual(['30:00', '1800'])
    expect(csv.split('\r\n')).toHaveLength(6)
  })

  it('neutralises spreadsheet formulas and builds a file-safe name with the local date', () => {
    expect(['=1+1', '+SUM(A1)', '-2', '@cmd', '\tx', '\rx', 'PF1ABC', '0x80180014'].map(neutraliseFormula)).toEqual([
      "'=1+1",
      "'+SUM(A1)",
      "'-2",
      "'@cmd",
      "'\tx",
      "'\rx",
      'PF1ABC',
      '0x80180014',
    ])
    const at = new Date('2026-11-23T23:30:00Z')
    expect(handoverFileName('Contoso — PO 4711 / Zürich', at, 'UTC')).toBe('handover-contoso-po-4711-zurich-2026-11-23.csv')
    expect(handoverFileName('Contoso', at, 'Europe/Berlin')).toBe('handover-contoso-2026-11-24.csv')
    expect(handoverFileName('***', at, 'UTC')).toBe('handover-job-2026-11-23.csv')
  })
})
