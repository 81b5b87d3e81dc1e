import { describe, expect, it } from 'vitest'
import { createSyncService } from '@core/sync/sync-service'
import type { DbClient } from '@core/worker/db-client'
import type { SyncProgress, SyncWait } from '@shared/sync-schemas'

describe('sync service: whether the running sync waits on a request Intune has not answered', () => {
  it('says so only while a run is under way and its progress names a silence', async () => {
    let finish: () => void = () => undefined
    const db = { call: () => new Promise<void>((resolve) => (finish = resolve)) } as unknown as DbClient
    const service = createSyncService({ db, graphArgs: async () => ({ baseUrl: 'http://127.0.0.1:9/beta', token: 't', correlationId: 'c' }) })
    expect(service.waitsForAnswer()).toBe(false)
    const { runId } = await service.start('c')
    const at = new Date().toISOString()
    const wait: SyncWait = {
      kind: 'no-answer',
      reason: 'Intune is not answering',
      silentSince: at,
      attempt: 1,
      attempts: 5,
      until: at,
      givesUpAt: at,
      lastTryBecause: null,
    }
    const progress = (next: Partial<SyncProgress>): SyncProgress => ({
      runId,
      phase: 'devices',
      pages: 0,
      devices: 0,
      expected: 0,
      rowsPerSecond: null,
      etaSeconds: null,
      waitingSeconds: null,
      wait: null,
      message: '',
      ...next,
    })
    expect(service.waitsForAnswer()).toBe(false)
    service.onProgress(progress({ waitingSeconds: 20, wait }))
    expect(service.waitsForAnswer()).toBe(true)
    // Throttled (an answer): not silent.
    service.onProgress(progress({ waitingSeconds: 5, wait: { ...wait, kind: 'pause', reason: 'Throttled by Intune', silentSince: null } }))
    expect(service.waitsForAnswer()).toBe(false)
    service.onProgress(progress({ waitingSeconds: 20, wait }))
    finish()
    await service.idle()
    expect(service.waitsForAnswer()).toBe(false)
  })
})
