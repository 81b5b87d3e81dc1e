import type Database from 'better-sqlite3'
import { createMobileAppsRepo, type MobileAppRow } from '../repos/mobile-apps-repo'
import { createTenantSettingsRepo } from '../repos/tenant-settings-repo'

/**
 * The tenant's app catalogue (Intune mobileApps, docs/reference/graph-api.md §C1): names for the app
 * GUIDs the ESP tracks, so diagnostics read as names. It needs DeviceManagementApps.Read.All, which
 * nothing else in the app needs, so it is an optional step: refused (403) or otherwise failed, it is
 * recorded as "app names unavailable" and the sync goes on; the cached catalogue stays as it was.
 */
export const APPS_PATH = '/deviceAppManagement/mobileApps?$select=id,displayName'
export const APP_NAMES_PERMISSION = 'DeviceManagementApps.Read.All'
/** tenant_settings key: the last outcome of the step. */
export const APP_CATALOGUE_KEY = 'appCatalogue'

type Json = Record<string, unknown>
const text = (value: unknown) => (typeof value === 'string' ? value : '')
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type AppCatalogueOutcome = { ok: true; apps: MobileAppRow[] } | { ok: false; message: string }

export interface AppCatalogueStatus {
  state: 'synced' | 'unavailable'
  /** Apps cached by the last successful read. */
  count: number
  /** Why names are unavailable (what to grant), or null. */
  message: string | null
  at: string
}

/** Reads every page (`listAll` is the sync's pager); never throws except for offline/timeout, which end the sync anyway. */
export async function fetchAppCatalogue(listAll: (path: string) => Promise<Json[]>): Promise<AppCatalogueOutcome> {
  try {
    const items = await listAll(APPS_PATH)
    const apps = items
      .map((a) => ({
        id: text(a.id).toLowerCase(),
        display_name: text(a.displayName).trim(),
        app_type: text(a['@odata.type']).replace(/^#microsoft\.graph\./, ''),
      }))
      .filter((a) => GUID.test(a.id) && a.display_name !== '')
    return { ok: true, apps }
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string }
    if (code === 'offline' || code === 'timeout' || code === 'cancelled') throw error
    const why =
      code === 'unauthorized'
        ? `App names unavailable: needs ${APP_NAMES_PERMISSION} (Intune answered 403).`
        : `App names unavailable: ${message ?? 'the app list could not be read'}.`
    return { ok: false, message: why }
  }
}

/** Stores the outcome; call inside the sync's transaction. A failure keeps the last catalogue. */
export function writeAppCatalogue(db: Database.Database, outcome: AppCatalogueOutcome, at: string): AppCatalogueStatus {
  const repo = createMobileAppsRepo(db)
  if (outcome.ok) repo.replaceAll(outcome.apps, at)
  const status: AppCatalogueStatus = outcome.ok
    ? { state: 'synced', count: outcome.apps.length, message: null, at }
    : { state: 'unavailable', count: repo.count(), message: outcome.message, at }
  createTenantSettingsRepo(db).put(APP_CATALOGUE_KEY, status, at)
  return status
}

/** The last recorded outcome, or null before the first sync. */
export function readAppCatalogueStatus(db: Database.Database): AppCatalogueStatus | null {
  const raw = createTenantSettingsRepo(db).get(APP_CATALOGUE_KEY)
  if (raw === null) return null
  try {
    return JSON.parse(raw) as AppCatalogueStatus
  } catch {
    return null
  }
}

/** Names for app ids (any case) from the cached catalogue, with the catalogue's last outcome. */
export function appNamesFor(db: Database.Database, ids: readonly string[]): { names: Record<string, string>; status: AppCatalogueStatus | null } {
  return { names: createMobileAppsRepo(db).namesFor(ids), status: readAppCatalogueStatus(db) }
}
