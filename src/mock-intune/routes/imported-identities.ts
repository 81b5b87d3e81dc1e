import { GraphError, IntuneError } from '../graph-errors'
import type { MockResponse, RequestContext } from '../http/context'
import type { ImportedRecord } from '../model/records'
import type { MockState } from '../mock-state'
import type { RouteDefinition } from '../router'
import { IMPORT_TYPE, importNotFound, importStatus, startImports, type ImportRequest } from '../domain/imports'
import { contextUrl, created, fefPath, listBody, noContent, objectBody, ok, pageArray, systemQuery } from './common'
import { serialContainsNeedle } from './device-identity-filter'
import { checkUpn } from './device-identities'

/**
 * importedWindowsAutopilotDeviceIdentities (docs/reference/graph-api.md §B3, §B13 #9), beta and v1.0:
 * create (201), import (200 with the created records), list (contains(serialNumber,…) as AST
 * filters), get, delete. The state machine lives in domain/imports.ts.
 */
const COLLECTION = '/deviceManagement/importedWindowsAutopilotDeviceIdentities'
const FEF = 'deviceManagement/importedWindowsAutopilotDeviceIdentities'
/** Intune imports at most 500 devices at a time (docs/reference/autopilot.md §5.1/§5.2). */
export const MAX_IMPORT = 500

function importedJson(state: MockState, record: ImportedRecord, now: number): Record<string, unknown> {
  return {
    '@odata.type': IMPORT_TYPE,
    id: record.id,
    groupTag: record.groupTag,
    serialNumber: record.serialNumber,
    productKey: record.productKey,
    importId: record.importId,
    // Live records came back with an empty hash (§B3, MSEndpointMgr#71); the mock does the same.
    hardwareIdentifier: null,
    assignedUserPrincipalName: record.assignedUserPrincipalName,
    state: importStatus(state, record, now),
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Reads one import row; malformed values are the Intune 400 (the hash must be base64: Edm.Binary). */
function readRow(state: MockState, value: unknown, fef: string): ImportRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new IntuneError(400, 'BadRequest', fef, { detail: 'Each imported device must be an object' })
  const row = value as Record<string, unknown>
  const text = (name: string): string => {
    const v = row[name]
    if (v === undefined || v === null) return ''
    if (typeof v !== 'string') throw new IntuneError(400, 'BadRequest', fef, { detail: `Property '${name}' must be a string` })
    return v
  }
  const serialNumber = text('serialNumber').trim()
  if (serialNumber === '') throw new IntuneError(400, 'BadRequest', fef, { detail: 'serialNumber is required (mock choice)' })
  if (serialNumber.length > 256) throw new IntuneError(400, 'BadRequest', fef, { detail: 'serialNumber is longer than 256 characters' })
  const hash = text('hardwareIdentifier').replace(/\s+/g, '')
  if (hash !== '' && (!BASE64.test(hash) || hash.length % 4 !== 0))
    throw new GraphError(400, 'BadRequest', "Invalid value for property 'hardwareIdentifier': not a valid base64 (Edm.Binary) string.")
  const upn = text('assignedUserPrincipalName')
  if (upn !== '') checkUpn(state, upn, fef)
  return {
    groupTag: text('groupTag'),
    serialNumber,
    productKey: text('productKey'),
    hardwareIdentifier: hash === '' ? null : hash,
    assignedUserPrincipalName: upn,
    importId: text('importId'),
  }
}

function create(state: MockState, ctx: RequestContext): MockResponse {
  const [record] = startImports(state, [readRow(state, objectBody(ctx), FEF)])
  if (!record) throw new GraphError(500, 'generalException', 'import failed')
  return created({ '@odata.context': contextUrl(ctx, `${FEF}/$entity`), ...importedJson(state, record, ctx.now) })
}

function importMany(state: MockState, ctx: RequestContext): MockResponse {
  const fef = `${FEF}/microsoft.management.services.api.import`
  const body = objectBody(ctx)
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'importedwindowsautopilotdeviceidentities')
  const rows = key === undefined ? undefined : body[key]
  if (!Array.isArray(rows)) throw new IntuneError(400, 'BadRequest', fef, { detail: "Invalid ODataActionParameter 'importedWindowsAutopilotDeviceIdentities'" })
  if (rows.length > MAX_IMPORT) throw new IntuneError(400, 'BadRequest', fef, { detail: `At most ${MAX_IMPORT} devices can be imported at a time` })
  const records = startImports(
    state,
    rows.map((row) => readRow(state, row, fef)),
  )
  return ok(
    listBody(
      contextUrl(ctx, `Collection(microsoft.graph.importedWindowsAutopilotDeviceIdentity)`),
      records.map((r) => importedJson(state, r, ctx.now)),
    ),
  )
}

function list(state: MockState, ctx: RequestContext): MockResponse {
  const query = systemQuery(ctx)
  const fef = fefPath(FEF, ctx)
  if (query.skip !== undefined || query.orderby !== undefined || query.search !== undefined || query.select !== undefined || query.expand !== undefined)
    throw new IntuneError(400, 'BadRequest', fef)
  const needle = query.filter === undefined ? undefined : serialContainsNeedle(query.filter)
  if (needle === null) throw new IntuneError(400, 'BadRequest', fef)
  const items = [...state.imports.values()].filter((r) => needle === undefined || r.serialNumber.toLowerCase().includes(needle))
  const page = pageArray(state, ctx, query, items, {
    kind: 'imports',
    defaultTop: 1000,
    maxTop: 1000,
    overflow: 'clamp',
    path: COLLECTION,
    badToken: () => new IntuneError(400, 'BadRequest', fef),
  })
  return ok(
    listBody(
      contextUrl(ctx, FEF),
      page.value.map((r) => importedJson(state, r, ctx.now)),
      page.nextLink,
    ),
  )
}

function recordOr404(state: MockState, id: string): ImportedRecord {
  const record = state.imports.get(id.toLowerCase())
  if (!record) throw importNotFound(id)
  return record
}

export const importedIdentityRoutes = (state: MockState): RouteDefinition[] => {
  const both = ['beta', 'v1.0'] as const
  return [
    { method: 'GET', path: COLLECTION, versions: both, handler: (ctx) => list(state, ctx) },
    { method: 'POST', path: COLLECTION, versions: both, handler: (ctx) => create(state, ctx) },
    { method: 'POST', path: `${COLLECTION}/import`, versions: both, handler: (ctx) => importMany(state, ctx) },
    {
      method: 'GET',
      path: `${COLLECTION}/{id}`,
      versions: both,
      handler: (ctx) => ok({ '@odata.context': contextUrl(ctx, `${FEF}/$entity`), ...importedJson(state, recordOr404(state, ctx.params.id ?? ''), ctx.now) }),
    },
    {
      method: 'DELETE',
      path: `${COLLECTION}/{id}`,
      versions: both,
      handler: (ctx) => {
        const record = recordOr404(state, ctx.params.id ?? '')
        state.imports.delete(record.id)
        state.markDirty()
        return noContent()
      },
    },
  ]
}
