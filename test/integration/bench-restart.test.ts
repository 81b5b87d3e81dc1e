import { afterEach, describe, expect, it } from 'vitest'
import { createCore } from '@core/create-core'
import { createHandlers } from '@core/handlers'
import { dispatch } from '@core/dispatch'
import { embeddedMockTenant } from '@core/tenant'
import { startMockIntune } from '@mock-intune'
import { useTempDirs, workerPath } from '@support/temp-dir'

/**
 * The bench survives a restart: a second core on the same data folder sees the same jobs, bench and
 * attempts. Every call goes through dispatch, so each response is checked against the contract too.
 */
describe('bench after a core restart', () => {
  const tempDir = useTempDirs()
  const closers: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close()
  })

  it('keeps the job, its manifest, the bench stage and every attempt', async () => {
    const mock = await startMockIntune({ port: 0, seed: 5, devices: 30, throttle: 'off' })
    closers.push(() => mock.close())
    const dataDir = tempDir()
    // The mock outlives each core (a core closes its tenant).
    const tenant = { ...embeddedMockTenant(mock), close: async () => undefined }
    const open = async () => {
      const core = await createCore({ dataDir, tenant, workerPath: workerPath(), appVersion: 't', transport: 'http' })
      const handlers = createHandlers(core)
      const call = async (channel: string, payload: unknown) => {
        const result = await dispatch(handlers, channel, payload, { log: core.log })
        if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code })
        return result.value as Record<string, unknown>
      }
      return { core, call }
    }

    const first = await open()
    await first.core.sync.start('restart-test')
    await first.core.sync.idle()
    const devices = (await first.call('devices:list-devices', { search: '', limit: 2 })).items as Array<{ id: string }>
    const job = await first.call('jobs:save-job', { job: { name: 'Restart job' } })
    await first.call('jobs:import-manifest', { jobId: job.id, csv: 'serial,upn\nR1,r1@contoso.com\n' })
    await first.call('bench:add-device', { deviceId: devices[0]!.id, jobId: job.id })
    await first.call('attempts:record-event', { deviceId: devices[0]!.id, event: { type: 'provision-pressed', at: '2026-11-20T09:00:00Z' } })
    await first.call('attempts:record-event', { deviceId: devices[0]!.id, event: { type: 'failed', at: '2026-11-20T09:20:00Z', code: '0x80180014' } })
    await expect(
      first.call('attempts:record-event', { deviceId: devices[0]!.id, event: { type: 'next-action', at: '2026-11-20T09:21:00Z', action: 'fix-profile' } }),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/is not a fix for/) })
    await expect(first.call('attempts:record-event', { deviceId: devices[0]!.id, event: { type: 'teleported', at: 'x' } })).rejects.toMatchObject({
      code: 'invalid',
    })
    const before = await first.call('bench:list-devices', {})
    await first.core.close()

    const second = await open()
    closers.push(() => second.core.close())
    expect(await second.call('bench:list-devices', {})).toEqual(before)
    expect((before.devices as Array<{ stage: string; attemptCount: number }>)[0]).toMatchObject({ stage: 'failed', attemptCount: 1 })
    expect((await second.call('jobs:list-jobs', {})).jobs).toEqual([expect.objectContaining({ id: job.id, manifestRows: 1 })])
    const attempts = (await second.call('attempts:list-attempts', { deviceId: devices[0]!.id })).attempts as Array<{ state: { timeline: unknown[] } }>
    expect(attempts[0]!.state.timeline).toHaveLength(2)
    // Recording continues where it stopped: Delete the Intune record is what 0x80180014 offers.
    const next = await second.call('attempts:record-event', {
      deviceId: devices[0]!.id,
      event: { type: 'next-action', at: '2026-11-20T09:22:00Z', action: 'delete-record' },
    })
    expect(next).toMatchObject({ attempt: { attemptNumber: 1, state: { phase: 'closed' } }, device: { stage: 'failed' } })
  })
})
