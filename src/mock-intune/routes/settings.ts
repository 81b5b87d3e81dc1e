import { IntuneError } from '../graph-errors'
import type { MockResponse, RequestContext } from '../http/context'
import { formatRetryAfter } from '../faults/throttle'
import { materializeProcessed } from '../domain/imports'
import type { MockState } from '../mock-state'
import type { RouteDefinition } from '../router'
import { isoOrNever, noContent } from './common'

/**
 * windowsAutopilotSettings and its sync action (beta; docs/reference/graph-api.md §B4), documented exactly:
 * 204 when a sync starts; 409 Conflict while one is in progress; 429 Too Many Requests within 10
 * minutes of the previous trigger, with Retry-After = the seconds left to the 10-minute mark.
 * `lastManualSyncTriggerDateTime` is kept; a sync stays `inProgress` for a while, then `completed`,
 * and brings in imported devices that finished processing (docs/reference/autopilot.md §5.2: Import → Sync).
 */
const FEF_SETTINGS = 'deviceManagement/windowsAutopilotSettings'

export function syncStatus(state: MockState, now: number): 'inProgress' | 'completed' | 'unknown' | 'failed' {
  const trigger = state.settings.lastManualSyncTriggerDateTime
  if (trigger !== null && now < trigger + state.timing.delay('syncDuration')) return 'inProgress'
  return state.settings.syncStatus === 'inProgress' ? 'completed' : state.settings.syncStatus
}

function settingsBody(state: MockState, ctx: RequestContext): Record<string, unknown> {
  const trigger = state.settings.lastManualSyncTriggerDateTime
  const status = syncStatus(state, ctx.now)
  const lastSync = status !== 'inProgress' && trigger !== null ? trigger + state.timing.delay('syncDuration') : state.settings.lastSyncDateTime
  return {
    '@odata.context': `${ctx.baseUrl}/${ctx.version}/$metadata#deviceManagement/windowsAutopilotSettings/$entity`,
    '@odata.type': '#microsoft.graph.windowsAutopilotSettings',
    id: state.settings.id,
    lastSyncDateTime: isoOrNever(lastSync),
    lastManualSyncTriggerDateTime: isoOrNever(trigger),
    syncStatus: status,
  }
}

function sync(state: MockState, ctx: RequestContext): MockResponse {
  const fef = `${FEF_SETTINGS}/microsoft.management.services.api.sync`
  const now = ctx.now
  if (syncStatus(state, now) === 'inProgress') throw new IntuneError(409, 'Conflict', fef, { detail: 'A sync is already in progress' })
  const trigger = state.settings.lastManualSyncTriggerDateTime
  const interval = state.timing.delay('syncInterval')
  if (trigger !== null && now - trigger < interval) {
    const retryAfter = formatRetryAfter((trigger + interval - now) / 1000)
    throw new IntuneError(429, 'TooManyRequests', fef, { detail: 'A sync can run only once every 10 minutes', retryAfter })
  }
  state.settings = { ...state.settings, lastManualSyncTriggerDateTime: now, syncStatus: 'inProgress' }
  state.scheduler.schedule(now + state.timing.delay('syncDuration'), 'sync.complete', {})
  state.markDirty()
  return noContent()
}

export function registerSyncJobs(state: MockState): void {
  state.scheduler.on('sync.complete', (job) => {
    state.settings = { ...state.settings, syncStatus: 'completed', lastSyncDateTime: job.at }
    materializeProcessed(state, job.at)
  })
}

export const settingsRoutes = (state: MockState): RouteDefinition[] => [
  {
    method: 'GET',
    path: '/deviceManagement/windowsAutopilotSettings',
    versions: ['beta'],
    handler: (ctx) => ({ status: 200, body: settingsBody(state, ctx) }),
  },
  { method: 'POST', path: '/deviceManagement/windowsAutopilotSettings/sync', versions: ['beta'], handler: (ctx) => sync(state, ctx) },
]
