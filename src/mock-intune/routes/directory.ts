import { GraphError } from '../graph-errors'
import type { MockResponse, RequestContext } from '../http/context'
import { compileFilter, UnsupportedFilterError, type CompiledFilter, type FilterSchema } from '../odata/evaluate'
import { compileMembershipRule, MembershipRuleError } from '../config/membership-rule'
import { isDynamic, type GroupEntity } from '../model/group'
import type { DeviceRecord } from '../model/device-record'
import type { MockState } from '../mock-state'
import { buildNextLink } from '../paging'
import type { RouteDefinition } from '../router'
import { deleteEntraDevice, entraDeleted } from '../domain/device-actions'
import { deviceNameOf, isEnrolled, joinsHybrid, physicalIdsOf, windowsOf } from '../domain/device-facts'
import { factsOf } from '../store/device-view'
import { isoSeconds } from '../tenant/device-status'
import { DEFAULT_USER_PROPERTIES, USER_PROPERTIES, type DirectoryUser } from '../tenant/users'
import { RECORD_SCAN_BUDGET } from './device-identities'
import { contextUrl, created, listBody, noContent, objectBody, ok, pageArray, pick, projection, readTopWith, systemQuery } from './common'

/**
 * Entra ID (directory) resources the app needs, v1.0 and beta: users (the user picker, §B13 #11),
 * Entra devices (§B13 #12) and device groups (how a group tag reaches a profile, §B5). Directory errors
 * use the directory's own codes (Request_UnsupportedQuery, Request_ResourceNotFound, Request_BadRequest).
 *
 * Page sizes (§B11): users and devices 100 by default, `$top` up to 999 (more is a 400); devices
 * refuse `$skip`.
 */
const both = ['v1.0', 'beta'] as const
const DIRECTORY_PAGE = { defaultTop: 100, maxTop: 999, overflow: 'reject' as const }

const unsupported = (message: string): GraphError => new GraphError(400, 'Request_UnsupportedQuery', message)
const notFound = (id: string): GraphError =>
  new GraphError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id.slice(0, 200)}' does not exist or one of its queried reference-property objects are not present.`,
  )
const badToken = (): GraphError => new GraphError(400, 'Request_BadRequest', 'Invalid $skiptoken value.')

function filterWith(text: string | undefined, schema: FilterSchema): CompiledFilter | undefined {
  if (text === undefined) return undefined
  try {
    return compileFilter(text, schema)
  } catch (error) {
    if (error instanceof UnsupportedFilterError) throw unsupported(`Unsupported or invalid query filter clause specified: ${error.message}`)
    throw error
  }
}

const consistencyEventual = (ctx: RequestContext): boolean => String(ctx.headers.consistencylevel ?? '').toLowerCase() === 'eventual'

// ——— users ———

const USER_FILTER: FilterSchema = {
  properties: {
    id: 'string',
    displayName: 'string',
    userPrincipalName: 'string',
    givenName: 'string',
    surname: 'string',
    mail: 'string',
    accountEnabled: 'boolean',
    userType: 'string',
    jobTitle: 'string',
    department: 'string',
  },
  functions: new Set(['startswith']),
  operators: new Set(['eq', 'ne', 'and', 'or', 'not']),
}

function searchTerm(ctx: RequestContext, search: string | undefined): ((user: DirectoryUser) => boolean) | undefined {
  if (search === undefined) return undefined
  if (!consistencyEventual(ctx))
    throw new GraphError(
      400,
      'Request_UnsupportedQuery',
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    )
  const match = /^"(displayName|userPrincipalName|mail|givenName|surname):([^"]*)"$/i.exec(search.trim())
  if (!match) throw unsupported('$search needs the form "property:text" on displayName, userPrincipalName, mail, givenName or surname.')
  const property = (match[1] ?? 'displayName') as keyof DirectoryUser
  const words = (match[2] ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')
  return (user) => {
    const value = String(user[USER_PROPERTIES.find((p) => p.toLowerCase() === property.toLowerCase()) ?? 'displayName'] ?? '').toLowerCase()
    const tokens = value.split(/[\s.@_-]+/)
    return words.every((w) => tokens.some((t) => t.startsWith(w)))
  }
}

