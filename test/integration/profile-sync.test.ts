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

  it('reads each profile’s and ESP’s assignments inline ($expand), the same ones their own collections list', async () => {
    const { mock, dataDir } = await start({ seed: 4, devices: 50 })
    const asked = mock.requestLog.filter((r) => r.method === 'GET').map((r) => r.path)
    expect(asked).toContainEqual(expect.stringMatching(/\/windowsAutopilotDeploymentProfiles\?\$expand=assignments$/))
    expect(asked).toContainEqual(expect.stringMatching(/\/deviceEnrollmentConfigurations\?\$expand=assignments$/))
    // No round trip per profile or ESP after the list.
    expect(asked.filter((path) => /(windowsAutopilotDeploymentProfiles|deviceEnrollmentConfigurations)\/[^/?]+\/assignments/i.test(path))).toEqual([])

    const db = new Database(join(dataDir, 'cache-demo.db'), { readonly: true })
    const stored = (sql: string) => (db.prepare(sql).all() as Array<{ owner: string; grp: string }>).map((r) => `${r.owner} ${r.grp}`).sort()
    const profileRows = stored('SELECT profile_id AS owner, group_id AS grp FROM profile_assignments')
    const espRows = stored('SELECT configuration_id AS owner, group_id AS grp FROM esp_assignments')
    const owners = (sql: string) => (db.prepare(sql).all() as Array<{ id: string }>).map((r) => r.id)
    const profileIds = owners('SELECT id FROM profiles')
    const espIds = owners('SELECT id FROM esp_configurations')
    db.close()

    // The truth: each one's own assignments collection, read directly.
    const listed = async (collection: string, ids: string[]) => {
      const rows: string[] = []
      for (const id of ids) {
        const response = await fetch(`${mock.url}/beta/deviceManagement/${collection}/${encodeURIComponent(id)}/assignments`, {
          headers: { authorization: `Bearer ${mock.token}` },
        })
        const body = (await response.json()) as { value: Array<{ target: { groupId?: string } }> }
        for (const assignment of body.value) rows.push(`${id} ${assignment.target.groupId ?? '*'}`)
      }
      return rows.sort()
    }
    expect(profileRows.length).toBeGreaterThan(0)
    expect(espRows.length).toBeGreaterThan(0)
    expect(profileRows).toEqual(await listed('windowsAutopilotDeploymentProfiles', profileIds))
    expect(espRows).toEqual(await listed('deviceEnrollmentConfigurations', espIds))
  })

  it('a re-sync asks for the groups it knows at once, and keeps only those an assignment still names', async () => {
    // The profile and ESP lists are slow: a group read that waits for their assignments is answered after them, one that does not, before.
    const slow = ['windowsAutopilotDeploymentProfiles', 'deviceEnrollmentConfigurations'].map((path) => `latency=always:ms=400:path=${path}`).join(',')
    const { mock, core, dataDir } = await start({ seed: 4, devices: 50, faults: slow })
    const answered = () => mock.requestLog.filter((r) => r.method === 'GET').map((r) => r.path)
    const profilesAnswer = (log: string[]) => log.findIndex((path) => /\/(windowsAutopilotDeploymentProfiles|deviceEnrollmentConfigurations)\?/.test(path))
    const groupAnswers = (log: string[]) => log.flatMap((path, index) => (/\/v1\.0\/groups\//.test(path) ? [index] : []))
    const first = answered()
    expect(groupAnswers(first).length).toBeGreaterThan(0)
    expect(Math.min(...groupAnswers(first))).toBeGreaterThan(profilesAnswer(first))

    const db = () => new Database(join(dataDir, 'cache-demo.db'), { readonly: true })
    const before = db()
    // A group only a profile targets: its assignment goes, then the group itself is deleted in Entra.
    const { profile_id: profileId, group_id: groupId } = before
      .prepare('SELECT profile_id, group_id FROM profile_assignments WHERE group_id NOT IN (SELECT group_id FROM esp_assignments) AND group_id != ? LIMIT 1')
      .get('*') as { profile_id: string; group_id: string }
    const storedGroups = (before.prepare('SELECT id FROM device_groups').all() as Array<{ id: string }>).map((g) => g.id)
    before.close()
    expect(storedGroups).toContain(groupId)
    const call = (method: string, path: string) => fetch(`${mock.url}${path}`, { method, headers: { authorization: `Bearer ${mock.token}` } })
    const assignments = (await (await call('GET', `/beta/deviceManagement/windowsAutopilotDeploymentProfiles/${profileId}/assignments`)).json()) as {
      value: Array<{ id: string; target: { groupId?: string } }>
    }
    const assignment = assignments.value.find((a) => a.target.groupId === groupId)!
    expect((await call('DELETE', `/beta/deviceManagement/windowsAutopilotDeploymentProfiles/${profileId}/assignments/${assignment.id}`)).status).toBe(204)
    expect((await call('DELETE', `/v1.0/groups/${groupId}`)).status).toBe(204)

    const mark = answered().length
    await core.sync.start('resync')
    await core.sync.idle()
    expect((await core.sync.status()).lastError).toBeNull()
    const second = answered().slice(mark)
    // Every stored group was asked for before the profiles answered, the deleted one included (404).
    expect(groupAnswers(second)).toHaveLength(storedGroups.length)
    expect(Math.max(...groupAnswers(second))).toBeLessThan(profilesAnswer(second))
    expect(mock.requestLog.some((r) => r.path.includes(`/groups/${groupId}`) && r.status === 404)).toBe(true)

    const after = db()
    const groupsNow = (after.prepare('SELECT id FROM device_groups').all() as Array<{ id: string }>).map((g) => g.id)
    after.close()
    expect(groupsNow).not.toContain(groupId)
    expect(groupsNow.sort()).toEqual(storedGroups.filter((id) => id !== groupId).sort())
  })
})
