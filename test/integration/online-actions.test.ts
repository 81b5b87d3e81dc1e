import { describe, expect, it } from 'vitest'
import { useCoreOnMock } from '@support/core-on-mock'

describe('online-only Intune actions: Autopilot sync (10-minute rule), Unblock, delete the Intune record', () => {
  const start = useCoreOnMock()

  async function setup(devices = 200) {
    const { mock, core, handlers, ctx } = await start({ seed: 8, devices, throttle: 'off' }, { correlationId: 'c' })
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

  /** The demo tenant's identities as Graph (beta) sends them, to pick devices by what Intune reports. */
  async function identities(mock: { url: string; token: string }) {
    const response = await fetch(`${mock.url}/beta/deviceManagement/windowsAutopilotDeviceIdentities?$top=1000`, {
      headers: { Authorization: `Bearer ${mock.token}` },
    })
    return ((await response.json()) as { value: Array<Record<string, string> & { id: string }> }).value
  }
  const unblocks = (mock: { requestLog: ReadonlyArray<{ method: string; path: string }> }, id: string) =>
    mock.requestLog.filter((r) => r.method === 'POST' && r.path.toLowerCase().endsWith(`${id}/allownextenrollment`)).length
  const zero = (id: string | undefined) => !id || /^[0-]*$/.test(id)

  it('unblocks a blocked device with allowNextEnrollment and says Intune now allows its next enrollment', async () => {
    // Blocked devices are rare: a tenant of 2,000 has some.
    const { mock, act } = await setup(2_000)
    const blocked = (await identities(mock)).find((d) => d.userlessEnrollmentStatus === 'blocked' && d.remediationState !== 'automaticRemediationRequired')
    expect(blocked, 'the demo tenant has a blocked device').toBeDefined()
    const result = await act('unblock-device', blocked!.id)
    expect(result).toMatchObject({ done: true, message: expect.stringMatching(/^Unblocked: .*userless enrollment status Allowed/) })
    expect(unblocks(mock, blocked!.id)).toBe(1)
  })

  it('does not report an unblock for a device Intune never blocked: nothing is sent, and it says why', async () => {
    const { mock, act } = await setup()
    const fresh = (await identities(mock)).find(
      (d) => d.userlessEnrollmentStatus !== 'blocked' && d.enrollmentState === 'notContacted' && zero(d.managedDeviceId),
    )
    expect(fresh, 'the demo tenant has a device that never enrolled').toBeDefined()
    const result = await act('unblock-device', fresh!.id)
    expect(result.done).toBe(false)
    expect(result.message).toMatch(/^Nothing to unblock: Intune does not report this device as blocked .* Unblock device was not sent\.$/)
    expect(result.message).not.toMatch(/Unblocked/)
    expect(unblocks(mock, fresh!.id)).toBe(0)
  })

  it('unblocks a re-used device Intune has not marked blocked yet, saying so', async () => {
    const { mock, act } = await setup()
    const reused = (await identities(mock)).find(
      (d) =>
        d.userlessEnrollmentStatus !== 'blocked' &&
        d.enrollmentState === 'enrolled' &&
        d.remediationState !== 'automaticRemediationRequired' &&
        !/dell|hp|hewlett|lenovo|dynabook|microsoft/i.test(d.manufacturer ?? ''),
    )
    expect(reused, 'the demo tenant has a re-used device of an OEM that does not re-enroll automatically').toBeDefined()
    const result = await act('unblock-device', reused!.id)
    expect(result).toMatchObject({ done: true, message: expect.stringMatching(/Intune had not reported the device as blocked/) })
    expect(unblocks(mock, reused!.id)).toBe(1)
  })

  it('deletes an enrolled device’s Intune record', async () => {
    const { mock, act, handlers, ctx } = await setup()
    const devices = (await handlers['devices:list-devices']({ search: '', limit: 200, after: null, position: null }, ctx)).items
    const enrolled = devices.find((d) => d.enrollmentState === 'enrolled')
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
