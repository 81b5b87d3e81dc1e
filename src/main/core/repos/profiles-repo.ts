import type Database from 'better-sqlite3'
import type { ProfileRow } from '../card/profile-rows'

export type ProfileAssignmentRow = { profile_id: string; group_id: string; kind: string }
export type DeviceGroupRow = { id: string; display_name: string; membership_rule: string }

/** A profile as the sync writes it (ProfileRow's columns, `details` already JSON). */
export type ProfileInsert = ProfileRow

/**
 * The deployment profiles cache with their group assignments and the groups they (and the ESPs)
 * target: small tables the profile sync replaces whole.
 */
export function createProfilesRepo(db: Database.Database) {
  // The profile list as the UI shows it (name, case-insensitive; id breaks ties).
  const list = db.prepare(`SELECT id, display_name, odata_type, join_type, pre_provisioning_allowed, device_name_template, created_at, details
    FROM profiles ORDER BY display_name COLLATE NOCASE, id`)
  const assignments = db.prepare('SELECT profile_id, group_id, kind FROM profile_assignments')
  const groups = db.prepare('SELECT id, display_name, membership_rule FROM device_groups')
  const insertProfile =
    db.prepare(`INSERT INTO profiles (id, display_name, odata_type, join_type, pre_provisioning_allowed, device_name_template, created_at, details, synced_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertAssignment = db.prepare('INSERT OR IGNORE INTO profile_assignments (profile_id, group_id, kind) VALUES (?, ?, ?)')
  const insertGroup = db.prepare('INSERT OR REPLACE INTO device_groups (id, display_name, membership_rule, synced_at) VALUES (?, ?, ?, ?)')

  return {
    list: () => list.all() as ProfileRow[],
    assignments: () => assignments.all() as ProfileAssignmentRow[],
    groups: () => groups.all() as DeviceGroupRow[],
    /** Replaces profiles, assignments and groups; call inside the sync's transaction. */
    replaceAll(profiles: readonly ProfileInsert[], profileAssignments: readonly ProfileAssignmentRow[], deviceGroups: readonly DeviceGroupRow[], at: string) {
      db.exec('DELETE FROM profiles; DELETE FROM profile_assignments; DELETE FROM device_groups')
      for (const p of profiles) {
        insertProfile.run(p.id, p.display_name, p.odata_type, p.join_type, p.pre_provisioning_allowed, p.device_name_template, p.created_at, p.details, at)
      }
      for (const a of profileAssignments) insertAssignment.run(a.profile_id, a.group_id, a.kind)
      for (const g of deviceGroups) insertGroup.run(g.id, g.display_name, g.membership_rule, at)
    },
  }
}
