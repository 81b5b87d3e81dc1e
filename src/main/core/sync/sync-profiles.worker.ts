import { setMaxListeners } from 'node:events'
import type Database from 'better-sqlite3'
import type { GraphClient, RequestContext } from '../graph/graph-client'
import { AppFailure } from '../app-error'
import { assignmentsOf, listExpandingAssignments } from '../graph/expanded-assignments'
import { nextLinkOf, pagingLoop } from '../graph/paging'
import { createRequestLanes } from '../graph/request-lanes'
import { eitherAborts } from '../graph/wait'
import { dateOrNull } from '../graph/device-mapper'
import { commitOpenBulkWrite } from './bulk-writer'
import { fetchDomains, fetchEsp, writeEsp, type EspFetch } from './sync-esp.worker'
import { fetchAppCatalogue, writeAppCatalogue, type AppCatalogueOutcome } from './sync-app-catalogue.worker'
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
  const name = path.replace(/\?.*$/, '').replace(/^.*\//, '')
  const out: Json[] = []
  const seen = new Set([graph.urlOf(path)])
  let next: string | null = path
  for (let page = 0; next; page++) {
    if (page >= 100) throw pagingLoop(name)
    const body: unknown = await graph.getJson(next, ctx)
    if (!isObject(body) || !Array.isArray(body.value)) throw new AppFailure('upstream', `Intune sent a page without a "value" list for ${path}.`)
    out.push(...body.value.filter(isObject))
    next = nextLinkOf(body, seen, name)
  }
  return out
}

/** What fetchDirectory read from Intune and Entra, for writeDirectory. */
export interface DirectoryFetch {
  profiles: Json[]
  assignments: Array<{ profileId: string; groupId: string; kind: string }>
  groups: Json[]
  settings: unknown
  esp: EspFetch | null
  domains: Array<{ name: string; type: string }> | null
  appCatalogue: AppCatalogueOutcome
}

/**
 * Requests of the directory in flight at once, besides the device pages (request-lanes.ts): the lists
 * (profiles, ESPs, domains, apps, settings, and each item's assignments where the expand is refused)
 * and, in their own lanes, the groups. Every group the profiles and ESPs target is asked for as soon
 * as it is known: 16 at once take a tenant's usual handful to a dozen-odd Autopilot groups in one
 * round trip (8 shared lanes took two on the demo tenant's 16), the order of the 20 requests Graph's
 * JSON batching takes at once, and far from its throttling limits.
 */
const listLanes = 8
const groupLanes = 16

/**
 * The data that explains why a device gets its profile: deployment profiles (both subtypes; old
 * and new OOBE property names kept as Graph sends them), their group assignments, the groups with
 * their membership rules, and the tenant's Autopilot settings (last manual sync, for the 10-minute
 * rule). Small, so each run replaces them whole. Also the Enrollment Status Pages with their
 * assignments (and the groups those target) and the tenant's verified domains, for the readiness
 * check; these two are optional extras: when Intune refuses them (e.g. a missing permission) the
 * sync goes on and the card says the ESP / federation is not known, rather than failing the sync.
 *
 * Some 15–30 small requests: one after another on a distant Graph (300 ms each) they took ~10 s
 * after the device pages (bench:sync, issue 19). So they go several at a time (the lanes above), each
 * read starting as soon as it is known (a group as soon as an assignment names it), and the full sync
 * runs all this while the device pages come in. The first failure rejects and stops the rest.
 *
 * `knownGroupIds` are the groups the last sync stored: asked for at once, alongside the lists, instead
 * of after the assignments name them, so a sync whose groups did not change reads the directory in one
 * round trip instead of two (what a small tenant waits for). Only the groups an assignment still names
 * are kept; a known group that is no longer assigned is read for nothing, and its failure is ignored.
 */
export async function fetchDirectory(beta: GraphClient, v1: GraphClient, ctx: RequestContext, knownGroupIds: readonly string[] = []): Promise<DirectoryFetch> {
  const stop = new AbortController()
  const signal = eitherAborts(ctx.signal, stop.signal)
  setMaxListeners(4 * (listLanes + groupLanes), signal)
  const laneCtx: RequestContext = { ...ctx, signal }
  const inLane = createRequestLanes(listLanes)
  const inGroupLane = createRequestLanes(groupLanes)
  const list = (graph: GraphClient, path: string) => inLane(() => listAll(graph, path, laneCtx))
  const optional = <T>(work: Promise<T>): Promise<T | null> =>
    work.catch((error: unknown) => {
      const code = (error as { code?: string }).code
      if (code === 'offline' || code === 'timeout' || code === 'cancelled') throw error
      return null
    })
  const groupReads = new Map<string, Promise<Json | null>>()
  const readGroup = (groupId: string) => {
    if (groupId === '*' || groupReads.has(groupId)) return
    const read = inGroupLane(() => v1.getJson(`/groups/${encodeURIComponent(groupId)}?$select=id,displayName,membershipRule,groupTypes`, laneCtx)).then(
      (group) => (isObject(group) ? group : null),
      (error: unknown) => {
        // A group deleted in Entra but still assigned: keep the assignment, say the group is missing.
        if ((error as { code?: string }).code === 'not-found') return { id: groupId, displayName: '(deleted group)', membershipRule: '' }
        throw error
      },
    )
    read.catch(() => undefined) // awaited below, with every other read
    groupReads.set(groupId, read)
  }
  const profilesWithAssignments = async () => {
    const profiles = await listExpandingAssignments((path) => list(beta, path), profilesPath)
    const perProfile = await Promise.all(
      profiles.map((profile) =>
        assignmentsOf(profile, (path) => list(beta, path), profilesPath).then((found) =>
          found.map((assignment) => {
            const target = isObject(assignment.target) ? assignment.target : {}
            const groupId = text(target.groupId)
            const kind = text(target['@odata.type']).toLowerCase().includes('exclusion') ? 'exclude' : groupId ? 'include' : 'all-devices'
            readGroup(groupId || '*')
            return { profileId: text(profile.id), groupId: groupId || '*', kind }
          }),
        ),
      ),
    )
    return { profiles, assignments: perProfile.flat() }
  }
  try {
    const reads = Promise.all([
      profilesWithAssignments(),
      optional(fetchEsp((path) => list(beta, path))).then((found) => {
        for (const assignment of found?.assignments ?? []) readGroup(assignment.groupId)
        return found
      }),
      optional(inLane(() => fetchDomains(v1, laneCtx))),
      fetchAppCatalogue((path) => list(beta, path)),
      inLane(() => beta.getJson(settingsPath, laneCtx)),
    ])
    for (const groupId of knownGroupIds) readGroup(groupId)
    const [{ profiles, assignments }, esp, domains, appCatalogue, settings] = await reads
    const groupIds = new Set([...assignments.map((a) => a.groupId), ...(esp?.assignments.map((a) => a.groupId) ?? [])].filter((id) => id !== '*'))
    const groups = (await Promise.all([...groupIds].map((groupId) => groupReads.get(groupId)!))).filter(isObject)
    return { profiles, assignments, groups, settings, esp, domains, appCatalogue }
  } finally {
    // After a failure: the reads still waiting for a lane or an answer stop at once.
    stop.abort()
  }
}

/** Replaces the cached directory with what fetchDirectory read, in one transaction. */
export function writeDirectory(db: Database.Database, fetched: DirectoryFetch, now: () => Date) {
  const { profiles, assignments, groups, settings, esp, domains, appCatalogue } = fetched
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
