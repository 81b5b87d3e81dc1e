import type Database from 'better-sqlite3'

/**
 * Schema migrations, applied in order, one transaction each; `PRAGMA user_version` records the
 * last one applied. Never edit a released migration: add a new one, plus its upgrade fixture in
 * test/unit/main/db/migration-fixtures.ts.
 */
export interface Migration {
  version: number
  description: string
  up: (db: Database.Database) => void
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'device cache, sync runs, preferences',
    up: (db) =>
      db.exec(`
        CREATE TABLE devices (
          id TEXT PRIMARY KEY,
          serial_number TEXT NOT NULL,
          manufacturer TEXT NOT NULL DEFAULT '',
          model TEXT NOT NULL DEFAULT '',
          group_tag TEXT NOT NULL DEFAULT '',
          purchase_order TEXT NOT NULL DEFAULT '',
          user_principal_name TEXT NOT NULL DEFAULT '',
          addressable_user_name TEXT NOT NULL DEFAULT '',
          display_name TEXT NOT NULL DEFAULT '',
          profile_status TEXT NOT NULL DEFAULT 'unknown',
          profile_assigned_at TEXT,
          enrollment_state TEXT NOT NULL DEFAULT 'unknown',
          synced_at TEXT NOT NULL,
          seen_in_run TEXT
        ) WITHOUT ROWID;
        CREATE INDEX devices_by_serial ON devices (serial_number, id);
        CREATE TABLE sync_runs (
          id TEXT PRIMARY KEY,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          state TEXT NOT NULL CHECK (state IN ('running', 'complete', 'failed', 'interrupted')),
          devices INTEGER NOT NULL DEFAULT 0,
          error_code TEXT,
          error_message TEXT
        );
        CREATE TABLE preferences (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `),
  },
  {
    version: 2,
    description: 'user-made records (outbox, audit log, attempts) and remediation state',
    up: (db) =>
      db.exec(`
        ALTER TABLE devices ADD COLUMN remediation_state TEXT NOT NULL DEFAULT 'unknown';
        CREATE INDEX devices_by_group_tag ON devices (group_tag);
        CREATE INDEX devices_by_upn ON devices (user_principal_name);
        CREATE TABLE outbox (
          id INTEGER PRIMARY KEY,
          device_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          payload TEXT NOT NULL,
          base_value TEXT,
          state TEXT NOT NULL DEFAULT 'pending',
          attempts INTEGER NOT NULL DEFAULT 0,
          last_error TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE audit_log (
          id INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          action TEXT NOT NULL,
          device_id TEXT,
          correlation_id TEXT,
          details TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE attempts (
          id INTEGER PRIMARY KEY,
          device_id TEXT NOT NULL,
          started_at TEXT NOT NULL,
          ended_at TEXT,
          outcome TEXT,
          error_code TEXT,
          next_action TEXT,
          notes TEXT NOT NULL DEFAULT ''
        );
      `),
  },
]

export const latestSchemaVersion = migrations[migrations.length - 1]!.version

/** Tables holding what technicians made by hand: kept through a recovery, unlike the rebuildable cache. */
export const userMadeTables = ['outbox', 'audit_log', 'attempts', 'preferences'] as const

export class NewerSchemaError extends Error {
  constructor(readonly found: number) {
    super(
      `This data folder was written by a newer Autopilot Bench (schema ${found}, this app knows ${latestSchemaVersion}). ` +
        'Update the app, or start it with a different data folder.',
    )
    this.name = 'NewerSchemaError'
  }
}

export const schemaVersionOf = (db: Database.Database): number => db.pragma('user_version', { simple: true }) as number

/** Applies every migration above the database's version, up to `target`. Returns the version it started from. */
export function migrate(db: Database.Database, target = latestSchemaVersion, beforeFirst?: (from: number) => void): number {
  const from = schemaVersionOf(db)
  if (from > latestSchemaVersion) throw new NewerSchemaError(from)
  const pending = migrations.filter((m) => m.version > from && m.version <= target)
  if (pending.length > 0) beforeFirst?.(from)
  for (const migration of pending) {
    db.transaction(() => {
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    })()
  }
  return from
}
