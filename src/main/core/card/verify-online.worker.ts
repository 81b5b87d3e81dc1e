import type Database from 'better-sqlite3'
import { hasManagedDevice } from '@shared/domain/readiness-reuse'
import type { GraphClient } from '../graph/graph-client'
import { createUsersRepo } from '../repos/users-repo'
import { createDevicesRepo } from '../repos/devices-repo'
import { createTenantSettingsRepo } from '../repos/tenant-settings-repo'
import { INTUNE_UNREACHABLE } from '../intune-unreachable'
import { lookupRefusal, type LookupRefusal, type RefusedLookup } from '@shared/domain/lookup-refusal'

/**
 * What the Autopilot record can't give: whether the device's Microsoft Entra object still exists (the
 * record keeps its Entra device id after the object is deleted — §6.3, 0x801C03F3) and its name, the
 * linked Intune device's name (the card shows both by name, as the admin center's Autopilot device
 * properties do, never as bare GUIDs), and whether the assigned user has a licence. Looked up online
 * when the card opens (docs/reference/graph-api.md B13 #12: `GET v1.0/devices?$filter=deviceId eq '…'`;
 * `GET v1.0/deviceManagement/managedDevices/{id}?$select=id,deviceName`; `GET v1.0/users/{upn}`), then kept:
 * the Entra answer under tenant_settings key `entraDevice:<autopilot id>`, the Intune device's under
 * `intuneDevice:<autopilot id>` (per-device facts in a key-value table, to avoid a schema change; see
 * docs/device-card.md), the user in the users cache. Each part fails on its own and then simply stays unknown.
 */
export const entraKey = (deviceId: string) => `entraDevice:${deviceId}`
export const intuneDeviceKey = (deviceId: string) => `intuneDevice:${deviceId}`
/** Graph's 403 on the user's licence look-up, kept per device (the users cache has no row for a user it could not read). */
export const userRefusedKey = (deviceId: string) => `userRefused:${deviceId}`
/** An answer younger than this is not asked again. */
export const ONLINE_FACT_FRESH_MS = 2 * 60_000
const FRESH_MS = ONLINE_FACT_FRESH_MS
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

export interface EntraFact {
  entraDeviceId: string
  exists: boolean
  /** The object's displayName; null when not found, or from an answer kept before names were asked. */
  displayName?: string | null
  /** Graph refused the look-up (403): `exists` says nothing then. */
  refused?: LookupRefusal | null
  checkedAt: string
}

/** The last look-up of the Intune device (managed device) the record links to. */
export interface IntuneDeviceFact {
  managedDeviceId: string
  /** False: Intune answered 404 for the id the record still links to. */
  exists: boolean
  /** Its deviceName; null when not found. */
  deviceName: string | null
  /** Graph refused the look-up (403): `exists` says nothing then. */
  refused?: LookupRefusal | null
  checkedAt: string
}

/** The last refused look-up of the assigned user (its licence). */
export interface UserRefusal {
  userPrincipalName: string
  refused: LookupRefusal
  checkedAt: string
}

export function readUserRefusal(db: Database.Database, deviceId: string, settings = createTenantSettingsRepo(db)): UserRefusal | null {
  const value = settings.get(userRefusedKey(deviceId))
  if (value === null) return null
  try {
    const fact = JSON.parse(value) as Partial<UserRefusal>
    return typeof fact.userPrincipalName === 'string' && typeof fact.checkedAt === 'string' && typeof fact.refused?.permission === 'string'
      ? (fact as UserRefusal)
      : null
  } catch {
    return null
  }
}

/** A Graph 403 (GraphError, code 'unauthorized' with status 403) read into what is missing; null for any other error. */
function refusalOf(error: unknown, lookup: RefusedLookup): LookupRefusal | null {
  const failure = error as { status?: number; message?: string }
  return failure.status === 403 ? lookupRefusal(lookup, failure.message ?? '') : null
}

