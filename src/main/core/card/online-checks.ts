import type { DataChanged } from '@shared/data-topics'
import type { GraphArgs } from '../worker/method'

/** After a check that got no answer, the same device is not asked again for this long (however often its card is re-read). */
export const ONLINE_CHECK_RETRY_MS = 30_000

export interface OnlineChecksDeps {
  /** Whether Intune answered the last time the app asked (false: known offline, nothing is asked). */
  online(): boolean | null
  setOnline(online: boolean): void
  graphArgs(correlationId: string): Promise<GraphArgs>
  /** The worker's `card.verify-online`. */
  verify(args: GraphArgs & { id: string }): Promise<{ asked: string[]; offline: boolean }>
  emit(change: DataChanged): void
  now?: () => number
}

/**
 * The card's online lookups (the Entra device object, the assigned user's licence: verify-online.worker.ts)
 * run beside the card, never before it: a technician who scans a device sees its card from the cache at
 * once, and a hanging Intune used to hold it for the lookup's whole 5 s. When a check ends the card is
 * told (`data:changed` with the bench topic, which the card and the bench rows follow) and re-reads.
 *
 * That re-read must not start the check again, or a check without an answer would loop (re-read → ask
 * → changed → re-read …). So a device is asked at most once per ONLINE_CHECK_RETRY_MS whatever the
 * outcome, one check at a time; an answer is then fresh for 2 minutes (staleParts), and known offline
 * nothing is asked at all.
 */
export function createOnlineChecks(deps: OnlineChecksDeps) {
  const now = deps.now ?? Date.now
  const running = new Map<string, Promise<void>>()
  const startedAt = new Map<string, number>()
  const recentlyTried = (id: string) => {
    const at = startedAt.get(id)
    return at !== undefined && now() - at < ONLINE_CHECK_RETRY_MS
  }
  return {
    /**
     * Whether the card of `id` should say its online facts are being checked: a check is under way, or
     * one may start now (not known offline, not tried in the last ONLINE_CHECK_RETRY_MS).
     */
    checking(id: string): boolean {
      if (running.has(id)) return true
      return deps.online() !== false && !recentlyTried(id)
    },
    /** Starts a check of `id` unless one is under way, it was tried lately or the app knows it is offline. */
    start(id: string, correlationId: string): void {
      if (running.has(id)) return
      if (recentlyTried(id) || deps.online() === false) {
        // Went offline (or was tried) between the card's read and now: that card says "being checked",
        // and no check will end to correct it, so it is told to read again (which then asks nothing).
        deps.emit({ topics: ['bench'] })
        return
      }
      // Only tries inside the window matter: a bench that scans all day keeps no list of every device.
      for (const [other, at] of startedAt) if (now() - at >= ONLINE_CHECK_RETRY_MS) startedAt.delete(other)
      startedAt.set(id, now())
      const check = deps
        .graphArgs(correlationId)
        .then((args) => deps.verify({ ...args, id }))
        .then((checked) => {
          if (checked.offline) deps.setOnline(false)
          else if (checked.asked.length > 0) deps.setOnline(true)
        })
        // A tenant that needs sign-in has no token, a closed core no worker: the facts stay as they are.
        .catch(() => undefined)
        .finally(() => {
          running.delete(id)
          // Ended either way: the card said "being checked" and must now show the answer (or "not checked").
          deps.emit({ topics: ['bench'] })
        })
      running.set(id, check)
    },
    /** Resolves when the check of `id` under way (if any) has ended. For tests and orderly shutdown. */
    settled(id: string): Promise<void> {
      return running.get(id) ?? Promise.resolve()
    },
  }
}

export type OnlineChecks = ReturnType<typeof createOnlineChecks>
