import type { ScanEntry } from '../device-store'
import { IntuneError } from '../graph-errors'
import type { MockResponse, RequestContext } from '../http/context'
import type { MockState } from '../mock-state'
import { readNameList, readSystemQuery, readTop } from '../odata/query-options'
import { buildNextLink } from '../paging'
import type { RouteDefinition } from '../router'
import { contextProjection, projectDevice, resolveProjection } from '../serialize/device-identity-json'
import { serialContainsNeedle } from './device-identity-filter'

/**
 * GET windowsAutopilotDeviceIdentities (list, keyset-paged by serial) and GET …/{id}
 * (graph-contract.md §B1, §B2). Both exist in beta and v1.0.
 */
const COLLECTION = '/deviceManagement/windowsAutopilotDeviceIdentities'
const FEF_COLLECTION = 'deviceManagement/windowsAutopilotDeviceIdentities'
/**
 * A filtered page stops after examining this many devices even if it is not full, and still carries
 * a nextLink; Graph allows short and even empty pages, and this keeps a million-device scan per
 * request bounded (mock choice).
 */
export const SCAN_BUDGET = 250_000

const fefQuery = (ctx: RequestContext): string => {
  const query = ctx.query.map((pair) => pair.raw).join('&')
  return query === '' ? FEF_COLLECTION : `${FEF_COLLECTION}?${query}`
}

function list(state: MockState, ctx: RequestContext): MockResponse {
  const query = readSystemQuery(ctx.query, ctx.version)
  const top = readTop(query.top, state.pageSize) ?? state.pageSize
  const projection = resolveProjection(ctx.version, readNameList('select', query.select), readNameList('expand', query.expand))
  // The Intune backend, not Graph's front door, rejects what it cannot do: nested-JSON 400s.
  if (query.skip !== undefined || query.orderby !== undefined || query.search !== undefined) throw new IntuneError(400, 'BadRequest', fefQuery(ctx))
  const needle = query.filter === undefined ? undefined : serialContainsNeedle(query.filter)
  if (needle === null) throw new IntuneError(400, 'BadRequest', fefQuery(ctx))
  const after = query.skiptoken === undefined ? undefined : state.skipTokens.decode(query.skiptoken)
  if (after === undefined && query.skiptoken !== undefined) throw new IntuneError(400, 'BadRequest', fefQuery(ctx))

  const value: Record<string, unknown>[] = []
  let last: ScanEntry | undefined
  let examined = 0
  let more = false
  for (const entry of state.devices.scan(after)) {
    if (value.length === top || examined === SCAN_BUDGET) {
      more = true
      break
    }
    examined++
    last = entry
    if (needle === undefined || entry.serialNumber.toLowerCase().includes(needle)) value.push(projectDevice(entry.record(), projection))
  }
  const body: Record<string, unknown> = { '@odata.context': `${ctx.baseUrl}/${ctx.version}/$metadata#${FEF_COLLECTION}${contextProjection(projection)}`, value }
  if (more && last) body['@odata.nextLink'] = buildNextLink(ctx, COLLECTION, state.skipTokens.encode({ serialNumber: last.serialNumber, id: last.id() }))
  return { status: 200, body }
}

function get(state: MockState, ctx: RequestContext): MockResponse {
  const id = ctx.params.id ?? ''
  const query = readSystemQuery(ctx.query, ctx.version)
  const projection = resolveProjection(ctx.version, readNameList('select', query.select), readNameList('expand', query.expand))
  // Any unknown key, GUID or not, is the backend's 404 (mock choice: the key is a String in the docs).
  const record = state.devices.get(id)
  if (!record) throw new IntuneError(404, 'ResourceNotFound', `${FEF_COLLECTION}('${id.slice(0, 200)}')`)
  const context = `${ctx.baseUrl}/${ctx.version}/$metadata#${FEF_COLLECTION}${contextProjection(projection)}/$entity`
  return { status: 200, body: { '@odata.context': context, ...projectDevice(record, projection) } }
}

export const deviceIdentityRoutes = (state: MockState): RouteDefinition[] => [
  { method: 'GET', path: COLLECTION, versions: ['beta', 'v1.0'], handler: (ctx) => list(state, ctx) },
  { method: 'GET', path: `${COLLECTION}/{id}`, versions: ['beta', 'v1.0'], handler: (ctx) => get(state, ctx) },
]