function listUsers(state: MockState, ctx: RequestContext): MockResponse {
  const query = systemQuery(ctx)
  if (query.skip !== undefined) throw unsupported("'$skip' is not supported by the service.")
  const filter = filterWith(query.filter, USER_FILTER)
  const search = searchTerm(ctx, query.search)
  const select = projection(query.select, USER_PROPERTIES, DEFAULT_USER_PROPERTIES, 'user')
  let users = state.users.all().filter((user) => (!filter || filter.test(user as unknown as Record<string, unknown>)) && (!search || search(user)))
  if (query.orderby !== undefined) {
    const match = /^\s*(displayName|userPrincipalName)(\s+(asc|desc))?\s*$/i.exec(query.orderby)
    if (!match) throw unsupported(`Sorting by '${query.orderby}' is not supported.`)
    const key = (match[1] ?? '').toLowerCase() === 'userprincipalname' ? 'userPrincipalName' : 'displayName'
    const direction = (match[3] ?? 'asc').toLowerCase() === 'desc' ? -1 : 1
    users = users.sort((a, b) => direction * a[key].localeCompare(b[key]))
  }
  const page = pageArray(state, ctx, query, users, { kind: 'users', ...DIRECTORY_PAGE, path: '/users', badToken })
  const body = listBody(
    contextUrl(ctx, query.select !== undefined ? `users(${select.join(',')})` : 'users'),
    page.value.map((u) => pick(u as unknown as Record<string, unknown>, select)),
    page.nextLink,
  )
  if (query.count?.toLowerCase() === 'true' && consistencyEventual(ctx))
    return ok({ '@odata.context': body['@odata.context'], '@odata.count': users.length, ...body })
  return ok(body)
}

function getUser(state: MockState, ctx: RequestContext): MockResponse {
  const id = ctx.params.id ?? ''
  const user = state.users.find(id)
  if (!user) throw notFound(id)
  const query = systemQuery(ctx)
  const select = projection(query.select, USER_PROPERTIES, DEFAULT_USER_PROPERTIES, 'user')
  return ok({ '@odata.context': contextUrl(ctx, 'users/$entity'), ...pick(user as unknown as Record<string, unknown>, select) })
}

// ——— Entra devices ———

export const DEVICE_PROPERTIES = [
  'id',
  'deletedDateTime',
  'accountEnabled',
  'approximateLastSignInDateTime',
  'complianceExpirationDateTime',
  'createdDateTime',
  'deviceCategory',
  'deviceId',
  'deviceMetadata',
  'deviceOwnership',
  'deviceVersion',
  'displayName',
  'enrollmentProfileName',
  'enrollmentType',
  'isCompliant',
  'isManaged',
  'isRooted',
  'managementType',
  'manufacturer',
  'mdmAppId',
  'model',
  'onPremisesLastSyncDateTime',
  'onPremisesSyncEnabled',
  'operatingSystem',
  'operatingSystemVersion',
  'physicalIds',
  'profileType',
  'registrationDateTime',
  'systemLabels',
  'trustType',
] as const

/** The Entra device object of an Autopilot device. Before enrollment its displayName is the serial number (mock choice, as registration shows it). */
export function entraDeviceJson(state: MockState, record: DeviceRecord): Record<string, unknown> {
  const identity = record.identity
  const enrolled = isEnrolled(record)
  const presented = state.present(record)
  return {
    '@odata.type': '#microsoft.graph.device',
    id: record.entraObjectId,
    deletedDateTime: null,
    accountEnabled: true,
    approximateLastSignInDateTime: enrolled ? identity.lastContactedDateTime : null,
    complianceExpirationDateTime: null,
    createdDateTime: isoSeconds(record.registeredAt),
    deviceCategory: null,
    deviceId: identity.azureAdDeviceId,
    deviceMetadata: null,
    deviceOwnership: 'Company',
    deviceVersion: 2,
    displayName: enrolled ? deviceNameOf(state, record) : identity.serialNumber,
    enrollmentProfileName: presented.deploymentProfile?.displayName ?? null,
    enrollmentType: enrolled ? 'AzureDomainJoined' : null,
    isCompliant: enrolled ? true : null,
    isManaged: enrolled ? true : null,
    isRooted: false,
    managementType: enrolled ? 'MDM' : null,
    manufacturer: identity.manufacturer,
    mdmAppId: enrolled ? '0000000a-0000-0000-c000-000000000000' : null,
    model: identity.model,
    onPremisesLastSyncDateTime: null,
    onPremisesSyncEnabled: null,
    operatingSystem: 'Windows',
    operatingSystemVersion: enrolled ? windowsOf(state, record).version : '',
    physicalIds: physicalIdsOf(record),
    profileType: 'RegisteredDevice',
    registrationDateTime: enrolled ? identity.lastContactedDateTime : null,
    systemLabels: [],
    trustType: enrolled ? (joinsHybrid(state, record) ? 'ServerAd' : 'AzureAd') : null,
  }
}

