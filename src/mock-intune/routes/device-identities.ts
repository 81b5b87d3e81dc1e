import { IntuneError } from '../graph-errors'
import type { MockResponse, RequestContext } from '../http/context'
import type { DeviceRecord } from '../model/device-record'
import type { MockState } from '../mock-state'
import { readNameList, readTop } from '../odata/query-options'
import { buildNextLink } from '../paging'
import type { RouteDefinition } from '../router'
import { contextProjection, projectDevice, resolveProjection, serializeDevice } from '../serialize/device-identity-json'
import type { ScanEntry } from '../store/device-store'
import type { PresentedDevice } from '../store/device-view'
import {
  allowNextEnrollment,
  assignUser,
  deleteIdentity,
  fefDevice,
  FEF_DEVICES,
  unassignUser,
  updateProperties,
  type PropertyChanges,
} from '../domain/device-actions'
import { createIdentity } from '../domain/imports'
import { actionParameters, fefPath, noContent, objectBody, stringParameter, systemQuery } from './common'
import { serialContainsNeedle } from './device-identity-filter'

/**
 * windowsAutopilotDeviceIdentities (docs/reference/graph-api.md §B1, §B2, §B13 #1–#4, #7, #8): list (keyset by
 * serial), get, create, delete, deleteDevices and the actions, in beta and (where the contract says
 * so) v1.0. Every action is also reachable under …/windowsAutopilotDeploymentProfiles/{id}/assignedDevices/{id}/….
 */
const COLLECTION = '/deviceManagement/windowsAutopilotDeviceIdentities'
/**
 * A filtered page stops after examining this many devices even if it is not full, and still carries
 * a nextLink; Graph allows short and even empty pages, and this keeps a million-device scan per
 * request bounded (mock choice).
 */
export const SCAN_BUDGET = 250_000
/**
 * The budget of scans that must build every examined device (a profile's assignedDevices, Entra and
 * managed device filters, group members, report history): smaller, so such a page stays well under a
 * second on a million-device tenant (mock choice; the client follows the nextLink as usual).
 */
export const RECORD_SCAN_BUDGET = 10_000

export interface ScanPageOptions {
  /** Path for @odata.nextLink (after the version). */
  path: string
  /** @odata.context fragment (before the projection). */
  contextFragment: string
  /** Extra predicate on the presented device (e.g. assignedDevices of one profile). */
  where?: (device: PresentedDevice) => boolean
}

/** A keyset page over the devices in serial order (identities list and a profile's assignedDevices). */
export function scanPage(state: MockState, ctx: RequestContext, options: ScanPageOptions): MockResponse {
  const query = systemQuery(ctx)
  const top = readTop(query.top, state.pageSize) ?? state.pageSize
  const projection = resolveProjection(ctx.version, readNameList('select', query.select), readNameList('expand', query.expand))
  const fef = fefPath(FEF_DEVICES, ctx)
  // The Intune backend, not Graph's front door, rejects what it cannot do: nested-JSON 400s.
  if (query.skip !== undefined || query.orderby !== undefined || query.search !== undefined) throw new IntuneError(400, 'BadRequest', fef)
  const needle = query.filter === undefined ? undefined : serialContainsNeedle(query.filter)
  if (needle === null) throw new IntuneError(400, 'BadRequest', fef)
  const after = query.skiptoken === undefined ? undefined : state.skipTokens.decode(query.skiptoken)
  if (after === undefined && query.skiptoken !== undefined) throw new IntuneError(400, 'BadRequest', fef)

  const now = ctx.now
  const value: string[] = []
  let last: ScanEntry | undefined
  let examined = 0
  let more = false
  const budget = options.where ? RECORD_SCAN_BUDGET : SCAN_BUDGET
  for (const entry of state.devices.scan(after)) {
    if (value.length === top || examined === budget) {
      more = true
      break
    }
    examined++
    last = entry
    if (needle !== undefined && !entry.serialNumber.toLowerCase().includes(needle)) continue
    const presented = state.view.present(entry.record(), now)
    if (options.where && !options.where(presented)) continue
    value.push(serializeDevice(presented, projection))
  }
  // Built as text: a 1000-device page is ~1 MB, and skipping the intermediate objects halves its cost.
  const context = JSON.stringify(`${ctx.baseUrl}/${ctx.version}/$metadata#${options.contextFragment}${contextProjection(projection)}`)
  const nextLink =
    more && last
      ? `"@odata.nextLink":${JSON.stringify(buildNextLink(ctx, options.path, state.skipTokens.encode({ serialNumber: last.serialNumber, id: last.id() })))},`
      : ''
  // The link before the value, as Microsoft's paging examples show it (docs/reference/graph-api.md §B11).
  return { status: 200, jsonText: `{"@odata.context":${context},${nextLink}"value":[${value.join(',')}]}` }
}

