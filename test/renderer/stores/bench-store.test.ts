import { describe, expect, it, vi } from 'vitest'
import { dataChanged } from '@shared/data-topics'
import { createStores } from '@renderer/stores/stores-context'
import { buildWindowsQrPayload } from '@qr/payload/windows-payload'
import { createFakeApi, device, ok } from '@support/renderer/fake-api'
import { benchHandlers, job } from '@support/renderer/bench-fake'

const ztdId = 'e13be37b-1913-4983-9bc4-0d6ccfe0153b'
const qr = buildWindowsQrPayload({ id: '3f0c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11', ztdId, serialNumber: 'PF3ABCDE' })
const scanned = device('PF3ABCDE', { id: ztdId })

function setup(activeJob: string | null) {
  const bench = benchHandlers([], [job('j1'), job('j2')])
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
    expect(api.callsTo('bench:add-device')).toEqual([{ deviceId: ztdId, jobId: 'j2' }])
    expect(stores.bench.getState().devices.map((item) => [item.deviceId, item.jobId])).toEqual([[ztdId, 'j2']])
    // The Bench screen opens on the scanned device.
    expect(stores.bench.getState().selectedDeviceId).toBe(ztdId)
  })

  it('scanning again after switching jobs moves the device to the new active job; no active job adds it without one', async () => {
    const { api, stores } = setup(null)
    await stores.bench.getState().refresh()
    await stores.scan.getState().submit(qr, 'keyboard')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(api.callsTo('bench:add-device')).toEqual([{ deviceId: ztdId, jobId: null }])
    await stores.bench.getState().setActiveJob('j1')
    expect(api.callsTo('prefs:set-preference')).toEqual([{ key: 'bench.activeJobId', value: 'j1' }])
    stores.scan.getState().clear()
    await stores.scan.getState().submit(qr, 'keyboard')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(api.callsTo('bench:add-device').at(-1)).toEqual({ deviceId: ztdId, jobId: 'j1' })
    expect(stores.bench.getState().devices.map((item) => item.jobId)).toEqual(['j1'])
  })

  it('a failed add keeps the scan result and shows the bench error', async () => {
    const { api, stores } = setup(null)
    api.handlers['bench:add-device'] = () => ({ ok: false, error: { code: 'db-unavailable', message: 'database busy' } })
    await stores.scan.getState().submit(qr, 'keyboard')
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(stores.scan.getState().lookup?.status).toBe('found')
    expect(stores.bench.getState().error).toEqual({ code: 'db-unavailable', message: 'database busy' })
  })
})

describe('bench refreshes', () => {
  it('a burst of changes reads the bench once more after the read in flight, not once per change', async () => {
    const { api, stores } = setup(null)
    const detach = stores.bench.getState().attach()
    await new Promise((resolve) => setTimeout(resolve, 0))
    const before = api.callsTo('bench:list-devices').length
    const list = api.handlers['bench:list-devices']!
    // Reads are held until released, so the burst arrives while one is in flight.
    const held: Array<() => void> = []
    api.handlers['bench:list-devices'] = (request) => new Promise((resolve) => held.push(() => resolve(list(request))))
    const first = stores.bench.getState().refresh()
    for (let i = 0; i < 5; i++) api.emit('data:changed', dataChanged('bench', 'devices'))
    expect(api.callsTo('bench:list-devices').length).toBe(before + 1)
    held.shift()!()
    await first
    await vi.waitFor(() => expect(held).toHaveLength(1))
    held.shift()!()
    await new Promise((resolve) => setTimeout(resolve, 0))
    // The read in flight, and one trailing read for the whole burst.
    expect(api.callsTo('bench:list-devices').length).toBe(before + 2)
    detach()
  })
})
