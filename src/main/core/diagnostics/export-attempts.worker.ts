import type Database from 'better-sqlite3'
import { attemptStateSchema, type AttemptState } from '@shared/domain/attempt'

/** One attempt as a bundle carries it: the v4 row, its replayable state and the technician's events. */
export interface ExportedAttempt {
  id: number
  deviceId: string
  serialNumber: string
  jobId: string | null
  phase: string
  startedAt: string
  endedAt: string | null
  /** What the technician entered on failure (canonical when recognised), else the legacy column. */
  errorCode: string | null
  state: AttemptState | null
  events: Array<{ at: string; recordedAt: string; event: unknown }>
}

interface AttemptRow {
  id: number
  device_id: string
  job_id: string | null
  phase: string
  started_at: string
  ended_at: string | null
  error_code: string | null
  state: string
  serial_number: string | null
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

/**
 * Reads attempts straight from the schema v4 tables (`attempts` with `state`, `attempt_events`),
 * so the export does not depend on how the attempts repo is written. A state that does not parse
 * as an AttemptState (e.g. a pre-v4 row with `{}`) is exported as null, with the raw columns.
 */
export function readAttempts(db: Database.Database, deviceIds: string[], attemptIds: number[] | null, window: { since: string; until: string } | null): ExportedAttempt[] {
  const rows = db.prepare(`SELECT a.id, a.device_id, a.job_id, a.phase, a.started_at, a.ended_at, a.error_code, a.state, d.serial_number
    FROM attempts a LEFT JOIN devices d ON d.id = a.device_id
    WHERE a.device_id IN (SELECT value FROM json_each(@devices))
      AND (@attempts IS NULL OR a.id IN (SELECT value FROM json_each(@attempts)))
      AND (@since IS NULL OR (a.started_at >= @since AND a.started_at < @until))
    ORDER BY a.started_at, a.id`).all({
    devices: JSON.stringify(deviceIds),
    attempts: attemptIds ? JSON.stringify(attemptIds) : null,
    since: window?.since ?? null,
    until: window?.until ?? null,
  }) as AttemptRow[]
  const events = db.prepare('SELECT at, recorded_at, event FROM attempt_events WHERE attempt_id = ? ORDER BY id')
  return rows.map((row) => {
    const parsed = attemptStateSchema.safeParse(parseJson(row.state))
    const state = parsed.success ? parsed.data : null
    const failure = state?.outcome?.kind === 'failure' ? state.outcome : null
    return {
      id: row.id,
      deviceId: row.device_id,
      serialNumber: state?.serialNumber ?? row.serial_number ?? '',
      jobId: row.job_id,
      phase: state?.phase ?? row.phase,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      errorCode: failure ? (failure.code ?? failure.input) : row.error_code,
      state,
      events: (events.all(row.id) as Array<{ at: string; recorded_at: string; event: string }>).map((e) => ({ at: e.at, recordedAt: e.recorded_at, event: parseJson(e.event) })),
    }
  })
}