/** The device, or the Intune 404 (any unknown key, GUID or not; mock choice: the key is a String). */
export function deviceOr404(state: MockState, id: string, action?: string): DeviceRecord {
  const record = state.devices.get(id)
  if (!record) throw new IntuneError(404, 'ResourceNotFound', fefDevice(id, action))
  return record
}

function get(state: MockState, ctx: RequestContext): MockResponse {
  const id = ctx.params.id ?? ''
  const query = systemQuery(ctx)
  const projection = resolveProjection(ctx.version, readNameList('select', query.select), readNameList('expand', query.expand))
  const record = deviceOr404(state, id)
  const context = `${ctx.baseUrl}/${ctx.version}/$metadata#${FEF_DEVICES}${contextProjection(projection)}/$entity`
  return { status: 200, body: { '@odata.context': context, ...projectDevice(state.present(record), projection) } }
}

const UPDATABLE = [
  'userPrincipalName',
  'addressableUserName',
  'groupTag',
  'displayName',
  'deviceAccountUpn',
  'deviceAccountPassword',
  'deviceFriendlyName',
] as const

/**
 * The device name to apply (mock choice, since the real service's check isn't documented): at most 15
 * characters, letters, digits and hyphens, not all digits (the naming rules of docs/reference/autopilot.md §1.5).
 */
export function invalidDeviceName(name: string): string | undefined {
  if (name === '') return undefined
  if (name.length > 15) return 'is longer than 15 characters'
  if (!/^[A-Za-z0-9-]+$/.test(name)) return 'may contain only letters, digits and hyphens'
  if (/^\d+$/.test(name)) return 'must not be all digits'
  return undefined
}

/** A UPN whose domain is one of the tenant's verified domains (the CSV upload's only check, §1.4). */
export function checkUpn(state: MockState, upn: string, fef: string): void {
  const { catalog } = state.tenant
  const at = upn.lastIndexOf('@')
  const domain = at > 0 ? upn.slice(at + 1).toLowerCase() : ''
  if (![catalog.defaultDomain, catalog.initialDomain, catalog.federatedDomain].includes(domain)) {
    throw new IntuneError(400, 'BadRequest', fef, { detail: `The user principal name '${upn.slice(0, 200)}' is not in a verified domain of this tenant` })
  }
}

function updateDeviceProperties(state: MockState, ctx: RequestContext): MockResponse {
  const id = ctx.params.id ?? ''
  const fef = fefDevice(id, 'updateDeviceProperties')
  const record = deviceOr404(state, id, 'updateDeviceProperties')
  const params = actionParameters(objectBody(ctx), UPDATABLE, fef)
  const changes: PropertyChanges = {}
  for (const name of ['userPrincipalName', 'addressableUserName', 'groupTag', 'displayName'] as const) {
    const value = stringParameter(params, name, fef)
    if (value !== undefined && value !== null) changes[name] = value
  }
  for (const name of ['deviceAccountUpn', 'deviceAccountPassword', 'deviceFriendlyName'] as const) {
    const value = stringParameter(params, name, fef, true)
    if (value !== undefined) changes[name] = value
  }
  if (changes.displayName !== undefined) {
    const problem = invalidDeviceName(changes.displayName)
    if (problem) throw new IntuneError(400, 'BadRequest', fef, { detail: `Invalid device name '${changes.displayName.slice(0, 100)}': it ${problem}` })
  }
  if (changes.groupTag !== undefined && changes.groupTag.length > 1024)
    throw new IntuneError(400, 'BadRequest', fef, { detail: 'The group tag is longer than 1024 characters' })
  if (changes.userPrincipalName) checkUpn(state, changes.userPrincipalName, fef)
  updateProperties(state, record, changes)
  return noContent()
}

