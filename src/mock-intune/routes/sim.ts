import { canAdvance } from '../clock'
import { GraphError } from '../graph-errors'
import { FaultSpecError } from '../faults/faults'
import type { MockResponse, RequestContext } from '../http/context'
import type { DeviceRecord } from '../model/device-record'
import type { MockState } from '../mock-state'
import type { RouteDefinition } from '../router'
import { deleteEntraDevice } from '../domain/device-actions'
import { GUID_PATTERN } from '../tenant/guid'
import { isoSeconds } from '../tenant/device-status'
import { NOMINAL_DELAYS } from '../clock'
import { deviceSummary, viewOf } from '../sim/screen'
import { SCENARIOS, scenarioDevices } from '../sim/scenarios'
import { act, freshSimDevice, hardwareChange, SIM_ACTIONS, simDevice, steer, type SimAction } from '../sim/simulator'
import { screenOf } from '../sim/simulator'
import type { Steering } from '../sim/sim-types'
import { noContent, objectBody, ok } from './common'
import { download } from './export-jobs'

/**
 * The device simulator and test controls under /_sim (not Graph; same bearer token, never throttled
 * or fault-injected). Documented with curl examples in docs/mock-intune.md.
 */
const notFound = (key: string): GraphError =>
  new GraphError(404, 'DeviceNotFound', `No Autopilot device has the id, serial number or scenario name '${key.slice(0, 200)}'.`)
const bad = (message: string): GraphError => new GraphError(400, 'BadRequest', message)

interface Resolved {
  id: string
  record: DeviceRecord | undefined
  scenario: string | undefined
}

/** A device by Autopilot id, serial number (case-insensitive) or scenario name. */
function resolve(state: MockState, key: string): Resolved {
  const scenarios = scenarioDevices(state)
  const byScenario = scenarios.get(key.toLowerCase())
  const id = byScenario ?? (GUID_PATTERN.test(key) ? key.toLowerCase() : state.devices.findBySerial(key)?.identity.id)
  if (id === undefined) throw notFound(key)
  const record = state.devices.get(id)
  // A deregistered device that was on the bench is still a PC: it just gets no profile any more.
  if (!record && !state.sim.has(id)) throw notFound(key)
  const scenario = byScenario ? key.toLowerCase() : [...scenarios].find(([, sid]) => sid === id)?.[0]
  return { id, record, scenario }
}

function deviceView(state: MockState, key: string): Record<string, unknown> {
  const { id, record, scenario } = resolve(state, key)
  // Looking does not put a device on the bench; pressing a button does.
  const device = state.sim.get(id) ?? freshSimDevice(id, state.now())
  return {
    ...viewOf(state, device, record, scenario),
    steering: device.steering,
    controls: ['POST actions/wipe', 'PUT|DELETE steering', 'POST hardware-change', 'DELETE entra-device'],
  }
}

/** GET /_sim/devices: the bench (scenario devices + every device booted so far), or a serial search. */
function listDevices(state: MockState, ctx: RequestContext): MockResponse {
  const search = ctx.query
    .find((q) => q.name.toLowerCase() === 'search')
    ?.value.trim()
    .toLowerCase()
  const now = ctx.now
  if (search) {
    const value: Record<string, unknown>[] = []
    let examined = 0
    for (const entry of state.devices.scan()) {
      if (value.length === 50 || examined++ === 250_000) break
      if (entry.serialNumber.toLowerCase().includes(search)) value.push(summary(state, entry.record(), undefined, now))
    }
    return ok({ value })
  }
  const scenarios = scenarioDevices(state)
  const seen = new Set<string>()
  const value: Record<string, unknown>[] = []
  for (const [name, id] of scenarios) {
    const record = state.devices.get(id)
    if (!record || seen.has(id)) continue
    seen.add(id)
    value.push(summary(state, record, name, now))
  }
  for (const id of state.sim.keys()) {
    if (seen.has(id)) continue
    const record = state.devices.get(id)
    if (record) value.push(summary(state, record, undefined, now))
  }
  return ok({ value })
}

function summary(state: MockState, record: DeviceRecord, scenario: string | undefined, now: number): Record<string, unknown> {
  const device = state.sim.get(record.identity.id)
  const presented = state.present(record)
  return {
    ...deviceSummary(state, record, scenario),
    screen: device ? screenOf(device, now) : 'off',
    profileName: presented.deploymentProfile?.displayName ?? null,
    deploymentProfileAssignmentStatus: presented.identity.deploymentProfileAssignmentStatus,
  }
}

