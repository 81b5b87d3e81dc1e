import type Database from 'better-sqlite3'
import type { IntuneAnswer } from '@shared/domain/intune-answer'
import type { CsvCheckReport, CsvFileSummary, HashCsvRow, RegistrationRow, RegistrationRowStatus, RegistrationState } from '@shared/registration-schemas'

export interface ImportRow {
  id: string
  createdAt: string
  confirmedAt: string | null
  finishedAt: string | null
  state: RegistrationState
  jobId: string | null
  waitingSince: string | null
  syncMessage: string | null
  syncDueAt: string | null
  message: string | null
  /** Intune's answer behind `message` when a try failed with one (migration 15). */
  intune: IntuneAnswer | null
  /** Tries in a row that failed, for any reason (the wait before the next grows with it). */
  failedTries: number
  /** Of those, the tries Intune answered with an error: the retry budget (upload-step.worker.ts, MAX_ERROR_TRIES). */
  errorTries: number
  /** When the next try is due after a failed one; null when none failed. */
  nextAttemptAt: string | null
  report: CsvCheckReport
  files: CsvFileSummary[]
}

export interface QueueRow extends RegistrationRow {
  productKey: string
  hardwareHash: string
  importedId: string | null
  submittedAt: string | null
}

const importColumns = `id, created_at AS createdAt, confirmed_at AS confirmedAt, finished_at AS finishedAt, state, job_id AS jobId,
  waiting_since AS waitingSince, sync_message AS syncMessage, sync_due_at AS syncDueAt, message, failed_tries AS failedTries,
  error_tries AS errorTries, next_attempt_at AS nextAttemptAt, intune_answer, report_json, files_json`
const rowColumns = `seq, file, line, serial_number AS serialNumber, product_key AS productKey, hardware_hash AS hardwareHash,
  group_tag AS groupTag, assigned_user AS assignedUser, batch, status, import_status AS importStatus, imported_id AS importedId,
  device_id AS deviceId, error_code AS errorCode, error_name AS errorName, submitted_at AS submittedAt, record_deleted AS recordDeleted,
  appeared_at AS appearedAt, profile_status AS profileStatus, joined_job AS joinedJob`

type RawImport = Omit<ImportRow, 'report' | 'files' | 'intune'> & { report_json: string; files_json: string; intune_answer: string | null }
type RawRow = Omit<QueueRow, 'recordDeleted' | 'joinedJob'> & { recordDeleted: number; joinedJob: number }

const toImport = (raw: RawImport | undefined): ImportRow | null => {
  if (!raw) return null
  const { report_json, files_json, intune_answer, ...rest } = raw
  return {
    ...rest,
    intune: intune_answer ? (JSON.parse(intune_answer) as IntuneAnswer) : null,
    report: JSON.parse(report_json) as CsvCheckReport,
    files: JSON.parse(files_json) as CsvFileSummary[],
  }
}
const toRow = (raw: RawRow): QueueRow => ({ ...raw, recordDeleted: raw.recordDeleted === 1, joinedJob: raw.joinedJob === 1 })