const DEVICE_FILTER: FilterSchema = {
  properties: {
    id: 'string',
    deviceId: 'string',
    displayName: 'string',
    accountEnabled: 'boolean',
    operatingSystem: 'string',
    trustType: 'string',
    physicalIds: 'stringCollection',
    manufacturer: 'string',
    model: 'string',
    enrollmentProfileName: 'string',
  },
  functions: new Set(['startswith']),
  operators: new Set(['eq', 'ne', 'and', 'or', 'not']),
  lambdas: true,
}

/** The filterable properties of an Entra device, each computed only if the filter reads it (fast scans). */
function entraFilterView(state: MockState, record: DeviceRecord): Record<string, unknown> {
  let full: Record<string, unknown> | undefined
  const json = () => (full ??= entraDeviceJson(state, record))
  return {
    id: record.entraObjectId,
    deviceId: record.identity.azureAdDeviceId,
    accountEnabled: true,
    operatingSystem: 'Windows',
    manufacturer: record.identity.manufacturer,
    model: record.identity.model,
    get physicalIds() {
      return physicalIdsOf(record)
    },
    get displayName() {
      return json().displayName
    },
    get trustType() {
      return json().trustType
    },
    get enrollmentProfileName() {
      return json().enrollmentProfileName
    },
  }
}

const liveEntra = (state: MockState, record: DeviceRecord | undefined): record is DeviceRecord => record !== undefined && !entraDeleted(state, record)

function listDevices(state: MockState, ctx: RequestContext): MockResponse {
  const query = systemQuery(ctx)
  if (query.skip !== undefined) throw new GraphError(400, 'Request_BadRequest', "'$skip' is not supported by the service.")
  const top = readTopWith(query.top, DIRECTORY_PAGE)
  const filter = filterWith(query.filter, DEVICE_FILTER)
  const select = projection(query.select, DEVICE_PROPERTIES, DEVICE_PROPERTIES, 'device')
  const context = contextUrl(ctx, query.select !== undefined ? `devices(${select.join(',')})` : 'devices')
  const project = (record: DeviceRecord) => pick(entraDeviceJson(state, record), select, '#microsoft.graph.device')
  // Exact lookups need no scan: deviceId eq '…' (what WAC and AST send) and id eq '…'.
  const exact = filter?.equals.get('deviceId') ?? filter?.equals.get('id')
  if (filter && exact !== undefined) {
    const kind = filter.equals.has('deviceId') ? 'entraDevice' : 'entraObject'
    const record = state.devices.findBy(kind, exact)
    const value = liveEntra(state, record) && filter.test(entraFilterView(state, record)) ? [project(record)] : []
    return ok(listBody(context, value))
  }
  const after = query.skiptoken === undefined ? undefined : state.skipTokens.decode(query.skiptoken)
  if (query.skiptoken !== undefined && after === undefined) throw badToken()
  const value: Record<string, unknown>[] = []
  let examined = 0
  let last: { serialNumber: string; id: string } | undefined
  let more = false
  for (const entry of state.devices.scan(after)) {
    if (value.length === top || examined === RECORD_SCAN_BUDGET) {
      more = true
      break
    }
    examined++
    last = { serialNumber: entry.serialNumber, id: entry.id() }
    const record = entry.record()
    if (!liveEntra(state, record)) continue
    if (filter && !filter.test(entraFilterView(state, record))) continue
    value.push(project(record))
  }
  const body = listBody(context, value, more && last ? buildNextLink(ctx, '/devices', state.skipTokens.encode(last)) : undefined)
  if (query.count?.toLowerCase() === 'true' && consistencyEventual(ctx) && !filter)
    return ok({ '@odata.context': context, '@odata.count': state.devices.size - state.entraDeleted.size, ...body })
  return ok(body)
}

