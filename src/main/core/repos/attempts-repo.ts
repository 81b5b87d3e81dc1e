import type Database from 'better-sqlite3'
import type { AttemptRecord } from '@shared/bench-schemas'
import type { AttemptEvent, AttemptState } from '@shared/domain'

export interface StoredAttempt extends Omit<AttemptRecord, 'voided'> {
  voided: { at: string; reason: string } | null
  /** The attempts table's row id (internal; the state carries its own UUID). */
  rowId: number
}

interface Row {
  rowId: number
  deviceId: string
  jobId: string | null
  state: string
  attemptNumber: number
  voided: string | null
}

/** Rows written through the reducer; a pre-v4 row (state '{}') has no attempt state to show. */
export const hasState = (alias: string) => `json_extract(${alias}.state, '$.id') IS NOT NULL`
/**
 * Attempts the technician voided (a stray key, a test press) carry `$.voided` {at, reason} in the
 * state JSON beside the reducer's fields (no schema change; the reducer never reads it). They stay
 * in the device's timeline and the audit log, but not on the bench, in the report or in counts.
 */
export const notVoided = (alias: string) => `json_extract(${alias}.state, '$.voided') IS NULL`

// attemptNumber: 1-based per device, in the order the attempts were started.
const columns = `a.id AS rowId, a.device_id AS deviceId, a.job_id AS jobId, a.state, json_extract(a.state, '$.voided') AS voided,
  (SELECT count(*) FROM attempts b WHERE b.device_id = a.device_id AND b.id <= a.id AND ${hasState('b')}) AS attemptNumber`
const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString())

const toStored = (row: Row): StoredAttempt => {
  const { voided: _voided, ...state } = JSON.parse(row.state) as AttemptState & { voided?: unknown }
  return {
    rowId: row.rowId,
    deviceId: row.deviceId,
    jobId: row.jobId,
    attemptNumber: row.attemptNumber,
    state,
    voided: row.voided === null ? null : (JSON.parse(row.voided) as { at: string; reason: string }),
  }
}

/** The queryable columns kept next to the state JSON (reports, diagnostics, plain SQL). */
function summaryColumns(state: AttemptState) {
  const outcome = state.outcome?.kind ?? (state.cancelledAt ? 'cancelled' : null)
  return {
    phase: state.phase,
    state: JSON.stringify(state),
    // Canonical ISO in the plain columns, so SQL compares and sorts them as text (diagnostics windows).
    startedAt: iso(state.provisionPressedAt ?? state.createdAt),
    endedAt: iso(state.outcome?.at ?? state.cancelledAt),
    outcome,
    errorCode: state.outcome?.kind === 'failure' ? state.outcome.code : null,
    nextAction: state.nextAction?.action ?? null,
  }
}

