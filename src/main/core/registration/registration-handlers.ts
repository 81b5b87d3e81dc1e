import type { Core } from '../create-core'
import type { Handler } from '../handler-types'

/** Confirming an upload starts the engine at once (the worker queues it; the service drives it). */
export function createRegistrationHandlers(core: Core) {
  const confirm: Handler<'registration:confirm-upload'> = async (request) => {
    const result = await core.db.call('registration.confirm', request)
    void core.registration.kick()
    return result
  }
  return { 'registration:confirm-upload': confirm }
}
