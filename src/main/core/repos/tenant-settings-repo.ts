import type Database from 'better-sqlite3'

/**
 * tenant_settings: small facts about the tenant read from Intune (Autopilot settings, verified
 * domains, when the ESPs were read, per-device Entra lookups), each stored as JSON text under a key.
 */
export function createTenantSettingsRepo(db: Database.Database) {
  const read = db.prepare('SELECT value FROM tenant_settings WHERE key = ?')
  const write = db.prepare('INSERT OR REPLACE INTO tenant_settings (key, value, synced_at) VALUES (?, ?, ?)')
  const drop = db.prepare('DELETE FROM tenant_settings WHERE key = ?')
  return {
    /** The stored JSON text, or null when the key was never written; callers parse it their own way. */
    get: (key: string): string | null => (read.get(key) as { value: string } | undefined)?.value ?? null,
    /** Stores `value` as JSON. */
    put: (key: string, value: unknown, syncedAt: string) => void write.run(key, JSON.stringify(value), syncedAt),
    /** Forgets a fact that no longer holds (a refusal once the look-up is answered). */
    remove: (key: string) => void drop.run(key),
  }
}

export type TenantSettingsRepo = ReturnType<typeof createTenantSettingsRepo>
