import type { Core } from '../create-core'
import type { Handlers } from '../handler-types'

/** A sync runs in the database worker, but one at a time and with its progress kept by the sync service (main thread). */
export function createSyncHandlers(core: Core): Pick<Handlers, 'sync:start-sync' | 'sync:get-status' | 'sync:cancel-sync'> {
  return {
    'sync:start-sync': (_request, ctx) => core.sync.start(ctx.correlationId),
    'sync:get-status': () => core.sync.status(),
    'sync:cancel-sync': () => core.sync.cancel(),
  }
}