/** assignUserToDevice: the user must exist in the directory (mock choice; the portal only offers existing users). */
function assignUserToDevice(state: MockState, ctx: RequestContext): MockResponse {
  const id = ctx.params.id ?? ''
  const fef = fefDevice(id, 'assignUserToDevice')
  const record = deviceOr404(state, id, 'assignUserToDevice')
  const params = actionParameters(objectBody(ctx), ['userPrincipalName', 'addressableUserName'], fef)
  const upn = stringParameter(params, 'userPrincipalName', fef) ?? ''
  if (upn === '') throw new IntuneError(400, 'BadRequest', fef, { detail: "Invalid ODataActionParameter 'userPrincipalName': a value is required" })
  checkUpn(state, upn, fef)
  const user = state.users.find(upn)
  if (!user) throw new IntuneError(400, 'BadRequest', fef, { detail: `User '${upn.slice(0, 200)}' was not found` })
  // A blank or missing friendly name becomes the user's display name. Mock choice: the reference says only that
  // the admin center's User friendly name "defaults from the user and can be changed" (docs/reference/autopilot.md
  // §1.4); what Graph's assignUserToDevice does with an empty addressableUserName is not documented (graph-api.md B2).
  const friendly = stringParameter(params, 'addressableUserName', fef) || user.displayName
  assignUser(state, record, user.userPrincipalName, friendly)
  return noContent()
}

function unassignUserFromDevice(state: MockState, ctx: RequestContext): MockResponse {
  const id = ctx.params.id ?? ''
  unassignUser(state, deviceOr404(state, id, 'unassignUserFromDevice'))
  return noContent()
}

function allowNext(state: MockState, ctx: RequestContext): MockResponse {
  const id = ctx.params.id ?? ''
  allowNextEnrollment(state, deviceOr404(state, id, 'allowNextEnrollment'))
  return noContent()
}

function remove(state: MockState, ctx: RequestContext): MockResponse {
  const id = ctx.params.id ?? ''
  deleteIdentity(state, deviceOr404(state, id))
  return noContent()
}

/** deleteDevices: per serial, `accepted` and deleted, or `failed` with a message (deletedWindowsAutopilotDeviceState). */
function deleteDevices(state: MockState, ctx: RequestContext): MockResponse {
  const fef = `${FEF_DEVICES}/microsoft.management.services.api.deleteDevices`
  const params = actionParameters(objectBody(ctx), ['serialNumbers'], fef)
  const serials = params.get('serialNumbers')
  if (!Array.isArray(serials) || serials.some((s) => typeof s !== 'string'))
    throw new IntuneError(400, 'BadRequest', fef, { detail: "Invalid ODataActionParameter 'serialNumbers': expected a collection of strings" })
  if (serials.length > 1000) throw new IntuneError(400, 'BadRequest', fef, { detail: 'At most 1000 serial numbers can be deleted in one call' })
  const value = (serials as string[]).map((serialNumber) => {
    const record = state.devices.findBySerial(serialNumber)
    if (!record)
      return {
        '@odata.type': '#microsoft.graph.deletedWindowsAutopilotDeviceState',
        serialNumber,
        deviceRegistrationId: '',
        deletionState: 'failed',
        errorMessage: 'ZtdDeviceNotFound: no Autopilot device with this serial number',
      }
    deleteIdentity(state, record)
    return {
      '@odata.type': '#microsoft.graph.deletedWindowsAutopilotDeviceState',
      serialNumber: record.identity.serialNumber,
      deviceRegistrationId: record.identity.id,
      deletionState: 'accepted',
      errorMessage: null,
    }
  })
  return {
    status: 200,
    body: { '@odata.context': `${ctx.baseUrl}/${ctx.version}/$metadata#Collection(microsoft.graph.deletedWindowsAutopilotDeviceState)`, value },
  }
}

