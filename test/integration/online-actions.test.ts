import { describe, expect, it } from 'vitest'
import { useCoreOnMock } from '@support/core-on-mock'

describe('online-only Intune actions: Autopilot sync (10-minute rule), Unblock, delete the Intune record', () => {
  const start = useCoreOnMock()

  async function setup() {
    const { mock, core, handlers, ctx } = await start({ seed: 8, devices: 200, throttle: 'off' }, { correlationId: 'c' })
    const graph = await core.graphArgs('corr-action')
    const act = (action: 'autopilot-sync' | 'unblock-device' | 'delete-intune-record', deviceId: string | null = null) =>
      core.db.call('intune.action', { ...graph, action, deviceId })
    return { mock, core, act, handlers, ctx }
  }

  it('starts an Autopilot sync once, then explains the 10-minute rule with the time it ends', async () => {
    const { mock, act, core } = await setup()
    const first = await act('autopilot-sync')
    expect(first).toMatchObject({ done: true, autopilotSync: { lastManualSyncTriggerAt: expect.any(String) } })
    const second = await act('autopilot-sync')
    expect(second.done).toBe(false)
    expect(second.message).toMatch(/already syncing|every 10 minutes/)
    if (/10 minutes/.test(second.message)) expect(Date.parse(second.autopilotSync!.nextAllowedAt!)).toBeGreaterThan(Date.now())
    expect(mock.requestLog.filter((r) => r.method === 'POST' && /windowsautopilotsettings\/sync/i.test(r.path))).toHaveLength(2)
    expect(await core.db.call('autopilot:get-sync-state', {})).toMatchObject({ nextAllowedAt: expect.any(String) })
  })

  it('unblocks a device with allowNextEnrollment and deletes an enrolled device’s Intune record', async () => {
    const { mock, act, handlers, ctx } = await setup()
    const devices = (await handlers['devices:list-devices']({ search: '', limit: 200, after: null, position: null }, ctx)).items
    const enrolled = devices.find((d) => d.enrollmentState === 'enrolled')
    const other = devices.find((d) => d.profileStatus === 'assigned')!
    expect(await act('unblock-device', other.id)).toMatchObject({ done: true })
    expect(mock.requestLog.some((r) => r.method === 'POST' && r.path.toLowerCase().endsWith('/allownextenrollment') && r.status === 204)).toBe(true)
    expect(enrolled, 'the demo tenant has enrolled devices').toBeDefined()
    expect(await act('delete-intune-record', enrolled!.id)).toMatchObject({ done: true })
    expect(mock.requestLog.some((r) => r.method === 'DELETE' && /managedDevices\//i.test(r.path) && r.status === 204)).toBe(true)
    expect(await act('delete-intune-record', enrolled!.id)).toMatchObject({ done: false })
  })

  it('refuses plainly when Intune cannot be reached, and queues nothing', async () => {
    const { mock, act, handlers, ctx } = await setup()
    const device = (await handlers['devices:list-devices']({ search: '', limit: 1, after: null, position: null }, ctx)).items[0]!
    await mock.close()
    await expect(act('unblock-device', device.id)).rejects.toMatchObject({ code: 'offline' })
    expect(await handlers['changes:get-summary']({}, ctx)).toMatchObject({ pending: 0 })
  })
})
