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
