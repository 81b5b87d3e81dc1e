import { AppFailure } from '../app-error'

/**
 * The page's `@odata.nextLink`, verbatim, or null on the last page (docs/reference/graph-api.md B11:
 * follow the whole link; an empty page with a link is legal). `seen` holds every link of this run
 * (put the first request's absolute URL in it too): a link seen before is the "same page forever"
 * service bug (B2) and ends the run with 'paging-loop' instead of looping. Where the link may point
 * is checked by the Graph client on the request itself (B14).
 */
export function nextLinkOf(body: unknown, seen: Set<string>, what: string): string | null {
  const next = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['@odata.nextLink'] : undefined
  if (next === undefined || next === null || next === '') return null
  if (typeof next !== 'string') throw new AppFailure('bad-response', `Intune sent a next-page link that is not text while listing ${what}.`)
  if (seen.has(next)) throw pagingLoop(what)
  seen.add(next)
  return next
}

export const pagingLoop = (what: string) =>
  new AppFailure('paging-loop', `Intune kept sending the same page of ${what} (a next-page link repeated); the sync stopped and nothing was deleted.`)

export interface PrefetchedPage {
  body: unknown
  /** This page's nextLink (already requested), or null on the last page. */
  nextLink: string | null
}

/**
 * The pages of one listing in nextLink order, one request ahead of the caller: page k is handed over
 * only after the request for page k+1 has left (its link is read from the body before anything else),
 * so writing page k overlaps fetching page k+1 — on a distant Graph (300 ms–1 s a page) the sync then
 * takes about pages × latency instead of pages × (latency + write). Page k+2 is not asked for before
 * the caller comes back for page k+1: at most one request is in flight and one page waits in memory.
 *
 * `fetchPage` gets a signal that aborts when the caller stops early (a thrown error, a cancel, a
 * `break`), so a prefetched request never outlives the run. `first` is requested like any link.
 */
export async function* prefetchPages(
  first: string,
  fetchPage: (link: string, signal: AbortSignal) => Promise<unknown>,
  seen: Set<string>,
  what: string,
): AsyncGenerator<PrefetchedPage, void, undefined> {
  const stop = new AbortController()
  const request = (link: string) => {
    const pending = fetchPage(link, stop.signal)
    pending.catch(() => undefined) // awaited below; avoids an unhandled rejection while the caller writes
    return pending
  }
  let pending: Promise<unknown> | null = request(first)
  try {
    while (pending) {
      const body = await pending
      const nextLink = nextLinkOf(body, seen, what)
      pending = nextLink ? request(nextLink) : null
      yield { body, nextLink }
    }
  } finally {
    stop.abort()
  }
}
