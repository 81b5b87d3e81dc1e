import type Database from 'better-sqlite3'
import type { GraphClient } from '../graph/graph-client'
import { createUsersRepo } from '../repos/users-repo'
import { createDevicesRepo } from '../repos/devices-repo'
import { createTenantSettingsRepo } from '../repos/tenant-settings-repo'
import { INTUNE_UNREACHABLE } from '../intune-unreachable'

/**
 * Two readiness facts the Autopilot record can't give: whether the device's Microsoft Entra object
 * still exists (the record keeps its Entra device id after the object is deleted — §6.3, 0x801C03F3)
 * and whether the assigned user has a licence. Looked up online when the card opens (docs/reference/graph-api.md
 * B13 #12: `GET v1.0/devices?$filter=deviceId eq '…'`; `GET v1.0/users/{upn}`), then kept:
 * the Entra answer under tenant_settings key `entraDevice:<autopilot id>` (a per-device fact in a
 * key-value table, to avoid a schema change; see docs/device-card.md), the user in the users cache.
 * Each part fails on its own and then simply stays unknown.
 */
export const entraKey = (deviceId: string) => `entraDevice:${deviceId}`
/** An answer younger than this is not asked again. */
export const ONLINE_FACT_FRESH_MS = 2 * 60_000
const FRESH_MS = ONLINE_FACT_FRESH_MS
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`

export interface EntraFact {
  entraDeviceId: string
  exists: boolean
  checkedAt: string
}

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

const isFresh = (iso: string | null | undefined, now: number) => !!iso && now - Date.parse(iso) < FRESH_MS

export type OnlinePart = 'entra' | 'user'

/**
 * What an online check of the device would ask now: the Entra object when the record names a real
 * Entra device id and the last answer about that id is not fresh; the licence when a user is assigned
 * and the users cache has no fresh answer. Empty when there is nothing to ask (or no such device).
 */
export function staleParts(db: Database.Database, deviceId: string, now = Date.now()): OnlinePart[] {
  const device = createDevicesRepo(db).getRow(deviceId)
  if (!device) return []
  const parts: OnlinePart[] = []
  const entraId = device.entra_device_id.trim()
  const known = readEntraFact(db, deviceId)
  if (entraId && !/^[0-]*$/.test(entraId) && !(known?.entraDeviceId === entraId && isFresh(known.checkedAt, now))) parts.push('entra')
  const upn = device.user_principal_name.trim()
  if (upn && !isFresh(createUsersRepo(db).findByUpn(upn)?.fetchedAt, now)) parts.push('user')
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
  if (stale.includes('entra'))
    await part(async () => {
      const filter = encodeURIComponent(`deviceId eq ${literal(entraId)}`)
      const body = (await v1.getJson(`/devices?$filter=${filter}&$select=id,deviceId`, ctx)) as { value?: unknown }
      const exists = Array.isArray(body?.value) && body.value.length > 0
      const fact: EntraFact = { entraDeviceId: entraId, exists, checkedAt: new Date(now).toISOString() }
      createTenantSettingsRepo(db).put(entraKey(deviceId), fact, fact.checkedAt)
      asked.push('entra')
    })
  const upn = device.user_principal_name.trim()
  if (stale.includes('user') && !offline)
    await part(async () => {
      const user = (await v1.getJson(`/users/${encodeURIComponent(upn)}?$select=id,displayName,userPrincipalName,mail,assignedLicenses`, ctx)) as Record<
        string,
        unknown
      >
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
