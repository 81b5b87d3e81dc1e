import { GraphError, IntuneError } from '../graph-errors'
import type { AccessRequest, Gate, TenantRoutes } from '../http/handle-request'
import { missingPermissionError, requirementFor } from '../http/graph-permissions'
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
      if (!requirement.anyOf.some((p) => scopes.includes(p.toLowerCase()))) throw missingPermissionError(requirement, resourcePath)
      if (requirement.intune && (account.role === 'none' || (requirement.write && account.role === 'readOnly'))) {
        throw new IntuneError(403, 'Forbidden', resourcePath, { detail: 'User is not authorized to perform this operation' })
      }
    }
    return { tenant: owner.routes, throttleKey }
  }
}
