import type Database from 'better-sqlite3'
import { AppFailure } from '../app-error'
import { createAttemptsRepo } from '../repos/attempts-repo'
import { recordAttemptEvent } from './record-attempt-event.worker'

/**
 * Confirms from the cache what the technician declared: a device whose latest attempt succeeded (or
 * was resealed) and which Intune now shows as enrolled (enrollmentState 'enrolled' or a
 * managedDeviceId, Intune gives no live pre-provisioning signal) gets an `enrollment-confirmed` event.
 *
 * The cached row must have been read from Intune at or after the declared success: a device reused
 * after an earlier pre-provisioning can still show its old enrollment in an older cache row, which
 * would otherwise confirm an attempt Intune has not seen. (The docs give no rule here; this is our
 * guard against stale data.) Runs after a device refresh and after a sync. Returns the device ids
 * confirmed.
 */
export function corroborateEnrollment(db: Database.Database, now: string): string[] {
  const confirmed: string[] = []
  for (const candidate of createAttemptsRepo(db).unconfirmedEnrolled()) {
    const { state, deviceId } = candidate.attempt
    const successAt = state.outcome?.kind === 'success' ? Date.parse(state.outcome.at) : Number.NaN
    if (Number.isNaN(successAt) || !(Date.parse(candidate.syncedAt) >= successAt)) continue
    // Never before the attempt's last declaration (the reducer refuses time going backwards).
    const last = state.timeline.at(-1)?.at ?? state.createdAt
    const at = Date.parse(now) >= Date.parse(last) ? now : last
    try {
      recordAttemptEvent(db, deviceId, { type: 'enrollment-confirmed', at, managedDeviceId: candidate.managedDeviceId || null }, now)
      confirmed.push(deviceId)
    } catch (error) {
      if (!(error instanceof AppFailure)) throw error // a refused confirmation just waits for the next pass
    }
  }
  return confirmed
}
