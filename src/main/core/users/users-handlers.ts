import type { Core } from '../create-core'
import type { Handlers } from '../handler-types'
import { INTUNE_UNREACHABLE } from '../intune-unreachable'

/**
 * User search, on the main thread because it reads and sets the core's connectivity. Known offline
 * (the status bar says Offline), the cached users answer at once: asking Intune anyway cost the
 * technician the 5-second try on every keystroke before the same cached users came back. An answer
 * from Intune says it can be reached; a search that could not reach it says it can't (as a scan's
 * refresh does), so the next keystroke goes straight to the cache.
 */
export function createUsersHandlers(core: Core): Pick<Handlers, 'users:search-users'> {
  return {
    'users:search-users': async (request, ctx) => {
      if (core.connectivity.online === false) return core.db.call('users.search-cached', { query: request.query, limit: request.limit })
      const result = await core.db.call('users.search', { ...(await core.graphArgs(ctx.correlationId)), query: request.query, limit: request.limit })
      if (result.source === 'online') core.setOnline(true)
      else if (result.notice && INTUNE_UNREACHABLE.has(result.notice.code)) core.setOnline(false)
      return result
    },
  }
}