/** POST the collection: registers a device directly (mock choice: at once, like a completed import). */
function create(state: MockState, ctx: RequestContext): MockResponse {
  const body = objectBody(ctx)
  const serial = typeof body.serialNumber === 'string' ? body.serialNumber.trim() : ''
  if (serial === '') throw new IntuneError(400, 'BadRequest', FEF_DEVICES, { detail: 'serialNumber is required' })
  if (state.devices.findBySerial(serial))
    throw new IntuneError(409, 'Conflict', FEF_DEVICES, {
      detail: `ZtdDeviceAlreadyAssigned: a device with serial number '${serial.slice(0, 100)}' is already registered`,
    })
  const groupTag = typeof body.groupTag === 'string' ? body.groupTag : ''
  const upn = typeof body.userPrincipalName === 'string' ? body.userPrincipalName : ''
  if (upn !== '') checkUpn(state, upn, FEF_DEVICES)
  const record = createIdentity(state, {
    id: state.newGuid(),
    serialNumber: serial,
    groupTag,
    userPrincipalName: upn,
    productKey: typeof body.productKey === 'string' ? body.productKey : '',
    hardwareIdentifier: null,
  })
  const projection = resolveProjection(ctx.version, undefined, undefined)
  return {
    status: 201,
    body: { '@odata.context': `${ctx.baseUrl}/${ctx.version}/$metadata#${FEF_DEVICES}/$entity`, ...projectDevice(state.present(record), projection) },
  }
}

function navigationProfile(state: MockState, ctx: RequestContext, which: 'deploymentProfile' | 'intendedDeploymentProfile'): MockResponse {
  const id = ctx.params.id ?? ''
  const presented = state.present(deviceOr404(state, id))
  const ref = presented[which]
  const profile = ref ? state.config.profiles.get(ref.id) : undefined
  if (!profile) throw new IntuneError(404, 'ResourceNotFound', `${fefDevice(id)}/${which}`)
  return {
    status: 200,
    body: { '@odata.context': `${ctx.baseUrl}/${ctx.version}/$metadata#deviceManagement/windowsAutopilotDeploymentProfiles/$entity`, ...profile },
  }
}

export const deviceIdentityRoutes = (state: MockState): RouteDefinition[] => {
  const both = ['beta', 'v1.0'] as const
  const actions: Array<[string, (ctx: RequestContext) => MockResponse, readonly string[]]> = [
    ['updateDeviceProperties', (ctx) => updateDeviceProperties(state, ctx), both],
    ['assignUserToDevice', (ctx) => assignUserToDevice(state, ctx), both],
    ['unassignUserFromDevice', (ctx) => unassignUserFromDevice(state, ctx), both],
    ['allowNextEnrollment', (ctx) => allowNext(state, ctx), ['beta']],
  ]
  const routes: RouteDefinition[] = [
    { method: 'GET', path: COLLECTION, versions: both, handler: (ctx) => scanPage(state, ctx, { path: COLLECTION, contextFragment: FEF_DEVICES }) },
    { method: 'POST', path: COLLECTION, versions: both, handler: (ctx) => create(state, ctx) },
    { method: 'GET', path: `${COLLECTION}/{id}`, versions: both, handler: (ctx) => get(state, ctx) },
    { method: 'DELETE', path: `${COLLECTION}/{id}`, versions: both, handler: (ctx) => remove(state, ctx) },
    { method: 'POST', path: `${COLLECTION}/deleteDevices`, versions: ['beta'], handler: (ctx) => deleteDevices(state, ctx) },
    { method: 'GET', path: `${COLLECTION}/{id}/deploymentProfile`, versions: ['beta'], handler: (ctx) => navigationProfile(state, ctx, 'deploymentProfile') },
    {
      method: 'GET',
      path: `${COLLECTION}/{id}/intendedDeploymentProfile`,
      versions: ['beta'],
      handler: (ctx) => navigationProfile(state, ctx, 'intendedDeploymentProfile'),
    },
  ]
  for (const [action, handler, versions] of actions) {
    routes.push({ method: 'POST', path: `${COLLECTION}/{id}/${action}`, versions, handler })
    routes.push({
      method: 'POST',
      path: `/deviceManagement/windowsAutopilotDeploymentProfiles/{profileId}/assignedDevices/{id}/${action}`,
      versions: ['beta'],
      handler,
    })
  }
  return routes
}
