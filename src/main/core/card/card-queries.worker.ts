import type Database from 'better-sqlite3'
import { AppFailure } from '../app-error'
import { createOutboxRepo } from '../repos/outbox-repo'
import { createTenantSettingsRepo } from '../repos/tenant-settings-repo'
import { createJobsRepo } from '../repos/jobs-repo'
import { createBenchRepo } from '../repos/bench-repo'
import { createDevicesRepo } from '../repos/devices-repo'
import { createUsersRepo } from '../repos/users-repo'
import { createProfilesRepo } from '../repos/profiles-repo'
import { createEspRepo } from '../repos/esp-repo'
import type { CardFacts, JobRow } from './card-facts'
import { readEntraFact } from './verify-online.worker'
import { createAuditLogRepo } from '../repos/audit-log-repo'
import { createPreferencesRepo } from '../repos/preferences-repo'

const setting = (db: Database.Database, key: string): unknown => {
  const value = createTenantSettingsRepo(db).get(key)
  if (value === null) return null
  try {
    return JSON.parse(value) as unknown
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
  const jobs = createJobsRepo(db)
  const select = (id: string): JobRow | null => {
    const job = jobs.get(id)
    return job
      ? { id: job.id, name: job.name, expected_profile_id: job.expectedProfileId, group_tag: job.groupTag, device_name_template: job.deviceNameTemplate }
      : null
  }
  if (jobId !== null) {
    const job = select(jobId)
    if (!job) throw new AppFailure('not-found', 'That bench job no longer exists. Pick another job, or none.')
    return job
  }
  const bench = createBenchRepo(db).placeOf(deviceId)
  return bench?.jobId ? select(bench.jobId) : null
}

/** The `bench.network` preference: 'wired' or 'wifi', else not set. */
function benchNetworkOf(db: Database.Database): 'wired' | 'wifi' | null {
  const value = createPreferencesRepo(db).get('bench.network')
  return value === 'wired' || value === 'wifi' ? value : null
}

/** Reads every fact the card uses; null when the device is not in the cache. */
export function readCardFacts(db: Database.Database, deviceId: string, jobId: string | null): CardFacts | null {
  const device = createDevicesRepo(db).getRow(deviceId)
  if (!device) return null
  const job = jobFor(db, deviceId, jobId)
  // Manifest serials are stored upper-case and trimmed (migrations.ts v4).
  const row = job ? createJobsRepo(db).manifestFor(job.id, device.serial_number) : null
  const manifest = row ? { user_principal_name: row.userPrincipalName, addressable_user_name: row.addressableUserName, display_name: row.displayName } : null
  const upn = device.user_principal_name.trim()
  const userRow = upn ? createUsersRepo(db).findByUpn(upn) : null
  const entra = readEntraFact(db, device.id)
  const profiles = createProfilesRepo(db)
  const esp = createEspRepo(db)
  return {
    device,
    pending: createOutboxRepo(db).pendingValues([device.id]).get(device.id) ?? [],
    profiles: profiles.list(),
    profileAssignments: profiles.assignments(),
    groups: profiles.groups(),
    espSynced: setting(db, 'espSyncedAt') !== null,
    espConfigurations: esp.configurations(),
    espAssignments: esp.assignments(),
    job,
    manifest,
    user: userRow ? { licensed: userRow.licensed } : null,
    domains: domainsOf(db),
    unblockedAt: createAuditLogRepo(db).lastAt('unblock-device', device.id),
    benchNetwork: benchNetworkOf(db),
    // Only an answer about the Entra device id the record has now counts.
    entraDeviceObjectExists: entra && entra.entraDeviceId === device.entra_device_id.trim() ? entra.exists : null,
  }
}
