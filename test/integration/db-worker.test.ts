import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDbClient } from '@core/worker/db-client'
import type { LogSink } from '@core/logging/log-sink'
import { useTempDirs, workerPath } from '@support/temp-dir'
import Database from 'better-sqlite3'
import { latestSchemaVersion } from '@core/db/migrations'
import { workerSemiSpaceMiB } from '@core/worker/young-generation'

function recordingLog() {
  const lines: Array<{ level: string; msg: string }> = []
  const log: LogSink = { log: (level, msg) => lines.push({ level, msg }) }
  return { log, lines }
}

describe('database worker', () => {
  const tempDir = useTempDirs()
  const open = (dir: string, log: LogSink, extra: Partial<Parameters<typeof openDbClient>[0]> = {}) =>
    openDbClient({
      workerPath: workerPath(),
      dbFile: join(dir, 'cache.db'),
      uncleanExit: false,
      allowTestHooks: true,
      log,
      onEvent: () => undefined,
      ...extra,
    })

  it('opens the real schema in a worker thread and answers calls', async () => {
    const { log } = recordingLog()
    const db = await open(tempDir(), log)
    expect(db.report.schemaVersion).toBe(latestSchemaVersion)
    expect(await db.call('health.check', {})).toEqual({ ok: true })
    expect(await db.call('devices:list-devices', { search: '', limit: 10, after: null, position: null })).toEqual({
      items: [],
      total: 0,
      totalCapped: false,
      next: null,
    })
    await db.close()
  })

  it('starts the worker with its young generation at full size, so the first pages of a sync meet no GC while it grows', async () => {
    const { log } = recordingLog()
    const db = await open(tempDir(), log)
    expect(await db.call('test.young-generation', {})).toEqual({ semiSpaceMiB: workerSemiSpaceMiB })
    await db.close()
  })

  it('fails in-flight calls with db-unavailable when the worker dies, then respawns with a full check', async () => {
    const { log, lines } = recordingLog()
    const dir = tempDir()
    const db = await open(dir, log)
    await db.call('prefs:set-preference', { key: 'devices.search', value: 'kept' })
    const hanging = db.call('test.hang', {})
    const crash = db.call('test.crash', {})
    await expect(hanging).rejects.toMatchObject({ code: 'db-unavailable' })
    await expect(crash).rejects.toMatchObject({ code: 'db-unavailable' })
    // The next call waits for the new worker and sees the data written before the crash.
    expect(await db.call('prefs:get-preference', { key: 'devices.search' })).toEqual({ value: 'kept' })
    expect(db.report.check).toBe('full')
    expect(lines.some((l) => l.msg.includes('restarting with a full integrity check'))).toBe(true)
    await db.close()
  })

  it('stops respawning after a crash loop and says so', async () => {
    const { log } = recordingLog()
    const db = await open(tempDir(), log, { maxRespawns: 1 })
    await expect(db.call('test.crash', {})).rejects.toMatchObject({ code: 'db-unavailable' })
    await expect(db.call('test.crash', {})).rejects.toMatchObject({ code: 'db-unavailable' })
    await expect(db.call('health.check', {})).rejects.toMatchObject({ code: 'db-unavailable', message: expect.stringContaining('keeps crashing') })
    await db.close()
  })

  it('refuses test hooks unless the harness enabled them', async () => {
    const { log } = recordingLog()
    const db = await open(tempDir(), log, { allowTestHooks: false })
    await expect(db.call('test.crash', {})).rejects.toMatchObject({ code: 'internal' })
    expect(await db.call('health.check', {})).toEqual({ ok: true })
    await db.close()
  })

  it('reports a newer schema as fatal without touching the file', async () => {
    const dir = tempDir()
    const file = join(dir, 'cache.db')
    const future = new Database(file)
    future.pragma(`user_version = ${latestSchemaVersion + 5}`)
    future.close()
    const { log } = recordingLog()
    await expect(open(dir, log)).rejects.toMatchObject({ message: expect.stringContaining('newer Autopilot Bench') })
  })

  it('closes cleanly: the file is checkpointed and reopens without recovery', async () => {
    const { log } = recordingLog()
    const dir = tempDir()
    const db = await open(dir, log)
    await db.call('prefs:set-preference', { key: 'devices.search', value: 'x' })
    await db.close()
    await expect(db.call('health.check', {})).rejects.toMatchObject({ code: 'db-unavailable' })
    const again = await open(dir, log, { uncleanExit: true })
    expect(again.report.recovered).toBeNull()
    await again.close()
  })
})
