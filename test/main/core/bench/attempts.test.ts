import { describe, expect, it } from 'vitest'
import { recordAttemptEvent } from '@core/bench/record-attempt-event.worker'
import { corroborateEnrollment } from '@core/bench/corroborate-enrollment.worker'
import { createBenchRepo } from '@core/repos/bench-repo'
import { createAttemptsRepo } from '@core/repos/attempts-repo'
import { AppFailure } from '@core/app-error'
import { useTempDirs } from '@support/temp-dir'
import { openBenchDb, t } from '@support/bench-fixture'

const count = (db: ReturnType<typeof openBenchDb>['db'], table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

describe('attempts: reducer-checked events, stages, enrollment corroboration', () => {
  const tempDir = useTempDirs()

  it('walks failed (0x81039001) → Retry → a new attempt → success → reseal, numbering attempts per device', () => {
    const { db, devices } = openBenchDb(tempDir())
    const id = devices[0]!.id
    const record = (event: Parameters<typeof recordAttemptEvent>[2]) => recordAttemptEvent(db, id, event, t(100))
    expect(record({ type: 'provision-pressed', at: t(0) }).device).toMatchObject({ stage: 'provisioning', stageSince: t(0), jobId: null })
    const failed = record({ type: 'failed', at: t(12), code: '0x81039001' })
    expect(failed.attempt.state.outcome).toMatchObject({ kind: 'failure', code: '0x81039001', lookup: 'known' })
    expect(failed.device.stage).toBe('failed')
    expect(record({ type: 'next-action', at: t(13), action: 'retry' }).device.stage).toBe('failed')
    const second = record({ type: 'provision-pressed', at: t(14) })
    expect(second.attempt.attemptNumber).toBe(2)
    expect(second.device).toMatchObject({ stage: 'provisioning', attemptCount: 2 })
    record({ type: 'succeeded', at: t(40) })
    const resealed = record({ type: 'resealed', at: t(41) })
    expect(resealed.device).toMatchObject({ stage: 'resealed', stageSince: t(41), attempt: { attemptNumber: 2 } })

    const stored = createAttemptsRepo(db).listForDevice(id)
    expect(stored.map((a) => [a.attemptNumber, a.state.phase])).toEqual([
      [1, 'closed'],
      [2, 'resealed'],
    ])
    expect(
      createAttemptsRepo(db)
        .events(stored[0]!.rowId)
        .map((e) => e.type),
    ).toEqual(['provision-pressed', 'failed', 'next-action'])
    const columns = db
      .prepare('SELECT outcome, error_code AS errorCode, next_action AS nextAction, started_at AS startedAt, ended_at AS endedAt FROM attempts ORDER BY id')
      .all()
    expect(columns).toEqual([
      { outcome: 'failure', errorCode: '0x81039001', nextAction: 'retry', startedAt: t(0), endedAt: t(12) },
      { outcome: 'success', errorCode: null, nextAction: null, startedAt: t(14), endedAt: t(40) },
    ])
    db.close()
  })

  it('refuses an invalid transition, a time going backwards and an unknown device, writing nothing', () => {
    const { db, devices } = openBenchDb(tempDir())
    const id = devices[1]!.id
    const refused = (event: Parameters<typeof recordAttemptEvent>[2], deviceId = id) => {
      try {
        recordAttemptEvent(db, deviceId, event, t(0))
      } catch (error) {
        return error as AppFailure
      }
      throw new Error('expected a refusal')
    }
    expect(refused({ type: 'succeeded', at: t(1) })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/Provision pressed/) })
    expect(count(db, 'bench_devices')).toBe(0)
    recordAttemptEvent(db, id, { type: 'provision-pressed', at: t(5) }, t(5))
    const before = [count(db, 'attempts'), count(db, 'attempt_events')]
    expect(refused({ type: 'resealed', at: t(6) })).toMatchObject({ code: 'conflict', message: '"resealed" is not possible while provisioning.' })
    expect(refused({ type: 'succeeded', at: t(4) })).toMatchObject({ code: 'invalid', message: expect.stringMatching(/before the previous/) })
    expect(refused({ type: 'provision-pressed', at: t(6) })).toMatchObject({ code: 'conflict' })
    expect(refused({ type: 'provision-pressed', at: t(6) }, 'no-such-device')).toMatchObject({ code: 'not-found' })
    expect([count(db, 'attempts'), count(db, 'attempt_events')]).toEqual(before)
    expect(createBenchRepo(db).get(id)!.stage).toBe('provisioning')
    db.close()
  })

  it('a cancelled attempt puts the device back to scanned; a job set on the bench goes with the attempt', () => {
    const { db, devices } = openBenchDb(tempDir())
    const id = devices[2]!.id
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', 'Job', 't', 'x')").run()
    createBenchRepo(db).put({ deviceId: id, jobId: 'j1', serialNumber: devices[2]!.serialNumber, now: t(0) })
    recordAttemptEvent(db, id, { type: 'provision-pressed', at: t(1) }, t(1))
    const cancelled = recordAttemptEvent(db, id, { type: 'cancelled', at: t(2), reason: 'wrong cable' }, t(2))
    expect(cancelled.device.stage).toBe('scanned')
    expect(cancelled.attempt.jobId).toBe('j1')
    db.close()
  })

  it('ignores a pre-v4 attempt row without state, and stores canonical times in the plain columns', () => {
    const { db, devices } = openBenchDb(tempDir())
    const id = devices[0]!.id
    db.prepare("INSERT INTO attempts (device_id, started_at) VALUES (?, '2025-01-01T00:00:00Z')").run(id)
    const first = recordAttemptEvent(db, id, { type: 'provision-pressed', at: '2026-11-20T10:00:00+01:00' }, t(0))
    expect(first.attempt.attemptNumber).toBe(1)
    expect(first.device.attemptCount).toBe(1)
    expect(createAttemptsRepo(db).listForDevice(id)).toHaveLength(1)
    expect(db.prepare('SELECT started_at FROM attempts WHERE id = ?').pluck().get(2)).toBe('2026-11-20T09:00:00.000Z')
    expect(db.prepare('SELECT at FROM attempt_events').pluck().get()).toBe('2026-11-20T09:00:00.000Z')
    db.close()
  })

  it('confirms enrollment only for a succeeded attempt whose cache row was read from Intune after the success', () => {
    const { db, devices } = openBenchDb(tempDir())
    const [a, b] = [devices[3]!, devices[4]!]
    for (const device of [a, b]) {
      recordAttemptEvent(db, device.id, { type: 'provision-pressed', at: t(0) }, t(0))
      recordAttemptEvent(db, device.id, { type: 'succeeded', at: t(30) }, t(30))
    }
    const setCache = db.prepare("UPDATE devices SET enrollment_state = 'enrolled', managed_device_id = ?, synced_at = ? WHERE id = ?")
    setCache.run('md-a', t(20), a.id) // stale: read before the success
    expect(corroborateEnrollment(db, t(60))).toEqual([])
    setCache.run('md-a', t(45), a.id)
    expect(corroborateEnrollment(db, t(60))).toEqual([a.id])
    expect(createAttemptsRepo(db).latest(a.id)!.state).toMatchObject({ enrollmentConfirmedAt: t(60), managedDeviceId: 'md-a' })
    expect(createAttemptsRepo(db).latest(b.id)!.state.enrollmentConfirmedAt).toBeNull()
    expect(corroborateEnrollment(db, t(61))).toEqual([])
    db.close()
  })
})
