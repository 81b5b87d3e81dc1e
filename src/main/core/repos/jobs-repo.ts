import type Database from 'better-sqlite3'
import type { BenchJob, ManifestRow } from '@shared/bench-schemas'

export interface JobFields {
  name: string
  purchaseOrder: string
  expectedProfileId: string | null
  groupTag: string
  deviceNameTemplate: string
}

// The profile name comes from the synced profiles cache; null when the profile is not (yet) cached.
const jobColumns = `j.id, j.name, j.purchase_order AS purchaseOrder, j.tenant_id AS tenantId,
  j.expected_profile_id AS expectedProfileId, p.display_name AS expectedProfileName, j.group_tag AS groupTag,
  j.device_name_template AS deviceNameTemplate, j.created_at AS createdAt, j.closed_at AS closedAt,
  (SELECT count(*) FROM job_manifest m WHERE m.job_id = j.id) AS manifestRows`
const jobFrom = 'FROM bench_jobs j LEFT JOIN profiles p ON p.id = j.expected_profile_id'

/** Bench jobs (customer / purchase orders) and their manifests. */
export function createJobsRepo(db: Database.Database) {
  const getOne = db.prepare(`SELECT ${jobColumns} ${jobFrom} WHERE j.id = ?`)
  const listOpen = db.prepare(`SELECT ${jobColumns} ${jobFrom} WHERE j.closed_at IS NULL ORDER BY j.created_at DESC, j.id`)
  const listAll = db.prepare(`SELECT ${jobColumns} ${jobFrom} ORDER BY j.closed_at IS NOT NULL, j.created_at DESC, j.id`)
  const insert = db.prepare(`INSERT INTO bench_jobs (id, name, purchase_order, tenant_id, expected_profile_id, group_tag, device_name_template, created_at)
    VALUES (@id, @name, @purchaseOrder, @tenantId, @expectedProfileId, @groupTag, @deviceNameTemplate, @createdAt)`)
  const update = db.prepare(`UPDATE bench_jobs SET name = @name, purchase_order = @purchaseOrder, expected_profile_id = @expectedProfileId,
    group_tag = @groupTag, device_name_template = @deviceNameTemplate WHERE id = @id`)
  const close = db.prepare('UPDATE bench_jobs SET closed_at = COALESCE(closed_at, ?) WHERE id = ?')
  const clearManifest = db.prepare('DELETE FROM job_manifest WHERE job_id = ?')
  const putRow = db.prepare(`INSERT INTO job_manifest (job_id, serial_number, user_principal_name, addressable_user_name, display_name)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT (job_id, serial_number) DO UPDATE SET user_principal_name = excluded.user_principal_name,
    addressable_user_name = excluded.addressable_user_name, display_name = excluded.display_name`)
  const removeRow = db.prepare('DELETE FROM job_manifest WHERE job_id = ? AND serial_number = ?')
  const manifest = db.prepare(`SELECT serial_number AS serialNumber, user_principal_name AS userPrincipalName,
    addressable_user_name AS addressableUserName, display_name AS displayName FROM job_manifest WHERE job_id = ? ORDER BY serial_number`)
  const manifestRow = db.prepare(`SELECT serial_number AS serialNumber, user_principal_name AS userPrincipalName,
    addressable_user_name AS addressableUserName, display_name AS displayName FROM job_manifest WHERE job_id = ? AND serial_number = ?`)

  return {
    get: (id: string) => (getOne.get(id) as BenchJob | undefined) ?? null,
    list: (includeClosed: boolean) => (includeClosed ? listAll : listOpen).all() as BenchJob[],
    insert: (job: JobFields & { id: string; tenantId: string; createdAt: string }) => void insert.run(job),
    /** False when there is no such job. */
    update: (id: string, fields: JobFields) => update.run({ ...fields, id }).changes > 0,
    /** Closing keeps the job and its history for reports; closing twice keeps the first time. */
    close: (id: string, at: string) => close.run(at, id).changes > 0,
    /** One transaction: a failure leaves the previous manifest as it was. */
    putManifest: db.transaction((jobId: string, rows: readonly ManifestRow[], replace: boolean) => {
      if (replace) clearManifest.run(jobId)
      for (const row of rows) putRow.run(jobId, row.serialNumber, row.userPrincipalName, row.addressableUserName, row.displayName)
    }),
    removeManifestRow: (jobId: string, serial: string) => removeRow.run(jobId, serial).changes > 0,
    manifest: (jobId: string) => manifest.all(jobId) as ManifestRow[],
    manifestFor: (jobId: string, serial: string) => (manifestRow.get(jobId, serial.trim().toUpperCase()) as ManifestRow | undefined) ?? null,
  }
}
