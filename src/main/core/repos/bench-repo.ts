import type Database from 'better-sqlite3'
import type { BenchDevice, BenchRemoval, BenchStage } from '@shared/bench-schemas'
import { createAttemptsRepo, hasState, notVoided } from './attempts-repo'

interface Row {
  deviceId: string
  serialNumber: string
  manufacturer: string
  model: string
  jobId: string | null
  stage: BenchStage
  addedAt: string
  stageSince: string
  attemptCount: number
  manifestRows: number
  listed: number
  checkedAt: string | null
}

// LEFT JOIN: a device a sync dropped from the cache stays on the bench with the serial it was scanned with.
const columns = `b.device_id AS deviceId, b.serial_number AS serialNumber, COALESCE(d.manufacturer, '') AS manufacturer,
  COALESCE(d.model, '') AS model, d.synced_at AS checkedAt, b.job_id AS jobId, b.stage, b.added_at AS addedAt, b.stage_since AS stageSince,
  (SELECT count(*) FROM attempts a WHERE a.device_id = b.device_id AND ${hasState('a')} AND ${notVoided('a')}) AS attemptCount,
  (SELECT count(*) FROM job_manifest m WHERE m.job_id = b.job_id) AS manifestRows,
  EXISTS (SELECT 1 FROM job_manifest m WHERE m.job_id = b.job_id AND m.serial_number = upper(trim(b.serial_number))) AS listed`
const from = 'FROM bench_devices b LEFT JOIN devices d ON d.id = b.device_id'