/** The all-zero GUID (or nothing): Intune's way of saying the record links to no object (an Entra id as much as an Intune one). */
const noLinkedObject = (id: string) => !hasManagedDevice(id)

export function readEntraFact(db: Database.Database, deviceId: string, settings = createTenantSettingsRepo(db)): EntraFact | null {
  const value = settings.get(entraKey(deviceId))
  if (value === null) return null
  try {
    const fact = JSON.parse(value) as Partial<EntraFact>
    return typeof fact.exists === 'boolean' && typeof fact.entraDeviceId === 'string' && typeof fact.checkedAt === 'string' ? (fact as EntraFact) : null
  } catch {
    return null
  }
}

export function readIntuneDeviceFact(db: Database.Database, deviceId: string, settings = createTenantSettingsRepo(db)): IntuneDeviceFact | null {
  const value = settings.get(intuneDeviceKey(deviceId))
  if (value === null) return null
  try {
    const fact = JSON.parse(value) as Partial<IntuneDeviceFact>
    return typeof fact.exists === 'boolean' && typeof fact.managedDeviceId === 'string' && typeof fact.checkedAt === 'string'
      ? { ...(fact as IntuneDeviceFact), deviceName: typeof fact.deviceName === 'string' ? fact.deviceName : null }
      : null
  } catch {
    return null
  }
}

const isFresh = (iso: string | null | undefined, now: number) => !!iso && now - Date.parse(iso) < FRESH_MS

export type OnlinePart = 'entra' | 'intune-device' | 'user'

/**
 * What an online check of the device would ask now: the Entra object (and its name) when the record
 * names a real Entra device id and the last answer about that id is not fresh; the linked Intune
 * device's name likewise; the licence when a user is assigned and the users cache has no fresh answer.
 * Empty when there is nothing to ask (or no such device).
 */
export function staleParts(db: Database.Database, deviceId: string, now = Date.now()): OnlinePart[] {
  const device = createDevicesRepo(db).getRow(deviceId)
  if (!device) return []
  const parts: OnlinePart[] = []
  const entraId = device.entra_device_id.trim()
  const known = readEntraFact(db, deviceId)
  // An answer kept before names were asked (no displayName) is asked again, so the card can show the name.
  const knownWithName = known?.entraDeviceId === entraId && (!known.exists || typeof known.displayName === 'string')
  if (!noLinkedObject(entraId) && !(knownWithName && isFresh(known?.checkedAt, now))) parts.push('entra')
  const managedId = device.managed_device_id.trim()
  const knownIntune = readIntuneDeviceFact(db, deviceId)
  if (!noLinkedObject(managedId) && !(knownIntune?.managedDeviceId === managedId && isFresh(knownIntune.checkedAt, now))) parts.push('intune-device')
  const upn = device.user_principal_name.trim()
  const userRefused = readUserRefusal(db, deviceId)
  const refusedFresh = userRefused?.userPrincipalName.toLowerCase() === upn.toLowerCase() && isFresh(userRefused.checkedAt, now)
  if (upn && !refusedFresh && !isFresh(createUsersRepo(db).findByUpn(upn)?.fetchedAt, now)) parts.push('user')
  return parts
}

/**
 * Asks what is not fresh (staleParts). Returns which parts were asked online, and `offline` when
 * Intune could not be reached at all (no connection, no answer in time, not Graph: INTUNE_UNREACHABLE);
 * then the rest is not tried, since a hanging Intune would make each part wait its full timeout.
 */
