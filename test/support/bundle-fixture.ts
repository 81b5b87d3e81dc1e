import Database from 'better-sqlite3'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { migrate } from '@core/db/migrations'
import { createDevicesRepo, type DeviceRow } from '@core/repos/devices-repo'
import { createOutboxRepo } from '@core/repos/outbox-repo'
import { createAttempt, replayAttempt, type AttemptEvent } from '@shared/domain/attempt'
import { deviceRowState } from '@support/device-row-defaults'

export const device = (i: number, extra: Partial<DeviceRow> = {}): DeviceRow => ({
  id: `dev-${i}`,
  serialNumber: `PF4SER${i}X`,
  manufacturer: 'LENOVO',
  model: '21HD',
  groupTag: 'BENCH-LDN',
  purchaseOrder: 'PO-1',
  userPrincipalName: `anna.anderson${i}@contoso.com`,
  addressableUserName: `Anna Anderson ${i}`,
  displayName: `LDN-PF4SER${i}X`,
  ...deviceRowState,
  ...extra,
})

/** Writes an attempt the way the schema v4 tables hold it: the reducer's state as JSON, and every event. */
export function insertAttempt(db: Database.Database, deviceId: string, serial: string, jobId: string | null, events: AttemptEvent[]): number {
  const initial = createAttempt({ id: `att-${deviceId}-${events[0]!.at}`, serialNumber: serial, createdAt: events[0]!.at })
  const result = replayAttempt(initial, events)
  if (!result.ok) throw new Error(result.error.message)
  const s = result.state
  const id = Number(
    db
      .prepare(
        `INSERT INTO attempts (device_id, job_id, phase, state, started_at, ended_at, outcome, error_code, next_action)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        deviceId,
        jobId,
        s.phase,
        JSON.stringify(s),
        s.provisionPressedAt ?? s.createdAt,
        s.outcome?.at ?? null,
        s.outcome?.kind ?? null,
        s.outcome?.kind === 'failure' ? s.outcome.code : null,
        s.nextAction?.action ?? null,
      ).lastInsertRowid,
  )
  for (const event of events)
    db.prepare('INSERT INTO attempt_events (attempt_id, at, event, recorded_at) VALUES (?, ?, ?, ?)').run(id, event.at, JSON.stringify(event), event.at)
  return id
}

/** A bench with three cached devices; dev-1 failed with 0x80180014 in job J1, dev-2 succeeded the next day; a log; an outbox change. */
export function setupBench(tempDir: string) {
  const db = new Database(':memory:')
  migrate(db)
  createDevicesRepo(db).save([device(1), device(2), device(3)], '2026-11-23T08:00:00Z')
  db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('J1', 'Contoso order 42', 't', '2026-11-23T07:00:00.000Z')").run()
  const failedId = insertAttempt(db, 'dev-1', 'PF4SER1X', 'J1', [
    { type: 'provision-pressed', at: '2026-11-23T08:10:00.000Z' },
    { type: 'failed', at: '2026-11-23T08:25:00.000Z', code: '0x80180014' },
  ])
  insertAttempt(db, 'dev-2', 'PF4SER2X', null, [
    { type: 'provision-pressed', at: '2026-11-24T09:00:00.000Z' },
    { type: 'succeeded', at: '2026-11-24T09:40:00.000Z' },
  ])
  createOutboxRepo(db).queue('dev-1', { kind: 'assign-user', userPrincipalName: 'ben.brown@contoso.com', addressableUserName: 'Ben' }, 'corr-1')
  const logDir = join(tempDir, 'logs')
  mkdirSync(logDir)
  writeFileSync(
    join(logDir, 'app.log'),
    [
      JSON.stringify({ level: 30, time: '2026-11-22T01:00:00.000Z', tenantId: 't', msg: 'old line about PF4SER1X' }),
      JSON.stringify({
        level: 40,
        time: '2026-11-23T08:20:00.000Z',
        tenantId: 't',
        msg: 'attempt failed for PF4SER1X (anna.anderson1@contoso.com)',
        correlationId: 'corr-1',
      }),
    ].join('\n') + '\n',
  )
  const options = { appVersion: '9.9.9', tenant: { id: 't', displayName: 'Contoso' }, logDir, now: () => new Date('2026-11-25T09:00:00Z') }
  return { db, options, failedId }
}
