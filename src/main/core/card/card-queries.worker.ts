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
import { readEntraFact, readIntuneDeviceFact, readUserRefusal } from './verify-online.worker'
import { createAuditLogRepo } from '../repos/audit-log-repo'
import { createPreferencesRepo } from '../repos/preferences-repo'

/**
 * The repositories the card's facts come from, made once per batch of cards: making a repository
 * prepares its statements, and the bench list reads the facts of every bench device at each refresh
 * (preparing per device was ~60 % of that time). The tenant-wide facts — profiles, groups, ESP,
 * domains, the bench network — are read once per batch too: one worker call is one consistent view.
 */
export interface CardReaders {
  devices: ReturnType<typeof createDevicesRepo>
  jobs: ReturnType<typeof createJobsRepo>
  bench: ReturnType<typeof createBenchRepo>
  users: ReturnType<typeof createUsersRepo>
  outbox: ReturnType<typeof createOutboxRepo>
  audit: ReturnType<typeof createAuditLogRepo>
  settings: ReturnType<typeof createTenantSettingsRepo>
  /** Facts that are the same for every device (read on first use). */
  tenant(): TenantFacts
}

type TenantFacts = Pick<
  CardFacts,
  'profiles' | 'profileAssignments' | 'groups' | 'espSynced' | 'espConfigurations' | 'espAssignments' | 'domains' | 'benchNetwork'
>

export function createCardReaders(db: Database.Database): CardReaders {
  const settings = createTenantSettingsRepo(db)
  let tenant: TenantFacts | null = null
  return {
    devices: createDevicesRepo(db),
    jobs: createJobsRepo(db),
    bench: createBenchRepo(db),
    users: createUsersRepo(db),
    outbox: createOutboxRepo(db),
    audit: createAuditLogRepo(db),
    settings,
    tenant() {
      if (!tenant) {
        const profiles = createProfilesRepo(db)
        const esp = createEspRepo(db)
        tenant = {
          profiles: profiles.list(),
          profileAssignments: profiles.assignments(),
          groups: profiles.groups(),
          espSynced: setting(settings, 'espSyncedAt') !== null,
          espConfigurations: esp.configurations(),
          espAssignments: esp.assignments(),
          domains: domainsOf(settings),
          benchNetwork: benchNetworkOf(db),
        }
      }
      return tenant
    },
  }
}

const setting = (settings: ReturnType<typeof createTenantSettingsRepo>, key: string): unknown => {
  const value = settings.get(key)
  if (value === null) return null
  try {
    return JSON.parse(value) as unknown
  } catch {
    return null
  }
}

function domainsOf(settings: ReturnType<typeof createTenantSettingsRepo>): CardFacts['domains'] {
  const value = setting(settings, 'verifiedDomains')
  if (!Array.isArray(value)) return null
  return value.flatMap((d: unknown) => {
    const { name, type } = (typeof d === 'object' && d !== null ? d : {}) as { name?: unknown; type?: unknown }
    return typeof name === 'string' && typeof type === 'string' ? [{ name: name.toLowerCase(), type }] : []
  })
}

/** The job the card checks against: the one asked for, else the device's job at the bench, else none. */
function jobFor(readers: CardReaders, deviceId: string, jobId: string | null): JobRow | null {
  const select = (id: string): JobRow | null => {
    const job = readers.jobs.get(id)
    return job
      ? { id: job.id, name: job.name, expected_profile_id: job.expectedProfileId, group_tag: job.groupTag, device_name_template: job.deviceNameTemplate }
      : null
  }
  if (jobId !== null) {
    const job = select(jobId)
    if (!job) throw new AppFailure('not-found', 'That bench job no longer exists. Pick another job, or none.')
    return job
  }
  const bench = readers.bench.placeOf(deviceId)
  return bench?.jobId ? select(bench.jobId) : null
}

/** The `bench.network` preference: 'wired' or 'wifi', else not set. */
function benchNetworkOf(db: Database.Database): 'wired' | 'wifi' | null {
  const value = createPreferencesRepo(db).get('bench.network')
  return value === 'wired' || value === 'wifi' ? value : null
}

/**
 * Reads every fact the card uses; null when the device is not in the cache. Pass `readers` when
 * reading many devices' facts in one call (createCardReaders).
 */
export function readCardFacts(db: Database.Database, deviceId: string, jobId: string | null, readers: CardReaders = createCardReaders(db)): CardFacts | null {
  const device = readers.devices.getRow(deviceId)
  if (!device) return null
  const job = jobFor(readers, deviceId, jobId)
  // Manifest serials are stored upper-case and trimmed (migrations.ts v4).
  const row = job ? readers.jobs.manifestFor(job.id, device.serial_number) : null
  const manifest = row ? { user_principal_name: row.userPrincipalName, addressable_user_name: row.addressableUserName, display_name: row.displayName } : null
  const upn = device.user_principal_name.trim()
  const userRow = upn ? readers.users.findByUpn(upn) : null
  const entraFact = readEntraFact(db, device.id, readers.settings)
  // Only an answer about the id the record links to now counts.
  const entra = entraFact && entraFact.entraDeviceId === device.entra_device_id.trim() ? entraFact : null
  const intuneFact = readIntuneDeviceFact(db, device.id, readers.settings)
  const intune = intuneFact && intuneFact.managedDeviceId === device.managed_device_id.trim() ? intuneFact : null
  // Only a refusal about the user assigned now counts, and only while the users cache has no answer of its own for them.
  const refusedUser = upn ? readUserRefusal(db, device.id, readers.settings) : null
  const userRefusal = refusedUser && refusedUser.userPrincipalName.toLowerCase() === upn.toLowerCase() && userRow?.licensed == null ? refusedUser : null
  return {
    device,
    pending: readers.outbox.pendingValues([device.id]).get(device.id) ?? [],
    ...readers.tenant(),
    job,
    manifest,
    user: userRow ? { licensed: userRow.licensed } : null,
    unblockedAt: readers.audit.lastAt('unblock-device', device.id),
    // A refused look-up (403) says nothing about whether the object exists.
    entraDeviceObjectExists: entra && !entra.refused ? entra.exists : null,
    refused: { entraObject: entra?.refused ?? null, userLicence: userRefusal?.refused ?? null },
    linked: {
      entra: entra
        ? { found: entra.exists, name: entra.displayName ?? null, ...(entra.refused ? { refused: entra.refused } : {}), checkedAt: entra.checkedAt }
        : null,
      intune: intune
        ? { found: intune.exists, name: intune.deviceName, ...(intune.refused ? { refused: intune.refused } : {}), checkedAt: intune.checkedAt }
        : null,
    },
  }
}