/** The devices at the bench now (several in parallel); kept in SQLite so a restart loses none. */
export function createBenchRepo(db: Database.Database) {
  const attempts = createAttemptsRepo(db)
  const getOne = db.prepare(`SELECT ${columns} ${from} WHERE b.device_id = ?`)
  const listAll = db.prepare(`SELECT ${columns} ${from} ORDER BY b.added_at, b.device_id`)
  const listJob = db.prepare(`SELECT ${columns} ${from} WHERE b.job_id = ? ORDER BY b.added_at, b.device_id`)
  const byJob = db.prepare('SELECT device_id AS deviceId FROM bench_devices WHERE job_id = ?')
  // Re-adding (a second scan) moves the device to the given job but keeps its stage and place; with
  // no job given it keeps the one it has, so a plain scan never unassigns it.
  const upsert = db.prepare(`INSERT INTO bench_devices (device_id, job_id, serial_number, added_at, stage, stage_since)
    VALUES (@deviceId, @jobId, @serialNumber, @now, @stage, @now)
    ON CONFLICT (device_id) DO UPDATE SET job_id = COALESCE(excluded.job_id, bench_devices.job_id), serial_number = excluded.serial_number`)
  // A job keeps every device scanned for it, also once the device has moved on to another job.
  const visit = db.prepare(`INSERT OR IGNORE INTO bench_job_devices (job_id, device_id, serial_number, first_scanned_at)
    VALUES (@jobId, @deviceId, @serialNumber, @now)`)
  // Every scan, the first and each one after it: a day's diagnostics bundle holds the devices scanned that day.
  // One row per scan id: the second add of the same scan (its online refresh) is ignored (unique partial index, v14).
  const scanned = db.prepare('INSERT OR IGNORE INTO bench_scans (device_id, at, scan_id) VALUES (@deviceId, @now, @scanId)')
  const visitors = db.prepare(`SELECT v.device_id AS deviceId, v.serial_number AS serialNumber, j.name AS nowIn
    FROM bench_job_devices v LEFT JOIN bench_devices b ON b.device_id = v.device_id LEFT JOIN bench_jobs j ON j.id = b.job_id
    WHERE v.job_id = ? ORDER BY v.first_scanned_at, v.device_id`)
  // The same serial under another device id that left the cache: the device's old registration (a board
  // swap, deregistered and registered again). Its row goes when the new one comes; its attempts stay.
  const staleTwins = db.prepare(`SELECT b.device_id FROM bench_devices b LEFT JOIN devices d ON d.id = b.device_id
    WHERE upper(trim(b.serial_number)) = upper(trim(?)) AND b.device_id <> ? AND d.id IS NULL`)
  const setStage = db.prepare('UPDATE bench_devices SET stage = ?, stage_since = ? WHERE device_id = ? AND stage <> ?')
  const remove = db.prepare('DELETE FROM bench_devices WHERE device_id = ?')
  const row = db.prepare(`SELECT b.device_id AS deviceId, b.serial_number AS serialNumber, b.job_id AS jobId, b.added_at AS addedAt, b.stage,
    b.stage_since AS stageSince, v.first_scanned_at AS visitFirstScannedAt
    FROM bench_devices b LEFT JOIN bench_job_devices v ON v.device_id = b.device_id AND v.job_id = b.job_id WHERE b.device_id = ?`)
  const putBack = db.prepare(`INSERT INTO bench_devices (device_id, job_id, serial_number, added_at, stage, stage_since)
    VALUES (@deviceId, @jobId, @serialNumber, @addedAt, @stage, @stageSince)`)
  const revisit = db.prepare(`INSERT OR IGNORE INTO bench_job_devices (job_id, device_id, serial_number, first_scanned_at)
    VALUES (@jobId, @deviceId, @serialNumber, @visitFirstScannedAt)`)
  // "Remove from bench" takes a device scanned by mistake out of its job's report: so its visit to the job it is under goes too.
  const forgetVisit = db.prepare('DELETE FROM bench_job_devices WHERE device_id = ? AND job_id = (SELECT job_id FROM bench_devices WHERE device_id = ?)')
  const place = db.prepare('SELECT stage, job_id AS jobId FROM bench_devices WHERE device_id = ?')
  const moveStage = db.prepare('UPDATE bench_devices SET stage = ?, stage_since = ? WHERE device_id = ? AND stage = ?')
  const jobName = db.prepare('SELECT name FROM bench_jobs WHERE id = ?').pluck()
  const attemptsInJob = db.prepare(`SELECT count(*) FROM attempts a WHERE a.device_id = ? AND a.job_id = ? AND ${hasState('a')} AND ${notVoided('a')}`).pluck()
  // Scanned for another job after its latest attempt was resealed for this one: that stage is the old job's.
  const leaveResealed = db.prepare("UPDATE bench_devices SET stage = 'scanned', stage_since = ? WHERE device_id = ? AND stage = 'resealed'")
  /**
   * A device resealed for one job and then scanned for another: the latest attempt is the old job's. Shown as it
   * was, the new job's row read "■ Resealed · Box it and ship it" with the old job's attempts, and its hand-over
   * counted it Resealed with no attempt and no reseal time. For the new job it has not been provisioned: its
   * stage there is Scanned (the readiness badge says what a second pre-provisioning meets), and the old
   * attempt is named, not shown as this job's.
   */
  const resealedForAnotherJob = (jobId: string | null, latest: ReturnType<typeof attempts.latest>) =>
    jobId !== null && latest !== null && latest.jobId !== null && latest.jobId !== jobId && latest.state.phase === 'resealed'
  // A bench is tens of devices, so one latest-attempt read per device is cheap and keeps the SQL plain.
  const withAttempt = ({ attemptCount, manifestRows, listed, ...row }: Row): BenchDevice => {
    const latest = attempts.latest(row.deviceId)
    if (latest && resealedForAnotherJob(row.jobId, latest)) {
      return {
        ...row,
        stage: row.stage === 'resealed' ? 'scanned' : row.stage,
        attemptCount: attemptsInJob.get(row.deviceId, row.jobId) as number,
        manifest: manifestRows === 0 ? null : listed ? 'listed' : 'not-listed',
        readiness: null,
        attempt: null,
        resealedBefore: {
          jobId: latest.jobId!,
          jobName: (jobName.get(latest.jobId) as string | undefined) ?? null,
          attemptNumber: latest.attemptNumber,
          resealedAt: latest.state.resealedAt ?? null,
        },
      }
    }
    return {
      ...row,
      attemptCount,
      // A device scanned for a job whose order does not list it is flagged; no manifest, no flag.
      manifest: manifestRows === 0 ? null : listed ? 'listed' : 'not-listed',
      // The readiness badge is the card's rules, not a column: bench/bench-readiness.worker.ts adds it.
      readiness: null,
      attempt: latest ? { attemptNumber: latest.attemptNumber, deviceId: latest.deviceId, jobId: latest.jobId, state: latest.state, voided: null } : null,
    }
  }

  /** A row off the bench, with its visit to the job it is under (a stale twin, or "Remove from bench"): whether there was one. */
  const removeRow = (deviceId: string): boolean => {
    forgetVisit.run(deviceId, deviceId)
    return remove.run(deviceId).changes > 0
  }

  return {
    get: (deviceId: string) => {
      const row = getOne.get(deviceId) as Row | undefined
      return row ? withAttempt(row) : null
    },
    list: (jobId: string | null) => ((jobId === null ? listAll.all() : listJob.all(jobId)) as Row[]).map(withAttempt),
    deviceIdsOfJob: (jobId: string) => (byJob.all(jobId) as Array<{ deviceId: string }>).map((row) => row.deviceId),
    /**
     * Puts the device on the bench (or moves it to the job) and records the scan. `scanId` names the scan that
     * brought it (bench:add-device): a second call with the same id records no second scan. Without one, each
     * call is a scan of its own (an attempt's key, an upload joining a job).
     */
    put: (entry: { deviceId: string; jobId: string | null; serialNumber: string; now: string; stage?: BenchStage; scanId?: string | null }) => {
      for (const twin of staleTwins.pluck().all(entry.serialNumber, entry.deviceId) as string[]) removeRow(twin)
      const { scanId = null, ...row } = entry
      upsert.run({ stage: 'scanned', ...row })
      if (entry.jobId !== null && resealedForAnotherJob(entry.jobId, attempts.latest(entry.deviceId))) leaveResealed.run(entry.now, entry.deviceId)
      scanned.run({ deviceId: entry.deviceId, now: entry.now, scanId })
      if (entry.jobId !== null) visit.run({ jobId: entry.jobId, deviceId: entry.deviceId, serialNumber: entry.serialNumber, now: entry.now })
    },
    /** Every device ever scanned for the job, with the name of the job it is at the bench under now (null: none, or off the bench). */
    scannedFor: (jobId: string) => visitors.all(jobId) as Array<{ deviceId: string; serialNumber: string; nowIn: string | null }>,
    /** Moves the device to `stage` from `since`; unchanged stages keep their original time. */
    setStage: (deviceId: string, stage: BenchStage, since: string) => void setStage.run(stage, since, deviceId, stage),
    /** "Remove from bench": what it took away (for Undo), or null when the device was not at the bench. */
    remove: (deviceId: string): BenchRemoval | null =>
      db.transaction(() => {
        const removed = (row.get(deviceId) as BenchRemoval | undefined) ?? null
        removeRow(deviceId)
        return removed
      })(),
    /**
     * Undo of "Remove from bench": the row and the job visit exactly as they were (stage, its time, first scan);
     * the attempts never left. False when the device is at the bench again (scanned since). A job deleted meanwhile
     * is no job (as its deletion does to bench rows).
     */
    restore: (removed: BenchRemoval, jobExists: boolean): boolean =>
      db.transaction(() => {
        if (place.get(removed.deviceId)) return false
        const jobId = jobExists ? removed.jobId : null
        putBack.run({ ...removed, jobId })
        if (jobId !== null && removed.visitFirstScannedAt !== null) revisit.run({ ...removed, jobId })
        return true
      })(),
    /** Where the device is at the bench (stage and job) without its attempts; null when not at the bench. */
    placeOf: (deviceId: string) => (place.get(deviceId) as { stage: BenchStage; jobId: string | null } | undefined) ?? null,
    /** Moves the device from stage `from` to `to` since `since`, only if it is still in `from`; whether it moved. */
    moveStage: (deviceId: string, from: BenchStage, to: BenchStage, since: string) => moveStage.run(to, since, deviceId, from).changes > 0,
  }
}
