import { channelNames, type Channel } from '@shared/channels'
import type { Core } from './create-core'
import type { Handler, HandlerContext, Handlers } from './handler-types'
import type { MethodName } from './worker/registry.worker'
import { createAppHandlers } from './app-handlers'
import { createSyncHandlers } from './sync/sync-handlers'
import { createChangesHandlers } from './outbox/changes-handlers'
import { createSimulatorHandlers } from './simulator/simulator-handlers'
import { createCardHandlers } from './card/card-handlers'
import { createDevicesHandlers } from './devices/devices-handlers'
import { createBenchHandlers } from './bench/bench-handlers'
import { createDiagnosticsHandlers } from './diagnostics/diagnostics-handlers'
import { createRegistrationHandlers } from './registration/registration-handlers'
import { createIdentityHandlers } from './identity/identity-handlers'
import { createUsersHandlers } from './users/users-handlers'

export type { Handler, HandlerContext, Handlers } from './handler-types'

/**
 * Handlers for the channels that need the core's main-thread services (sync and outbox services,
 * connectivity, the simulator, app info, the archive worker). Every other channel is forwarded.
 */
export function createMainThreadHandlers(core: Core) {
  return {
    ...createAppHandlers(core),
    ...createSyncHandlers(core),
    ...createChangesHandlers(core),
    ...createSimulatorHandlers(core),
    ...createCardHandlers(core),
    ...createDevicesHandlers(core),
    ...createBenchHandlers(core),
    ...createDiagnosticsHandlers(core),
    ...createRegistrationHandlers(core),
    ...createIdentityHandlers(core),
    ...createUsersHandlers(core),
  }
}

type MainThreadChannel = keyof ReturnType<typeof createMainThreadHandlers>
/** Channels answered by the database worker method of the same name. */
export type ForwardedChannel = Exclude<Channel, MainThreadChannel>

// Compile-time routing check: every channel without a main-thread handler has a worker method of its
// name (channelMethod types it with the channel's request and response). A missing one is named here.
type Unrouted = Exclude<ForwardedChannel, MethodName>
const everyChannelRouted: [Unrouted] extends [never] ? true : { unrouted: Unrouted } = true
void everyChannelRouted

/** Forwards a channel to the worker method of the same name, adding Graph arguments when the method declares `graph`. */
function forward<C extends ForwardedChannel>(core: Core, channel: C): Handler<C> {
  const call = core.db.call as (method: string, args: unknown) => Promise<unknown>
  return (async (request: unknown, ctx: HandlerContext) =>
    call(channel, core.db.usesGraph(channel) ? { ...(request as object), ...(await core.graphArgs(ctx.correlationId)) } : request)) as Handler<C>
}

/**
 * The handler map: main-thread handlers where a channel needs them, else a forward to the worker
 * method of the channel's name. The same map serves IPC and HTTP, and tests call it directly.
 */
export function createHandlers(core: Core): Handlers {
  const mainThread: Partial<Record<Channel, unknown>> = createMainThreadHandlers(core)
  return Object.fromEntries(channelNames.map((channel) => [channel, mainThread[channel] ?? forward(core, channel as ForwardedChannel)])) as Handlers
}
