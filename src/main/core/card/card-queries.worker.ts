import type Database from 'better-sqlite3'
import { AppFailure } from '../app-error'
import { createOutboxRepo } from '../repos/outbox-repo'
import type { CardFacts, DeviceRowFull, JobRow, ManifestRow } from './card-facts'
import type { EspAssignmentRow, EspRow } from './esp-targeting'
import type { ProfileRow } from './profile-rows'
import { readEntraFact } from './verify-online.worker'

const setting = (db: Database.Database, key: string): unknown => {
  const row = db.prepare('SELECT value FROM tenant_settings WHERE key = ?').get(key) as { value: string } | undefined
  if (!row) return null
  try {
    return JSON.parse(row.value) as unknown
  } catch {
    return null
  }
}

function domainsOf(db: Database.Database): CardFacts['domains'] {
  const value = setting(db, 'verifiedDomains')
  if (!Array.isArray(value)) return null
  return value.flatMap((d: unknown) => {
    const { name, type } = (typeof d === 'object' && d !== null ? d : {}) as { name?: unknown; type?: unknown }
    return typeof name === 'string' && typeof type === 'string' ? [{ name: name.toLowerCase(), type }] : []
  })
}

/** The job the card checks against: the one asked for, else the device's job at the bench, else none. */
function jobFor(db: Database.Database, deviceId: string, jobId: string | null): JobRow | null {
  const select = 'SELECT id, name, expected_profile_id, group_tag, device_name_template FROM bench_jobs WHERE id = ?'
  if (jobId !== null) {
    const job = db.prepare(select).get(jobId) as JobRow | undefined
    if (!job) throw new AppFailure('not-found', 'That bench job no longer exists. Pick another job, or none.')
    return job
  }
  const bench = db.prepare('SELECT job_id FROM bench_devices WHERE device_id = ?').get(deviceId) as { job_id: string | null } | undefined
  return bench?.job_id ? ((db.prepare(select).get(bench.job_id) as JobRow | undefined) ?? null) : null
}

/** Reads every fact the card uses; null when the device is not in the cache. */
export function readCardFacts(db: Database.Database, deviceId: string, jobId: string | null): CardFacts | null {
  const device = db.prepare(`SELECT id, serial_number, manufacturer, model, group_tag, purchase_order, user_principal_name, addressable_user_name,
    display_name, profile_status, profile_id, profile_assigned_at, enrollment_state, remediation_state, userless_enrollment_status,
    managed_device_id, entra_device_id, last_contacted_at, synced_at FROM devices WHERE id = ?`).get(deviceId) as DeviceRowFull | undefined
  if (!device) return null
  const job = jobFor(db, deviceId, jobId)
  // Manifest serials are stored upper-case and trimmed (migrations.ts v4).
  const manifest = job
    ? ((db.prepare('SELECT user_principal_name, addressable_user_name, display_name FROM job_manifest WHERE job_id = ? AND serial_number = ?')
        .get(job.id, device.serial_number.trim().toUpperCase()) as ManifestRow | undefined) ?? null)
    : null
  const upn = device.user_principal_name.trim()
  const userRow = upn
    ? (db.prepare('SELECT licensed FROM users WHERE user_principal_name = ? COLLATE NOCASE LIMIT 1').get(upn) as { licensed: number | null } | undefined)
    : undefined
  const entra = readEntraFact(db, device.id)
  return {
    device,
    pending: createOutboxRepo(db).pendingValues([device.id]).get(device.id) ?? [],
    profiles: db.prepare('SELECT * FROM profiles ORDER BY display_name').all() as ProfileRow[],
    profileAssignments: db.prepare('SELECT profile_id, group_id, kind FROM profile_assignments').all() as CardFacts['profileAssignments'],
    groups: db.prepare('SELECT id, display_name, membership_rule FROM device_groups').all() as CardFacts['groups'],
    espSynced: setting(db, 'espSyncedAt') !== null,
    espConfigurations: db.prepare('SELECT id, display_name, priority, is_default, show_progress, log_collection FROM esp_configurations').all() as EspRow[],
    espAssignments: db.prepare('SELECT configuration_id, group_id, kind FROM esp_assignments').all() as EspAssignmentRow[],
    job,
    manifest,
    user: userRow ? { licensed: userRow.licensed === null ? null : userRow.licensed === 1 } : null,
    domains: domainsOf(db),
    // Only an answer about the Entra device id the record has now counts.
    entraDeviceObjectExists: entra && entra.entraDeviceId === device.entra_device_id.trim() ? entra.exists : null,
  }
}
