import type Database from 'better-sqlite3'
import { createGroupTagsRepo } from '../repos/group-tags-repo'

/** Upper bound on index seeks per call: a tenant with a huge number of distinct tags still answers fast. */
const MAX_SEEKS = 5000

/**
 * Distinct non-empty group tags starting with `prefix`, case-insensitively, for autocomplete.
 *
 * A skip-scan over the devices_by_group_tag index: each step asks for the next distinct tag above
 * the last one (one O(log n) seek), so the cost follows the number of distinct tags in range, not
 * the number of devices (a plain DISTINCT would walk every index entry: 1M at 1M devices).
 * Range: every case variant of the prefix sorts between its all-upper and all-lower forms (BINARY
 * order puts A–Z before a–z), so only that slice is visited; each tag is then compared in lower case.
 * Exact for ASCII; for other scripts the range follows each character's upper/lower forms.
 */
export function listGroupTags(db: Database.Database, prefix: string, limit: number): string[] {
  const lowered = prefix.toLowerCase()
  const lo = [...prefix].map((c) => (c.toUpperCase() < c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('')
  const hi = [...prefix].map((c) => (c.toUpperCase() > c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('')
  const seek = createGroupTagsRepo(db)
  const tags: string[] = []
  // '' (no tag) is never offered: start above it.
  let current = lo === '' ? seek.firstAfter('') : seek.firstFrom(lo)
  for (let seeks = 0; current !== null && seeks < MAX_SEEKS && tags.length < limit; seeks++) {
    // Past every string that starts with the highest variant: done.
    if (current > hi && !current.startsWith(hi)) break
    if (current.toLowerCase().startsWith(lowered)) tags.push(current)
    current = seek.firstAfter(current)
  }
  return tags
}
