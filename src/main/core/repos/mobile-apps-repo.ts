import type Database from 'better-sqlite3'

/** One Intune app as the sync stores it; `id` lower-case. */
export interface MobileAppRow {
  id: string
  display_name: string
  app_type: string
}

/**
 * mobile_apps: the tenant's app catalogue (docs/reference/graph-api.md §C1), kept so app GUIDs in
 * diagnostics read as names offline. Replaced whole by each sync that could read it.
 */
export function createMobileAppsRepo(db: Database.Database) {
  const insert = db.prepare('INSERT OR REPLACE INTO mobile_apps (id, display_name, app_type, synced_at) VALUES (?, ?, ?, ?)')
  const count = db.prepare('SELECT count(*) AS n FROM mobile_apps')
  // One statement for any number of ids: the list travels as one JSON array.
  const names = db.prepare('SELECT id, display_name FROM mobile_apps WHERE id IN (SELECT lower(value) FROM json_each(?))')
  return {
    /** Replaces the catalogue; call inside the sync's transaction. */
    replaceAll(rows: readonly MobileAppRow[], at: string) {
      db.exec('DELETE FROM mobile_apps')
      for (const r of rows) insert.run(r.id.toLowerCase(), r.display_name, r.app_type, at)
    },
    count: (): number => (count.get() as { n: number }).n,
    /** Names of the given ids that the catalogue knows, keyed by lower-case id. */
    namesFor(ids: readonly string[]): Record<string, string> {
      const out: Record<string, string> = {}
      if (ids.length === 0) return out
      for (const row of names.all(JSON.stringify(ids)) as Array<{ id: string; display_name: string }>) out[row.id] = row.display_name
      return out
    },
  }
}

export type MobileAppsRepo = ReturnType<typeof createMobileAppsRepo>
