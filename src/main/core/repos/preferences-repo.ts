import type Database from 'better-sqlite3'

/**
 * Preferences live in SQLite, not localStorage: in web mode the renderer's origin changes with every
 * port, which would make localStorage forget everything.
 */
export function createPreferencesRepo(db: Database.Database) {
  const read = db.prepare('SELECT value FROM preferences WHERE key = ?')
  const write = db.prepare('INSERT INTO preferences (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  return {
    get(key: string): unknown {
      const row = read.get(key) as { value: string } | undefined
      return row ? (JSON.parse(row.value) as unknown) : null
    },
    set(key: string, value: unknown): void {
      write.run(key, JSON.stringify(value))
    },
  }
}