function entraOr404(state: MockState, id: string): DeviceRecord {
  const record = state.devices.findBy('entraObject', id)
  if (!liveEntra(state, record)) throw notFound(id)
  return record
}

function getDevice(state: MockState, ctx: RequestContext): MockResponse {
  const record = entraOr404(state, ctx.params.id ?? '')
  const select = projection(systemQuery(ctx).select, DEVICE_PROPERTIES, DEVICE_PROPERTIES, 'device')
  return ok({ '@odata.context': contextUrl(ctx, 'devices/$entity'), ...pick(entraDeviceJson(state, record), select, '#microsoft.graph.device') })
}

function removeDevice(state: MockState, ctx: RequestContext): MockResponse {
  deleteEntraDevice(state, entraOr404(state, ctx.params.id ?? ''))
  return noContent()
}

// ——— groups ———

const GROUP_PROPERTIES = [
  'id',
  'createdDateTime',
  'description',
  'displayName',
  'groupTypes',
  'mailEnabled',
  'mailNickname',
  'membershipRule',
  'membershipRuleProcessingState',
  'securityEnabled',
] as const

export const groupJson = (group: GroupEntity): Record<string, unknown> => ({
  '@odata.type': '#microsoft.graph.group',
  id: group.id,
  createdDateTime: group.createdDateTime,
  description: group.description,
  displayName: group.displayName,
  groupTypes: group.groupTypes,
  mailEnabled: group.mailEnabled,
  mailNickname: group.mailNickname,
  membershipRule: group.membershipRule,
  membershipRuleProcessingState: group.membershipRuleProcessingState,
  securityEnabled: group.securityEnabled,
})

const GROUP_FILTER: FilterSchema = {
  properties: {
    id: 'string',
    displayName: 'string',
    mailNickname: 'string',
    securityEnabled: 'boolean',
    mailEnabled: 'boolean',
    groupTypes: 'stringCollection',
    membershipRule: 'string',
  },
  functions: new Set(['startswith']),
  operators: new Set(['eq', 'ne', 'and', 'or', 'not']),
  lambdas: true,
}

function groupOr404(state: MockState, id: string): GroupEntity {
  const group = state.config.groups.get(id.toLowerCase())
  if (!group) throw notFound(id)
  return group
}

function listGroups(state: MockState, ctx: RequestContext): MockResponse {
  const query = systemQuery(ctx)
  if (query.skip !== undefined) throw unsupported("'$skip' is not supported by the service.")
  const filter = filterWith(query.filter, GROUP_FILTER)
  const select = projection(query.select, GROUP_PROPERTIES, GROUP_PROPERTIES, 'group')
  const groups = [...state.config.groups.values()].map(groupJson).filter((g) => !filter || filter.test(g))
  const page = pageArray(state, ctx, query, groups, { kind: 'groups', ...DIRECTORY_PAGE, path: '/groups', badToken })
  return ok(
    listBody(
      contextUrl(ctx, query.select !== undefined ? `groups(${select.join(',')})` : 'groups'),
      page.value.map((g) => pick(g, select, '#microsoft.graph.group')),
      page.nextLink,
    ),
  )
}

function getGroup(state: MockState, ctx: RequestContext): MockResponse {
  const select = projection(systemQuery(ctx).select, GROUP_PROPERTIES, GROUP_PROPERTIES, 'group')
  return ok({
    '@odata.context': contextUrl(ctx, 'groups/$entity'),
    ...pick(groupJson(groupOr404(state, ctx.params.id ?? '')), select, '#microsoft.graph.group'),
  })
}

function readRule(body: Record<string, unknown>): string | null {
  const rule = body.membershipRule
  if (rule === undefined || rule === null) return null
  if (typeof rule !== 'string') throw new GraphError(400, 'Request_BadRequest', 'membershipRule must be a string.')
  try {
    compileMembershipRule(rule)
  } catch (error) {
    if (error instanceof MembershipRuleError) throw new GraphError(400, 'Request_BadRequest', `Invalid membershipRule: ${error.message}`)
    throw error
  }
  return rule
}

