import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { AttemptRecord, BenchDevice, BenchStage } from '@shared/bench-schemas'
import { attemptReducer, createAttempt, type AttemptErrorCode, type AttemptEvent, type AttemptState } from '@shared/domain'
import { AppFailure } from '../app-error'
import { createAttemptsRepo } from '../repos/attempts-repo'
import { createBenchRepo } from '../repos/bench-repo'
import { createDevicesRepo } from '../repos/devices-repo'
import { createJobsRepo } from '../repos/jobs-repo'
import { createOutboxRepo } from '../repos/outbox-repo'

/** Where the bench shows a device once its latest attempt is in this state; null leaves the stage as it is. */
export function stageFor(state: AttemptState): BenchStage | null {
  switch (state.phase) {
    case 'idle':
      return null
    case 'provisioning':
    case 'succeeded':
    case 'resealed':
    case 'failed':
      return state.phase
    case 'closed':
      // Closed after a failure (Retry/Reset/… chosen) stays failed until the next Provision press;
      // a cancelled attempt never got an outcome, so the device is back where it was scanned.
      return state.outcome?.kind === 'failure' ? 'failed' : 'scanned'
  }
}

// Bad input is `invalid`; a valid event the attempt's state does not allow is a `conflict`.
const failureCode: Record<AttemptErrorCode, 'invalid' | 'conflict'> = {
  'invalid-event': 'invalid',
  'time-before-previous': 'invalid',
  'invalid-transition': 'conflict',
  'action-not-offered': 'conflict',
  'unblock-not-eligible': 'conflict',
}

/** A device with no attempt, or whose latest one is over, starts a new attempt on Provision. */
const isOver = (state: AttemptState) => state.phase === 'closed' || state.phase === 'resealed'

interface DeviceInfo {
  serialNumber: string
  manufacturer: string | null
  model: string | null
}

/**
 * P and S carry the user Intune had then when it was not the job manifest's (from the cache, with whether an assignment
 * of the manifest's user waited in the outbox): a walk provisioned and resealed a device while Intune did not answer its
 * user assignment, and once the change landed the hand-over read clean although the technician flow ran with the other
 * user. Nothing is added when the manifest names no user, or Intune has it.
 */
function withUserMismatch(db: Database.Database, deviceId: string, jobId: string | null, serial: string, event: AttemptEvent): AttemptEvent {
  if ((event.type !== 'provision-pressed' && event.type !== 'succeeded') || jobId === null) return event
  const manifest = createJobsRepo(db).manifestFor(jobId, serial)?.userPrincipalName?.trim() ?? ''
  const cached = createDevicesRepo(db).get(deviceId)
  if (!manifest || !cached) return event
  const inIntune = cached.userPrincipalName.trim()
  if (inIntune.toLowerCase() === manifest.toLowerCase()) return event
  const pending = createOutboxRepo(db)
    .pendingValues([deviceId])
    .get(deviceId)
    ?.find((change) => change.field === 'userPrincipalName')
  const waiting = (pending?.value ?? '').trim().toLowerCase() === manifest.toLowerCase()
  return { ...event, userMismatch: { inIntune, manifest, waiting } }
}

/**
 * Applies one declared event to the device's attempt through the pure reducer and stores the event,
 * the new state and the bench stage in one transaction. A refused event writes nothing.
 */
export function recordAttemptEvent(
  db: Database.Database,
  deviceId: string,
  event: AttemptEvent,
  now: string,
): { attempt: AttemptRecord; device: BenchDevice; eventId: number } {
  const attempts = createAttemptsRepo(db)
  const bench = createBenchRepo(db)
  const devices = createDevicesRepo(db)
  return db.transaction(() => {
    const onBench = bench.get(deviceId)
    const info: DeviceInfo | null = devices.get(deviceId) ?? (onBench ? { serialNumber: onBench.serialNumber, manufacturer: null, model: null } : null)
    if (!info)
      throw new AppFailure('not-found', 'This device is neither in the local cache nor at the bench. Scan it again or run a sync, then record the attempt.')
    const latest = attempts.latest(deviceId)
    const startsNew = event.type === 'provision-pressed' && (latest === null || isOver(latest.state))
    if (!startsNew && latest === null) {
      throw new AppFailure('conflict', 'This device has no pre-provisioning attempt yet: record "Provision pressed" first.')
    }
    const previousEnd = latest?.state.timeline.at(-1)?.at
    if (startsNew && previousEnd && Date.parse(event.at) < Date.parse(previousEnd)) {
      throw new AppFailure('invalid', `The event time ${event.at} is before the end of the previous attempt (${previousEnd}).`)
    }
    const before = startsNew
      ? createAttempt({
          id: randomUUID(),
          serialNumber: info.serialNumber,
          manufacturer: info.manufacturer || null,
          model: info.model || null,
          createdAt: event.at,
        })
      : latest!.state
    const jobId = startsNew ? (onBench?.jobId ?? null) : latest!.jobId
    // Stored as applied, so an undo's replay of the remaining events keeps what Intune had.
    const applied = withUserMismatch(db, deviceId, jobId, info.serialNumber, event)
    const result = attemptReducer(before, applied)
    if (!result.ok) throw new AppFailure(failureCode[result.error.code], result.error.message, { reason: result.error.code })

    // Joining the bench by this event: it is "added" no later than the event itself.
    if (!onBench)
      bench.put({ deviceId, jobId: null, serialNumber: info.serialNumber, now: new Date(Math.min(Date.parse(now), Date.parse(event.at))).toISOString() })
    const rowId = startsNew ? attempts.insert(deviceId, jobId, result.state) : latest!.rowId
    if (!startsNew) attempts.update(rowId, result.state)
    const eventId = attempts.addEvent(rowId, applied, now)
    const stage = stageFor(result.state)
    if (stage) bench.setStage(deviceId, stage, new Date(event.at).toISOString())
    const stored = attempts.latest(deviceId)!
    return {
      attempt: { attemptNumber: stored.attemptNumber, deviceId, jobId: stored.jobId, state: stored.state },
      device: bench.get(deviceId)!,
      eventId,
    }
  })()
}
