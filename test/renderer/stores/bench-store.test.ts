import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { dataChanged } from '@shared/data-topics'
import { createStores } from '@renderer/stores/stores-context'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'
import { createFakeApi, device, ok } from '@support/renderer/fake-api'
import { benchDevice, benchHandlers, job } from '@support/renderer/bench-fake'
import type { BenchDevice } from '@shared/bench-schemas'

const ztdId = 'e13be37b-1913-4983-9bc4-0d6ccfe0153b'
const qr = buildWindowsQrPayload({ id: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11', ztdId, serialNumber: 'PF3ABCDE' })
const scanned = device('PF3ABCDE', { id: ztdId })

function setup(activeJob: string | null, atBench: BenchDevice[] = []) {
  const bench = benchHandlers(atBench, [job('j1'), job('j2')])
  const api = createFakeApi({
    ...bench,
    'prefs:get-preference': ({ key }) => ok({ value: key === 'bench.activeJobId' ? activeJob : null }),
    'devices:get-device': () => ok(scanned),
    'devices:refresh-device': () => ok({ device: scanned, source: 'online', notice: null }),
  })
  return { api, stores: createStores(api), bench }
}

describe('scan → bench', () => {
  it('a scan that resolves a device adds it to the bench with the active job, once although it resolves twice (cache, online)', async () => {
    const { api, stores } = setup('j2')
    await stores.bench.getState().refresh()
    expect(stores.bench.getState().activeJobId).toBe('j2')
    await stores.scan.getState().submit(qr, 'keyboard')
    expect(stores.scan.getState().resolved?.at).toBe(2)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(api.callsTo('bench:add-device')).toEqual([{ deviceId: ztdId, jobId: 'j2', scanId: stores.scan.getState().lookup?.scanId }])
    expect(stores.bench.getState().devices.map((item) => [item.deviceId, item.jobId])).toEqual([[ztdId, 'j2']])
    // The Bench screen opens on the scanned device.
    expect(stores.bench.getState().selectedDeviceId).toBe(ztdId)
  })

  it('scanning again after switching jobs moves the device to the new active job; no active job adds it without one', async () => {
    const { api, stores } = setup(null)
    await stores.bench.getState().refresh()
    await stores.scan.getState().submit(qr, 'keyboard')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(api.callsTo('bench:add-device')).toEqual([{ deviceId: ztdId, jobId: null, scanId: expect.any(String) }])
    await stores.bench.getState().setActiveJob('j1')
    expect(api.callsTo('prefs:set-preference')).toEqual([{ key: 'bench.activeJobId', value: 'j1' }])
    stores.scan.getState().clear()
    await stores.scan.getState().submit(qr, 'keyboard')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(api.callsTo('bench:add-device').at(-1)).toEqual({ deviceId: ztdId, jobId: 'j1', scanId: expect.any(String) })
    expect(stores.bench.getState().devices.map((item) => item.jobId)).toEqual(['j1'])
  })

  it('one call per scan for a device at the bench under a job while no job is active (the cached answer and the online refresh made two)', async () => {
    const { api, stores } = setup(null, [benchDevice('PF3ABCDE', { deviceId: ztdId, jobId: 'j1' })])
    await stores.bench.getState().refresh()
    await stores.scan.getState().submit(qr, 'keyboard')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(stores.scan.getState().resolved?.at).toBe(2)
    const scanId = stores.scan.getState().lookup?.scanId
    expect(api.callsTo('bench:add-device')).toEqual([{ deviceId: ztdId, jobId: null, scanId }])
    // It stays under its job (the core keeps it when no job is given).
    expect(stores.bench.getState().devices.map((item) => item.jobId)).toEqual(['j1'])
  })

  it('a device already at the bench with the active job, scanned again, is recorded again: one call per scan, each with its own id', async () => {
    const { api, stores } = setup('j1', [benchDevice('PF3ABCDE', { deviceId: ztdId, jobId: 'j1' })])
    await stores.bench.getState().refresh()
    await stores.scan.getState().submit(qr, 'keyboard')
    await new Promise((resolve) => setTimeout(resolve, 0))
    const first = stores.scan.getState().lookup?.scanId
    stores.scan.getState().clear()
    await stores.scan.getState().submit(qr, 'keyboard')
    await new Promise((resolve) => setTimeout(resolve, 0))
    const second = stores.scan.getState().lookup?.scanId
    expect(first).not.toBe(second)
    expect(api.callsTo('bench:add-device')).toEqual([
      { deviceId: ztdId, jobId: 'j1', scanId: first },
      { deviceId: ztdId, jobId: 'j1', scanId: second },
    ])
  })

  it('a failed add keeps the scan result and shows the bench error', async () => {
    const { api, stores } = setup(null)
    api.handlers['bench:add-device'] = () => ({ ok: false, error: { code: 'db-unavailable', message: 'database busy' } })
    await stores.scan.getState().submit(qr, 'keyboard')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(stores.scan.getState().lookup?.status).toBe('found')
    expect(stores.bench.getState().error).toEqual({ code: 'db-unavailable', message: 'database busy' })
    // The online refresh tries again, as the same scan (the core records it once).
    const scanId = stores.scan.getState().lookup?.scanId
    expect(api.callsTo('bench:add-device')).toEqual([
      { deviceId: ztdId, jobId: null, scanId },
      { deviceId: ztdId, jobId: null, scanId },
    ])
  })
})

describe('bench refreshes (fake clock)', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] }))
  afterEach(() => vi.useRealTimers())

  /**
   * The store attached and its first read done; later reads are held until released (so changes arrive
   * while one is in flight), each answering `readMs` of the fake clock after its release.
   */
  async function attachedWithHeldReads() {
    const { api, stores } = setup(null)
    const detach = stores.bench.getState().attach()
    await vi.advanceTimersByTimeAsync(0)
    const before = api.callsTo('bench:list-devices').length
    const list = api.handlers['bench:list-devices']!
    const held: Array<(readMs?: number) => void> = []
    api.handlers['bench:list-devices'] = (request) => new Promise((resolve) => held.push((readMs = 0) => void setTimeout(() => resolve(list(request)), readMs)))
    const reads = () => api.callsTo('bench:list-devices').length - before
    return { api, stores, detach, held, reads }
  }

  it('a burst of changes reads the bench once more after the read in flight, not once per change', async () => {
    const { api, stores, detach, held, reads } = await attachedWithHeldReads()
    const first = stores.bench.getState().refresh()
    for (let i = 0; i < 5; i++) api.emit('data:changed', dataChanged('bench', 'devices'))
    expect(reads()).toBe(1)
    held.shift()!()
    await vi.advanceTimersByTimeAsync(0)
    await first
    await vi.waitFor(async () => {
      await vi.advanceTimersByTimeAsync(0)
      expect(held).toHaveLength(1)
    })
    held.shift()!()
    await vi.advanceTimersByTimeAsync(0)
    // The read in flight, and one trailing read for the whole burst.
    expect(reads()).toBe(2)
    detach()
  })

  it('the trailing read waits three times as long as the last read took, and changes meanwhile join it', async () => {
    const { api, stores, detach, held, reads } = await attachedWithHeldReads()
    void stores.bench.getState().refresh()
    api.emit('data:changed', dataChanged('devices'))
    // The read takes 100 ms: a bench of hundreds of devices.
    held.shift()!(100)
    await vi.advanceTimersByTimeAsync(100)
    // A change during the rest joins the trailing read too.
    await vi.advanceTimersByTimeAsync(150)
    api.emit('data:changed', dataChanged('devices'))
    await vi.advanceTimersByTimeAsync(149)
    expect(reads()).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(reads()).toBe(2)
    held.shift()!()
    await vi.advanceTimersByTimeAsync(0)
    // No change came during that read: nothing more is read.
    await vi.advanceTimersByTimeAsync(5000)
    expect(reads()).toBe(2)
    detach()
  })
})

describe('bench refreshes', () => {
  it('a preference the bench does not depend on (the saved devices search) does not read it again', async () => {
    const { api, stores } = setup(null)
    const detach = stores.bench.getState().attach()
    await vi.waitFor(() => expect(api.callsTo('bench:list-devices').length).toBe(1))
    api.emit('data:changed', dataChanged('preferences'))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(api.callsTo('bench:list-devices').length).toBe(1)
    detach()
  })
})
