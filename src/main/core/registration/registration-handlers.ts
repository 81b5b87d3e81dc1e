import type { Core } from '../create-core'
import type { Handler } from '../handler-types'

/** Confirming (or retrying) an upload starts the engine at once (the worker queues it; the service drives it); pre-staging wakes the outbox. */
export function createRegistrationHandlers(core: Core) {
  const confirm: Handler<'registration:confirm-upload'> = async (request) => {
    const result = await core.db.call('registration.confirm', request)
    void core.registration.kick()
    return result
  }
  // Retried now: the engine is woken rather than left to its next timer (nothing may be scheduled for a Failed import).
  const retry: Handler<'registration:retry-import'> = async (request) => {
    const result = await core.db.call('registration.retry', request)
    void core.registration.kick()
    return result
  }
  // Queued changes wake the outbox, which delivers them one at a time at Intune's pace.
  const prestage: Handler<'prestage:apply'> = async (request, ctx) => {
    const result = await core.db.call('prestage.apply', { jobId: request.jobId, correlationId: ctx.correlationId })
    void core.outbox.kick()
    return result
  }
  return { 'registration:confirm-upload': confirm, 'registration:retry-import': retry, 'prestage:apply': prestage }
}
