import type Database from 'better-sqlite3'
import { attemptStateSchema, type AttemptState } from '@shared/domain/attempt'
import { createDiagnosticsRepo } from '../repos/diagnostics-repo'

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
  /**
   * Set when the technician voided the attempt (a stray key, a test press): kept in the bundle as
   * evidence, but the summaries leave it out as the bench and the hand-over report do.
   */
  voided: { at: string; reason: string } | null
  events: Array<{ at: string; recordedAt: string; event: unknown }>
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

/** `$.voided` of a stored state ({at, reason}, written by the attempts repo), or null. */
function voidOf(state: unknown): ExportedAttempt['voided'] {
  const voided = state && typeof state === 'object' ? (state as { voided?: unknown }).voided : null
  if (!voided || typeof voided !== 'object') return null
  const { at, reason } = voided as { at?: unknown; reason?: unknown }
  return { at: typeof at === 'string' ? at : '', reason: typeof reason === 'string' ? reason : '' }
}

/**
 * Reads attempts straight from the schema v4 tables (`attempts` with `state`, `attempt_events`),
 * so the export does not depend on how the attempts repo is written. A state that does not parse
 * as an AttemptState (e.g. a pre-v4 row with `{}`) is exported as null, with the raw columns.
 */
export function readAttempts(
  db: Database.Database,
  deviceIds: string[],
  attemptIds: number[] | null,
  window: { since: string; until: string } | null,
): ExportedAttempt[] {
  const diagnostics = createDiagnosticsRepo(db)
  const rows = diagnostics.attempts(deviceIds, attemptIds, window)
  return rows.map((row) => {
    const raw = parseJson(row.state)
    // The schema drops `$.voided` (the reducer never reads it), so it is taken from the stored JSON itself.
    const parsed = attemptStateSchema.safeParse(raw)
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
      voided: voidOf(raw),
      events: diagnostics.attemptEvents(row.id).map((e) => ({ at: e.at, recordedAt: e.recorded_at, event: parseJson(e.event) })),
    }
  })
}
