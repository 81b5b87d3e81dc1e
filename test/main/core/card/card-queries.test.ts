import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '@core/db/migrations'
import { listGroupTags } from '@core/card/group-tags.worker'
import { syncBenchStage } from '@core/card/bench-stage.worker'
import { readCardFacts } from '@core/card/card-queries.worker'
import { createOutboxRepo } from '@core/repos/outbox-repo'

function dbWith(tags: string[]) {
  const db = new Database(':memory:')
  migrate(db)
  const insert = db.prepare("INSERT INTO devices (id, serial_number, group_tag, synced_at) VALUES (?, ?, ?, '2026-11-23T00:00:00Z')")
  tags.forEach((tag, i) => insert.run(`d${i}`, `S${i}`, tag))
  return db
}

describe('group-tag autocomplete', () => {
  it('lists distinct non-empty tags by prefix, ignoring letter case, up to the limit', () => {
    const db = dbWith(['BENCH-LDN', 'BENCH-LDN', 'bench-man', 'Bench-Par', 'KIOSK-LDN', '', 'BENCHMARK', 'BEN'])
    expect(listGroupTags(db, 'bench-', 20)).toEqual(['BENCH-LDN', 'Bench-Par', 'bench-man'])
    expect(listGroupTags(db, 'BEN', 2)).toEqual(['BEN', 'BENCH-LDN'])
    expect(listGroupTags(db, '', 20)).toEqual(['BEN', 'BENCH-LDN', 'BENCHMARK', 'Bench-Par', 'KIOSK-LDN', 'bench-man'])
    expect(listGroupTags(db, 'zzz', 20)).toEqual([])
  })

  it('uses the group-tag index (no table scan)', () => {
    const db = dbWith(['A'])
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT min(group_tag) AS tag FROM devices WHERE group_tag > ?').all('A') as Array<{ detail: string }>
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/devices_by_group_tag/)
  })
})

describe('bench stage follows the readiness verdict', () => {
  it('scanned → ready when ready, back to scanned when no longer ready, only for the device’s own job', () => {
    const db = dbWith(['X'])
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', 'Order', 't', '2026-11-23T00:00:00Z')").run()
    db.prepare(
      "INSERT INTO bench_devices (device_id, job_id, serial_number, added_at, stage, stage_since) VALUES ('d0', 'j1', 'S0', 'a', 'scanned', 'a')",
    ).run()
    const stage = () => db.prepare("SELECT stage, stage_since FROM bench_devices WHERE device_id = 'd0'").get() as { stage: string; stage_since: string }
    expect(syncBenchStage(db, 'd0', 'other-job', 'ready', 'b')).toBe(false)
    expect(syncBenchStage(db, 'd0', 'j1', 'unconfirmed', 'b')).toBe(false)
    expect(syncBenchStage(db, 'd0', 'j1', 'ready', 'b')).toBe(true)
    expect(stage()).toEqual({ stage: 'ready', stage_since: 'b' })
    expect(syncBenchStage(db, 'd0', 'j1', 'ready', 'c')).toBe(false)
    expect(syncBenchStage(db, 'd0', 'j1', 'not-ready', 'd')).toBe(true)
    expect(stage()).toEqual({ stage: 'scanned', stage_since: 'd' })
    db.prepare("UPDATE bench_devices SET stage = 'provisioning'").run()
    expect(syncBenchStage(db, 'd0', 'j1', 'ready', 'e')).toBe(false)
  })
})

describe('card facts from SQLite', () => {
  it('finds the bench job, the manifest row by serial (upper-case), the user and pending outbox values', () => {
    const db = dbWith(['X'])
    db.prepare("UPDATE devices SET serial_number = 'pf3abc12 ', user_principal_name = 'Ada@Contoso.com' WHERE id = 'd0'").run()
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, group_tag, created_at) VALUES ('j1', 'Order', 't', 'BENCH-MAN', 'x')").run()
    db.prepare("INSERT INTO job_manifest (job_id, serial_number, user_principal_name) VALUES ('j1', 'PF3ABC12', 'ada@contoso.com')").run()
    db.prepare("INSERT INTO bench_devices (device_id, job_id, serial_number, added_at, stage_since) VALUES ('d0', 'j1', 'PF3ABC12', 'a', 'a')").run()
    db.prepare("INSERT INTO users (id, user_principal_name, licensed, fetched_at) VALUES ('u1', 'ada@contoso.com', 1, 'x')").run()
    createOutboxRepo(db).queue('d0', { kind: 'group-tag', groupTag: 'BENCH-MAN' }, 'corr')
    const facts = readCardFacts(db, 'd0', null)!
    expect(facts.job?.id).toBe('j1')
    expect(facts.manifest?.user_principal_name).toBe('ada@contoso.com')
    expect(facts.user).toEqual({ licensed: true })
    expect(facts.espSynced).toBe(false)
    expect(facts.domains).toBeNull()
    expect(readCardFacts(db, 'nope', null)).toBeNull()
    expect(() => readCardFacts(db, 'd0', 'gone')).toThrow(/no longer exists/)
    expect(facts.entraDeviceObjectExists).toBeNull()
    const entra = (entraDeviceId: string, exists: boolean) =>
      db
        .prepare("INSERT OR REPLACE INTO tenant_settings (key, value, synced_at) VALUES ('entraDevice:d0', ?, 'x')")
        .run(JSON.stringify({ entraDeviceId, exists, checkedAt: 'x' }))
    db.prepare("UPDATE devices SET entra_device_id = 'e-1' WHERE id = 'd0'").run()
    entra('e-1', false)
    expect(readCardFacts(db, 'd0', null)!.entraDeviceObjectExists).toBe(false)
    // An answer about another Entra id (the device re-registered since) doesn't count.
    entra('e-old', true)
    expect(readCardFacts(db, 'd0', null)!.entraDeviceObjectExists).toBeNull()
    expect(facts.pending).toEqual([{ field: 'groupTag', value: 'BENCH-MAN', state: 'pending' }])
  })
})
