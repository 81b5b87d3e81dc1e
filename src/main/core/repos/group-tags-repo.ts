import type Database from 'better-sqlite3'

/**
 * Seeks on the devices_by_group_tag index for the group-tag autocomplete (card/group-tags.ts walks
 * them). One range condition per query, so SQLite answers min() with a single index seek.
 */
export function createGroupTagsRepo(db: Database.Database) {
  const first = db.prepare('SELECT min(group_tag) AS tag FROM devices WHERE group_tag >= ?')
  const next = db.prepare('SELECT min(group_tag) AS tag FROM devices WHERE group_tag > ?')
  return {
    /** The smallest tag at or above `from`, or null. */
    firstFrom: (from: string) => (first.get(from) as { tag: string | null }).tag,
    /** The smallest tag strictly above `after`, or null. */
    firstAfter: (after: string) => (next.get(after) as { tag: string | null }).tag,
  }
}
