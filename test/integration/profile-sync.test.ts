import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useCoreOnMock } from '@support/core-on-mock'

describe('full sync brings profiles, their group assignments, the groups and the Autopilot settings', () => {
  const start = useCoreOnMock()

  it('stores what explains a device’s profile: group tag → dynamic group rule → profile assignment', async () => {
    const { core, dataDir } = await start({ seed: 4, devices: 50 })
    const status = await core.sync.status()
    expect(status.lastError).toBeNull()
    const db = new Database(join(dataDir, 'cache-demo.db'), { readonly: true })
    const profiles = db.prepare('SELECT * FROM profiles').all() as Array<Record<string, unknown>>
    expect(profiles.length).toBeGreaterThanOrEqual(6)
    expect(profiles.some((p) => p.join_type === 'hybrid')).toBe(true)
    expect(profiles.some((p) => p.pre_provisioning_allowed === 0)).toBe(true)
    const explained = db
      .prepare(
        `SELECT p.display_name AS profile, g.display_name AS grp, g.membership_rule AS rule FROM profile_assignments a
      JOIN profiles p ON p.id = a.profile_id JOIN device_groups g ON g.id = a.group_id WHERE g.membership_rule LIKE '%OrderID%'`,
      )
      .all()
    expect(explained.length).toBeGreaterThan(0)
    expect((db.prepare("SELECT value FROM tenant_settings WHERE key = 'syncStatus'").get() as { value: string }).value).toMatch(/"/)
    db.close()
  })
})
