import type { ArchiveReview } from '@shared/diagnostics-schemas'

/**
 * Names beside ids in an opened archive: every GUID anywhere in the review model (ESP items such as
 * `Win32App_<id>_1`, and whatever later parts of the review carry) is looked up once in the tenant's
 * cached app catalogue, and the review gains `names` (lower-case GUID → name). The model itself keeps
 * the GUIDs as they are; the screen renders the name beside them. Pure: the caller passes the lookup
 * (the database worker on the main thread; the archive worker has no database).
 */
const GUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
/** Bounds the lookup for a hostile or huge archive; past it, later GUIDs simply show without a name. */
export const MAX_LOOKUP_IDS = 5000

/** Unique lower-case GUIDs in every string of `value` (keys included), depth-first, at most `limit`. */
export function guidsIn(value: unknown, limit = MAX_LOOKUP_IDS): string[] {
  const found = new Set<string>()
  const stack: unknown[] = [value]
  const scan = (text: string) => {
    for (const match of text.matchAll(GUID_IN_TEXT)) {
      if (found.size >= limit) return
      found.add(match[0].toLowerCase())
    }
  }
  while (stack.length > 0 && found.size < limit) {
    const next = stack.pop()
    if (typeof next === 'string') scan(next)
    else if (Array.isArray(next)) stack.push(...next)
    else if (next !== null && typeof next === 'object') {
      for (const [key, child] of Object.entries(next)) {
        scan(key)
        stack.push(child)
      }
    }
  }
  return [...found]
}

export interface AppNameLookup {
  names: Record<string, string>
  status: { state: 'synced' | 'unavailable'; message: string | null } | null
}

/**
 * The review with `names` (and `namesNote` when the catalogue could not be read). A failed lookup
 * never fails the review: it comes back with a note instead.
 */
export async function withAppNames(review: ArchiveReview, lookup: (ids: string[]) => Promise<AppNameLookup>): Promise<ArchiveReview> {
  const ids = guidsIn(review)
  if (ids.length === 0) return review
  try {
    const { names, status } = await lookup(ids)
    const note =
      status === null ? 'App names unavailable: sync with Intune once to cache the app catalogue.' : status.state === 'unavailable' ? status.message : null
    return { ...review, names: { ...names, ...review.names }, ...(note ? { namesNote: note } : {}) }
  } catch {
    return { ...review, namesNote: 'App names unavailable: the cached app catalogue could not be read.' }
  }
}
