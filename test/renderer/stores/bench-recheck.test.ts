import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BenchDevice } from '@shared/bench-schemas'
import type { RefreshDeviceResponse } from '@shared/device-schemas'
import { fail, type Result } from '@shared/result'
import { RECHECK_PACE, startBenchRecheck, waitsOnIntune } from '@renderer/stores/bench-recheck'
import { createStores } from '@renderer/stores/stores-context'
import { createFakeApi, device, ok } from '@support/renderer/fake-api'
import { benchDevice, benchHandlers } from '@support/renderer/bench-fake'

const waitForAssignment = {
  level: 'not-ready' as const,
  next: 'Wait for profile assignment: Profile status = Assigned and Date assigned set.',
  ruleId: 'profile-assigned',
  title: 'Profile assigned',
}
const notChecked = { level: 'unknown' as const, next: 'Refresh the device from Intune, then check again.', ruleId: 'profile-mode', title: 'Profile mode' }
const ready = { level: 'ready' as const, next: 'Press Provision (Next) on the device, then P here.', ruleId: null, title: null }

/** A bench whose rows the test changes, and a refresh that turns a device Ready (what Intune's assignment does). */
function bench(rows: BenchDevice[], answer: (id: string) => Result<RefreshDeviceResponse> = () => ok({ device: null, source: 'online', notice: null })) {
  let devices = rows
  const listeners = new Set<() => void>()
  let online = true
  const onlineListeners = new Set<() => void>()
  const refreshed: Array<{ id: string; at: number }> = []
  const checking: Array<string | null> = []
  const stop = startBenchRecheck({
    devices: () => devices,
    subscribe: (listener) => (listeners.add(listener), () => void listeners.delete(listener)),
    online: { isOnline: () => online, subscribe: (listener) => (onlineListeners.add(listener), () => void onlineListeners.delete(listener)) },
    refreshDevice: async (id) => {
      refreshed.push({ id, at: Date.now() })
      return answer(id)
    },
    setChecking: (id) => void checking.push(id),
  })
  return {
    stop,
    refreshed,
    checking,
    setRows(next: BenchDevice[]) {
      devices = next
      listeners.forEach((listener) => listener())
    },
    setOnline(value: boolean) {
      online = value
      onlineListeners.forEach((listener) => listener())
    },
  }
}

describe('bench recheck: rows waiting on Intune are re-read in the background', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-12-07T10:00:00.000Z'))
  })
  afterEach(() => {
    vi.useRealTimers()
  })
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString()

  it('waits on Intune: "Wait for profile assignment" and "? Not checked" before Provision; not a ready, blocked-by-VM or provisioning row', () => {
    expect(waitsOnIntune(benchDevice('A', { readiness: waitForAssignment }))).toBe(true)
    expect(waitsOnIntune(benchDevice('A', { readiness: notChecked }))).toBe(true)
    expect(waitsOnIntune(benchDevice('A', { readiness: ready }))).toBe(false)
    expect(waitsOnIntune(benchDevice('A', { readiness: { level: 'blocked', next: 'Use a physical device.', ruleId: 'virtual-machine', title: 'VM' } }))).toBe(
      false,
    )
    expect(waitsOnIntune(benchDevice('A', { readiness: waitForAssignment, stage: 'provisioning' }))).toBe(false)
    expect(waitsOnIntune(benchDevice('A', { readiness: waitForAssignment, inCache: false }))).toBe(false)
  })

  it('reads a waiting device at once when it was last read long ago, then again no sooner than the per-device pace; stops when it is ready', async () => {
    const row = benchDevice('A', { readiness: waitForAssignment, checkedAt: ago(180_000) })
    const b = bench([row])
    await vi.advanceTimersByTimeAsync(0)
    expect(b.refreshed.map((call) => call.id)).toEqual(['id-a'])
    expect(b.checking).toEqual(['id-a', null])
    // Its record was just read (the bench re-reads the row with the new time): nothing before 45 s.
    b.setRows([{ ...row, checkedAt: new Date().toISOString() }])
    await vi.advanceTimersByTimeAsync(RECHECK_PACE.perDeviceMs - 1)
    expect(b.refreshed).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(b.refreshed).toHaveLength(2)
    // Intune assigned the profile: the row is Ready, nothing is waiting, no timer is left.
    b.setRows([{ ...row, readiness: ready, checkedAt: new Date().toISOString() }])
    await vi.advanceTimersByTimeAsync(10 * RECHECK_PACE.perDeviceMs)
    expect(b.refreshed).toHaveLength(2)
    expect(vi.getTimerCount()).toBe(0)
    b.stop()
  })

  it('a device just registered (read 10 s ago) is read once its 45 s are up; one device at a time, a gap between two', async () => {
    const rows = [benchDevice('A', { readiness: notChecked, checkedAt: ago(10_000) }), benchDevice('B', { readiness: notChecked, checkedAt: ago(10_000) })]
    const b = bench(rows)
    await vi.advanceTimersByTimeAsync(34_999)
    expect(b.refreshed).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(b.refreshed.map((call) => call.id)).toEqual(['id-a'])
    await vi.advanceTimersByTimeAsync(RECHECK_PACE.gapMs)
    expect(b.refreshed.map((call) => call.id)).toEqual(['id-a', 'id-b'])
    expect(b.refreshed[1]!.at - b.refreshed[0]!.at).toBe(RECHECK_PACE.gapMs)
    b.stop()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('asks nothing while offline, and starts again once online; a throttled answer pauses a minute', async () => {
    const row = benchDevice('A', { readiness: waitForAssignment, checkedAt: ago(180_000) })
    let answer: Result<RefreshDeviceResponse> = ok({ device: null, source: 'cache', notice: { code: 'throttled', message: 'Throttled by Intune' } })
    const b = bench([row], () => answer)
    b.setOnline(false)
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    expect(b.refreshed).toEqual([])
    expect(vi.getTimerCount()).toBe(0)
    b.setOnline(true)
    await vi.advanceTimersByTimeAsync(0)
    expect(b.refreshed).toHaveLength(1)
    answer = fail('offline', 'Intune cannot be reached')
    await vi.advanceTimersByTimeAsync(RECHECK_PACE.pauseMs - 1)
    expect(b.refreshed).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(b.refreshed).toHaveLength(2)
    b.stop()
  })

  it('the Bench store re-reads through devices:refresh-device (the scan and the card use it too) while watched, and not after', async () => {
    const scanned = device('A', { id: 'id-a' })
    const api = createFakeApi({
      ...benchHandlers([benchDevice('A', { readiness: waitForAssignment, checkedAt: ago(180_000) })]),
      'devices:refresh-device': () => ok({ device: scanned, source: 'online', notice: null }),
    })
    const stores = createStores(api)
    await stores.bench.getState().refresh()
    const stop = stores.bench.getState().watchWaiting()
    await vi.advanceTimersByTimeAsync(0)
    expect(api.callsTo('devices:refresh-device')).toEqual([{ id: 'id-a' }])
    stop()
    await vi.advanceTimersByTimeAsync(10 * 60_000)
    expect(api.callsTo('devices:refresh-device')).toHaveLength(1)
    expect(stores.bench.getState().checking).toBeNull()
  })
})
