import type Database from 'better-sqlite3'

type Row = Record<string, unknown>

/** An attempts row as a diagnostics bundle exports it (schema v4 columns plus the device's serial). */
export interface ExportAttemptRow {
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

/**
 * What a diagnostics export reads: resolving its scope (which devices, which attempts, which time
 * window) and the rows it bundles. Read-only; no table holding secrets is read.
 */
export function createDiagnosticsRepo(db: Database.Database) {
  let events: Database.Statement | undefined
  const inWindow = (column: string) => `device_id IN (SELECT value FROM json_each(@ids)) AND ${column} >= @since AND ${column} < @until`
  /**
   * An attempt under way in [@since, `end`): started before its end, and ended (or, still open, started) after
   * its start; or one with an event declared in the window (resealed, confirmed or given its next step the day
   * after it ended, or still open from an earlier day).
   */
  const underWay = (table: string, end: string) =>
    `((${table}.started_at < ${end} AND COALESCE(${table}.ended_at, ${table}.started_at) >= @since)
      OR EXISTS (SELECT 1 FROM attempt_events e WHERE e.attempt_id = ${table}.id AND e.at >= @since AND e.at < ${end}))`
  return {
    /** Devices whose id or (case-insensitive) serial number is `q`; at most 2, to tell a unique match from an ambiguous one. */
    deviceIdsMatching: (q: string) =>
      db.prepare('SELECT id FROM devices WHERE id = lower(@q) OR upper(serial_number) = upper(@q) LIMIT 2').pluck().all({ q }) as string[],
    /** started_at of every attempt of the device (any order). */
    attemptStartsOf: (deviceId: string) => db.prepare('SELECT started_at FROM attempts WHERE device_id = ?').pluck().all(deviceId),
    /** An attempt by its own id (the UUID in its state) or the table's row id. */
    attemptByRef: (q: string) =>
      db
        .prepare(
          `SELECT id, device_id, started_at, ended_at FROM attempts
        WHERE json_extract(state, '$.id') = @q OR CAST(id AS TEXT) = @q LIMIT 1`,
        )
        .get({ q }) as { id: number; device_id: string; started_at: string; ended_at: string | null } | undefined,
    /** The job's own attempts (row ids): a device that moved on to another job brings none of that job's. */
    attemptIdsOfJob: (jobId: string) => db.prepare('SELECT id FROM attempts WHERE job_id = ?').pluck().all(jobId) as number[],
    /** Devices with the job's attempts, on its bench (now, or scanned for it and moved on since), or in its manifest. */
    deviceIdsOfJob: (jobId: string) =>
      db
        .prepare(
          `SELECT device_id FROM attempts WHERE job_id = @job UNION SELECT device_id FROM bench_devices WHERE job_id = @job
        UNION SELECT device_id FROM bench_job_devices WHERE job_id = @job
        UNION SELECT d.id FROM devices d JOIN job_manifest m ON m.job_id = @job AND upper(d.serial_number) = m.serial_number`,
        )
        .pluck()
        .all({ job: jobId }) as string[],
    /**
     * Devices scanned onto the bench (the first time or again: bench_scans), moved to a new stage there,
     * with an attempt under way, a change queued or an audit entry in [since, end). A device scanned and
     * never provisioned (a blocked, re-used one sent back) is part of the day's work as much as one that
     * was; so is an attempt that began before midnight UTC and ended after it (4 PM at a bench in
     * California), and a device first scanned on an earlier day and scanned or provisioned again on this one.
     */
    deviceIdsActiveBetween: (since: string, end: string) =>
      db
        .prepare(
          `SELECT device_id FROM bench_devices WHERE (added_at >= @since AND added_at < @end) OR (stage_since >= @since AND stage_since < @end)
        UNION SELECT device_id FROM bench_scans WHERE at >= @since AND at < @end
        UNION SELECT device_id FROM attempts WHERE ${underWay('attempts', '@end')}
        UNION SELECT device_id FROM outbox WHERE created_at >= @since AND created_at < @end
        UNION SELECT device_id FROM audit_log WHERE device_id IS NOT NULL AND at >= @since AND at < @end`,
        )
        .pluck()
        .all({ since, end }) as string[],
    /** The devices' cached rows, serial order. */
    devices: (deviceIds: string[]) =>
      db
        .prepare(
          `SELECT id, serial_number AS serialNumber, manufacturer, model, group_tag AS groupTag, purchase_order AS purchaseOrder,
    user_principal_name AS userPrincipalName, addressable_user_name AS addressableUserName, display_name AS displayName,
    profile_status AS profileStatus, profile_id AS profileId, profile_assigned_at AS profileAssignedAt, enrollment_state AS enrollmentState,
    remediation_state AS remediationState, userless_enrollment_status AS userlessEnrollmentStatus, managed_device_id AS managedDeviceId,
    entra_device_id AS entraDeviceId, last_contacted_at AS lastContactedAt, synced_at AS syncedAt
    FROM devices WHERE id IN (SELECT value FROM json_each(?)) ORDER BY serial_number LIMIT 100000`,
        )
        .all(JSON.stringify(deviceIds)) as Row[],
    /** The devices' outbox entries created in [since, until), in order. */
    outbox: (deviceIds: string[], since: string, until: string) =>
      db.prepare(`SELECT * FROM outbox WHERE ${inWindow('created_at')} ORDER BY id`).all({ ids: JSON.stringify(deviceIds), since, until }) as Row[],
    /** The devices' audit entries in [since, until), in order. */
    audit: (deviceIds: string[], since: string, until: string) =>
      db.prepare(`SELECT * FROM audit_log WHERE ${inWindow('at')} ORDER BY id`).all({ ids: JSON.stringify(deviceIds), since, until }) as Row[],
    /**
     * The devices' attempts (only `attemptIds` when given; only those under way in the window when
     * given: started before its end, and ended, or started if still open, after its start), by start
     * time, straight from the v4 columns.
     */
    attempts: (deviceIds: string[], attemptIds: number[] | null, window: { since: string; until: string } | null) =>
      db
        .prepare(
          `SELECT a.id, a.device_id, a.job_id, a.phase, a.started_at, a.ended_at, a.error_code, a.state, d.serial_number
    FROM attempts a LEFT JOIN devices d ON d.id = a.device_id
    WHERE a.device_id IN (SELECT value FROM json_each(@devices))
      AND (@attempts IS NULL OR a.id IN (SELECT value FROM json_each(@attempts)))
      AND (@since IS NULL OR (${underWay('a', '@until')}))
    ORDER BY a.started_at, a.id`,
        )
        .all({
          devices: JSON.stringify(deviceIds),
          attempts: attemptIds ? JSON.stringify(attemptIds) : null,
          since: window?.since ?? null,
          until: window?.until ?? null,
        }) as ExportAttemptRow[],
    /** Serials the bench and the job manifests hold for these devices (the bench keeps its own copy). */
    benchSerials: (deviceIds: string[]) =>
      db
        .prepare(
          `SELECT serial_number FROM bench_devices WHERE device_id IN (SELECT value FROM json_each(@ids))
        UNION SELECT m.serial_number FROM job_manifest m JOIN devices d ON upper(d.serial_number) = m.serial_number
          AND d.id IN (SELECT value FROM json_each(@ids))`,
        )
        .pluck()
        .all({ ids: JSON.stringify(deviceIds) }) as string[],
    /** The job manifest's users for these serials (case-insensitive), for redaction. */
    manifestUsers: (serials: string[]) =>
      db
        .prepare(
          `SELECT user_principal_name AS userPrincipalName, addressable_user_name AS addressableUserName FROM job_manifest
        WHERE serial_number IN (SELECT upper(value) FROM json_each(?))`,
        )
        .all(JSON.stringify(serials)) as Array<{ userPrincipalName: string; addressableUserName: string }>,
    /** The user cache's rows for these UPNs or mail addresses (case-insensitive): object id, display name, mail — for redaction. */
    usersNamed: (upns: string[]) =>
      db
        .prepare(
          `SELECT id, user_principal_name AS userPrincipalName, display_name AS displayName, mail FROM users
        WHERE lower(user_principal_name) IN (SELECT lower(value) FROM json_each(@upns)) OR lower(mail) IN (SELECT lower(value) FROM json_each(@upns))`,
        )
        .all({ upns: JSON.stringify(upns) }) as Array<{ id: string; userPrincipalName: string; displayName: string; mail: string }>,
    /** The attempt's events in the order they were recorded (one statement, prepared on first use, for every attempt). */
    attemptEvents: (attemptId: number) =>
      (events ??= db.prepare('SELECT at, recorded_at, event FROM attempt_events WHERE attempt_id = ? ORDER BY id')).all(attemptId) as Array<{
        at: string
        recorded_at: string
        event: string
      }>,
  }
}
