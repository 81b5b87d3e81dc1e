import { GraphError, IntuneError } from '../graph-errors'
import type { AccessRequest, Gate, TenantRoutes } from '../http/handle-request'
import type { EntraTenant } from './entra-tenants'
import { GRAPH_APP_ID, GRAPH_RESOURCE } from './identity-provider'
import { verifyJwt, type SigningKey } from './jwt'

/**
 * The mock Graph's side of `--auth entra` (docs/mock-intune.md › What Graph checks): the bearer token
 * must be a JWT signed by the mock identity provider, for Graph, unexpired, of a known tenant; then the
 * endpoint's delegated permission and, on Intune endpoints, the account's Intune role. The tenant comes
 * from the token's `tid`, so one tenant's token never reaches another tenant's data.
 */

const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"'
const unauthorised = (message: string) => new GraphError(401, 'InvalidAuthenticationToken', message, { 'WWW-Authenticate': WWW_AUTHENTICATE })

/** Graph tolerates this much clock skew on nbf/iat (docs/reference/entra-protocol.md §E7: mock choice, exp is strict). */
const SKEW_S = 300

export interface Requirement {
  /** Any one of these delegated permissions lets the call through. */
  anyOf: readonly string[]
  /** Intune endpoints also check the account's Intune role (directory endpoints do not). */
  intune: boolean
  write: boolean
}

const SC_READ = ['DeviceManagementServiceConfig.Read.All', 'DeviceManagementServiceConfig.ReadWrite.All']
const SC_WRITE = ['DeviceManagementServiceConfig.ReadWrite.All']
const MD_READ = ['DeviceManagementManagedDevices.Read.All', 'DeviceManagementManagedDevices.ReadWrite.All']
const MD_WRITE = ['DeviceManagementManagedDevices.ReadWrite.All']

/**
 * The permission table (docs/reference/entra-protocol.md §E5). Undefined: the path is no resource the
 * mock serves, and the router answers 404.
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
  if (first === 'deviceappmanagement') return { anyOf: ['DeviceManagementApps.Read.All'], intune: true, write }
  if (first === 'users') return { anyOf: ['User.ReadBasic.All', 'User.Read.All'], intune: false, write }
  if (first === 'groups') return { anyOf: write ? ['Group.ReadWrite.All'] : ['Group.Read.All', 'Group.ReadWrite.All'], intune: false, write }
  if (first === 'devices') return { anyOf: ['Device.Read.All'], intune: false, write }
  if (first === 'organization' || first === 'me') return { anyOf: ['User.Read'], intune: false, write }
  return undefined
}

export interface GateTenant {
  tenant: EntraTenant
  routes: TenantRoutes
}

export function entraGate(
  tenants: readonly GateTenant[],
  keys: readonly SigningKey[],
  issuer: (tenantId: string) => string,
  now: () => number = Date.now,
): Gate {
  return (authorization: string | undefined, request: AccessRequest) => {
    if (request.signedDownload) {
      // A signed export link carries no token; the tenant is the one that made the export.
      const id = (request.segments[1] ?? '').toLowerCase()
      const owner = tenants.find((t) => t.tenant.state.exportJobs.has(id)) ?? tenants[0]
      if (!owner) throw new GraphError(404, 'ResourceNotFound', 'No tenant.')
      return { tenant: owner.routes, throttleKey: 'signed-download' }
    }
    const match = /^\s*bearer\s+(.*?)\s*$/i.exec(authorization ?? '')
    const token = match?.[1] ?? ''
    if (token === '') throw unauthorised('Access token is empty.')
    if (!token.includes('.')) throw unauthorised('CompactToken parsing failed with error code: 80049217')
    const checked = verifyJwt(token, keys)
    if (!checked.ok) throw unauthorised('Access token validation failure.')
    const claims = checked.claims
    if (claims.aud !== GRAPH_RESOURCE && claims.aud !== `${GRAPH_RESOURCE}/` && claims.aud !== GRAPH_APP_ID) {
      throw unauthorised('Access token validation failure. Invalid audience.')
    }
    const owner = tenants.find((t) => t.tenant.id === claims.tid)
    if (!owner || claims.iss !== issuer(owner.tenant.id)) throw unauthorised('Access token validation failure.')
    const nowS = now() / 1000
    if (typeof claims.exp !== 'number' || claims.exp <= nowS) throw unauthorised('Lifetime validation failed, the token is expired.')
    const notBefore = typeof claims.nbf === 'number' ? claims.nbf : typeof claims.iat === 'number' ? claims.iat : 0
    if (notBefore > nowS + SKEW_S) throw unauthorised('Lifetime validation failed, the token is not yet valid.')
    const account = owner.tenant.accounts.find((a) => a.oid === claims.oid)
    if (!account) throw unauthorised('Access token validation failure.')
    const throttleKey = `${owner.tenant.id}/${String(claims.appid)}`
    if (request.area === 'sim') return { tenant: owner.routes, throttleKey }
    const requirement = requirementFor(request.method, request.segments)
    if (requirement) {
      const scopes = typeof claims.scp === 'string' ? claims.scp.split(' ').map((s) => s.toLowerCase()) : []
      const resourcePath = request.segments.join('/')
      if (!requirement.anyOf.some((p) => scopes.includes(p.toLowerCase()))) {
        if (!requirement.intune) throw new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.')
        throw new IntuneError(403, 'Forbidden', resourcePath, {
          detail: `Application is not authorized to perform this operation. Application must have one of the following scopes: ${requirement.anyOf.join(', ')}`,
        })
      }
      if (requirement.intune && (account.role === 'none' || (requirement.write && account.role === 'readOnly'))) {
        throw new IntuneError(403, 'Forbidden', resourcePath, { detail: 'User is not authorized to perform this operation' })
      }
    }
    return { tenant: owner.routes, throttleKey }
  }
}
