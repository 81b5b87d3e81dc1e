import type Database from 'better-sqlite3'
import type { GraphClient, RequestContext } from '../graph/graph-client'
import { createEspRepo } from '../repos/esp-repo'
import { assignmentsOf, listExpandingAssignments } from '../graph/expanded-assignments'

/**
 * Enrollment Status Page configurations (windows10EnrollmentCompletionPageConfiguration, a
 * deviceEnrollmentConfiguration subtype) with their assignments, and the tenant's verified domains
 * (which are federated), for the readiness check (docs/reference/autopilot.md §4.2, §1.4).
 * docs/reference/graph-api.md is silent on both ESP endpoints; we use the documented collection and its
 * `assignments` relationship, as the mock serves them (routes/enrollment-configurations.ts).
 */
const configurationsPath = '/deviceManagement/deviceEnrollmentConfigurations'
const ESP_TYPE = '#microsoft.graph.windows10enrollmentcompletionpageconfiguration'

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null
const text = (value: unknown) => (typeof value === 'string' ? value : '')
const flag = (value: unknown): number | null => (typeof value === 'boolean' ? (value ? 1 : 0) : null)

export interface EspFetch {
  configurations: Json[]
  assignments: Array<{ configurationId: string; groupId: string; kind: string }>
}

/** How an assignment target is stored: one group (include/exclude) or '*' for all devices / all users. */
export function targetKind(target: Json): { groupId: string; kind: string } {
  const type = text(target['@odata.type']).toLowerCase()
  const groupId = text(target.groupId)
  if (type.includes('exclusion')) return { groupId: groupId || '*', kind: 'exclude' }
  if (type.includes('alldevices')) return { groupId: '*', kind: 'all-devices' }
  if (type.includes('alllicensedusers') || type.includes('allusers')) return { groupId: '*', kind: 'all-users' }
  return { groupId: groupId || '*', kind: 'include' }
}

/** `listAll` pages one small collection (the sync's helper); the assignments come inline where Graph allows it. */
export async function fetchEsp(listAll: (path: string) => Promise<Json[]>): Promise<EspFetch> {
  const all = await listExpandingAssignments(listAll, configurationsPath)
  const configurations = all.filter((c) => text(c['@odata.type']).toLowerCase() === ESP_TYPE)
  // Inline, or a round trip per configuration side by side (the caller's listAll bounds how many at once).
  const perConfiguration = await Promise.all(configurations.map((config) => assignmentsOf(config, listAll, configurationsPath)))
  const assignments: EspFetch['assignments'] = configurations.flatMap((config, index) =>
    perConfiguration[index]!.map((assignment) => ({ configurationId: text(config.id), ...targetKind(isObject(assignment.target) ? assignment.target : {}) })),
  )
  return { configurations, assignments }
}

/**
 * The default ESP is the one Intune creates for "All users and all devices": priority 0 and an id
 * ending in DefaultWindows10EnrollmentCompletionPageConfiguration (as the mock and the Graph
 * examples show it; the domain reference only says it is "assigned to all devices", §4.2).
 */
export const isDefaultEsp = (config: Json): boolean => /defaultwindows10enrollmentcompletionpageconfiguration$/i.test(text(config.id)) || config.priority === 0

/** Replaces the ESP tables; call inside the sync's transaction. */
export function writeEsp(db: Database.Database, esp: EspFetch, at: string) {
  const rows = esp.configurations.map((c) => {
    const details = {
      installProgressTimeoutInMinutes: c.installProgressTimeoutInMinutes ?? null,
      blockDeviceSetupRetryByUser: c.blockDeviceSetupRetryByUser ?? null,
      allowDeviceResetOnInstallFailure: c.allowDeviceResetOnInstallFailure ?? null,
      customErrorMessage: c.customErrorMessage ?? null,
      createdDateTime: c.createdDateTime ?? null,
    }
    // "Turn on log collection and diagnostics page for end users" is Graph's allowLogCollectionOnInstallFailure.
    return {
      id: text(c.id),
      display_name: text(c.displayName),
      priority: typeof c.priority === 'number' ? c.priority : 0,
      is_default: isDefaultEsp(c) ? 1 : 0,
      show_progress: flag(c.showInstallationProgress),
      log_collection: flag(c.allowLogCollectionOnInstallFailure),
      details: JSON.stringify(details),
    }
  })
  createEspRepo(db).replaceAll(
    rows,
    esp.assignments.map((a) => ({ configuration_id: a.configurationId, group_id: a.groupId, kind: a.kind })),
    at,
  )
}

/** The tenant's verified domains with their type (Managed / Federated), from GET /v1.0/organization. */
export async function fetchDomains(v1: GraphClient, ctx: RequestContext): Promise<Array<{ name: string; type: string }>> {
  const body: unknown = await v1.getJson('/organization?$select=id,verifiedDomains', ctx)
  const orgs = isObject(body) && Array.isArray(body.value) ? body.value.filter(isObject) : []
  return orgs
    .flatMap((org) => (Array.isArray(org.verifiedDomains) ? org.verifiedDomains.filter(isObject) : []))
    .map((d) => ({ name: text(d.name).toLowerCase(), type: text(d.type) }))
    .filter((d) => d.name !== '')
}
