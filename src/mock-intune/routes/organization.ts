import type { MockResponse, RequestContext } from '../http/context'
import type { MockState } from '../mock-state'
import type { RouteDefinition } from '../router'

/**
 * GET /organization: tenant id, name and domains (docs/reference/graph-api.md §B13 #13; the app's Info
 * screen and the offline profile JSON's CloudAssignedTenantDomain use them). Deterministic per seed.
 */
function organization(state: MockState, ctx: RequestContext): MockResponse {
  const { catalog } = state.tenant
  const capabilities = 'Email, OfficeCommunicationsOnline'
  return {
    status: 200,
    body: {
      '@odata.context': `${ctx.baseUrl}/${ctx.version}/$metadata#organization`,
      value: [
        {
          id: catalog.tenantId,
          displayName: catalog.displayName,
          verifiedDomains: [
            { capabilities, isDefault: true, isInitial: false, name: catalog.defaultDomain, type: 'Managed' },
            { capabilities, isDefault: false, isInitial: true, name: catalog.initialDomain, type: 'Managed' },
            { capabilities, isDefault: false, isInitial: false, name: catalog.federatedDomain, type: 'Federated' },
          ],
        },
      ],
    },
  }
}

export const organizationRoutes = (state: MockState): RouteDefinition[] => [
  { method: 'GET', path: '/organization', versions: ['v1.0', 'beta'], handler: (ctx) => organization(state, ctx) },
]
