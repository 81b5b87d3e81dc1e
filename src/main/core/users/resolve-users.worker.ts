import { toEnvelopeError } from '../app-error'
import { createUsersRepo } from '../repos/users-repo'
import { graphFor, v1Root } from '../worker/graph.worker'
import type { GraphArgs, WorkerContext } from '../worker/method'
import { upnDomain } from '../registration/hash-csv-values'

/** Distinct users looked up online per check; more are left to the cache (and stay unknown). */
export const MAX_USER_LOOKUPS = 200

/**
 * Whether each user exists, the one rule for every file that names users (the hash-CSV check's
 * `upn-not-found`, the manifest preview): the users cache says yes; otherwise Graph is asked
 * (GET /v1.0/users/{upn}); a 404 says no. Offline, not signed in (`args` null) or not asked: absent from
 * the map, i.e. unknown — the caller says it could not be checked, never that the user is missing.
 */
export async function resolveUsers(ctx: WorkerContext, args: GraphArgs | null, upns: string[], domains?: string[]): Promise<Map<string, boolean>> {
  const known = new Map<string, boolean>()
  const users = createUsersRepo(ctx.db)
  const v1 = args ? graphFor(ctx, { ...args, baseUrl: v1Root(args.baseUrl), maxRetries: 0, timeoutMs: 8_000 }) : null
  let asked = 0
  let reachable = v1 !== null
  for (const upn of upns) {
    const key = upn.toLowerCase()
    if (known.has(key)) continue
    if (users.findByUpn(upn)) {
      known.set(key, true)
      continue
    }
    if (!reachable || !v1 || !args) continue
    if (domains && !domains.includes(upnDomain(upn))) continue // refused for its domain anyway
    if (asked++ >= MAX_USER_LOOKUPS) {
      reachable = false
      continue
    }
    try {
      await v1.getJson(`/users/${encodeURIComponent(upn)}?$select=id`, { correlationId: args.correlationId })
      known.set(key, true)
    } catch (error) {
      // 404: no such user. Anything else (offline, no permission to read users, throttled): stop asking; the rest stay unknown.
      if (toEnvelopeError(error).code === 'not-found') known.set(key, false)
      else reachable = false
    }
  }
  return known
}