/** Hardware-hash imports (docs/registration.md): a checked draft, then the durable upload queue and each row's result. */
export function createRegistrationRepo(db: Database.Database) {
  const insertImport = db.prepare(`INSERT INTO registration_imports (id, created_at, state, report_json, files_json) VALUES (?, ?, 'draft', ?, ?)`)
  const insertRow = db.prepare(`INSERT INTO registration_rows (import_id, seq, file, line, serial_number, product_key, hardware_hash, group_tag, assigned_user)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const update = (
    id: string,
    fields: Partial<
      Record<
        | 'state'
        | 'confirmed_at'
        | 'finished_at'
        | 'job_id'
        | 'waiting_since'
        | 'sync_message'
        | 'sync_due_at'
        | 'message'
        | 'next_attempt_at'
        | 'intune_answer',
        string | null
      >
    > &
      Partial<Record<'failed_tries' | 'error_tries', number>>,
  ) => {
    const keys = Object.keys(fields)
    if (keys.length === 0) return
    db.prepare(`UPDATE registration_imports SET ${keys.map((key) => `${key} = @${key}`).join(', ')} WHERE id = @id`).run({ ...fields, id })
  }
  const rowUpdate = (importId: string, seq: number, fields: Record<string, string | number | null>) => {
    const keys = Object.keys(fields)
    db.prepare(`UPDATE registration_rows SET ${keys.map((key) => `${key} = @${key}`).join(', ')} WHERE import_id = @importId AND seq = @seq`).run({
      ...fields,
      importId,
      seq,
    })
  }
  return {
    /** A checked set of files: its rows wait, unsent, until the technician confirms. Older unconfirmed drafts go. */
    saveDraft: db.transaction((draft: { id: string; createdAt: string; report: CsvCheckReport; files: CsvFileSummary[]; rows: HashCsvRow[] }) => {
      db.prepare(`DELETE FROM registration_imports WHERE state = 'draft'`).run()
      insertImport.run(draft.id, draft.createdAt, JSON.stringify(draft.report), JSON.stringify(draft.files))
      draft.rows.forEach((row, seq) =>
        insertRow.run(draft.id, seq, row.file, row.line, row.serialNumber, row.productKey, row.hardwareHash, row.groupTag, row.assignedUser),
      )
    }),
    get: (id: string) => toImport(db.prepare(`SELECT ${importColumns} FROM registration_imports WHERE id = ?`).get(id) as RawImport | undefined),
    /** The check waiting for confirmation (there is at most one: saveDraft replaces it); null when none. */
    draft: () =>
      toImport(
        db.prepare(`SELECT ${importColumns} FROM registration_imports WHERE state = 'draft' ORDER BY created_at DESC LIMIT 1`).get() as RawImport | undefined,
      ),
    /** Forgets a check not confirmed: its rows (and their hashes) go with it. False when it is not a draft (any more). */
    discardDraft: (id: string) => db.prepare(`DELETE FROM registration_imports WHERE id = ? AND state = 'draft'`).run(id).changes > 0,
    /** Confirmed imports, newest first. */
    recent: (limit: number) =>
      (db.prepare(`SELECT ${importColumns} FROM registration_imports WHERE state <> 'draft' ORDER BY confirmed_at DESC LIMIT ?`).all(limit) as RawImport[]).map(
        (raw) => toImport(raw)!,
      ),
    /** Confirmed imports not finished, oldest first (in the order they were confirmed). */
    /**
     * The newest unfinished upload (Failed, under way, or waiting for its devices) with a row of this serial
     * that was not refused: its state, and whether Intune registered that row.
     */
    heldHash: (serial: string) => {
      const found = db
        .prepare(
          `SELECT i.id AS importId, i.state, i.created_at AS createdAt, r.status = 'complete' AS registered
            FROM registration_rows r JOIN registration_imports i ON i.id = r.import_id
            WHERE r.serial_number = ? COLLATE NOCASE AND i.state IN ('uploading', 'syncing', 'waiting', 'failed')
              AND r.status IN ('queued', 'submitting', 'submitted', 'complete')
            ORDER BY i.created_at DESC LIMIT 1`,
        )
        .get(serial.trim()) as { importId: string; state: string; createdAt: string; registered: number } | undefined
      return found ? { ...found, registered: found.registered === 1 } : null
    },
    /**
     * Rows this PC sent that Intune registered or may still register, of every upload not ended (under way, waiting
     * for its devices, or Failed and waiting for Retry): a new check refuses them (Intune would answer 806
     * ZtdDeviceAlreadyAssigned), though their devices are not in the cache yet. Rows Intune refused or timed out are not here.
     */
    uploadedHere: () =>
      db
        .prepare(
          `SELECT r.serial_number AS serialNumber, r.hardware_hash AS hardwareHash, r.status, r.submitted_at AS submittedAt,
              i.id AS importId, i.state, i.confirmed_at AS confirmedAt, n.total
            FROM registration_rows r JOIN registration_imports i ON i.id = r.import_id
              JOIN (SELECT import_id, count(*) AS total FROM registration_rows GROUP BY import_id) n ON n.import_id = i.id
            WHERE i.state IN ('uploading', 'syncing', 'waiting', 'failed') AND r.status IN ('queued', 'submitting', 'submitted', 'complete')
            ORDER BY i.confirmed_at`,
        )
        .all() as Array<{
        serialNumber: string
        hardwareHash: string
        status: RegistrationRowStatus
        submittedAt: string | null
        importId: string
        state: RegistrationState
        confirmedAt: string | null
        total: number
      }>,
    unfinished: () =>
      (
        db
          .prepare(`SELECT ${importColumns} FROM registration_imports WHERE state IN ('uploading', 'syncing', 'waiting') ORDER BY confirmed_at, id`)
          .all() as RawImport[]
      ).map((raw) => toImport(raw)!),
    confirm: (id: string, at: string, jobId: string | null) => update(id, { state: 'uploading', confirmed_at: at, job_id: jobId }),
    update,
    rows: (importId: string, limit = 1_000_000) =>
      (db.prepare(`SELECT ${rowColumns} FROM registration_rows WHERE import_id = ? ORDER BY seq LIMIT ?`).all(importId, limit) as RawRow[]).map(toRow),
    rowsWithStatus: (importId: string, statuses: readonly RegistrationRowStatus[]) =>
      (
        db
          .prepare(`SELECT ${rowColumns} FROM registration_rows WHERE import_id = ? AND status IN (${statuses.map(() => '?').join(', ')}) ORDER BY seq`)
          .all(importId, ...statuses) as RawRow[]
      ).map(toRow),
    /** Rows with a saved result whose imported record this app created and has not deleted yet. */
    recordsToDelete: (importId: string) =>
      (
        db
          .prepare(
            `SELECT ${rowColumns} FROM registration_rows WHERE import_id = ? AND imported_id IS NOT NULL AND record_deleted = 0 AND status IN ('complete', 'error', 'timeout') ORDER BY seq`,
          )
          .all(importId) as RawRow[]
      ).map(toRow),
    nextBatchNumber: (importId: string) =>
      ((db.prepare('SELECT max(batch) AS b FROM registration_rows WHERE import_id = ?').get(importId) as { b: number | null }).b ?? 0) + 1,
    markSubmitting: db.transaction((importId: string, seqs: number[], batch: number, at: string) => {
      for (const seq of seqs) rowUpdate(importId, seq, { status: 'submitting', batch, submitted_at: at })
    }),
    setRow: (importId: string, seq: number, fields: Record<string, string | number | null>) => rowUpdate(importId, seq, fields),
    counts(importId: string) {
      const rows = db
        .prepare(
          `SELECT status, count(*) AS n, sum(appeared_at IS NOT NULL) AS appeared, sum(profile_status = 'assigned') AS withProfile, sum(joined_job) AS joined
           FROM registration_rows WHERE import_id = ? GROUP BY status`,
        )
        .all(importId) as Array<{ status: RegistrationRowStatus; n: number; appeared: number; withProfile: number; joined: number }>
      const of = (...statuses: RegistrationRowStatus[]) => rows.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + r.n, 0)
      return {
        total: of('queued', 'submitting', 'submitted', 'complete', 'error', 'timeout'),
        queued: of('queued'),
        inProgress: of('submitting', 'submitted'),
        registered: of('complete'),
        failed: of('error', 'timeout'),
        appeared: rows.reduce((sum, r) => sum + (r.appeared ?? 0), 0),
        withProfile: rows.reduce((sum, r) => sum + (r.withProfile ?? 0), 0),
        joined: rows.reduce((sum, r) => sum + (r.joined ?? 0), 0),
      }
    },
    /** Hashes are sensitive: once an import is done its rows keep only what the report shows. */
    clearHashes: (importId: string) => db.prepare(`UPDATE registration_rows SET hardware_hash = '' WHERE import_id = ?`).run(importId),
  }
}

export type RegistrationRepo = ReturnType<typeof createRegistrationRepo>