export async function verifyOnline(db: Database.Database, v1: GraphClient, deviceId: string, correlationId: string, now = Date.now()) {
  const device = createDevicesRepo(db).getRow(deviceId)
  const asked: string[] = []
  let offline = false
  if (!device) return { asked, offline }
  const ctx = { correlationId }
  const part = async (work: () => Promise<void>) => {
    try {
      await work()
    } catch (error) {
      if (INTUNE_UNREACHABLE.has((error as { code?: string }).code ?? '')) offline = true
    }
  }
  const stale = staleParts(db, deviceId, now)
  const entraId = device.entra_device_id.trim()
  // A 403 is kept as what it is (the permission or role missing), not left unknown: "Refresh from Intune" never fixes it.
  const settings = createTenantSettingsRepo(db)
  if (stale.includes('entra'))
    await part(async () => {
      const filter = encodeURIComponent(`deviceId eq ${literal(entraId)}`)
      let body: { value?: unknown }
      try {
        body = (await v1.getJson(`/devices?$filter=${filter}&$select=id,deviceId,displayName`, ctx)) as { value?: unknown }
      } catch (error) {
        const refused = refusalOf(error, 'entra-device')
        if (!refused) throw error
        const fact: EntraFact = { entraDeviceId: entraId, exists: false, displayName: null, refused, checkedAt: new Date(now).toISOString() }
        settings.put(entraKey(deviceId), fact, fact.checkedAt)
        asked.push('entra')
        return
      }
      const found = Array.isArray(body?.value) ? (body.value[0] as { displayName?: unknown } | undefined) : undefined
      const displayName = typeof found?.displayName === 'string' ? found.displayName : null
      const fact: EntraFact = { entraDeviceId: entraId, exists: found !== undefined, displayName, checkedAt: new Date(now).toISOString() }
      createTenantSettingsRepo(db).put(entraKey(deviceId), fact, fact.checkedAt)
      asked.push('entra')
    })
  const managedId = device.managed_device_id.trim()
  if (stale.includes('intune-device') && !offline)
    await part(async () => {
      const keep = (exists: boolean, deviceName: string | null, refused: LookupRefusal | null = null) => {
        const fact: IntuneDeviceFact = { managedDeviceId: managedId, exists, deviceName, refused, checkedAt: new Date(now).toISOString() }
        createTenantSettingsRepo(db).put(intuneDeviceKey(deviceId), fact, fact.checkedAt)
        asked.push('intune-device')
      }
      try {
        const body = (await v1.getJson(`/deviceManagement/managedDevices/${encodeURIComponent(managedId)}?$select=id,deviceName`, ctx)) as {
          deviceName?: unknown
        }
        keep(true, typeof body?.deviceName === 'string' ? body.deviceName : null)
      } catch (error) {
        const refused = refusalOf(error, 'intune-device')
        if (refused) return keep(false, null, refused)
        // The record still links to an Intune device Intune no longer has (deleted there): said so, not left unknown.
        if ((error as { code?: string }).code !== 'not-found') throw error
        keep(false, null)
      }
    })
  const upn = device.user_principal_name.trim()
  if (stale.includes('user') && !offline)
    await part(async () => {
      let user: Record<string, unknown>
      try {
        user = (await v1.getJson(`/users/${encodeURIComponent(upn)}?$select=id,displayName,userPrincipalName,mail,assignedLicenses`, ctx)) as Record<
          string,
          unknown
        >
      } catch (error) {
        const refused = refusalOf(error, 'user')
        if (!refused) throw error
        const fact: UserRefusal = { userPrincipalName: upn, refused, checkedAt: new Date(now).toISOString() }
        settings.put(userRefusedKey(deviceId), fact, fact.checkedAt)
        asked.push('user')
        return
      }
      settings.remove(userRefusedKey(deviceId))
      if (typeof user.id === 'string' && typeof user.userPrincipalName === 'string') {
        createUsersRepo(db).save(
          [
            {
              id: user.id,
              userPrincipalName: user.userPrincipalName,
              displayName: typeof user.displayName === 'string' ? user.displayName : '',
              mail: typeof user.mail === 'string' ? user.mail : '',
              // Any licence counts, as in the user picker; which plans include Intune is not checked (docs/device-card.md).
              licensed: Array.isArray(user.assignedLicenses) ? user.assignedLicenses.length > 0 : null,
            },
          ],
          new Date(now).toISOString(),
        )
        asked.push('user')
      }
    })
  return { asked, offline }
}
