import { IntuneError } from '../graph-errors'
import type { MockResponse, RequestContext } from '../http/context'
import type { DeviceRecord } from '../model/device-record'
import type { AutopilotEventRecord } from '../model/records'
import type { MockState } from '../mock-state'
import { compileFilter, UnsupportedFilterError, type CompiledFilter, type FilterSchema } from '../odata/evaluate'
import { buildNextLink } from '../paging'
import type { RouteDefinition } from '../router'
import { deviceNameOf, joinsHybrid, windowsOf } from '../domain/device-facts'
import { factsOf } from '../store/device-view'
import { hash32 } from '../tenant/prng'
import { isoSeconds } from '../tenant/device-status'
import { RECORD_SCAN_BUDGET } from './device-identities'
import { contextUrl, fefPath, listBody, ok, systemQuery } from './common'

/**
 * deviceManagementAutopilotEvent, the classic deployment report (beta; docs/reference/graph-api.md §B7, §B13 #10).
 *
 * Rows: one per past enrollment of the generated tenant (mock choice: the 30-day retention is not
 * applied to generated history, so the report is never empty), plus one per technician flow the
 * simulator ran that reached enrollment — shown only after the report's lag (§6.2: not real-time),
 * and never for failures before enrollment. Pages of 50, as the report API (§6.2); newest simulator
 * rows first, then history in serial order. $filter: comparisons on the row's properties, with or
 * without the `microsoft.graph.DeviceManagementAutopilotEvent/` cast the portal's script uses.
 */
const COLLECTION = '/deviceManagement/autopilotEvents'
const FEF = 'deviceManagement/autopilotEvents'
const PAGE = 50
const EVENT_TYPE = '#microsoft.graph.deviceManagementAutopilotEvent'

const FILTER: FilterSchema = {
  properties: {
    id: 'string',
    deviceId: 'string',
    deviceSerialNumber: 'string',
    userPrincipalName: 'string',
    managedDeviceName: 'string',
    enrollmentType: 'string',
    enrollmentState: 'string',
    deploymentState: 'string',
    deviceSetupStatus: 'string',
    accountSetupStatus: 'string',
    windowsAutopilotDeploymentProfileDisplayName: 'string',
    eventDateTime: 'datetime',
    deviceRegisteredDateTime: 'datetime',
    enrollmentStartDateTime: 'datetime',
    deploymentStartDateTime: 'datetime',
    deploymentEndDateTime: 'datetime',
  },
  functions: new Set(['contains', 'startswith']),
  operators: new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not']),
  castPrefix: 'microsoft.graph.DeviceManagementAutopilotEvent/',
}

