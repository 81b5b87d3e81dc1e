import type Database from 'better-sqlite3'

export interface SyncRunRow {
  id: string
  startedAt: string
  finishedAt: string | null
  state: 'running' | 'complete' | 'failed' | 'interrupted'
  devices: number
  errorCode: string | null
  errorMessage: string | null
}

const columns = `id, started_at AS startedAt, finished_at AS finishedAt, state, devices,
  error_code AS errorCode, error_message AS errorMessage`

export function createSyncRunsRepo(db: Database.Database) {
  return {
    start: (id: string, at: string) => db.prepare("INSERT INTO sync_runs (id, started_at, state) VALUES (?, ?, 'running')").run(id, at),
    progress: (id: string, devices: number) => db.prepare('UPDATE sync_runs SET devices = ? WHERE id = ?').run(devices, id),
    finish: (id: string, at: string, devices: number) =>
      db.prepare("UPDATE sync_runs SET state = 'complete', finished_at = ?, devices = ? WHERE id = ?").run(at, devices, id),
    fail: (id: string, at: string, code: string, message: string) =>
      db.prepare("UPDATE sync_runs SET state = 'failed', finished_at = ?, error_code = ?, error_message = ? WHERE id = ?").run(at, code, message, id),
    /** A run still "running" when the database opens was cut short by a crash. */
    markInterrupted: (at: string) =>
      db
        .prepare(
          "UPDATE sync_runs SET state = 'interrupted', finished_at = ?, error_code = 'interrupted', error_message = 'The app stopped during this sync.' WHERE state = 'running'",
        )
        .run(at).changes,
    lastComplete: () =>
      (db.prepare(`SELECT ${columns} FROM sync_runs WHERE state = 'complete' ORDER BY started_at DESC LIMIT 1`).get() as SyncRunRow | undefined) ?? null,
    latest: () => (db.prepare(`SELECT ${columns} FROM sync_runs ORDER BY started_at DESC, rowid DESC LIMIT 1`).get() as SyncRunRow | undefined) ?? null,
  }
}
