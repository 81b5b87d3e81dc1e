import { GraphError, IntuneError } from '../graph-errors'
import type { MockResponse, RequestContext } from '../http/context'
import { ALL_DEVICES_ID, ALL_DEVICES_TARGET, EXCLUSION_TARGET, GROUP_TARGET, type Assignment, type AssignmentTarget } from '../model/group'
import {
  AAD_PROFILE,
  DEFAULT_STATUS_SCREEN,
  DEVICE_TYPES,
  DEVICE_USAGE_TYPES,
  HYBRID_PROFILE,
  USER_TYPES,
  newOobe,
  oldOobe,
  type DeploymentProfile,
  type EnrollmentStatusScreenSettings,
  type OutOfBoxExperienceSetting,
  type OutOfBoxExperienceSettings,
} from '../model/profile'
import type { MockState } from '../mock-state'
import { readNameList } from '../odata/query-options'
import type { RouteDefinition } from '../router'
import { isoSeconds } from '../tenant/device-status'
import { contextUrl, created, fefPath, listBody, noContent, objectBody, ok, pageArray, pick, projection, systemQuery } from './common'
import { scanPage } from './device-identities'

/**
 * windowsAutopilotDeploymentProfiles (beta only; docs/reference/graph-api.md §B5, §B13 #6): list, get, create,
 * update, delete, assignments (list/create/get/delete), the `assign` action and assignedDevices.
 * Both @odata.type subtypes; old and new OOBE fields kept in step (a client may write either).
 * Assigning, unassigning or deleting a profile moves devices (see config/tenant-config.ts).
 */
const COLLECTION = '/deviceManagement/windowsAutopilotDeploymentProfiles'
const FEF = 'deviceManagement/windowsAutopilotDeploymentProfiles'
const ASSIGNMENT_TYPE = '#microsoft.graph.windowsAutopilotDeploymentProfileAssignment'
const PROFILE_PROPERTIES = [
  'id',
  'displayName',
  'description',
  'language',
  'locale',
  'createdDateTime',
  'lastModifiedDateTime',
  'outOfBoxExperienceSettings',
  'outOfBoxExperienceSetting',
  'enrollmentStatusScreenSettings',
  'extractHardwareHash',
  'hardwareHashExtractionEnabled',
  'deviceNameTemplate',
  'deviceType',
  'enableWhiteGlove',
  'preprovisioningAllowed',
  'roleScopeTagIds',
  'managementServiceAppId',
  'hybridAzureADJoinSkipConnectivityCheck',
] as const

const profileOr404 = (state: MockState, id: string, suffix = ''): DeploymentProfile => {
  const profile = state.config.profiles.get(id.toLowerCase()) ?? [...state.config.profiles.values()].find((p) => p.id.toLowerCase() === id.toLowerCase())
  if (!profile) throw new IntuneError(404, 'ResourceNotFound', `${FEF}('${id.slice(0, 200)}')${suffix}`)
  return profile
}

const assignmentJson = (a: Assignment): Record<string, unknown> => ({
  '@odata.type': ASSIGNMENT_TYPE,
  id: a.id,
  target: a.target,
  source: 'direct',
  sourceId: a.sourceId,
})

function profileJson(state: MockState, profile: DeploymentProfile, select: readonly string[], expandAssignments: boolean): Record<string, unknown> {
  const names = select.filter((name) => name !== 'hybridAzureADJoinSkipConnectivityCheck' || profile['@odata.type'] === HYBRID_PROFILE)
  const json = pick(profile as unknown as Record<string, unknown>, names, profile['@odata.type'])
  if (expandAssignments) json.assignments = state.config.profileAssignments.filter((a) => a.sourceId === profile.id).map(assignmentJson)
  return json
}