function press(state: MockState, ctx: RequestContext): MockResponse {
  const action = (ctx.params.action ?? '').toLowerCase() as SimAction
  if (!SIM_ACTIONS.includes(action))
    throw new GraphError(404, 'ResourceNotFound', `Unknown action '${action.slice(0, 50)}' (actions: ${SIM_ACTIONS.join(', ')}).`)
  const { id, record } = resolve(state, ctx.params.key ?? '')
  act(state, simDevice(state, id), record, action)
  return ok(deviceView(state, id))
}

const STEERINGS: readonly Steering[] = ['success', 'tpmFailure', 'deviceSetupFailure']

/** PUT /_sim/devices/{key}/steering {"nextAttempt": "tpmFailure" | "deviceSetupFailure" | "success", "errorCode"?: "0x…"} */
function putSteering(state: MockState, ctx: RequestContext): MockResponse {
  const { id } = resolve(state, ctx.params.key ?? '')
  const body = objectBody(ctx)
  const next = body.nextAttempt
  if (typeof next !== 'string' || !STEERINGS.includes(next as Steering)) throw bad(`nextAttempt must be one of ${STEERINGS.join(', ')}`)
  const code = body.errorCode
  if (code !== undefined && (typeof code !== 'string' || !/^0x[0-9A-Fa-f]{8}$/.test(code))) throw bad('errorCode must look like 0x800705B4')
  if (code !== undefined && next !== 'deviceSetupFailure')
    throw bad('errorCode applies to deviceSetupFailure only (the other failures have their documented codes)')
  const device = simDevice(state, id)
  steer(device, next as Steering, code === undefined ? null : code.toUpperCase().replace(/^0X/, '0x'))
  state.markDirty()
  return ok({ steering: device.steering })
}

function deleteSteering(state: MockState, ctx: RequestContext): MockResponse {
  const { id } = resolve(state, ctx.params.key ?? '')
  steer(simDevice(state, id), null, null)
  state.markDirty()
  return noContent()
}

function postHardwareChange(state: MockState, ctx: RequestContext): MockResponse {
  const { record } = resolve(state, ctx.params.key ?? '')
  if (!record) throw notFound(ctx.params.key ?? '')
  const outcome = objectBody(ctx).outcome
  if (outcome !== undefined && outcome !== 'fixed' && outcome !== 'attentionRequired') throw bad("outcome must be 'fixed' or 'attentionRequired'")
  const decided = hardwareChange(state, record, outcome ?? null)
  return ok({ remediationState: 'automaticRemediationRequired', resolvesAt: isoSeconds(ctx.now + state.timing.delay('remediation')), outcome: decided })
}

function deleteEntra(state: MockState, ctx: RequestContext): MockResponse {
  const { record } = resolve(state, ctx.params.key ?? '')
  if (!record) throw notFound(ctx.params.key ?? '')
  deleteEntraDevice(state, record)
  return noContent()
}

function clock(state: MockState, ctx: RequestContext): MockResponse {
  const delays = Object.fromEntries(Object.entries(NOMINAL_DELAYS).map(([name, ms]) => [name, state.timing.scale(ms) / 1000]))
  return ok({ now: new Date(ctx.now).toISOString(), speed: state.timing.speed, delaysInSeconds: delays, canAdvance: canAdvance(state.clock) })
}

/** POST /_sim/clock/advance {"seconds": n}: moves the mock's clock forward (never back). */
function advance(state: MockState, ctx: RequestContext): MockResponse {
  const seconds = objectBody(ctx).seconds
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 365 * 86_400)
    throw bad('seconds must be a number from 0 to 31536000')
  if (!canAdvance(state.clock)) throw new GraphError(409, 'Conflict', 'The injected clock cannot be advanced over HTTP.')
  state.clock.advance(seconds * 1000)
  state.tick()
  state.markDirty()
  return ok({ now: new Date(state.now()).toISOString() })
}

function faults(state: MockState): MockResponse {
  return ok({ spec: state.faults.spec, rules: state.faults.active })
}

function putFaults(state: MockState, ctx: RequestContext): MockResponse {
  const spec = objectBody(ctx).spec
  if (typeof spec !== 'string') throw bad('spec must be a string (see the fault grammar in docs/mock-intune.md)')
  try {
    state.faults.set(spec)
  } catch (error) {
    if (error instanceof FaultSpecError) throw bad(`Invalid fault spec: ${error.message}`)
    throw error
  }
  state.markDirty()
  return faults(state)
}