/** POST /groups: security groups of devices, assigned or dynamic (rules on devicePhysicalIds only; mock choice). */
function createGroup(state: MockState, ctx: RequestContext): MockResponse {
  const body = objectBody(ctx)
  if (typeof body.displayName !== 'string' || body.displayName.trim() === '')
    throw new GraphError(400, 'Request_BadRequest', "Invalid value specified for property 'displayName' of resource 'Group'.")
  const groupTypes = Array.isArray(body.groupTypes) ? body.groupTypes.filter((t): t is string => typeof t === 'string') : []
  const dynamic = groupTypes.some((t) => t.toLowerCase() === 'dynamicmembership')
  const rule = readRule(body)
  if (dynamic !== (rule !== null))
    throw new GraphError(
      400,
      'Request_BadRequest',
      'A dynamic group needs groupTypes ["DynamicMembership"] and a membershipRule; an assigned group has neither.',
    )
  const group: GroupEntity = {
    id: state.newGuid(),
    displayName: body.displayName,
    description: typeof body.description === 'string' ? body.description : '',
    createdDateTime: isoSeconds(ctx.now),
    groupTypes: dynamic ? ['DynamicMembership'] : [],
    membershipRule: rule,
    membershipRuleProcessingState: dynamic ? (body.membershipRuleProcessingState === 'Paused' ? 'Paused' : 'On') : null,
    mailNickname: typeof body.mailNickname === 'string' ? body.mailNickname : body.displayName.replace(/[^A-Za-z0-9]/g, '').slice(0, 64),
    securityEnabled: body.securityEnabled !== false,
    mailEnabled: body.mailEnabled === true,
    members: [],
  }
  state.config.groups.set(group.id, group)
  state.config.changed(ctx.now)
  state.markDirty()
  return created({ '@odata.context': contextUrl(ctx, 'groups/$entity'), ...groupJson(group) })
}

function updateGroup(state: MockState, ctx: RequestContext): MockResponse {
  const group = groupOr404(state, ctx.params.id ?? '')
  const body = objectBody(ctx)
  const next: GroupEntity = { ...group }
  if (typeof body.displayName === 'string') next.displayName = body.displayName
  if (typeof body.description === 'string') next.description = body.description
  if (body.membershipRule !== undefined) {
    if (!isDynamic(group)) throw new GraphError(400, 'Request_BadRequest', 'membershipRule can only be set on a dynamic group.')
    next.membershipRule = readRule(body)
  }
  if (body.membershipRuleProcessingState === 'On' || body.membershipRuleProcessingState === 'Paused')
    next.membershipRuleProcessingState = body.membershipRuleProcessingState
  state.config.groups.set(group.id, next)
  state.config.changed(ctx.now)
  state.markDirty()
  return noContent()
}

function removeGroup(state: MockState, ctx: RequestContext): MockResponse {
  const group = groupOr404(state, ctx.params.id ?? '')
  state.config.groups.delete(group.id)
  state.config.changed(ctx.now)
  state.markDirty()
  return noContent()
}

/** Members of a group (devices only): a static list, or a scan of the tenant for a dynamic rule. */
function listMembers(state: MockState, ctx: RequestContext): MockResponse {
  const group = groupOr404(state, ctx.params.id ?? '')
  const query = systemQuery(ctx)
  const top = readTopWith(query.top, DIRECTORY_PAGE)
  const select = projection(query.select, DEVICE_PROPERTIES, DEVICE_PROPERTIES, 'device')
  const context = contextUrl(ctx, 'directoryObjects')
  const project = (record: DeviceRecord) => pick(entraDeviceJson(state, record), select, '#microsoft.graph.device')
  const path = `/groups/${group.id}/members`
  if (!isDynamic(group)) {
    const records = group.members.map((id) => state.devices.findBy('entraObject', id)).filter((r): r is DeviceRecord => liveEntra(state, r))
    const page = pageArray(state, ctx, query, records, { kind: `members:${group.id}`, ...DIRECTORY_PAGE, path, badToken })
    return ok(listBody(context, page.value.map(project), page.nextLink))
  }
  const after = query.skiptoken === undefined ? undefined : state.skipTokens.decode(query.skiptoken)
  if (query.skiptoken !== undefined && after === undefined) throw badToken()
  const value: Record<string, unknown>[] = []
  let examined = 0
  let last: { serialNumber: string; id: string } | undefined
  let more = false
  for (const entry of state.devices.scan(after)) {
    if (value.length === top || examined === RECORD_SCAN_BUDGET) {
      more = true
      break
    }
    examined++
    last = { serialNumber: entry.serialNumber, id: entry.id() }
    const record = entry.record()
    if (liveEntra(state, record) && state.config.isMember(group.id, factsOf(record))) value.push(project(record))
  }
  return ok(listBody(context, value, more && last ? buildNextLink(ctx, path, state.skipTokens.encode(last)) : undefined))
}

