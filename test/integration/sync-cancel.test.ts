import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dispatch } from '@core/dispatch'
import { tenantDbFileName } from '@core/tenant'
import type { SyncProgress } from '@shared/sync-schemas'
import { useCoreOnMock } from '@support/core-on-mock'

const waitFor = async (check: () => boolean, timeoutMs = 15_000) => {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('sync:cancel-sync', () => {
  const start = useCoreOnMock()

  it('stops a running sync between pages, keeps every saved row, deletes nothing, and the next sync completes', async () => {
    // 30 pages of 100, each answered 80 ms late: a pass takes a few seconds, long enough to cancel mid-way.
    const { core, handlers, dataDir, mock } = await start(
      { seed: 3, devices: 3000, pageSize: 100, throttle: 'off', faults: 'latency=always:ms=80:path=windowsAutopilotDeviceIdentities' },
      { sync: false },
    )
    const ctx = { log: core.log }
    const progress: SyncProgress[] = []
    const changedTopics: string[][] = []
    core.bus.subscribe((name, payload) => {
      if (name === 'sync:progress') progress.push(payload as SyncProgress)
      if (name === 'data:changed') changedTopics.push((payload as { topics: string[] }).topics)
    })
    expect(await dispatch(handlers, 'sync:cancel-sync', {}, ctx)).toEqual({ ok: true, value: { cancelled: false } })

    // First pass complete, so the cancelled one has rows it must not delete.
    await core.sync.start('first')
    await core.sync.idle()
    expect((await core.sync.status()).deviceCount).toBe(3000)

    // Some devices vanish from Intune: a complete pass would delete them; a cancelled one must not.
    const gone = (await handlers['devices:list-devices']({ search: '', limit: 10, after: null, position: null }, { correlationId: 'c', log: core.log })).items
    for (const device of gone) {
      const response = await fetch(`${mock.url}/beta/deviceManagement/windowsAutopilotDeviceIdentities/${device.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${mock.token}` },
      })
      expect(response.status).toBe(204)
    }
    progress.length = 0
    await core.sync.start('second')
    await waitFor(() => progress.some((p) => p.phase === 'devices' && p.devices >= 500))
    changedTopics.length = 0
    expect(await dispatch(handlers, 'sync:cancel-sync', {}, ctx)).toEqual({ ok: true, value: { cancelled: true } })
    await core.sync.idle()
    // The screens re-read what the cancelled pass kept (a device list left at "no devices yet" was seen by hand).
    expect(changedTopics.some((topics) => topics.includes('devices'))).toBe(true)

    const status = await core.sync.status()
    expect(status.running).toBe(false)
    expect(status.lastError).toMatchObject({ code: 'cancelled' })
    expect(status.lastError?.message).toMatch(/^Sync cancelled — 3,000 devices kept/)
    expect(status.deviceCount).toBe(3000)
    const last = progress.at(-1)!
    expect(last.phase).toBe('failed')
    expect(last.devices).toBeLessThan(3000)
    const db = new Database(join(dataDir, tenantDbFileName(core.tenant.id)), { readonly: true })
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      const run = db.prepare('SELECT state, error_code AS code FROM sync_runs ORDER BY started_at DESC, rowid DESC LIMIT 1').get()
      expect(run).toEqual({ state: 'failed', code: 'cancelled' })
    } finally {
      db.close()
    }

    // The next sync runs to the end.
    await core.sync.start('third')
    await core.sync.idle()
    const after = await core.sync.status()
    expect(after.lastError).toBeNull()
    expect(after.deviceCount).toBe(2990)
  }, 60_000)

  it('cancels a sync that is waiting out a long Retry-After at once', async () => {
    const { core, handlers } = await start(
      { seed: 4, devices: 300, pageSize: 100, throttle: 'off', faults: '503=#2:retry-after=120:path=windowsAutopilotDeviceIdentities' },
      { sync: false },
    )
    const progress: SyncProgress[] = []
    core.bus.subscribe((name, payload) => {
      if (name === 'sync:progress') progress.push(payload as SyncProgress)
    })
    await core.sync.start('waiting')
    await waitFor(() => progress.some((p) => p.waitingSeconds !== null))
    const startedAt = Date.now()
    expect(await dispatch(handlers, 'sync:cancel-sync', {}, { log: core.log })).toEqual({ ok: true, value: { cancelled: true } })
    await core.sync.idle()
    expect(Date.now() - startedAt).toBeLessThan(5_000)
    const status = await core.sync.status()
    expect(status.lastError).toMatchObject({ code: 'cancelled' })
    expect(status.deviceCount).toBe(100)
  }, 30_000)
})
