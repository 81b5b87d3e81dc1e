import Database from 'better-sqlite3'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDbClient } from '@core/worker/db-client'
import { damageMarkerPath, readDamageMarker } from '@core/db/damage-marker'
import { dispatch } from '@core/dispatch'
import { tenantDbFileName } from '@core/tenant'
import type { LogSink } from '@core/logging/log-sink'
import { errorText } from '@shared/error-codes'
import { useCoreOnMock } from '@support/core-on-mock'
import { useTempDirs, workerPath } from '@support/temp-dir'
import { queuedChange, seedDamageable, smashRootOf } from '@support/damaged-db'

const quiet: LogSink = { log: () => undefined }

/**
 * Damage met by an ordinary request before the check after start reaches it (core/db/damage-found.ts):
 * the same marker and notice as the check's finding, and a `db-damaged` answer in plain words.
 */
describe('a damaged page met by a request in the first seconds (issue 19)', () => {
  const tempDir = useTempDirs()
  const start = useCoreOnMock()

  /** A cache-check "thread" that never reports: the request is the first to meet the damage, as in the first seconds at 1M. */
  const heldBackCheck = (dir: string) => {
    const path = join(dir, 'held-back-check.cjs')
    writeFileSync(path, 'setInterval(() => undefined, 1 << 30)\n')
    return path
  }

  it('a serial lookup over a damaged index: db-damaged in plain words, the marker, one notice; the next start rebuilds and keeps the outbox', async () => {
    const dir = tempDir()
    const file = join(dir, 'cache.db')
    seedDamageable(file, 3000)
    // The index a serial lookup ignoring case reads (migration 8).
    smashRootOf(file, 'devices_by_serial_nocase')
    const problems: string[] = []
    const db = await openDbClient({
      workerPath: workerPath(),
      dbFile: file,
      uncleanExit: false,
      log: quiet,
      onEvent: () => undefined,
      cacheCheckWorkerPath: heldBackCheck(dir),
      onDamage: (problem) => problems.push(problem),
    })
    expect(db.report).toMatchObject({ check: 'quick-user-tables', recovered: null })
    expect(existsSync(damageMarkerPath(file))).toBe(false)

    const search = () => db.call('devices:find-by-serial', { serialNumber: 'SER000001' })
    const failure = await search().then(
      () => null,
      (error: { code: string; message: string }) => error,
    )
    expect(failure).toMatchObject({ code: 'db-damaged' })
    // Said in our words, with SQLite's code for support, never its raw message.
    expect(failure!.message).toMatch(/^A damaged part of the database file was met while doing this \(SQLITE_CORRUPT[A-Z_]*\)\. It has been noted/)
    expect(failure!.message).not.toMatch(/malformed/)
    expect(errorText['db-damaged']).toMatch(/Restart Autopilot Bench to repair it/)

    // Written by the worker before the answer went out; the technician's notice is raised once.
    expect(readDamageMarker(file)?.problems).toEqual([expect.stringMatching(/^a request met a damaged page: .*\(SQLITE_CORRUPT/)])
    await expect(search()).rejects.toMatchObject({ code: 'db-damaged' })
    expect(problems).toHaveLength(1)
    // What is not damaged still answers, the queued change first of all.
    expect(await db.call('changes:list-changes', { deviceId: null, includeFinished: false })).toMatchObject([{ deviceId: 'id-1' }])
    expect(await db.call('prefs:get-preference', { key: 'devices.search' })).toEqual({ value: 'abc' })
    await db.close()

    const next = await openDbClient({ workerPath: workerPath(), dbFile: file, uncleanExit: false, log: quiet, onEvent: () => undefined })
    expect(next.report).toMatchObject({ check: 'full', fullCheckBecause: 'cache-check-marked', cacheCheckPending: false })
    expect(next.report.recovered?.keptRows).toMatchObject({ outbox: 1, attempts: 1, audit_log: 1, preferences: 1 })
    expect(existsSync(damageMarkerPath(file))).toBe(false)
    expect(await next.call('changes:list-changes', { deviceId: null, includeFinished: false })).toMatchObject([{ deviceId: 'id-1' }])
    await next.close()
  })

  it('a sync writing over a damaged page: the run fails with db-damaged, the notice reaches app info, the restart keeps the queued change', async () => {
    const dataDir = tempDir()
    const first = await start({ seed: 5, devices: 40, throttle: 'off' }, { core: { dataDir } })
    const file = join(dataDir, tenantDbFileName(first.core.tenant.id))
    await first.core.close()
    const raw = new Database(file)
    raw.prepare("INSERT INTO outbox (device_id, kind, payload, created_at, updated_at) VALUES ('d-1', 'group-tag', ?, 'a', 'a')").run(queuedChange)
    raw.pragma('wal_checkpoint(TRUNCATE)')
    raw.close()
    smashRootOf(file, 'devices_by_serial')

    const damaged = await start({ seed: 5, devices: 40, throttle: 'off' }, { core: { dataDir, cacheCheckWorkerPath: heldBackCheck(dataDir) }, sync: false })
    const changes: unknown[] = []
    damaged.core.bus.subscribe((name, payload) => changes.push({ name, payload }))
    const before = await dispatch(damaged.handlers, 'app:get-info', {}, { log: damaged.core.log })
    expect(before).toMatchObject({ ok: true })
    expect((before as { value: { databaseNotice?: unknown } }).value.databaseNotice).toBeUndefined()

    await damaged.core.sync.start('damaged-sync')
    await damaged.core.sync.idle()
    const status = await dispatch(damaged.handlers, 'sync:get-status', {}, { log: damaged.core.log })
    expect(status).toMatchObject({
      ok: true,
      value: { lastError: { code: 'db-damaged', message: expect.stringMatching(/^A damaged part of the database file/) } },
    })
    // Pushed as the check's finding is: the renderer reloads app info on the 'database' topic.
    expect(changes).toContainEqual({ name: 'data:changed', payload: { topics: ['database'] } })
    const info = await dispatch(damaged.handlers, 'app:get-info', {}, { log: damaged.core.log })
    expect(info).toMatchObject({
      ok: true,
      value: {
        databaseNotice: {
          kind: 'damaged',
          text: expect.stringMatching(/^A damaged part of the database on this PC was met .* Restart Autopilot Bench to repair it/),
        },
      },
    })
    expect(existsSync(damageMarkerPath(file))).toBe(true)
    await damaged.core.close()

    const restarted = await start({ seed: 5, devices: 40, throttle: 'off' }, { core: { dataDir }, sync: false })
    expect(restarted.core.openReport).toMatchObject({ fullCheckBecause: 'cache-check-marked' })
    expect(restarted.core.openReport.recovered?.keptRows.outbox).toBe(1)
    const after = await dispatch(restarted.handlers, 'app:get-info', {}, { log: restarted.core.log })
    expect(after).toMatchObject({ ok: true, value: { databaseNotice: { kind: 'rebuilt' } } })
  })
})