const duration = (seconds: number): string => {
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = Math.floor(seconds % 60)
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`
}
export const isoDuration = duration

function eventJson(state: MockState, event: AutopilotEventRecord): Record<string, unknown> {
  const { publishAt: _publishAt, ...fields } = event
  const user = event.userPrincipalName ? state.users.find(event.userPrincipalName) : undefined
  return { '@odata.type': EVENT_TYPE, ...fields, userId: user?.id ?? '' }
}

/** The generated history row of a device that has enrolled (or failed to), if it has one. */
export function historyEvent(state: MockState, current: DeviceRecord): AutopilotEventRecord | undefined {
  // History is what the generated tenant had done before the mock started, whatever happened since.
  if (current.index < 0) return undefined
  const record = state.tenant.recordAt(current.index)
  const identity = record.identity
  if (identity.enrollmentState === 'notContacted' || identity.enrollmentState === 'unknown') return undefined
  const end = Date.parse(identity.lastContactedDateTime)
  if (!Number.isFinite(end) || end <= 0) return undefined
  const h = hash32(record.index, 0xe7e)
  const total = 900 + (h % 2400)
  const setup = Math.floor(total * 0.6)
  const failed = identity.enrollmentState === 'failed'
  const hybrid = joinsHybrid(state, record)
  const via = record.enrolledVia
  const enrollmentType =
    via === 'preProvisioning'
      ? hybrid
        ? 'offlineDomainJoinedWithWhiteGlove'
        : 'azureADJoinedWithWhiteGlove'
      : via === 'selfDeploying'
        ? 'azureADJoinedUsingDeviceAuthWithAutopilotProfile'
        : hybrid
          ? 'offlineDomainJoined'
          : 'azureADJoinedWithAutopilotProfile'
  const esp = state.config.espFor(factsOf(record))
  const start = end - total * 1000
  const presented = state.present(record)
  return {
    id: state.tenant.guidAt('event', record.index),
    publishAt: 0,
    deviceId: identity.managedDeviceId,
    eventDateTime: isoSeconds(end),
    deviceRegisteredDateTime: isoSeconds(record.registeredAt),
    enrollmentStartDateTime: isoSeconds(start),
    enrollmentType,
    deviceSerialNumber: identity.serialNumber,
    managedDeviceName: deviceNameOf(state, record),
    userPrincipalName: via === 'preProvisioning' || via === 'selfDeploying' ? '' : identity.userPrincipalName,
    windowsAutopilotDeploymentProfileDisplayName: presented.deploymentProfile?.displayName ?? '',
    enrollmentState: failed ? 'failed' : 'enrolled',
    windows10EnrollmentCompletionPageConfigurationDisplayName: esp?.displayName ?? '',
    windows10EnrollmentCompletionPageConfigurationId: esp?.id ?? '',
    deploymentState: failed ? 'failure' : h % 13 === 0 ? 'successWithTimeout' : h % 11 === 0 ? 'successOnRetry' : 'success',
    deviceSetupStatus: failed ? 'failure' : 'success',
    accountSetupStatus: via === 'preProvisioning' || via === 'selfDeploying' ? 'notAttempted' : failed ? 'notAttempted' : 'success',
    osVersion: windowsOf(state, record).version,
    deploymentDuration: duration(total),
    deploymentTotalDuration: duration(total + 120),
    deviceSetupDuration: duration(setup),
    accountSetupDuration: duration(via === 'userDriven' ? total - setup : 0),
    deploymentStartDateTime: isoSeconds(start),
    deploymentEndDateTime: isoSeconds(end),
    enrollmentFailureDetails: failed ? 'Device setup failed: an application did not install before the ESP timeout (0x800705B4).' : '',
  }
}

type Position = { phase: 's'; offset: number } | { phase: 'g'; serialNumber: string; id: string }

function list(state: MockState, ctx: RequestContext): MockResponse {
  const query = systemQuery(ctx)
  const fef = fefPath(FEF, ctx)
  if (query.skip !== undefined || query.search !== undefined || query.orderby !== undefined || query.select !== undefined || query.expand !== undefined)
    throw new IntuneError(400, 'BadRequest', fef)
  const topText = query.top?.trim()
  if (topText !== undefined && (!/^\d+$/.test(topText) || Number(topText) < 1)) throw new IntuneError(400, 'BadRequest', fef)
  const top = Math.min(PAGE, topText === undefined ? PAGE : Number(topText))
  let filter: CompiledFilter | undefined
  try {
    filter = query.filter === undefined ? undefined : compileFilter(query.filter, FILTER)
  } catch (error) {
    if (error instanceof UnsupportedFilterError) throw new IntuneError(400, 'BadRequest', fef)
    throw error
  }
  let position: Position = { phase: 's', offset: 0 }
  if (query.skiptoken !== undefined) {
    const decoded = state.skipTokens.decodeValue('autopilotEvents', query.skiptoken) as Position | undefined
    if (!decoded || (decoded.phase !== 's' && decoded.phase !== 'g')) throw new IntuneError(400, 'BadRequest', fef)
    position = decoded
  }
  const now = ctx.now
  const value: Record<string, unknown>[] = []
  const matches = (row: Record<string, unknown>) => !filter || filter.test(row)
  let next: Position | undefined
  let generatedFrom: { serialNumber: string; id: string } | undefined
  let generated = position.phase === 'g'
  if (position.phase === 's') {
    const published = state.events.filter((e) => e.publishAt <= now).reverse()
    let i = position.offset
    for (; i < published.length && value.length < top; i++) {
      const event = published[i]
      const row = event ? eventJson(state, event) : undefined
      if (row && matches(row)) value.push(row)
    }
    if (i < published.length) next = { phase: 's', offset: i }
    else if (value.length === top) next = { phase: 'g', serialNumber: '', id: '' }
    else generated = true
  } else if (position.serialNumber !== '') {
    generatedFrom = { serialNumber: position.serialNumber, id: position.id }
  }
  if (generated) {
    const serial = filter?.equals.get('deviceSerialNumber')
    if (serial !== undefined) {
      // One device, one history row at most: no scan, no further page.
      const record = generatedFrom ? undefined : state.devices.findBySerial(serial)
      const event = record ? historyEvent(state, record) : undefined
      const row = event ? eventJson(state, event) : undefined
      if (row && matches(row)) value.push(row)
    } else {
      let examined = 0
      let lastKey = generatedFrom ?? { serialNumber: '', id: '' }
      for (const entry of state.devices.scan(generatedFrom)) {
        if (value.length === top || examined === RECORD_SCAN_BUDGET) {
          next = { phase: 'g', ...lastKey }
          break
        }
        examined++
        lastKey = { serialNumber: entry.serialNumber, id: entry.id() }
        const event = historyEvent(state, entry.record())
        const row = event ? eventJson(state, event) : undefined
        if (row && matches(row)) value.push(row)
      }
    }
  }
  const nextLink = next ? buildNextLink(ctx, COLLECTION, state.skipTokens.encodeValue('autopilotEvents', next)) : undefined
  return ok(listBody(contextUrl(ctx, 'deviceManagement/autopilotEvents'), value, nextLink))
}

function get(state: MockState, ctx: RequestContext): MockResponse {
  const id = (ctx.params.id ?? '').toLowerCase()
  const now = ctx.now
  const simulated = state.events.find((e) => e.id === id && e.publishAt <= now)
  if (simulated) return ok({ '@odata.context': contextUrl(ctx, 'deviceManagement/autopilotEvents/$entity'), ...eventJson(state, simulated) })
  const index = state.tenant.indexOf('event', id)
  const record = index === undefined ? undefined : state.devices.get(state.tenant.idAt(index))
  const event = record ? historyEvent(state, record) : undefined
  if (!event || event.id !== id) throw new IntuneError(404, 'ResourceNotFound', `${FEF}('${id.slice(0, 200)}')`)
  return ok({ '@odata.context': contextUrl(ctx, 'deviceManagement/autopilotEvents/$entity'), ...eventJson(state, event) })
}

export const autopilotEventRoutes = (state: MockState): RouteDefinition[] => [
  { method: 'GET', path: COLLECTION, versions: ['beta'], handler: (ctx) => list(state, ctx) },
  { method: 'GET', path: `${COLLECTION}/{id}`, versions: ['beta'], handler: (ctx) => get(state, ctx) },
]
