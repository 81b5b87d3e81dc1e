import Database from 'better-sqlite3'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cardMethods } from '@core/card/card.worker'
import { syncBenchStage } from '@core/card/bench-stage.worker'
import { createBulkWriter } from '@core/sync/bulk-writer'
import { createBenchRepo } from '@core/repos/bench-repo'
import type { WorkerContext } from '@core/worker/method'
import { syntheticDevice } from '../../../../bench/support/synthetic-devices'
import { useTempDirs } from '@support/temp-dir'
import { openBenchDb, t } from '@support/bench-fixture'

describe('the device card while a sync writes', () => {
  const tempDir = useTempDirs()

  /** A cache with a device at the bench (job j1, scanned) and a sync's transaction left open between its slices. */
  async function syncing() {
    const dir = tempDir()
    const { db, devices } = openBenchDb(dir)
    db.prepare("INSERT INTO bench_jobs (id, name, tenant_id, created_at) VALUES ('j1', 'Order', 't', 'x')").run()
    const device = devices[0]!
    createBenchRepo(db).put({ deviceId: device.id, jobId: 'j1', serialNumber: device.serialNumber, now: t(0) })
    const writer = createBulkWriter(db, { rowsPerCommit: 100_000, rowsPerSlice: 100 })
    const more = Array.from({ length: 500 }, (_, i) => syntheticDevice(1000 + i))
    const writing = writer.write(more, 'run-1', t(1))
    await new Promise<void>((resolve) => setImmediate(resolve))
    expect(db.inTransaction).toBe(true)
    const committedStage = () => {
      const other = new Database(join(dir, 'bench.db'), { readonly: true })
      const stage = (other.prepare('SELECT stage FROM bench_devices WHERE device_id = ?').get(device.id) as { stage: string }).stage
      other.close()
      return stage
    }
    const finish = async () => {
      await writing
      await writer.finish()
      db.close()
    }
    return { db, device, committedStage, finish }
  }

  it('reading the card leaves the sync’s transaction open (it is read again at every change the sync makes)', async () => {
    const { db, device, finish } = await syncing()
    const ctx = { db, allowTestHooks: false, log: { log: () => undefined }, emit: () => undefined } as WorkerContext
    expect(cardMethods['card.get'].readOnly).toBe(true)
    const card = await cardMethods['card.get'].run(ctx, { id: device.id, jobId: null, now: t(2) })
    expect(card?.device.id).toBe(device.id)
    expect(db.inTransaction).toBe(true)
    await finish()
  })

  it('a bench stage the card moves is committed on its own, outside the sync’s transaction', async () => {
    const { db, device, committedStage, finish } = await syncing()
    expect(syncBenchStage(db, device.id, 'j1', 'ready', t(2))).toBe(true)
    expect(db.inTransaction).toBe(false)
    expect(committedStage()).toBe('ready')
    await finish()
  })
})
