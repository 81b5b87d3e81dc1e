import type Database from 'better-sqlite3'
import type { GraphClient, RequestContext } from '../graph/graph-client'
import { AppFailure } from '../app-error'
import { nextLinkOf, pagingLoop } from '../graph/paging'
import { dateOrNull } from '../graph/device-mapper'
import { commitOpenBulkWrite } from './bulk-writer'
import { fetchDomains, fetchEsp, writeEsp, type EspFetch } from './sync-esp.worker'
import { fetchAppCatalogue, writeAppCatalogue } from './sync-app-catalogue.worker'
import { createProfilesRepo } from '../repos/profiles-repo'
import { createTenantSettingsRepo } from '../repos/tenant-settings-repo'

const profilesPath = '/deviceManagement/windowsAutopilotDeploymentProfiles'
const settingsPath = '/deviceManagement/windowsAutopilotSettings'

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null
const text = (value: unknown) => (typeof value === 'string' ? value : '')

/**
 * Every page of a small collection (profiles, assignments), following nextLink verbatim; a repeated
 * link or more than 100 pages ends with 'paging-loop' rather than a silently partial list (which
 * would replace the cached one). docs/reference/graph-api.md B2, B11, B14.
 */
async function listAll(graph: GraphClient, path: string, ctx: RequestContext): Promise<Json[]> {
  const out: Json[] = []
  const seen = new Set([graph.urlOf(path)])
  let next: string | null = path
  for (let page = 0; next; page++) {
    if (page >= 100) throw pagingLoop(path.replace(/^.*\//, ''))
    const body: unknown = await graph.getJson(next, ctx)
    if (!isObject(body) || !Array.isArray(body.value)) throw new AppFailure('upstream', `Intune sent a page without a "value" list for ${path}.`)
    out.push(...body.value.filter(isObject))
    next = nextLinkOf(body, seen, path.replace(/^.*\//, ''))
  }
  return out
}

/**
 * The data that explains why a device gets its profile: deployment profiles (both subtypes; old
 * and new OOBE property names kept as Graph sends them), their group assignments, the groups with
 * their membership rules, and the tenant's Autopilot settings (last manual sync, for the 10-minute
 * rule). Small, so each run replaces them whole. Also the Enrollment Status Pages with their
 * assignments (and the groups those target) and the tenant's verified domains, for the readiness
 * check; these two are optional extras: when Intune refuses them (e.g. a missing permission) the
 * sync goes on and the card says the ESP / federation is not known, rather than failing the sync.
 */
export async function syncProfilesAndGroups(db: Database.Database, beta: GraphClient, v1: GraphClient, ctx: RequestContext, now: () => Date) {
  const profiles = await listAll(beta, profilesPath, ctx)
  const assignments: Array<{ profileId: string; groupId: string; kind: string }> = []
  for (const profile of profiles) {
    for (const assignment of await listAll(beta, `${profilesPath}/${encodeURIComponent(text(profile.id))}/assignments`, ctx)) {
      const target = isObject(assignment.target) ? assignment.target : {}
      const groupId = text(target.groupId)
      const kind = text(target['@odata.type']).toLowerCase().includes('exclusion') ? 'exclude' : groupId ? 'include' : 'all-devices'
      assignments.push({ profileId: text(profile.id), groupId: groupId || '*', kind })
    }
  }
  const optional = <T>(work: Promise<T>): Promise<T | null> =>
    work.catch((error: unknown) => {
      const code = (error as { code?: string }).code
      if (code === 'offline' || code === 'timeout') throw error
      return null
    })
  const esp: EspFetch | null = await optional(fetchEsp((path) => listAll(beta, path, ctx)))
  const domains = await optional(fetchDomains(v1, ctx))
  const appCatalogue = await fetchAppCatalogue((path) => listAll(beta, path, ctx))
  const groupIds = [...assignments.map((a) => a.groupId), ...(esp?.assignments.map((a) => a.groupId) ?? [])]
  const groups: Json[] = []
  for (const groupId of new Set(groupIds.filter((id) => id !== '*'))) {
    const group = await v1.getJson(`/groups/${encodeURIComponent(groupId)}?$select=id,displayName,membershipRule,groupTypes`, ctx).catch((error: unknown) => {
      // A group deleted in Entra but still assigned: keep the assignment, say the group is missing.
      if ((error as { code?: string }).code === 'not-found') return { id: groupId, displayName: '(deleted group)', membershipRule: '' }
      throw error
    })
    if (isObject(group)) groups.push(group)
  }
  const settings = await beta.getJson(settingsPath, ctx)
  const at = now().toISOString()
  commitOpenBulkWrite(db)
  const profileRows = profiles.map((p) => {
    const type = text(p['@odata.type'])
    const preProvisioning =
      typeof p.preprovisioningAllowed === 'boolean' ? p.preprovisioningAllowed : typeof p.enableWhiteGlove === 'boolean' ? p.enableWhiteGlove : null
    const details = {
      outOfBoxExperienceSettings: p.outOfBoxExperienceSettings ?? null,
      outOfBoxExperienceSetting: p.outOfBoxExperienceSetting ?? null,
      deviceType: p.deviceType ?? null,
    }
    return {
      id: text(p.id),
      display_name: text(p.displayName),
      odata_type: type,
      join_type: type.toLowerCase().includes('activedirectory') ? 'hybrid' : 'entra',
      pre_provisioning_allowed: preProvisioning === null ? null : preProvisioning ? 1 : 0,
      device_name_template: text(p.deviceNameTemplate),
      created_at: dateOrNull(p.createdDateTime),
      details: JSON.stringify(details),
    }
  })
  const profilesRepo = createProfilesRepo(db)
  const tenantSettings = createTenantSettingsRepo(db)
  const apps = db.transaction(() => {
    profilesRepo.replaceAll(
      profileRows,
      assignments.map((a) => ({ profile_id: a.profileId, group_id: a.groupId, kind: a.kind })),
      groups.map((g) => ({ id: text(g.id), display_name: text(g.displayName), membership_rule: text(g.membershipRule) })),
      at,
    )
    if (isObject(settings)) {
      for (const key of ['lastManualSyncTriggerDateTime', 'lastSyncDateTime', 'syncStatus']) tenantSettings.put(key, settings[key] ?? null, at)
    }
    // 'espSyncedAt' tells "no ESP targets the device" apart from "the ESPs were never read".
    if (esp) {
      writeEsp(db, esp, at)
      tenantSettings.put('espSyncedAt', at, at)
    }
    if (domains) tenantSettings.put('verifiedDomains', domains, at)
    return writeAppCatalogue(db, appCatalogue, at)
  })()
  return {
    profiles: profiles.length,
    assignments: assignments.length,
    groups: groups.length,
    esp: esp?.configurations.length ?? null,
    apps: apps.state === 'synced' ? apps.count : null,
    // Logged with 'sync complete': why app names are missing (e.g. the permission), without failing the sync.
    ...(apps.message ? { appNames: apps.message } : {}),
  }
}
