import { GraphError, IntuneError } from '../graph-errors'
import type { MockResponse, RequestContext } from '../http/context'
import { ALL_DEVICES_ID, ALL_DEVICES_TARGET, ALL_USERS_ID, ALL_USERS_TARGET, type Assignment, type AssignmentTarget } from '../model/group'
import { isEsp, type EspConfiguration } from '../model/esp'
import type { MockState } from '../mock-state'
import { readNameList } from '../odata/query-options'
import type { RouteDefinition } from '../router'
import { isoSeconds } from '../tenant/device-status'
import { contextUrl, fefPath, listBody, noContent, objectBody, ok, systemQuery } from './common'
import { readTarget } from './profiles'

/**
 * deviceEnrollmentConfigurations, including the Enrollment Status Page
 * (windows10EnrollmentCompletionPageConfiguration; docs/reference/autopilot.md §4), with assignments (v1.0
 * and beta). The ESP that applies to a device is the assigned one with the lowest priority number,
 * else the default (priority 0, all devices); the simulator uses its timeout, custom error message
 * and retry/reset settings.
 */
const COLLECTION = '/deviceManagement/deviceEnrollmentConfigurations'
const FEF = 'deviceManagement/deviceEnrollmentConfigurations'
const ASSIGNMENT_TYPE = '#microsoft.graph.enrollmentConfigurationAssignment'

const assignmentJson = (a: Assignment): Record<string, unknown> => ({
  '@odata.type': ASSIGNMENT_TYPE,
  id: a.id,
  target: a.target,
  source: 'direct',
  sourceId: a.sourceId,
})

function configOr404(state: MockState, id: string) {
  const config = [...state.config.enrollmentConfigurations.values()].find((c) => c.id.toLowerCase() === id.toLowerCase())
  if (!config) throw new IntuneError(404, 'ResourceNotFound', `${FEF}('${id.slice(0, 200)}')`)
  return config
}

function configJson(state: MockState, config: ReturnType<typeof configOr404>, expand: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = { ...config }
  if (expand) json.assignments = state.config.enrollmentAssignments.filter((a) => a.sourceId === config.id).map(assignmentJson)
  return json
}

