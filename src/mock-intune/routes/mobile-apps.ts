import { IntuneError } from '../graph-errors'
import type { MockResponse, RequestContext } from '../http/context'
import type { MockState } from '../mock-state'
import type { RouteDefinition } from '../router'
import { DEMO_MOBILE_APPS } from '../model/mobile-app'
import { contextUrl, fefPath, listBody, ok, pageArray, pick, projection, systemQuery } from './common'

/**
 * GET deviceAppManagement/mobileApps (v1.0 and beta): the tenant's apps, so a client can turn the app
 * ids the ESP tracks into names (docs/reference/graph-api.md §C1). $select and paging ($top,
 * skiptoken) like the other Intune collections; $filter, $search and $orderby are answered with the
 * Intune 400 (mock choice: the app reads the whole catalogue).
 */
const FEF = 'deviceAppManagement/mobileApps'
const PATH = '/deviceAppManagement/mobileApps'
const PROPERTIES = ['id', 'displayName', 'description', 'publisher', 'createdDateTime', 'lastModifiedDateTime', 'isAssigned'] as const

function list(state: MockState, ctx: RequestContext): MockResponse {
  const query = systemQuery(ctx)
  const fef = fefPath(FEF, ctx)
  if (query.filter !== undefined || query.search !== undefined || query.orderby !== undefined) throw new IntuneError(400, 'BadRequest', fef)
  const names = projection(query.select, PROPERTIES, PROPERTIES, 'mobileApp')
  const badToken = () => new IntuneError(400, 'BadRequest', fef, { detail: 'Invalid skip token' })
  const page = pageArray(state, ctx, query, DEMO_MOBILE_APPS, {
    kind: 'mobileApps',
    defaultTop: state.pageSize,
    maxTop: state.pageSize,
    overflow: 'clamp',
    path: PATH,
    badToken,
  })
  const value = page.value.map((a) => pick(a as unknown as Record<string, unknown>, names, a['@odata.type']))
  return ok(listBody(contextUrl(ctx, 'deviceAppManagement/mobileApps'), value, page.nextLink))
}

function get(ctx: RequestContext): MockResponse {
  const id = ctx.params.id ?? ''
  const found = DEMO_MOBILE_APPS.find((a) => a.id.toLowerCase() === id.toLowerCase())
  if (!found) throw new IntuneError(404, 'ResourceNotFound', `${FEF}('${id.slice(0, 200)}')`)
  return ok({ '@odata.context': contextUrl(ctx, 'deviceAppManagement/mobileApps/$entity'), ...found })
}

export const mobileAppRoutes = (state: MockState): RouteDefinition[] => [
  { method: 'GET', path: PATH, versions: ['v1.0', 'beta'], handler: (ctx) => list(state, ctx) },
  { method: 'GET', path: `${PATH}/{id}`, versions: ['v1.0', 'beta'], handler: (ctx) => get(ctx) },
]
