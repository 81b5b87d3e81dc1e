import type { Channel, ParsedRequestOf, ResponseOf } from '@shared/channels'
import type { LogSink } from './logging/log-sink'
import type { Core } from './create-core'
import { createSimulatorService } from './simulator/simulator-service'
import { createCardHandlers } from './card/card-handlers'
import { createBenchHandlers } from './bench/bench-handlers'
import { createDiagnosticsHandlers } from './diagnostics/diagnostics-handlers'

export interface HandlerContext {
  correlationId: string
  log: LogSink
}

export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>, ctx: HandlerContext) => Promise<ResponseOf<C>> }

/** Plain functions over the core's services: the same map serves IPC and HTTP, and tests call it directly. */
export function createHandlers(core: Core): Handlers {
  const simulator = createSimulatorService(core.tenant)
  return {
    'app:get-info': async () => ({
      version: core.appVersion,
      transport: core.transport,
      timeZone: core.timeZone,
      tenant: { id: core.tenant.id, displayName: core.tenant.displayName, kind: core.tenant.kind },
    }),
    'devices:list-devices': (request) => core.db.call('devices.list', request),
    'devices:get-device': (request) => core.db.call('devices.get', request),
    'devices:find-by-serial': (request) => core.db.call('devices.find-by-serial', request),
    'devices:refresh-device': async (request, ctx) =>
      core.db.call('devices.refresh', { id: request.id, ...(await core.graphArgs(ctx.correlationId)) }),
    'changes:queue-change': async (request, ctx) => {
      const result = await core.db.call('outbox.queue', { ...request, correlationId: ctx.correlationId })
      void core.outbox.kick()
      return result
    },
    'changes:list-changes': (request) => core.db.call('outbox.list', request),
    'changes:retry-change': async (request) => {
      const result = await core.db.call('outbox.act', { id: request.id, action: 'retry' })
      void core.outbox.kick()
      return result
    },
    'changes:discard-change': (request) => core.db.call('outbox.act', { id: request.id, action: 'discard' }),
    'changes:resolve-conflict': async (request) => {
      const result = await core.db.call('outbox.act', { id: request.id, action: request.choice })
      void core.outbox.kick()
      return result
    },
    'changes:get-summary': async () => {
      const { pending, failed, conflicts } = await core.db.call('outbox.summary', {})
      return { pending, failed, conflicts, delivering: core.outbox.isRunning() }
    },
    'users:search-users': async (request, ctx) =>
      core.db.call('users.search', { ...request, ...(await core.graphArgs(ctx.correlationId)) }),
    'sync:start-sync': (_request, ctx) => core.sync.start(ctx.correlationId),
    'sync:get-status': () => core.sync.status(),
    'prefs:get-preference': async (request) => ({ value: (await core.db.call('prefs.get', request)) as string | number | boolean | null }),
    'prefs:set-preference': (request) => core.db.call('prefs.set', request),
    'simulator:list-devices': (request) => simulator.list(request.search),
    'simulator:get-device': (request) => simulator.get(request.key),
    'simulator:press': (request) => simulator.press(request.key, request.action),
    'simulator:steer': (request) => simulator.steer(request.key, request.nextAttempt, request.errorCode),
    ...createCardHandlers(core),
    ...createBenchHandlers(core),
    ...createDiagnosticsHandlers(core),
  }
}
