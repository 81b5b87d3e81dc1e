import type Database from 'better-sqlite3'
import type { EspAssignmentRow, EspRow } from '../card/esp-targeting'

/** An ESP as the sync writes it (EspRow's columns plus `details` as JSON). */
export type EspInsert = EspRow & { details: string }

/** Enrollment Status Page configurations and their assignments (replaced whole by the profile sync). */
export function createEspRepo(db: Database.Database) {
  const configurations = db.prepare('SELECT id, display_name, priority, is_default, show_progress, log_collection FROM esp_configurations')
  const assignments = db.prepare('SELECT configuration_id, group_id, kind FROM esp_assignments')
  const insert =
    db.prepare(`INSERT OR REPLACE INTO esp_configurations (id, display_name, priority, is_default, show_progress, log_collection, details, synced_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertAssignment = db.prepare('INSERT OR IGNORE INTO esp_assignments (configuration_id, group_id, kind) VALUES (?, ?, ?)')
  return {
    configurations: () => configurations.all() as EspRow[],
    assignments: () => assignments.all() as EspAssignmentRow[],
    /** Replaces both tables; call inside the sync's transaction. */
    replaceAll(rows: readonly EspInsert[], espAssignments: readonly EspAssignmentRow[], at: string) {
      db.exec('DELETE FROM esp_configurations; DELETE FROM esp_assignments')
      for (const c of rows) insert.run(c.id, c.display_name, c.priority, c.is_default, c.show_progress, c.log_collection, c.details, at)
      for (const a of espAssignments) insertAssignment.run(a.configuration_id, a.group_id, a.kind)
    },
  }
}
