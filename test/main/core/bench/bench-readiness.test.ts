import { describe, expect, it } from 'vitest'
import { benchRowsPerSlice, withReadiness, withReadinessAll } from '@core/bench/bench-readiness.worker'
import { createAuditLogRepo } from '@core/repos/audit-log-repo'
import { createBenchRepo } from '@core/repos/bench-repo'
import { createDevicesRepo } from '@core/repos/devices-repo'
import { createOutboxRepo } from '@core/repos/outbox-repo'
import { useTempDirs } from '@support/temp-dir'
import { openBenchDb, t } from '@support/bench-fixture'

describe('bench rows with their readiness', () => {
  const tempDir = useTempDirs()

  it('a bench of many devices is worked out in slices: a call queued on the worker runs between them, and every badge is the card’s', async () => {
    const count = benchRowsPerSlice * 3 + 4
    const { db, devices } = openBenchDb(tempDir(), count)
    const bench = createBenchRepo(db)
    for (const device of devices) bench.put({ deviceId: device.id, jobId: null, serialNumber: device.serialNumber, now: t(0) })
    // One device with an unsent change, so the pending-values read is exercised for each row.
    createOutboxRepo(db).queue(devices[7]!.id, { kind: 'group-tag', groupTag: 'BENCH-PAR' }, 'corr-1')
    const rows = bench.list(null)

    let finished = false
    let finishedBeforeOtherCall: boolean | null = null
    const all = withReadinessAll(db, rows).then((result) => {
      finished = true
      return result
    })
    // What a scan's lookup does while the list is worked out: a message handled in a later turn.
    setImmediate(() => (finishedBeforeOtherCall = finished))
    const result = await all

    expect(finishedBeforeOtherCall).toBe(false)
    expect(result.map((row) => row.deviceId)).toEqual(rows.map((row) => row.deviceId))
    expect(result).toEqual(rows.map((row) => withReadiness(db, row)))
    expect(result.every((row) => row.readiness !== null)).toBe(true)
    db.close()
  })

  it('a bench no larger than a slice is worked out in one turn', async () => {
    const { db, devices } = openBenchDb(tempDir(), benchRowsPerSlice)
    const bench = createBenchRepo(db)
    for (const device of devices) bench.put({ deviceId: device.id, jobId: null, serialNumber: device.serialNumber, now: t(0) })
    let finished = false
    let finishedBeforeOtherCall: boolean | null = null
    const all = withReadinessAll(db, bench.list(null)).then(() => (finished = true))
    setImmediate(() => (finishedBeforeOtherCall = finished))
    await all
    await new Promise((resolve) => setImmediate(resolve))
    expect(finishedBeforeOtherCall).toBe(true)
    db.close()
  })

  it('a bench device the cache no longer holds keeps its row, with no badge and inCache false', async () => {
    const { db, devices } = openBenchDb(tempDir(), 3)
    const bench = createBenchRepo(db)
    for (const device of devices) bench.put({ deviceId: device.id, jobId: null, serialNumber: device.serialNumber, now: t(0) })
    // Intune deleted it: the next sync (or its 404) removed it from the cache.
    createDevicesRepo(db).remove(devices[1]!.id)
    const rows = await withReadinessAll(db, bench.list(null))
    expect(rows.map((row) => [row.serialNumber, row.inCache ?? true, row.readiness === null])).toEqual([
      [devices[0]!.serialNumber, true, false],
      [devices[1]!.serialNumber, false, true],
      [devices[2]!.serialNumber, true, false],
    ])
    expect(rows[1]!.deletedHereAt).toBeNull()
    // Deleted by this app's Recycle: the row knows it, and when.
    createAuditLogRepo(db).add({ at: t(5), action: 'recycle-delete-autopilot-record', deviceId: devices[1]!.id, correlationId: 'c', details: {} })
    expect((await withReadinessAll(db, bench.list(null)))[1]!.deletedHereAt).toBe(t(5))
    db.close()
  })
})
