import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { startCacheCheck } from '@core/worker/cache-check-thread'
import { describe, expect, it } from 'vitest'
import { openDbClient } from '@core/worker/db-client'
import type { CacheCheckResult } from '@core/db/cache-check'
import { damageMarkerPath } from '@core/db/damage-marker'
import { dispatch } from '@core/dispatch'
import { tenantDbFileName } from '@core/tenant'
import type { LogSink } from '@core/logging/log-sink'
import { useCoreOnMock } from '@support/core-on-mock'
import { useTempDirs, workerPath } from '@support/temp-dir'
import { queuedChange, seedDamageable, smashRootOf } from '@support/damaged-db'

const quiet: LogSink = { log: () => undefined }

describe('the device-cache check after a clean start (issue 19)', () => {
  const tempDir = useTempDirs()
  const start = useCoreOnMock()
  const open = (file: string, onCacheCheck: (result: CacheCheckResult) => void = () => undefined) =>
    openDbClient({ workerPath: workerPath(), dbFile: file, uncleanExit: false, log: quiet, onEvent: () => undefined, onCacheCheck })

  it('runs in its own thread: the database worker answers all the while', async () => {
    const file = join(tempDir(), 'cache.db')
    seedDamageable(file, 50_000)
    const answeredAt: number[] = []
    let arrived: { at: number; result: CacheCheckResult } | null = null
    const db = await open(file, (result) => (arrived = { at: performance.now(), result }))
    expect(db.report).toMatchObject({ check: 'quick-user-tables', cacheCheckPending: true })
    while (!arrived) {
      await db.call('devices:list-devices', { search: '', limit: 20, after: null, position: null })
      answeredAt.push(performance.now())
    }
    await db.close()
    const { at, result } = arrived as { at: number; result: CacheCheckResult }
    expect(result.outcome).toBe('ok')
    // The check read the whole file for a while (FTS5 index included) …
    expect(result.ms).toBeGreaterThanOrEqual(40)
    // … and the list kept being answered during it: never a gap near the check's length (a worker
    // busy with the check would leave one as long as the check).
    const during = answeredAt.filter((t) => t >= at - result.ms && t <= at)
    expect(during.length).toBeGreaterThanOrEqual(3)
    const gaps = during.slice(1).map((t, i) => t - during[i]!)
    expect(Math.max(...gaps)).toBeLessThan(result.ms / 2)
    expect(existsSync(damageMarkerPath(file))).toBe(false)
  })

  it('a damaged cache page: the app opens and answers, the check finds it and marks the file, the next start rebuilds the cache and keeps user-made rows', async () => {
    const file = join(tempDir(), 'cache.db')
    seedDamageable(file)
    smashRootOf(file, 'users')

    const found: CacheCheckResult[] = []
    const first = await open(file, (result) => found.push(result))
    expect(first.report).toMatchObject({ check: 'quick-user-tables', recovered: null })
    expect((await first.call('devices:list-devices', { search: '', limit: 5, after: null, position: null })).total).toBe(2000)
    const result = await first.cacheCheckResult()
    expect(result).toMatchObject({ outcome: 'damaged', userMadeDamaged: false })
    expect(result!.damaged).toEqual(['users'])
    expect(found).toEqual([result])
    expect(existsSync(damageMarkerPath(file))).toBe(true)
    await first.close()

    const next = await open(file)
    expect(next.report).toMatchObject({ check: 'full', fullCheckBecause: 'cache-check-marked', cacheCheckPending: false })
    expect(next.report.recovered?.keptRows).toMatchObject({ outbox: 1, attempts: 1, audit_log: 1, preferences: 1 })
    expect(await next.call('prefs:get-preference', { key: 'devices.search' })).toEqual({ value: 'abc' })
    expect(await next.cacheCheckResult()).toBeNull()
    expect(existsSync(damageMarkerPath(file))).toBe(false)
    await next.close()
  })

  it('a damaged device page read by the start-up repair: the worker checks fully and rebuilds at once', async () => {
    const file = join(tempDir(), 'cache.db')
    seedDamageable(file)
    smashRootOf(file, 'devices')
    const db = await open(file)
    expect(db.report).toMatchObject({ check: 'full', fullCheckBecause: 'cache-check-marked' })
    expect(db.report.recovered?.keptRows).toMatchObject({ outbox: 1, attempts: 1, audit_log: 1, preferences: 1 })
    expect(await db.call('health.check', {})).toEqual({ ok: true })
    await db.close()
  })

  it('tells the technician through app info, then what the restart did', async () => {
    const dataDir = tempDir()
    const first = await start({ seed: 5, devices: 10, throttle: 'off' }, { core: { dataDir }, sync: false })
    const file = join(dataDir, tenantDbFileName(first.core.tenant.id))
    await first.core.close()
    const raw = new Database(file)
    const user = raw.prepare("INSERT INTO users (id, user_principal_name, fetched_at) VALUES (?, ?, '2026-01-01T00:00:00Z')")
    raw.transaction(() => {
      for (let i = 0; i < 300; i++) user.run(`u-${i}`, `user${i}@contoso.com`)
    })()
    raw.prepare("INSERT INTO outbox (device_id, kind, payload, created_at, updated_at) VALUES ('d-1', 'group-tag', ?, 'a', 'a')").run(queuedChange)
    raw.pragma('wal_checkpoint(TRUNCATE)')
    raw.close()
    smashRootOf(file, 'users')

    const damaged = await start({ seed: 5, devices: 10, throttle: 'off' }, { core: { dataDir }, sync: false })
    const changes: unknown[] = []
    damaged.core.bus.subscribe((name, payload) => changes.push({ name, payload }))
    expect((await damaged.core.db.cacheCheckResult())?.outcome).toBe('damaged')
    expect(changes).toContainEqual({ name: 'data:changed', payload: { topics: ['database'] } })
    const info = await dispatch(damaged.handlers, 'app:get-info', {}, { log: damaged.core.log })
    expect(info).toMatchObject({
      ok: true,
      value: {
        databaseNotice: {
          kind: 'damaged',
          text: 'The device cache on this PC is damaged. Restart Autopilot Bench to rebuild it from Intune; your queued changes and bench records are kept.',
        },
      },
    })
    await damaged.core.close()

    const restarted = await start({ seed: 5, devices: 10, throttle: 'off' }, { core: { dataDir }, sync: false })
    expect(restarted.core.openReport.recovered?.keptRows.outbox).toBe(1)
    const after = await dispatch(restarted.handlers, 'app:get-info', {}, { log: restarted.core.log })
    expect(after).toMatchObject({
      ok: true,
      value: {
        databaseNotice: {
          kind: 'rebuilt',
          text: expect.stringMatching(/has been rebuilt\. The device list fills again from Intune with the next sync\. Your queued changes/),
        },
      },
    })
  })

  it("a stop lands between the check's steps: promptly, with no result and no marker", async () => {
    const file = join(tempDir(), 'cache.db')
    seedDamageable(file, 50_000)
    const checkWorker = join(dirname(workerPath()), 'cache-check-worker.cjs')
    // The check's length on this file, on this machine, now (a second run: the first reads a cold file).
    await startCacheCheck(checkWorker, file).result
    const whole = await startCacheCheck(checkWorker, file).result
    expect(whole).toMatchObject({ outcome: 'ok' })
    const wholeMs = whole!.ms
    expect(wholeMs).toBeGreaterThanOrEqual(40)

    const thread = startCacheCheck(checkWorker, file)
    await thread.started
    await sleep(wholeMs / 10)
    const stopAt = performance.now()
    await thread.stop()
    const stopMs = performance.now() - stopAt
    expect(await thread.result).toBeNull()
    // One SQLite call that is the whole check would keep the thread for about nine tenths of it; the
    // largest step here (the devices table) is about a third.
    expect(stopMs).toBeLessThan(wholeMs * 0.6)
    expect(existsSync(damageMarkerPath(file))).toBe(false)
  })

  it('closing in the first moments stops the check: nothing marked, the WAL checkpointed away, the next start checks again', async () => {
    const file = join(tempDir(), 'cache.db')
    seedDamageable(file, 50_000)
    const found: CacheCheckResult[] = []
    const db = await open(file, (result) => found.push(result))
    await db.call('prefs:set-preference', { key: 'devices.search', value: 'first seconds' })
    await db.cacheCheckStarted()
    await db.close()
    expect(found).toEqual([])
    expect(await db.cacheCheckResult()).toBeNull()
    expect(existsSync(damageMarkerPath(file))).toBe(false)
    // The close was the last connection: SQLite checkpointed the write and removed the WAL.
    expect(existsSync(`${file}-wal`)).toBe(false)

    const next = await open(file)
    expect(next.report).toMatchObject({ check: 'quick-user-tables', fullCheckBecause: null, cacheCheckPending: true })
    expect(await next.cacheCheckResult()).toMatchObject({ outcome: 'ok' })
    expect(await next.call('prefs:get-preference', { key: 'devices.search' })).toEqual({ value: 'first seconds' })
    await next.close()
  })
})
