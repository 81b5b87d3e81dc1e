import type Database from 'better-sqlite3'
import type { BenchDevice } from '@shared/bench-schemas'
import { attemptReducer, createAttempt, type AttemptEvent } from '@shared/domain'
import { AppFailure } from '../app-error'
import { createAttemptsRepo } from '../repos/attempts-repo'
import { createAuditLogRepo } from '../repos/audit-log-repo'
import { createBenchRepo } from '../repos/bench-repo'
import { stageFor } from './record-attempt-event.worker'

/**
 * How long after a key its event can be taken back with Undo (Ctrl+Z). Long enough to notice a stray
 * P/S/F/R on a busy bench, short enough that an undo never rewrites history someone already relied
 * on; after that the attempt is voided with a reason instead. The docs are silent; our choice.
 */
export const UNDO_GRACE_SECONDS = 120

/** After an undo or a void: the bench shows the stage of the latest attempt that still counts, or Scanned. */
function restoreStage(db: Database.Database, deviceId: string, now: string): BenchDevice | null {
  const bench = createBenchRepo(db)
  const place = bench.placeOf(deviceId)
  if (!place) return null
  const latest = createAttemptsRepo(db).latest(deviceId)
  const stage = (latest ? stageFor(latest.state) : null) ?? 'scanned'
  bench.setStage(deviceId, stage, latest?.state.timeline.at(-1)?.at ?? now)
  return bench.get(deviceId)
}

/**
 * Takes back the last key recorded for the device's latest attempt, within the grace period: the event
 * is removed and the attempt replayed from the events before it (the key that started an attempt
 * removes the attempt). The audit log keeps what was undone.
 *
 * `eventId` (from attempts:record-event) names the key the caller means, and it is undone only while it
 * is still the last event: another station's key on the same device, or Intune's enrollment
 * confirmation recorded by a sync, may have come after it, and "the last event" would then be theirs.
 * The app always names it; without it the last event is taken, as before. Intune's confirmation is
 * never a key, so it is never undone either way.
 */
export function undoLastEvent(
  db: Database.Database,
  deviceId: string,
  eventId: number | null,
  now: string,
): { undone: AttemptEvent; device: BenchDevice | null } {
  const attempts = createAttemptsRepo(db)
  return db.transaction(() => {
    const latest = attempts.latest(deviceId)
    const last = latest ? attempts.lastEvent(latest.rowId) : null
    if (!latest || !last) throw new AppFailure('conflict', 'There is nothing to undo for this device.')
    if (eventId !== null && last.id !== eventId) {
      if (!attempts.hasEvent(eventId, deviceId)) throw new AppFailure('conflict', 'That key is no longer recorded on this device; nothing was changed.')
      const after = latest.state.timeline.at(-1)?.label ?? last.event.type
      throw new AppFailure(
        'conflict',
        `"${after}" was recorded on this device after that key, so the key can no longer be undone; nothing was changed. To set the attempt aside, void it with a reason (Device card › Attempts).`,
      )
    }
    if (last.event.type === 'enrollment-confirmed') throw new AppFailure('conflict', "Intune's enrollment confirmation is not a key; it cannot be undone.")
    const ageSeconds = (Date.parse(now) - Date.parse(last.recordedAt)) / 1000
    if (ageSeconds > UNDO_GRACE_SECONDS) {
      throw new AppFailure(
        'conflict',
        `The last key was recorded more than ${UNDO_GRACE_SECONDS / 60} minutes ago, so it can no longer be undone. Void the attempt with a reason instead (Device card › Attempts).`,
      )
    }
    attempts.deleteEvent(last.id)
    const remaining = attempts.events(latest.rowId) as AttemptEvent[]
    if (remaining.length === 0) attempts.deleteAttempt(latest.rowId)
    else {
      const { state } = latest
      let replayed = createAttempt({
        id: state.id,
        serialNumber: state.serialNumber,
        manufacturer: state.manufacturer,
        model: state.model,
        createdAt: state.createdAt,
      })
      for (const event of remaining) {
        const step = attemptReducer(replayed, event)
        // Every stored event was accepted once, in this order; a refusal here means the rows were edited by hand.
        if (!step.ok) throw new AppFailure('conflict', `This attempt cannot be replayed (${step.error.message}); void it with a reason instead.`)
        replayed = step.state
      }
      attempts.update(latest.rowId, replayed)
    }
    createAuditLogRepo(db).add({ at: now, action: 'attempt.undo', deviceId, correlationId: null, details: { attemptId: latest.state.id, event: last.event } })
    return { undone: last.event, device: restoreStage(db, deviceId, now) }
  })()
}

/** Sets an attempt aside with the technician's reason: kept in the timeline and the audit log, left out of the bench and the report. */
export function voidAttempt(db: Database.Database, deviceId: string, attemptNumber: number, reason: string, now: string): { device: BenchDevice | null } {
  const attempts = createAttemptsRepo(db)
  return db.transaction(() => {
    const attempt = attempts.byNumber(deviceId, attemptNumber)
    if (!attempt) throw new AppFailure('not-found', `This device has no attempt ${attemptNumber}.`)
    if (attempt.voided) throw new AppFailure('conflict', `Attempt ${attemptNumber} is already void (${attempt.voided.reason}).`)
    attempts.setVoided(attempt.rowId, { at: now, reason })
    createAuditLogRepo(db).add({
      at: now,
      action: 'attempt.void',
      deviceId,
      correlationId: null,
      details: { attemptId: attempt.state.id, attemptNumber, reason },
    })
    return { device: restoreStage(db, deviceId, now) }
  })()
}