/** Pre-provisioning attempts: the reducer's state per attempt plus every declared event, in order. */
export function createAttemptsRepo(db: Database.Database) {
  const latest = db.prepare(`SELECT ${columns} FROM attempts a WHERE a.device_id = ? AND ${hasState('a')} AND ${notVoided('a')} ORDER BY a.id DESC LIMIT 1`)
  const byDevice = db.prepare(`SELECT ${columns} FROM attempts a WHERE a.device_id = ? AND ${hasState('a')} ORDER BY a.id`)
  const byJob = db.prepare(`SELECT ${columns} FROM attempts a WHERE a.job_id = ? AND ${hasState('a')} AND ${notVoided('a')} ORDER BY a.device_id, a.id`)
  const byNumber = db.prepare(`SELECT * FROM (SELECT ${columns} FROM attempts a WHERE a.device_id = ? AND ${hasState('a')}) WHERE attemptNumber = ?`)
  const setVoided = db.prepare(`UPDATE attempts SET state = json_set(state, '$.voided', json(?)) WHERE id = ?`)
  const lastEvent = db.prepare('SELECT id, event, recorded_at AS recordedAt FROM attempt_events WHERE attempt_id = ? ORDER BY id DESC LIMIT 1')
  const deleteEvent = db.prepare('DELETE FROM attempt_events WHERE id = ?')
  const eventOfDevice = db.prepare(`SELECT e.id FROM attempt_events e JOIN attempts a ON a.id = e.attempt_id WHERE e.id = ? AND a.device_id = ?`)
  const deleteAttempt = db.prepare('DELETE FROM attempts WHERE id = ?')
  const insert = db.prepare(`INSERT INTO attempts (device_id, job_id, phase, state, started_at, ended_at, outcome, error_code, next_action)
    VALUES (@deviceId, @jobId, @phase, @state, @startedAt, @endedAt, @outcome, @errorCode, @nextAction)`)
  const update = db.prepare(`UPDATE attempts SET phase = @phase, state = @state, started_at = @startedAt, ended_at = @endedAt,
    outcome = @outcome, error_code = @errorCode, next_action = @nextAction WHERE id = @rowId`)
  const setJob = db.prepare('UPDATE attempts SET job_id = ? WHERE id = ?')
  const addEvent = db.prepare('INSERT INTO attempt_events (attempt_id, at, event, recorded_at) VALUES (?, ?, ?, ?)')
  const events = db.prepare('SELECT event FROM attempt_events WHERE attempt_id = ? ORDER BY id')
  // Latest attempt per device that succeeded but is not yet confirmed, with what the cache says now.
  const unconfirmed = db.prepare(`SELECT ${columns}, d.enrollment_state AS enrollmentState, d.managed_device_id AS managedDeviceId,
      d.synced_at AS syncedAt
    FROM attempts a JOIN devices d ON d.id = a.device_id
    WHERE a.phase IN ('succeeded', 'resealed') AND json_extract(a.state, '$.enrollmentConfirmedAt') IS NULL
      AND a.id = (SELECT max(id) FROM attempts c WHERE c.device_id = a.device_id AND ${hasState('c')} AND ${notVoided('c')})
      AND (d.enrollment_state = 'enrolled' OR d.managed_device_id <> '')`)

  return {
    latest: (deviceId: string) => {
      const row = latest.get(deviceId) as Row | undefined
      return row ? toStored(row) : null
    },
    listForDevice: (deviceId: string) => (byDevice.all(deviceId) as Row[]).map(toStored),
    /** The device's attempt by its 1-based number (voided ones included). */
    byNumber: (deviceId: string, attemptNumber: number) => {
      const row = byNumber.get(deviceId, attemptNumber) as Row | undefined
      return row ? toStored(row) : null
    },
    setVoided: (rowId: number, voided: { at: string; reason: string }) => void setVoided.run(JSON.stringify(voided), rowId),
    /** The attempt's last declared event with its row id and when it was recorded (for undo). */
    lastEvent: (rowId: number) => {
      const row = lastEvent.get(rowId) as { id: number; event: string; recordedAt: string } | undefined
      return row ? { id: row.id, event: JSON.parse(row.event) as AttemptEvent, recordedAt: row.recordedAt } : null
    },
    deleteEvent: (eventId: number) => void deleteEvent.run(eventId),
    /** Whether the event is still recorded for this device (any of its attempts). */
    hasEvent: (eventId: number, deviceId: string) => eventOfDevice.get(eventId, deviceId) !== undefined,
    /** Removes an attempt and (cascade) its events: only for undoing the key that started it. */
    deleteAttempt: (rowId: number) => void deleteAttempt.run(rowId),
    listForJob: (jobId: string) => (byJob.all(jobId) as Row[]).map(toStored),
    insert: (deviceId: string, jobId: string | null, state: AttemptState) => Number(insert.run({ deviceId, jobId, ...summaryColumns(state) }).lastInsertRowid),
    update: (rowId: number, state: AttemptState) => void update.run({ rowId, ...summaryColumns(state) }),
    /** Gives the job the device's job-less attempts started since `since` (pressed before the job was picked). */
    // Compared as instants, not strings: event times come as the technician's client wrote them.
    adoptInto: (jobId: string, deviceId: string, since: string) => {
      const from = Date.parse(since)
      const orphans = (byDevice.all(deviceId) as Row[])
        .map(toStored)
        .filter((a) => a.jobId === null && Date.parse(a.state.provisionPressedAt ?? a.state.createdAt) >= from)
      for (const attempt of orphans) setJob.run(jobId, attempt.rowId)
      return orphans.length
    },
    /** Stores a declared event; returns its id (what an undo names). */
    addEvent: (rowId: number, event: { at: string }, recordedAt: string) =>
      Number(addEvent.run(rowId, iso(event.at), JSON.stringify(event), recordedAt).lastInsertRowid),
    events: (rowId: number) => (events.all(rowId) as Array<{ event: string }>).map((row) => JSON.parse(row.event) as { type: string; at: string }),
    unconfirmedEnrolled: () =>
      (unconfirmed.all() as Array<Row & { enrollmentState: string; managedDeviceId: string; syncedAt: string }>).map((row) => ({
        attempt: toStored(row),
        enrollmentState: row.enrollmentState,
        managedDeviceId: row.managedDeviceId,
        syncedAt: row.syncedAt,
      })),
  }
}
