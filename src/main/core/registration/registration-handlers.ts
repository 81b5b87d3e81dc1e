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
  // Intune is known not to answer: Offline, or a running sync waits on a request with no answer. A user lookup
  // would then only hold the plan for its own timeout (8 s, at every reload while Intune hangs) to learn the same.
  const intuneSilent = () => core.connectivity.online === false || core.sync.waitsForAnswer()
  // The plan checks the manifest's users (as the manifest preview does): from the users cache first, with no token to
  // fetch; Intune is asked only when a user is not cached, and offline or signed out that user is "not checked".
  const plan: Handler<'prestage:get-plan'> = async (request, ctx) => {
    const cached = await core.db.call('prestage.plan', { jobId: request.jobId, graph: null })
    if (!cached.rows.some((row) => row.userCheck === 'not-checked')) return cached
    if (intuneSilent()) return { ...cached, usersUnanswered: true }
    const graph = await core.graphArgs(ctx.correlationId).catch(() => null)
    return graph ? core.db.call('prestage.plan', { jobId: request.jobId, graph }) : cached
  }
  // Queued changes wake the outbox, which delivers them one at a time at Intune's pace. A row whose user Intune says does not exist is skipped.
  const prestage: Handler<'prestage:apply'> = async (request, ctx) => {
    const silent = intuneSilent()
    const graph = silent ? null : await core.graphArgs(ctx.correlationId).catch(() => null)
    const result = await core.db.call('prestage.apply', { jobId: request.jobId, correlationId: ctx.correlationId, graph })
    void core.outbox.kick()
    return silent && result.rows.some((row) => row.userCheck === 'not-checked') ? { ...result, usersUnanswered: true } : result
  }
  return { 'registration:confirm-upload': confirm, 'registration:retry-import': retry, 'prestage:get-plan': plan, 'prestage:apply': prestage }
}