function readExpand(value: string | undefined): boolean {
  const names = readNameList('expand', value) ?? []
  for (const name of names)
    if (name.toLowerCase() !== 'assignments')
      throw new GraphError(400, 'BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.deviceEnrollmentConfiguration'.`)
  return names.length > 0
}

/** Supported $filter: deviceEnrollmentConfigurationType eq '…' (mock choice; the rest is the Intune 400). */
function list(state: MockState, ctx: RequestContext): MockResponse {
  const query = systemQuery(ctx)
  const fef = fefPath(FEF, ctx)
  if (query.search !== undefined || query.skip !== undefined || query.orderby !== undefined || query.select !== undefined)
    throw new IntuneError(400, 'BadRequest', fef)
  let items = [...state.config.enrollmentConfigurations.values()]
  if (query.filter !== undefined) {
    const match = /^\s*deviceEnrollmentConfigurationType\s+eq\s+'([^']*)'\s*$/i.exec(query.filter)
    if (!match) throw new IntuneError(400, 'BadRequest', fef)
    items = items.filter((c) => c.deviceEnrollmentConfigurationType.toLowerCase() === (match[1] ?? '').toLowerCase())
  }
  const expand = readExpand(query.expand)
  return ok(
    listBody(
      contextUrl(ctx, 'deviceManagement/deviceEnrollmentConfigurations'),
      items.map((c) => configJson(state, c, expand)),
    ),
  )
}

function get(state: MockState, ctx: RequestContext): MockResponse {
  const config = configOr404(state, ctx.params.id ?? '')
  return ok({
    '@odata.context': contextUrl(ctx, 'deviceManagement/deviceEnrollmentConfigurations/$entity'),
    ...configJson(state, config, readExpand(systemQuery(ctx).expand)),
  })
}

const ESP_BOOLEANS = [
  'showInstallationProgress',
  'blockDeviceSetupRetryByUser',
  'allowDeviceResetOnInstallFailure',
  'allowLogCollectionOnInstallFailure',
  'allowDeviceUseOnInstallFailure',
  'allowNonBlockingAppInstallation',
  'installQualityUpdates',
  'trackInstallProgressForAutopilotOnly',
  'disableUserStatusTrackingAfterFirstUser',
] as const

/** PATCH an ESP's settings (200 with the entity, as Intune updates answer). */
function update(state: MockState, ctx: RequestContext): MockResponse {
  const config = configOr404(state, ctx.params.id ?? '')
  const fef = `${FEF}('${config.id}')`
  if (!isEsp(config)) throw new IntuneError(400, 'BadRequest', fef, { detail: 'Only Enrollment Status Page configurations can be updated in the mock' })
  const body = objectBody(ctx)
  const next: EspConfiguration = { ...config }
  for (const key of ESP_BOOLEANS) {
    if (body[key] === undefined) continue
    if (typeof body[key] !== 'boolean') throw new IntuneError(400, 'BadRequest', fef, { detail: `Property '${key}' must be a boolean` })
    next[key] = body[key]
  }
  if (body.displayName !== undefined) {
    if (typeof body.displayName !== 'string' || body.displayName.trim() === '')
      throw new IntuneError(400, 'BadRequest', fef, { detail: 'displayName must be a non-empty string' })
    next.displayName = body.displayName
  }
  if (body.description !== undefined) next.description = typeof body.description === 'string' ? body.description : ''
  if (body.customErrorMessage !== undefined) next.customErrorMessage = typeof body.customErrorMessage === 'string' ? body.customErrorMessage : ''
  if (body.installProgressTimeoutInMinutes !== undefined) {
    const minutes = body.installProgressTimeoutInMinutes
    if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
      throw new IntuneError(400, 'BadRequest', fef, { detail: 'installProgressTimeoutInMinutes must be an integer from 1 to 1440' })
    next.installProgressTimeoutInMinutes = minutes
  }
  if (body.selectedMobileAppIds !== undefined) {
    if (!Array.isArray(body.selectedMobileAppIds) || body.selectedMobileAppIds.some((a) => typeof a !== 'string'))
      throw new IntuneError(400, 'BadRequest', fef, { detail: 'selectedMobileAppIds must be strings' })
    next.selectedMobileAppIds = body.selectedMobileAppIds as string[]
  }
  next.lastModifiedDateTime = isoSeconds(ctx.now)
  next.version = config.version + 1
  state.config.enrollmentConfigurations.set(config.id, next)
  state.markDirty()
  return ok({ '@odata.context': contextUrl(ctx, 'deviceManagement/deviceEnrollmentConfigurations/$entity'), ...next })
}

function listAssignments(state: MockState, ctx: RequestContext): MockResponse {
  const config = configOr404(state, ctx.params.id ?? '')
  const items = state.config.enrollmentAssignments.filter((a) => a.sourceId === config.id).map(assignmentJson)
  return ok(listBody(contextUrl(ctx, `deviceManagement/deviceEnrollmentConfigurations('${config.id}')/assignments`), items))
}

/** The `assign` action: replaces the configuration's assignments (204). ESPs target device groups or All devices. */
function assign(state: MockState, ctx: RequestContext): MockResponse {
  const config = configOr404(state, ctx.params.id ?? '')
  const fef = `${FEF}('${config.id}')/microsoft.management.services.api.assign`
  if (config.priority === 0)
    throw new IntuneError(400, 'BadRequest', fef, { detail: 'The default configuration is assigned to all users and all devices and cannot be reassigned' })
  const body = objectBody(ctx)
  const list = body.enrollmentConfigurationAssignments
  if (!Array.isArray(list)) throw new IntuneError(400, 'BadRequest', fef, { detail: "Invalid ODataActionParameter 'enrollmentConfigurationAssignments'" })
  const targets: AssignmentTarget[] = list.map((item) => {
    const target = (item as { target?: unknown } | null)?.target
    if ((target as { '@odata.type'?: unknown } | undefined)?.['@odata.type'] === ALL_USERS_TARGET)
      return { '@odata.type': ALL_USERS_TARGET, deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' }
    return readTarget(state, target, fef)
  })
  const assignments: Assignment[] = targets.map((target) => ({
    id: `${config.id}_${target.groupId ?? (target['@odata.type'] === ALL_DEVICES_TARGET ? ALL_DEVICES_ID : ALL_USERS_ID)}`,
    sourceId: config.id,
    target,
  }))
  state.config.enrollmentAssignments = [...state.config.enrollmentAssignments.filter((a) => a.sourceId !== config.id), ...assignments]
  state.markDirty()
  return noContent()
}

export const enrollmentConfigurationRoutes = (state: MockState): RouteDefinition[] => {
  const both = ['v1.0', 'beta'] as const
  return [
    { method: 'GET', path: COLLECTION, versions: both, handler: (ctx) => list(state, ctx) },
    { method: 'GET', path: `${COLLECTION}/{id}`, versions: both, handler: (ctx) => get(state, ctx) },
    { method: 'PATCH', path: `${COLLECTION}/{id}`, versions: both, handler: (ctx) => update(state, ctx) },
    { method: 'GET', path: `${COLLECTION}/{id}/assignments`, versions: both, handler: (ctx) => listAssignments(state, ctx) },
    { method: 'POST', path: `${COLLECTION}/{id}/assign`, versions: both, handler: (ctx) => assign(state, ctx) },
  ]
}
