import type Database from 'better-sqlite3'
import type { ExportScope } from '@shared/diagnostics-schemas'
import { dayWindow } from '@shared/domain/day-window'
import { AppFailure } from '../app-error'
import { createDiagnosticsRepo } from '../repos/diagnostics-repo'
import { createJobsRepo } from '../repos/jobs-repo'

/** What one export covers, resolved against the cache: which devices, which attempts, which time window. */
export interface ResolvedScope {
  scope: ExportScope
  deviceIds: string[]
  /** null: every attempt of the devices (inside the window). */
  attemptIds: number[] | null
  /** Log lines, audit and outbox entries from `since` up to `until` (ISO). */
  since: string
  until: string
}

const hour = 3600_000
const iso = (ms: number) => new Date(ms).toISOString()
const earliest = (times: unknown[], fallback: number) => Math.min(fallback, ...times.map((t) => Date.parse(String(t))).filter((t) => !Number.isNaN(t)))

/**
 * Device: its attempts, logs since an hour before its first attempt (or the last 24 h).
 * Attempt: that attempt and its device, an hour either side. Job: devices on the job's bench, in
 * its manifest, or with its attempts, since the job was created, and the job's own attempts only. Day: what happened from one
 * midnight to the next on the bench's clock (its time zone; UTC when none is given), scans onto the
 * bench included.
 * The one-hour margins are ours (no reference says how much context support wants).
 */
export function resolveScope(db: Database.Database, scope: ExportScope, now: Date): ResolvedScope {
  const until = iso(now.getTime())
  const diagnostics = createDiagnosticsRepo(db)
  switch (scope.kind) {
    case 'device': {
      const ids = diagnostics.deviceIdsMatching(scope.id)
      if (ids.length === 0) throw new AppFailure('not-found', `No device ${scope.id} in the cache. Sync, or check the serial number.`)
      if (ids.length > 1) throw new AppFailure('conflict', `More than one device has serial number ${scope.id}; export by device id instead.`)
      const id = ids[0]!
      const starts = diagnostics.attemptStartsOf(id)
      return { scope, deviceIds: [id], attemptIds: null, since: iso(earliest(starts, now.getTime() - 24 * hour) - hour), until }
    }
    case 'attempt': {
      // The attempt's own id (the UUID in its state, as the bench shows it) or the table's row id.
      const row = diagnostics.attemptByRef(scope.id)
      if (!row) throw new AppFailure('not-found', `There is no attempt ${scope.id} on this bench.`)
      const end = row.ended_at ? Math.min(now.getTime(), Date.parse(row.ended_at) + hour) : now.getTime()
      return { scope, deviceIds: [row.device_id], attemptIds: [row.id], since: iso(Date.parse(row.started_at) - hour), until: iso(end) }
    }
    case 'job': {
      const job = createJobsRepo(db).get(scope.id)
      if (!job) throw new AppFailure('not-found', 'This bench job does not exist (any more).')
      const ids = diagnostics.deviceIdsOfJob(scope.id)
      // Its own attempts only: another job's failure on a device it shares was this job's summary QR.
      return { scope, deviceIds: ids, attemptIds: diagnostics.attemptIdsOfJob(scope.id), since: job.createdAt, until }
    }
    case 'day': {
      const day = dayWindow(scope.id, scope.timeZone)
      if (!day) throw new AppFailure('invalid', `${scope.id} is not a day${scope.timeZone ? ` in ${scope.timeZone}` : ''}.`)
      const since = iso(day.start)
      const end = iso(day.end)
      const ids = diagnostics.deviceIdsActiveBetween(since, end)
      return { scope, deviceIds: ids, attemptIds: null, since, until: end < until ? end : until }
    }
  }
}