function settings(state: MockState): MockResponse {
  return ok({
    seed: state.seed,
    devices: state.devices.size,
    speed: state.timing.speed,
    throttle: state.throttle.mode,
    tpmFailureRate: state.tpmFailureRate,
    faults: state.faults.spec,
  })
}

/** PATCH /_sim/settings {"throttle": "off"|"intune", "tpmFailureRate": 0..1} */
function patchSettings(state: MockState, ctx: RequestContext): MockResponse {
  const body = objectBody(ctx)
  if (body.throttle !== undefined) {
    if (body.throttle !== 'off' && body.throttle !== 'intune') throw bad("throttle must be 'off' or 'intune'")
    state.throttle.mode = body.throttle
  }
  if (body.tpmFailureRate !== undefined) {
    if (typeof body.tpmFailureRate !== 'number' || body.tpmFailureRate < 0 || body.tpmFailureRate > 1) throw bad('tpmFailureRate must be a number from 0 to 1')
    state.tpmFailureRate = body.tpmFailureRate
  }
  state.markDirty()
  return settings(state)
}

function scenarios(state: MockState): MockResponse {
  const found = scenarioDevices(state)
  return ok({
    value: SCENARIOS.map((s) => {
      const id = found.get(s.name)
      const record = id ? state.devices.get(id) : undefined
      return { name: s.name, description: s.description, device: record ? deviceSummary(state, record) : null }
    }),
  })
}

const INDEX = {
  description: 'Mock Intune device simulator and controls (not Graph). Same bearer token. See docs/mock-intune.md.',
  routes: [
    'GET /_sim/devices[?search=serial]',
    'GET /_sim/devices/{id|serial|scenario}',
    `POST /_sim/devices/{key}/actions/{${SIM_ACTIONS.join('|')}}`,
    'PUT|DELETE /_sim/devices/{key}/steering',
    'POST /_sim/devices/{key}/hardware-change',
    'DELETE /_sim/devices/{key}/entra-device',
    'GET /_sim/scenarios',
    'GET /_sim/clock',
    'POST /_sim/clock/advance',
    'GET|PUT|DELETE /_sim/faults',
    'GET|PATCH /_sim/settings',
    'GET /_sim/exports/{id}?sig=… (report export downloads; signed, no token needed)',
  ],
}

export const simRoutes = (state: MockState): RouteDefinition[] => {
  const sim = ['sim'] as const
  return [
    { method: 'GET', path: '/', versions: sim, handler: () => ok(INDEX) },
    { method: 'GET', path: '/devices', versions: sim, handler: (ctx) => listDevices(state, ctx) },
    { method: 'GET', path: '/devices/{key}', versions: sim, handler: (ctx) => ok(deviceView(state, ctx.params.key ?? '')) },
    { method: 'POST', path: '/devices/{key}/actions/{action}', versions: sim, handler: (ctx) => press(state, ctx) },
    { method: 'PUT', path: '/devices/{key}/steering', versions: sim, handler: (ctx) => putSteering(state, ctx) },
    { method: 'DELETE', path: '/devices/{key}/steering', versions: sim, handler: (ctx) => deleteSteering(state, ctx) },
    { method: 'POST', path: '/devices/{key}/hardware-change', versions: sim, handler: (ctx) => postHardwareChange(state, ctx) },
    { method: 'DELETE', path: '/devices/{key}/entra-device', versions: sim, handler: (ctx) => deleteEntra(state, ctx) },
    { method: 'GET', path: '/scenarios', versions: sim, handler: () => scenarios(state) },
    { method: 'GET', path: '/clock', versions: sim, handler: (ctx) => clock(state, ctx) },
    { method: 'POST', path: '/clock/advance', versions: sim, handler: (ctx) => advance(state, ctx) },
    { method: 'GET', path: '/faults', versions: sim, handler: () => faults(state) },
    { method: 'PUT', path: '/faults', versions: sim, handler: (ctx) => putFaults(state, ctx) },
    {
      method: 'DELETE',
      path: '/faults',
      versions: sim,
      handler: () => {
        state.faults.set('')
        state.markDirty()
        return noContent()
      },
    },
    { method: 'GET', path: '/settings', versions: sim, handler: () => settings(state) },
    {
      method: 'GET',
      path: '/exports/{id}',
      versions: sim,
      handler: (ctx) => download(state, ctx.params.id ?? '', ctx.query.find((q) => q.name === 'sig')?.value, ctx.now),
    },
    { method: 'PATCH', path: '/settings', versions: sim, handler: (ctx) => patchSettings(state, ctx) },
  ]
}
