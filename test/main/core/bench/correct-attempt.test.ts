import { describe, expect, it } from 'vitest'
import { recordAttemptEvent } from '@core/bench/record-attempt-event.worker'
import { UNDO_GRACE_SECONDS, undoLastEvent, voidAttempt } from '@core/bench/correct-attempt.worker'
import { buildHandoverReport } from '@core/bench/handover-report.worker'
import { createAttemptsRepo } from '@core/repos/attempts-repo'
import { createBenchRepo } from '@core/repos/bench-repo'
import { useTempDirs } from '@support/temp-dir'
import { openBenchDb, t } from '@support/bench-fixture'

const audit = (db: ReturnType<typeof openBenchDb>['db']) =>
  db.prepare('SELECT action, device_id AS deviceId, details FROM audit_log ORDER BY id').all() as Array<{ action: string; deviceId: string; details: string }>

describe('attempts you can correct: undo the last key, void an attempt, both audited', () => {
  const tempDir = useTempDirs()

  it('undoes a stray P within the grace period: the attempt goes, the bench is back to Scanned, the audit log keeps it', () => {
    const { db, devices } = openBenchDb(tempDir())
    const id = devices[0]!.id
    createBenchRepo(db).put({ deviceId: id, jobId: null, serialNumber: devices[0]!.serialNumber, now: t(0) })
    const { eventId } = recordAttemptEvent(db, id, { type: 'provision-pressed', at: t(1) }, t(1))
    const { undone, device } = undoLastEvent(db, id, eventId, t(1.5))
    expect(undone).toMatchObject({ type: 'provision-pressed' })
    expect(device).toMatchObject({ stage: 'scanned', attempt: null, attemptCount: 0 })
    expect(createAttemptsRepo(db).listForDevice(id)).toEqual([])
    expect(audit(db)).toEqual([expect.objectContaining({ action: 'attempt.undo', deviceId: id })])
    expect(JSON.parse(audit(db)[0]!.details)).toMatchObject({ event: { type: 'provision-pressed' } })
  })

  it('undoes a stray S: the attempt is replayed to Provisioning and keeps its first press', () => {
    const { db, devices } = openBenchDb(tempDir())
    const id = devices[0]!.id
    recordAttemptEvent(db, id, { type: 'provision-pressed', at: t(1) }, t(1))
    const { eventId } = recordAttemptEvent(db, id, { type: 'succeeded', at: t(2) }, t(2))
    const { device } = undoLastEvent(db, id, eventId, t(2.5))
    expect(device).toMatchObject({ stage: 'provisioning', attempt: { state: { phase: 'provisioning', provisionPressedAt: t(1), outcome: null } } })
    // The next key works on the replayed attempt.
    expect(recordAttemptEvent(db, id, { type: 'failed', at: t(3), code: '0x80180014' }, t(3)).device.stage).toBe('failed')
  })

  it('refuses an undo after the grace period and says to void instead', () => {
    const { db, devices } = openBenchDb(tempDir())
    const id = devices[0]!.id
    const { eventId } = recordAttemptEvent(db, id, { type: 'provision-pressed', at: t(1) }, t(1))
    expect(() => undoLastEvent(db, id, eventId, t(1 + UNDO_GRACE_SECONDS / 60 + 1))).toThrow(/can no longer be undone.*Void the attempt/)
    expect(() => undoLastEvent(openBenchDb(tempDir()).db, id, eventId, t(0))).toThrow(/nothing to undo/)
  })

  it("undoes only the key it names: not another station's later key, and says what came after it", () => {
    const { db, devices } = openBenchDb(tempDir())
    const id = devices[0]!.id
    recordAttemptEvent(db, id, { type: 'provision-pressed', at: t(1) }, t(1))
    const mine = recordAttemptEvent(db, id, { type: 'succeeded', at: t(2) }, t(2)).eventId
    // Another station records R on the same device before this one's Undo arrives.
    const theirs = recordAttemptEvent(db, id, { type: 'resealed', at: t(2.2) }, t(2.2)).eventId
    expect(() => undoLastEvent(db, id, mine, t(2.5))).toThrow(/"Resealed \(device shut down\)" was recorded on this device after that key.*nothing was changed/)
    expect(createAttemptsRepo(db).latest(id)!.state.phase).toBe('resealed')
    expect(audit(db)).toEqual([])
    // Their own undo still works; then mine is the last again and can go.
    expect(undoLastEvent(db, id, theirs, t(2.6)).undone).toMatchObject({ type: 'resealed' })
    expect(undoLastEvent(db, id, mine, t(2.7)).device).toMatchObject({ stage: 'provisioning' })
    expect(() => undoLastEvent(db, id, mine, t(2.8))).toThrow(/no longer recorded on this device/)
  })

  it("without an event id, takes back the last key, never Intune's confirmation", () => {
    const { db, devices } = openBenchDb(tempDir())
    const id = devices[0]!.id
    recordAttemptEvent(db, id, { type: 'provision-pressed', at: t(1) }, t(1))
    recordAttemptEvent(db, id, { type: 'succeeded', at: t(2) }, t(2))
    expect(undoLastEvent(db, id, null, t(2.5)).undone).toMatchObject({ type: 'succeeded' })
    recordAttemptEvent(db, id, { type: 'succeeded', at: t(3) }, t(3))
    recordAttemptEvent(db, id, { type: 'enrollment-confirmed', at: t(4), managedDeviceId: null }, t(4))
    expect(() => undoLastEvent(db, id, null, t(4.5))).toThrow(/enrollment confirmation is not a key/)
    expect(createAttemptsRepo(db).latest(id)!.state.enrollmentConfirmedAt).toBe(t(4))
  })

  it("never undoes Intune's enrollment confirmation, recorded after the technician's key", () => {
    const { db, devices } = openBenchDb(tempDir())
    const id = devices[0]!.id
    recordAttemptEvent(db, id, { type: 'provision-pressed', at: t(1) }, t(1))
    const success = recordAttemptEvent(db, id, { type: 'succeeded', at: t(2) }, t(2)).eventId
    // What corroborate-enrollment records when a sync or a scan sees the device enrolled.
    const confirmation = recordAttemptEvent(db, id, { type: 'enrollment-confirmed', at: t(3), managedDeviceId: 'md-1' }, t(3)).eventId
    expect(() => undoLastEvent(db, id, success, t(3.5))).toThrow(/"Enrollment confirmed in Intune" was recorded on this device after that key/)
    expect(() => undoLastEvent(db, id, confirmation, t(3.5))).toThrow(/enrollment confirmation is not a key/)
    expect(createAttemptsRepo(db).latest(id)!.state.enrollmentConfirmedAt).toBe(t(3))
    expect(audit(db)).toEqual([])
  })

  it('voids an attempt with a reason: out of the bench and the report, kept in the device timeline and the audit log', () => {
    const { db, devices } = openBenchDb(tempDir())
    const id = devices[0]!.id
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', 'Job', 't', 'x')").run()
    createBenchRepo(db).put({ deviceId: id, jobId: 'j1', serialNumber: devices[0]!.serialNumber, now: t(0) })
    recordAttemptEvent(db, id, { type: 'provision-pressed', at: t(1) }, t(1))
    recordAttemptEvent(db, id, { type: 'failed', at: t(2), code: '0x80180014' }, t(2))
    expect(buildHandoverReport(db, 'j1', t(10)).totals.failed).toBe(1)
    const { device } = voidAttempt(db, id, 1, 'P pressed on the wrong laptop', t(20))
    expect(device).toMatchObject({ stage: 'scanned', attempt: null, attemptCount: 0 })
    expect(buildHandoverReport(db, 'j1', t(30)).rows[0]).toMatchObject({ status: 'pending', attempts: 0, lastErrorCode: null })
    expect(createAttemptsRepo(db).listForDevice(id)[0]).toMatchObject({ voided: { reason: 'P pressed on the wrong laptop', at: t(20) } })
    expect(audit(db).map((entry) => entry.action)).toEqual(['attempt.void'])
    expect(() => voidAttempt(db, id, 1, 'again', t(21))).toThrow(/already void/)
    expect(() => voidAttempt(db, id, 9, 'none', t(21))).toThrow(/no attempt 9/)
    // A new P starts attempt 2 (numbers are kept, the void one is not reused).
    expect(recordAttemptEvent(db, id, { type: 'provision-pressed', at: t(22) }, t(22)).attempt.attemptNumber).toBe(2)
  })
})
