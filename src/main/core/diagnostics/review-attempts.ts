import type { LogLine, ReviewAttempt } from '@shared/diagnostics-schemas'
import { attemptOutcome, relabelFailure } from '@shared/domain/attempt'

type Row = Record<string, unknown>
const str = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null)

/**
 * An attempt of attempts.json as the review shows it. Format 2 carries the reducer's state (its
 * timeline has the labels the bench showed); format 1 rows (started_at, outcome, error_code) are
 * read too, with a timeline made from their columns.
 */
export function toReviewAttempt(row: Row): ReviewAttempt {
  const state = (row.state && typeof row.state === 'object' ? row.state : null) as Row | null
  // A hand-edited or damaged bundle may hold anything in these lists: keep only objects.
  const objects = (value: unknown): Row[] => (Array.isArray(value) ? value.filter((v): v is Row => v !== null && typeof v === 'object') : [])
  const stateTimeline = Array.isArray(state?.timeline) ? objects(state.timeline) : null
  const events = objects(row.events)
  const timeline = stateTimeline
    ? // A failure's explanation comes from the code the label shows, never from the stored words (a bundle is editable text).
      stateTimeline.map((t) => ({ at: str(t.at) ?? '', type: str(t.type) ?? '', label: relabelFailure(str(t.label) ?? str(t.type) ?? '') }))
    : events.length
      ? events.map((e) => {
          const event = (e.event && typeof e.event === 'object' ? e.event : {}) as Row
          return { at: str(e.at) ?? '', type: str(event.type) ?? 'event', label: str(event.type) ?? 'event' }
        })
      : [
          { at: str(row.started_at) ?? '', type: 'started', label: 'Started' },
          ...(row.ended_at
            ? [{ at: str(row.ended_at) ?? '', type: str(row.outcome) ?? 'ended', label: `Ended: ${str(row.outcome) ?? 'unknown outcome'}` }]
            : []),
        ].filter((t) => t.at)
  const voided = row.voided && typeof row.voided === 'object' ? (row.voided as Row) : null
  const outcome = attemptOutcome(state)
  const nextAction = state?.nextAction && typeof state.nextAction === 'object' ? str((state.nextAction as Row).action) : null
  return {
    id: str(row.id) ?? '',
    deviceId: str(row.deviceId) ?? str(row.device_id) ?? '',
    serialNumber: str(row.serialNumber) ?? '',
    jobId: str(row.jobId) ?? str(row.job_id),
    phase: str(row.phase) ?? str(row.outcome) ?? 'unknown',
    startedAt: str(row.startedAt) ?? str(row.started_at) ?? '',
    errorCode: str(row.errorCode) ?? str(row.error_code),
    outcome,
    nextAction,
    // Bundles from before voided attempts were marked have no such field: null, as if none was voided.
    voided: voided ? { at: str(voided.at) ?? '', reason: str(voided.reason) ?? '' } : null,
    timeline,
  }
}

/** pino's numeric levels in words; anything else as given. */
const levelNames: Record<string, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' }

export function toLogLine(raw: string): LogLine {
  try {
    const parsed = JSON.parse(raw) as Row
    const level = str(parsed.level) ?? ''
    return { time: str(parsed.time) ?? '', level: levelNames[level] ?? (level || 'info'), msg: str(parsed.msg) ?? '', raw: raw.slice(0, 4000) }
  } catch {
    return { time: '', level: 'unreadable', msg: raw.slice(0, 500), raw: raw.slice(0, 4000) }
  }
}