/** POST /groups/{id}/members/$ref with {"@odata.id": ".../directoryObjects/{id}"} (static groups). */
function addMember(state: MockState, ctx: RequestContext): MockResponse {
  const group = groupOr404(state, ctx.params.id ?? '')
  const body = objectBody(ctx)
  const ref = typeof body['@odata.id'] === 'string' ? body['@odata.id'] : ''
  const objectId = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(ref)?.[1]?.toLowerCase()
  if (!objectId) throw new GraphError(400, 'Request_BadRequest', "Invalid object identifier in '@odata.id'.")
  if (isDynamic(group))
    throw new GraphError(400, 'Request_BadRequest', 'Insufficient privileges to complete the operation: members of a dynamic group are managed by its rule.')
  if (!liveEntra(state, state.devices.findBy('entraObject', objectId))) throw notFound(objectId)
  if (group.members.some((m) => m.toLowerCase() === objectId)) {
    throw new GraphError(400, 'Request_BadRequest', "One or more added object references already exist for the following modified properties: 'members'.")
  }
  state.config.groups.set(group.id, { ...group, members: [...group.members, objectId] })
  state.config.changed(ctx.now)
  state.markDirty()
  return noContent()
}

function removeMember(state: MockState, ctx: RequestContext): MockResponse {
  const group = groupOr404(state, ctx.params.id ?? '')
  const memberId = (ctx.params.memberId ?? '').toLowerCase()
  if (!group.members.some((m) => m.toLowerCase() === memberId)) throw notFound(memberId)
  state.config.groups.set(group.id, { ...group, members: group.members.filter((m) => m.toLowerCase() !== memberId) })
  state.config.changed(ctx.now)
  state.markDirty()
  return noContent()
}

function memberOf(state: MockState, ctx: RequestContext): MockResponse {
  const record = entraOr404(state, ctx.params.id ?? '')
  const groups = state.config
    .groupIdsOf(factsOf(record))
    .map((id) => state.config.groups.get(id))
    .filter((g): g is GroupEntity => g !== undefined)
  return ok(listBody(contextUrl(ctx, 'directoryObjects'), groups.map(groupJson)))
}

export const directoryRoutes = (state: MockState): RouteDefinition[] => [
  { method: 'GET', path: '/users', versions: both, handler: (ctx) => listUsers(state, ctx) },
  { method: 'GET', path: '/users/{id}', versions: both, handler: (ctx) => getUser(state, ctx) },
  { method: 'GET', path: '/devices', versions: both, handler: (ctx) => listDevices(state, ctx) },
  { method: 'GET', path: '/devices/{id}', versions: both, handler: (ctx) => getDevice(state, ctx) },
  { method: 'DELETE', path: '/devices/{id}', versions: both, handler: (ctx) => removeDevice(state, ctx) },
  { method: 'GET', path: '/devices/{id}/memberOf', versions: both, handler: (ctx) => memberOf(state, ctx) },
  { method: 'GET', path: '/groups', versions: both, handler: (ctx) => listGroups(state, ctx) },
  { method: 'POST', path: '/groups', versions: both, handler: (ctx) => createGroup(state, ctx) },
  { method: 'GET', path: '/groups/{id}', versions: both, handler: (ctx) => getGroup(state, ctx) },
  { method: 'PATCH', path: '/groups/{id}', versions: both, handler: (ctx) => updateGroup(state, ctx) },
  { method: 'DELETE', path: '/groups/{id}', versions: both, handler: (ctx) => removeGroup(state, ctx) },
  { method: 'GET', path: '/groups/{id}/members', versions: both, handler: (ctx) => listMembers(state, ctx) },
  { method: 'POST', path: '/groups/{id}/members/$ref', versions: both, handler: (ctx) => addMember(state, ctx) },
  { method: 'DELETE', path: '/groups/{id}/members/{memberId}/$ref', versions: both, handler: (ctx) => removeMember(state, ctx) },
]
