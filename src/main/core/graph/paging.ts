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

/** One page's request: its body, and the next page's link once the body showed it (before parsing). */
interface PageRequest {
  body: Promise<unknown>
  cancel: () => void
  /** The top-level `@odata.nextLink` the body showed early (graph-client's `onNextLink`), if any yet. */
  early: string | null
  /** The next page's request, started from `early` while this page was still arriving or being parsed. */
  next: PageRequest | null
}

/**
 * The pages of one listing in nextLink order, one request ahead of the caller: page k is handed over
 * only after the request for page k+1 has left, so writing page k overlaps fetching page k+1 — on a
 * distant Graph (300 ms–1 s a page) the sync then takes about pages × latency instead of
 * pages × (latency + write).
 *
 * The request for page k+1 leaves as soon as page k's link is known: `fetchPage` reports it through
 * `onNextLink` while page k's body arrives (a link before `value`) or before it is parsed (a link
 * after it), so each page costs its latency and not also its transfer and parse. The parsed page's
 * link is what counts: an early request for another link (or a link seen before: a loop) is cancelled
 * and the parsed link asked for, or the loop reported. Early requests start only while the caller waits
 * for that page: at most one request runs ahead of the page being written, and at most one page waits.
 *
 * `fetchPage` gets a signal that aborts when the caller stops early (a thrown error, a cancel, a
 * `break`), so a prefetched request never outlives the run. `first` is requested like any link.
 */
export async function* prefetchPages(
  first: string,
  fetchPage: (link: string, signal: AbortSignal, onNextLink: (link: string) => void) => Promise<unknown>,
  seen: Set<string>,
  what: string,
): AsyncGenerator<PrefetchedPage, void, undefined> {
  const stop = new AbortController()
  /** The page the generator is waiting for: only its early link may start a request. */
  let awaited: PageRequest | null = null
  const startEarly = (page: PageRequest) => {
    // A link already seen is left to nextLinkOf, which reports the loop.
    if (page === awaited && page.early && !page.next && !seen.has(page.early)) page.next = request(page.early)
  }
  const request = (link: string): PageRequest => {
    const own = new AbortController()
    const page: PageRequest = { body: Promise.resolve(null), cancel: () => own.abort(), early: null, next: null }
    page.body = fetchPage(link, AbortSignal.any([stop.signal, own.signal]), (nextLink) => {
      if (page.early !== null) return // a retried attempt tells the same link again
      page.early = nextLink
      startEarly(page)
    })
    page.body.catch(() => undefined) // awaited below; avoids an unhandled rejection while the caller writes
    return page
  }
  let current: PageRequest | null = request(first)
  try {
    while (current) {
      awaited = current
      startEarly(current)
      const body = await current.body
      awaited = null
      const nextLink = nextLinkOf(body, seen, what)
      let next: PageRequest | null = null
      if (current.next && current.early === nextLink) next = current.next
      else {
        current.next?.cancel()
        if (nextLink) next = request(nextLink)
      }
      current = next
      yield { body, nextLink }
    }
  } finally {
    stop.abort()
  }
}
