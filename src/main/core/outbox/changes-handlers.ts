import type { Core } from '../create-core'
import type { Handlers } from '../handler-types'

type KickingChannel = 'changes:queue-change' | 'changes:retry-change' | 'changes:resolve-conflict' | 'changes:get-summary'

/**
 * Changes that wake delivery (the outbox service, main thread) once the worker has stored them, and
 * the summary that says whether delivery is running. Listing and discarding go straight to the worker.
 */
export function createChangesHandlers(core: Core): Pick<Handlers, KickingChannel> {
  return {
    'changes:queue-change': async (request, ctx) => {
      const result = await core.db.call('outbox.queue', { ...request, correlationId: ctx.correlationId })
      void core.outbox.kick()
      return result
    },
    'changes:retry-change': async (request) => {
      const result = await core.db.call('outbox.act', { id: request.id, action: 'retry' })
      void core.outbox.kick()
      return result
    },
    'changes:resolve-conflict': async (request) => {
      const result = await core.db.call('outbox.act', { id: request.id, action: request.choice })
      void core.outbox.kick()
      return result
    },
    'changes:get-summary': async () => {
      const { pending, failed, conflicts } = await core.db.call('outbox.summary', {})
      return { pending, failed, conflicts, delivering: core.outbox.isRunning() }
    },
  }
}
