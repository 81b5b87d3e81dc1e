import type Database from 'better-sqlite3'
import type { ExportScope } from '@shared/diagnostics-schemas'
import { AppFailure } from '../app-error'

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
const earliest = (times: unknown[], fallback: number) =>
  Math.min(fallback, ...times.map((t) => Date.parse(String(t))).filter((t) => !Number.isNaN(t)))

/**
 * Device: its attempts, logs since an hour before its first attempt (or the last 24 h).
 * Attempt: that attempt and its device, an hour either side. Job: devices on the job's bench, in
 * its manifest, or with its attempts, since the job was created. Day: what happened that UTC day.
 * The one-hour margins are ours (no reference says how much context support wants).
 */
export function resolveScope(db: Database.Database, scope: ExportScope, now: Date): ResolvedScope {
  const until = iso(now.getTime())
  switch (scope.kind) {
    case 'device': {
      const ids = db.prepare('SELECT id FROM devices WHERE id = lower(@q) OR upper(serial_number) = upper(@q) LIMIT 2').pluck().all({ q: scope.id }) as string[]
      if (ids.length === 0) throw new AppFailure('not-found', `No device ${scope.id} in the cache. Sync, or check the serial number.`)
      if (ids.length > 1) throw new AppFailure('conflict', `More than one device has serial number ${scope.id}; export by device id instead.`)
      const id = ids[0]!
      const starts = db.prepare('SELECT started_at FROM attempts WHERE device_id = ?').pluck().all(id)
      return { scope, deviceIds: [id], attemptIds: null, since: iso(earliest(starts, now.getTime() - 24 * hour) - hour), until }
    }
    case 'attempt': {
      // The attempt's own id (the UUID in its state, as the bench shows it) or the table's row id.
      const row = db.prepare(`SELECT id, device_id, started_at, ended_at FROM attempts
        WHERE json_extract(state, '$.id') = @q OR CAST(id AS TEXT) = @q LIMIT 1`).get({ q: scope.id }) as
        | { id: number; device_id: string; started_at: string; ended_at: string | null }
        | undefined
      if (!row) throw new AppFailure('not-found', `There is no attempt ${scope.id} on this bench.`)
      const end = row.ended_at ? Math.min(now.getTime(), Date.parse(row.ended_at) + hour) : now.getTime()
      return { scope, deviceIds: [row.device_id], attemptIds: [row.id], since: iso(Date.parse(row.started_at) - hour), until: iso(end) }
    }
    case 'job': {
      const job = db.prepare('SELECT created_at FROM bench_jobs WHERE id = ?').get(scope.id) as { created_at: string } | undefined
      if (!job) throw new AppFailure('not-found', 'This bench job does not exist (any more).')
      const ids = db.prepare(`SELECT device_id FROM attempts WHERE job_id = @job UNION SELECT device_id FROM bench_devices WHERE job_id = @job
        UNION SELECT d.id FROM devices d JOIN job_manifest m ON m.job_id = @job AND upper(d.serial_number) = m.serial_number`).pluck().all({ job: scope.id }) as string[]
      return { scope, deviceIds: ids, attemptIds: null, since: job.created_at, until }
    }
    case 'day': {
      const start = Date.parse(`${scope.id}T00:00:00.000Z`)
      if (Number.isNaN(start)) throw new AppFailure('invalid', `${scope.id} is not a day.`)
      const since = iso(start)
      const end = iso(start + 24 * hour)
      const ids = db.prepare(`SELECT device_id FROM attempts WHERE started_at >= @since AND started_at < @end
        UNION SELECT device_id FROM outbox WHERE created_at >= @since AND created_at < @end
        UNION SELECT device_id FROM audit_log WHERE device_id IS NOT NULL AND at >= @since AND at < @end`).pluck().all({ since, end }) as string[]
      return { scope, deviceIds: ids, attemptIds: null, since, until: end < until ? end : until }
    }
  }
}