function readExpand(value: string | undefined): boolean {
  const names = readNameList('expand', value) ?? []
  for (const name of names)
    if (name.toLowerCase() !== 'assignments')
      throw new GraphError(400, 'BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.windowsAutopilotDeploymentProfile'.`)
  return names.length > 0
}

function list(state: MockState, ctx: RequestContext): MockResponse {
  const query = systemQuery(ctx)
  const fef = fefPath(FEF, ctx)
  // "supports $select, $top, $skip, $orderby; $filter/$search not supported" (§B5).
  if (query.filter !== undefined || query.search !== undefined) throw new IntuneError(400, 'BadRequest', fef)
  const select = projection(query.select, PROFILE_PROPERTIES, PROFILE_PROPERTIES, 'windowsAutopilotDeploymentProfile')
  const expand = readExpand(query.expand)
  let items = [...state.config.profiles.values()]
  if (query.orderby !== undefined) {
    const match = /^\s*(displayName|createdDateTime|lastModifiedDateTime)(\s+(asc|desc))?\s*$/i.exec(query.orderby)
    if (!match) throw new IntuneError(400, 'BadRequest', fef)
    const key =
      (match[1] ?? 'displayName').toLowerCase() === 'displayname'
        ? 'displayName'
        : (match[1] ?? '').toLowerCase() === 'createddatetime'
          ? 'createdDateTime'
          : 'lastModifiedDateTime'
    const direction = (match[3] ?? 'asc').toLowerCase() === 'desc' ? -1 : 1
    items = items.sort((a, b) => direction * (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0))
  }
  const page = pageArray(state, ctx, query, items, {
    kind: 'profiles',
    defaultTop: 1000,
    maxTop: 1000,
    overflow: 'clamp',
    path: COLLECTION,
    allowSkip: true,
    badToken: () => new IntuneError(400, 'BadRequest', fef),
  })
  const fragment = `deviceManagement/windowsAutopilotDeploymentProfiles${query.select !== undefined ? `(${select.join(',')})` : ''}`
  return ok(
    listBody(
      contextUrl(ctx, fragment),
      page.value.map((p) => profileJson(state, p, select, expand)),
      page.nextLink,
    ),
  )
}

function get(state: MockState, ctx: RequestContext): MockResponse {
  const query = systemQuery(ctx)
  const profile = profileOr404(state, ctx.params.id ?? '')
  const select = projection(query.select, PROFILE_PROPERTIES, PROFILE_PROPERTIES, 'windowsAutopilotDeploymentProfile')
  return ok({
    '@odata.context': contextUrl(ctx, 'deviceManagement/windowsAutopilotDeploymentProfiles/$entity'),
    ...profileJson(state, profile, select, readExpand(query.expand)),
  })
}

const bool = (value: unknown, name: string, fef: string): boolean => {
  if (typeof value !== 'boolean') throw new IntuneError(400, 'BadRequest', fef, { detail: `Property '${name}' must be a boolean` })
  return value
}
const str = (value: unknown, name: string, fef: string, max: number): string => {
  if (typeof value !== 'string' || value.length > max)
    throw new IntuneError(400, 'BadRequest', fef, { detail: `Property '${name}' must be a string of at most ${max} characters` })
  return value
}
const member = <T extends string>(value: unknown, allowed: readonly T[], name: string, fef: string): T => {
  if (typeof value !== 'string' || !allowed.includes(value as T))
    throw new IntuneError(400, 'BadRequest', fef, { detail: `Property '${name}' must be one of ${allowed.join(', ')}` })
  return value as T
}

/** Template rules (docs/reference/autopilot.md §1.5): ≤15 characters out, letters/digits/hyphens, %SERIAL% and %RAND:x%. */
function checkTemplate(template: string, fef: string): void {
  if (template === '') return
  const withoutMacros = template.replace(/%SERIAL%/gi, '').replace(/%RAND:(\d+)%/gi, (_, n: string) => 'x'.repeat(Number(n)))
  if (withoutMacros.length > 15 || !/^[A-Za-z0-9-]*$/.test(withoutMacros)) {
    throw new IntuneError(400, 'BadRequest', fef, {
      detail: 'deviceNameTemplate must give at most 15 letters, digits or hyphens (%SERIAL% and %RAND:x% allowed)',
    })
  }
}

/** Applies a create/update body to a profile, mirroring the deprecated and replacement fields. */
function applyProfileBody(profile: DeploymentProfile, body: Record<string, unknown>, fef: string): void {
  const has = (name: string) => Object.prototype.hasOwnProperty.call(body, name)
  if (has('displayName')) profile.displayName = str(body.displayName, 'displayName', fef, 200)
  if (has('description')) profile.description = body.description === null ? '' : str(body.description, 'description', fef, 1500)
  if (has('language')) profile.language = profile.locale = str(body.language, 'language', fef, 20)
  if (has('locale')) profile.locale = profile.language = str(body.locale, 'locale', fef, 20)
  if (has('outOfBoxExperienceSettings') && body.outOfBoxExperienceSettings !== null) {
    const o = body.outOfBoxExperienceSettings as Record<string, unknown>
    const old: OutOfBoxExperienceSettings = { ...profile.outOfBoxExperienceSettings }
    if (typeof o !== 'object') throw new IntuneError(400, 'BadRequest', fef, { detail: 'outOfBoxExperienceSettings must be an object' })
    for (const key of ['hidePrivacySettings', 'hideEULA', 'skipKeyboardSelectionPage', 'hideEscapeLink'] as const)
      if (o[key] !== undefined) old[key] = bool(o[key], key, fef)
    if (o.userType !== undefined) old.userType = member(o.userType, USER_TYPES, 'userType', fef)
    if (o.deviceUsageType !== undefined) old.deviceUsageType = member(o.deviceUsageType, DEVICE_USAGE_TYPES, 'deviceUsageType', fef)
    profile.outOfBoxExperienceSettings = old
    profile.outOfBoxExperienceSetting = newOobe(old)
  }
  if (has('outOfBoxExperienceSetting') && body.outOfBoxExperienceSetting !== null) {
    const o = body.outOfBoxExperienceSetting as Record<string, unknown>
    if (typeof o !== 'object') throw new IntuneError(400, 'BadRequest', fef, { detail: 'outOfBoxExperienceSetting must be an object' })
    const next: OutOfBoxExperienceSetting = { ...profile.outOfBoxExperienceSetting }
    for (const key of ['privacySettingsHidden', 'eulaHidden', 'keyboardSelectionPageSkipped', 'escapeLinkHidden'] as const)
      if (o[key] !== undefined) next[key] = bool(o[key], key, fef)
    if (o.userType !== undefined) next.userType = member(o.userType, USER_TYPES, 'userType', fef)
    if (o.deviceUsageType !== undefined) next.deviceUsageType = member(o.deviceUsageType, DEVICE_USAGE_TYPES, 'deviceUsageType', fef)
    profile.outOfBoxExperienceSetting = next
    profile.outOfBoxExperienceSettings = oldOobe(next)
  }
  if (has('enrollmentStatusScreenSettings') && body.enrollmentStatusScreenSettings !== null) {
    const e = body.enrollmentStatusScreenSettings as Record<string, unknown>
    if (typeof e !== 'object') throw new IntuneError(400, 'BadRequest', fef, { detail: 'enrollmentStatusScreenSettings must be an object' })
    const next: EnrollmentStatusScreenSettings = { ...profile.enrollmentStatusScreenSettings }
    for (const key of [
      'hideInstallationProgress',
      'allowDeviceUseBeforeProfileAndAppInstallComplete',
      'blockDeviceSetupRetryByUser',
      'allowLogCollectionOnInstallFailure',
      'allowDeviceUseOnInstallFailure',
    ] as const) {
      if (e[key] !== undefined) next[key] = bool(e[key], key, fef)
    }
    if (e.customErrorMessage !== undefined)
      next.customErrorMessage = e.customErrorMessage === null ? null : str(e.customErrorMessage, 'customErrorMessage', fef, 1000)
    if (e.installProgressTimeoutInMinutes !== undefined) {
      const minutes = e.installProgressTimeoutInMinutes
      if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1)
        throw new IntuneError(400, 'BadRequest', fef, { detail: 'installProgressTimeoutInMinutes must be a positive integer' })
      next.installProgressTimeoutInMinutes = minutes
    }
    profile.enrollmentStatusScreenSettings = next
  }
  if (has('extractHardwareHash'))
    profile.extractHardwareHash = profile.hardwareHashExtractionEnabled = bool(body.extractHardwareHash, 'extractHardwareHash', fef)
  if (has('hardwareHashExtractionEnabled'))
    profile.hardwareHashExtractionEnabled = profile.extractHardwareHash = bool(body.hardwareHashExtractionEnabled, 'hardwareHashExtractionEnabled', fef)
  if (has('deviceNameTemplate'))
    profile.deviceNameTemplate = body.deviceNameTemplate === null ? '' : str(body.deviceNameTemplate, 'deviceNameTemplate', fef, 63)
  if (has('deviceType')) profile.deviceType = member(body.deviceType, DEVICE_TYPES, 'deviceType', fef)
  if (has('enableWhiteGlove')) profile.enableWhiteGlove = profile.preprovisioningAllowed = bool(body.enableWhiteGlove, 'enableWhiteGlove', fef)
  if (has('preprovisioningAllowed'))
    profile.preprovisioningAllowed = profile.enableWhiteGlove = bool(body.preprovisioningAllowed, 'preprovisioningAllowed', fef)
  if (has('roleScopeTagIds')) {
    if (!Array.isArray(body.roleScopeTagIds) || body.roleScopeTagIds.some((t) => typeof t !== 'string'))
      throw new IntuneError(400, 'BadRequest', fef, { detail: 'roleScopeTagIds must be strings' })
    profile.roleScopeTagIds = body.roleScopeTagIds as string[]
  }
  if (has('managementServiceAppId'))
    profile.managementServiceAppId = body.managementServiceAppId === null ? null : str(body.managementServiceAppId, 'managementServiceAppId', fef, 64)
  if (has('hybridAzureADJoinSkipConnectivityCheck')) {
    if (profile['@odata.type'] !== HYBRID_PROFILE)
      throw new IntuneError(400, 'BadRequest', fef, { detail: "Invalid property 'hybridAzureADJoinSkipConnectivityCheck' for an Entra join profile" })
    profile.hybridAzureADJoinSkipConnectivityCheck = bool(body.hybridAzureADJoinSkipConnectivityCheck, 'hybridAzureADJoinSkipConnectivityCheck', fef)
  }
  // Hybrid join cannot use a device name template (the domain join profile names the device; §1.5).
  if (profile['@odata.type'] === HYBRID_PROFILE && profile.deviceNameTemplate !== '')
    throw new IntuneError(400, 'BadRequest', fef, { detail: 'deviceNameTemplate is not supported for hybrid join profiles' })
  checkTemplate(profile.deviceNameTemplate, fef)
}

function create(state: MockState, ctx: RequestContext): MockResponse {
  const body = objectBody(ctx)
  const type = body['@odata.type']
  if (type !== AAD_PROFILE && type !== HYBRID_PROFILE) {
    throw new IntuneError(400, 'BadRequest', FEF, { detail: `'@odata.type' must be ${AAD_PROFILE} or ${HYBRID_PROFILE} (the base type is abstract)` })
  }
  if (typeof body.displayName !== 'string' || body.displayName.trim() === '')
    throw new IntuneError(400, 'BadRequest', FEF, { detail: 'displayName is required' })
  if (state.config.profiles.size >= 350) throw new IntuneError(400, 'BadRequest', FEF, { detail: 'A tenant can have at most 350 Autopilot profiles' })
  const now = isoSeconds(ctx.now)
  const oobe: OutOfBoxExperienceSetting = {
    privacySettingsHidden: false,
    eulaHidden: false,
    userType: 'administrator',
    deviceUsageType: 'singleUser',
    keyboardSelectionPageSkipped: false,
    escapeLinkHidden: false,
  }
  const profile: DeploymentProfile = {
    '@odata.type': type,
    id: state.newGuid(),
    displayName: '',
    description: '',
    language: 'os-default',
    locale: 'os-default',
    createdDateTime: now,
    lastModifiedDateTime: now,
    outOfBoxExperienceSettings: oldOobe(oobe),
    outOfBoxExperienceSetting: oobe,
    enrollmentStatusScreenSettings: { ...DEFAULT_STATUS_SCREEN },
    extractHardwareHash: false,
    hardwareHashExtractionEnabled: false,
    deviceNameTemplate: '',
    deviceType: 'windowsPc',
    enableWhiteGlove: false,
    preprovisioningAllowed: false,
    roleScopeTagIds: ['0'],
    managementServiceAppId: null,
    ...(type === HYBRID_PROFILE ? { hybridAzureADJoinSkipConnectivityCheck: false } : {}),
  }
  const { id: _id, createdDateTime: _c, lastModifiedDateTime: _m, '@odata.type': _t, ...writable } = body
  applyProfileBody(profile, writable, FEF)
  state.config.profiles.set(profile.id, profile)
  state.config.changed(ctx.now)
  state.markDirty()
  return created({
    '@odata.context': contextUrl(ctx, 'deviceManagement/windowsAutopilotDeploymentProfiles/$entity'),
    ...profileJson(state, profile, PROFILE_PROPERTIES, false),
  })
}

function update(state: MockState, ctx: RequestContext): MockResponse {
  const profile = profileOr404(state, ctx.params.id ?? '')
  const fef = `${FEF}('${profile.id}')`
  const body = objectBody(ctx)
  if (body['@odata.type'] !== undefined && body['@odata.type'] !== profile['@odata.type'])
    throw new IntuneError(400, 'BadRequest', fef, { detail: 'The @odata.type of a profile cannot change' })
  const draft: DeploymentProfile = structuredClone(profile)
  const { id: _id, createdDateTime: _c, lastModifiedDateTime: _m, '@odata.type': _t, ...writable } = body
  applyProfileBody(draft, writable, fef)
  draft.lastModifiedDateTime = isoSeconds(ctx.now)
  state.config.profiles.set(profile.id, draft)
  state.markDirty()
  return ok({
    '@odata.context': contextUrl(ctx, 'deviceManagement/windowsAutopilotDeploymentProfiles/$entity'),
    ...profileJson(state, draft, PROFILE_PROPERTIES, false),
  })
}

/** Mock choice: a profile that is still assigned cannot be deleted (the portal asks to remove assignments first). */
function remove(state: MockState, ctx: RequestContext): MockResponse {
  const profile = profileOr404(state, ctx.params.id ?? '')
  if (state.config.profileAssignments.some((a) => a.sourceId === profile.id)) {
    throw new IntuneError(400, 'BadRequest', `${FEF}('${profile.id}')`, {
      detail: 'The profile is assigned to groups; remove its assignments before deleting it',
    })
  }
  state.config.profiles.delete(profile.id)
  state.config.changed(ctx.now)
  state.markDirty()
  return noContent()
}

function listAssignments(state: MockState, ctx: RequestContext): MockResponse {
  const profile = profileOr404(state, ctx.params.id ?? '', '/assignments')
  const items = state.config.profileAssignments.filter((a) => a.sourceId === profile.id).map(assignmentJson)
  return ok(listBody(contextUrl(ctx, `deviceManagement/windowsAutopilotDeploymentProfiles('${profile.id}')/assignments`), items))
}

/** Reads an assignment target: a group (include or exclude) or All devices; the group must exist. */
export function readTarget(state: MockState, value: unknown, fef: string): AssignmentTarget {
  if (typeof value !== 'object' || value === null) throw new IntuneError(400, 'BadRequest', fef, { detail: 'target is required' })
  const target = value as Record<string, unknown>
  const type = target['@odata.type']
  const filterId = typeof target.deviceAndAppManagementAssignmentFilterId === 'string' ? target.deviceAndAppManagementAssignmentFilterId : null
  const filterType =
    target.deviceAndAppManagementAssignmentFilterType === 'include' || target.deviceAndAppManagementAssignmentFilterType === 'exclude'
      ? target.deviceAndAppManagementAssignmentFilterType
      : 'none'
  if (type === ALL_DEVICES_TARGET)
    return { '@odata.type': ALL_DEVICES_TARGET, deviceAndAppManagementAssignmentFilterId: filterId, deviceAndAppManagementAssignmentFilterType: filterType }
  if (type !== GROUP_TARGET && type !== EXCLUSION_TARGET) throw new IntuneError(400, 'BadRequest', fef, { detail: `Unsupported target type '${String(type)}'` })
  const groupId = typeof target.groupId === 'string' ? target.groupId.toLowerCase() : ''
  if (!state.config.groups.has(groupId)) throw new IntuneError(400, 'BadRequest', fef, { detail: `Group '${groupId.slice(0, 100)}' was not found` })
  return { '@odata.type': type, deviceAndAppManagementAssignmentFilterId: filterId, deviceAndAppManagementAssignmentFilterType: filterType, groupId }
}

function createAssignment(state: MockState, ctx: RequestContext): MockResponse {
  const profile = profileOr404(state, ctx.params.id ?? '', '/assignments')
  const fef = `${FEF}('${profile.id}')/assignments`
  const body = objectBody(ctx)
  const target = readTarget(state, body.target, fef)
  const groupId = target.groupId ?? ALL_DEVICES_ID
  // The id convention seen in the wild: {profileId}_{groupId}_0 (AST Set-AutopilotProfileAssignedGroup); _1 for exclusions (mock choice).
  const id = `${profile.id}_${groupId}_${target['@odata.type'] === EXCLUSION_TARGET ? 1 : 0}`
  if (state.config.profileAssignments.some((a) => a.id === id))
    throw new IntuneError(409, 'Conflict', fef, { detail: 'The profile is already assigned to this target' })
  if (
    target['@odata.type'] === ALL_DEVICES_TARGET &&
    state.config.profileAssignments.some((a) => a.sourceId === profile.id && a.target['@odata.type'] === EXCLUSION_TARGET)
  ) {
    throw new IntuneError(400, 'BadRequest', fef, { detail: 'Exclusions are not supported with All devices' })
  }
  const assignment: Assignment = { id, sourceId: profile.id, target }
  state.config.profileAssignments.push(assignment)
  state.config.changed(ctx.now)
  state.markDirty()
  return created({
    '@odata.context': contextUrl(ctx, `deviceManagement/windowsAutopilotDeploymentProfiles('${profile.id}')/assignments/$entity`),
    ...assignmentJson(assignment),
  })
}

function assignmentOr404(state: MockState, ctx: RequestContext): Assignment {
  const profile = profileOr404(state, ctx.params.id ?? '', '/assignments')
  const id = (ctx.params.assignmentId ?? '').toLowerCase()
  const assignment = state.config.profileAssignments.find((a) => a.sourceId === profile.id && a.id.toLowerCase() === id)
  if (!assignment) throw new IntuneError(404, 'ResourceNotFound', `${FEF}('${profile.id}')/assignments('${id.slice(0, 200)}')`)
  return assignment
}

function removeAssignment(state: MockState, ctx: RequestContext): MockResponse {
  const assignment = assignmentOr404(state, ctx)
  state.config.profileAssignments = state.config.profileAssignments.filter((a) => a !== assignment)
  state.config.changed(ctx.now)
  state.markDirty()
  return noContent()
}

/** The legacy `assign` action ({deviceIds}): accepted and validated; mock choice — targeting stays group-based. */
function assign(state: MockState, ctx: RequestContext): MockResponse {
  const profile = profileOr404(state, ctx.params.id ?? '', '/assign')
  const body = objectBody(ctx)
  if (body.deviceIds !== undefined && (!Array.isArray(body.deviceIds) || body.deviceIds.some((d) => typeof d !== 'string'))) {
    throw new IntuneError(400, 'BadRequest', `${FEF}('${profile.id}')/microsoft.management.services.api.assign`, {
      detail: "Invalid ODataActionParameter 'deviceIds'",
    })
  }
  return noContent()
}

function assignedDevices(state: MockState, ctx: RequestContext): MockResponse {
  const profile = profileOr404(state, ctx.params.id ?? '', '/assignedDevices')
  return scanPage(state, ctx, {
    path: `${COLLECTION}/${profile.id}/assignedDevices`,
    contextFragment: `deviceManagement/windowsAutopilotDeploymentProfiles('${profile.id}')/assignedDevices`,
    where: (device) => device.deploymentProfile?.id === profile.id,
  })
}

export const profileRoutes = (state: MockState): RouteDefinition[] => {
  const beta = ['beta'] as const
  return [
    { method: 'GET', path: COLLECTION, versions: beta, handler: (ctx) => list(state, ctx) },
    { method: 'POST', path: COLLECTION, versions: beta, handler: (ctx) => create(state, ctx) },
    { method: 'GET', path: `${COLLECTION}/{id}`, versions: beta, handler: (ctx) => get(state, ctx) },
    { method: 'PATCH', path: `${COLLECTION}/{id}`, versions: beta, handler: (ctx) => update(state, ctx) },
    { method: 'DELETE', path: `${COLLECTION}/{id}`, versions: beta, handler: (ctx) => remove(state, ctx) },
    { method: 'GET', path: `${COLLECTION}/{id}/assignments`, versions: beta, handler: (ctx) => listAssignments(state, ctx) },
    { method: 'POST', path: `${COLLECTION}/{id}/assignments`, versions: beta, handler: (ctx) => createAssignment(state, ctx) },
    {
      method: 'GET',
      path: `${COLLECTION}/{id}/assignments/{assignmentId}`,
      versions: beta,
      handler: (ctx) =>
        ok({
          '@odata.context': contextUrl(ctx, 'deviceManagement/windowsAutopilotDeploymentProfiles/assignments/$entity'),
          ...assignmentJson(assignmentOr404(state, ctx)),
        }),
    },
    { method: 'DELETE', path: `${COLLECTION}/{id}/assignments/{assignmentId}`, versions: beta, handler: (ctx) => removeAssignment(state, ctx) },
    { method: 'POST', path: `${COLLECTION}/{id}/assign`, versions: beta, handler: (ctx) => assign(state, ctx) },
    { method: 'GET', path: `${COLLECTION}/{id}/assignedDevices`, versions: beta, handler: (ctx) => assignedDevices(state, ctx) },
  ]
}
