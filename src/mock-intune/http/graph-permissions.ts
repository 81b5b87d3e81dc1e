import { GraphError, IntuneError } from '../graph-errors'

/**
 * Which delegated permissions let a Graph call through, per endpoint and method (docs/mock-intune.md › What Graph
 * checks; the facts: docs/reference/identity.md §permissions, docs/reference/entra-protocol.md §E5). One table for the
 * mock's two refusals of a missing permission: `--auth entra`'s check of the token (entra/graph-gate.ts) and the
 * `403` fault (faults/faults.ts), so an injected 403 names the permissions the real call needs, not one list for all.
 * The mock imports no app code: the app keeps its own map (src/shared/domain/permissions.ts).
 */
export interface Requirement {
  /** Any one of these delegated permissions lets the call through (least privileged first, as Graph's pages list them). */
  anyOf: readonly string[]
  /** Intune endpoints also check the account's Intune role (directory endpoints do not). */
  intune: boolean
  write: boolean
}

const SC_READ = ['DeviceManagementServiceConfig.Read.All', 'DeviceManagementServiceConfig.ReadWrite.All']
const SC_WRITE = ['DeviceManagementServiceConfig.ReadWrite.All']
const MD_READ = ['DeviceManagementManagedDevices.Read.All', 'DeviceManagementManagedDevices.ReadWrite.All']
const MD_WRITE = ['DeviceManagementManagedDevices.ReadWrite.All']
const APPS_READ = ['DeviceManagementApps.Read.All', 'DeviceManagementApps.ReadWrite.All']
const DIRECTORY = ['Directory.Read.All', 'Directory.ReadWrite.All']

/**
 * The permission table, by the path's segments after the version. Undefined: the path is no resource the mock serves
 * (the router answers 404).
 */
export function requirementFor(method: string, segments: readonly string[]): Requirement | undefined {
  const write = method !== 'GET'
  const [first = '', second = ''] = segments.map((s) => s.toLowerCase())
  const last = (segments[segments.length - 1] ?? '').toLowerCase()
  if (first === 'devicemanagement') {
    if (second === 'manageddevices') return { anyOf: write ? MD_WRITE : MD_READ, intune: true, write }
    // Report exports: the docs name DeviceManagementConfiguration; the Autopilot report also opens to ServiceConfig (mock choice).
    if (second === 'reports') return { anyOf: ['DeviceManagementConfiguration.Read.All', ...SC_READ], intune: true, write: false }
    // allowNextEnrollment: Graph's page lists only the Read permission (docs/reference/entra-protocol.md §E5).
    if (write && last === 'allownextenrollment') return { anyOf: SC_READ, intune: true, write }
    return { anyOf: write ? SC_WRITE : SC_READ, intune: true, write }
  }
  if (first === 'deviceappmanagement') return { anyOf: APPS_READ, intune: true, write }
  if (first === 'users') return { anyOf: ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', ...DIRECTORY], intune: false, write }
  if (first === 'groups') return { anyOf: write ? ['Group.ReadWrite.All'] : ['Group.Read.All', 'Group.ReadWrite.All', ...DIRECTORY], intune: false, write }
  if (first === 'devices') return { anyOf: ['Device.Read.All', ...DIRECTORY], intune: false, write }
  if (first === 'organization' || first === 'me') return { anyOf: ['User.Read'], intune: false, write }
  return undefined
}

/**
 * Graph's answer to a call whose token lacks every permission of `requirement` (docs/reference/identity.md §errors):
 * Intune endpoints answer the Intune envelope naming the permissions ("Application must have one of the following
 * scopes: A, B"); directory endpoints answer Authorization_RequestDenied, which names none.
 */
export function missingPermissionError(requirement: Requirement, resourcePath: string): GraphError | IntuneError {
  if (!requirement.intune) return new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.')
  return new IntuneError(403, 'Forbidden', resourcePath, {
    detail: `Application is not authorized to perform this operation. Application must have one of the following scopes: ${requirement.anyOf.join(', ')}`,
  })
}
