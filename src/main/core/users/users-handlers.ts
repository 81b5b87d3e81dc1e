import type { Core } from '../create-core'
import type { Handlers } from '../handler-types'
import { INTUNE_UNREACHABLE } from '../intune-unreachable'

/**
 * Resolves when the core learns that Intune can't be reached (connectivity turns false), from whatever
 * call learns it first. `stop()` detaches.
 */
function whenKnownOffline(core: Core): { known: Promise<void>; stop(): void } {
  let stop = () => {}
  const known = new Promise<void>((resolve) => {
    stop = core.bus.subscribe((name) => {
      if (name === 'data:changed' && core.connectivity.online === false) resolve()
    })
  })
  return { known, stop }
}

/**
 * User search, on the main thread because it reads and sets the core's connectivity. Known offline
 * (the status bar says Offline), the cached users answer at once: asking Intune anyway cost the
 * technician the 5-second try on every keystroke before the same cached users came back. An answer
 * from Intune says it can be reached; a search that could not reach it says it can't (as a scan's
 * refresh does), so the next keystroke goes straight to the cache.
 *
 * A search already asking Intune when another call (the card's Entra lookup, a scan's refresh, an
 * earlier keystroke's search) finds Intune unreachable answers from the cache at that moment too: it
 * kept "Searching…" for the rest of its own 5 s while the status bar already said Offline. Its request
 * goes on by itself, and an answer that still comes is kept in the users cache.
 *
 * `cacheOnly`: the cached users alone, at once (the picker shows them while Intune is asked, so a
 * technician whose Intune hangs is not left with "Searching…" for the first search's 5 s).
 */
export function createUsersHandlers(core: Core): Pick<Handlers, 'users:search-users'> {
  const cached = (query: string, limit: number) => core.db.call('users.search-cached', { query, limit })
  return {
    'users:search-users': async (request, ctx) => {
      if (core.connectivity.online === false) return cached(request.query, request.limit)
      // Not known offline: no reason to give (the cached answer's own says "offline").
      if (request.cacheOnly) return { ...(await cached(request.query, request.limit)), notice: null }
      const online = core.db
        .call('users.search', { ...(await core.graphArgs(ctx.correlationId)), query: request.query, limit: request.limit })
        .then((result) => {
          if (result.source === 'online') core.setOnline(true)
          else if (result.notice && INTUNE_UNREACHABLE.has(result.notice.code)) core.setOnline(false)
          return result
        })
      const offline = whenKnownOffline(core)
      try {
        const first = await Promise.race([online, offline.known.then(() => null)])
        if (first !== null) return first
        void online.catch(() => undefined)
        return cached(request.query, request.limit)
      } finally {
        offline.stop()
      }
    },
  }
}
