import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMockIntune } from '@mock-intune'
import { createSimulatorService } from '@core/simulator/simulator-service'
import { AppFailure } from '@core/app-error'
import { parsePayload } from '@qr/payload/parse-payload'

/** The core's simulator service against the real embedded mock (its `/_sim` routes). */
describe('simulator service (demo tenant)', () => {
  let mock: Awaited<ReturnType<typeof startMockIntune>>
  beforeAll(async () => {
    mock = await startMockIntune({ port: 0, seed: 3, devices: 400 })
  })
  afterAll(() => mock.close())

  const demo = () => createSimulatorService({ kind: 'embedded-mock', graphBaseUrl: `${mock.url}/beta`, getToken: async () => mock.token })

  it('lists the bench, boots a PC to the Win×5 screen and returns the QR text exactly as Windows builds it', async () => {
    const simulator = demo()
    const { devices } = await simulator.list('')
    expect(devices.length).toBeGreaterThan(0)
    const ready = devices.find((d) => d.scenario === 'ready-win11') ?? devices[0]!
    let view = await simulator.get(ready.id)
    for (const action of ['power-on', 'win5', 'next'] as const) view = await simulator.press(ready.id, action)
    expect(view.screen).toBe('preprovision')
    expect(view.actions).toEqual(expect.arrayContaining(['refresh']))
    expect(view.qrPayload).toMatch(
      /^\{"Version":"1\.0\.0","Id":"[0-9a-f-]{36}","ZtdId":"[0-9a-f-]{36}","PKID":"","SerialNumber":".*","SequenceBlockNumber":1,"TotalBlocks":1\}$/,
    )
    const parsed = parsePayload(view.qrPayload!)
    expect(parsed).toMatchObject({ ok: true, value: { kind: 'device', ztdId: ready.id, serialNumber: ready.serialNumber } })
    const searched = await simulator.list(ready.serialNumber.slice(-5))
    expect(searched.devices.map((d) => d.id)).toContain(ready.id)
  })

  it('maps the simulator errors: unknown device 404, a button the screen does not show 409', async () => {
    const simulator = demo()
    await expect(simulator.get('no-such-device')).rejects.toMatchObject({ code: 'not-found' })
    const { devices } = await simulator.list('')
    const off = devices.find((d) => d.screen === 'off')
    if (off) await expect(simulator.press(off.id, 'reseal')).rejects.toMatchObject({ code: 'conflict' })
  })

  it('steers the next attempt for demos and training, and clears the steering again', async () => {
    const simulator = demo()
    const { devices } = await simulator.list('')
    const ready = devices.find((d) => d.scenario === 'ready-win11') ?? devices[0]!
    const steeringOf = async () => {
      const response = await fetch(`${mock.url}/_sim/devices/${ready.id}`, { headers: { Authorization: `Bearer ${mock.token}` } })
      return ((await response.json()) as { steering: unknown }).steering
    }
    const view = await simulator.steer(ready.id, 'deviceSetupFailure', '0x80070643')
    expect(view.device.id).toBe(ready.id)
    expect(await steeringOf()).toMatchObject({ next: 'deviceSetupFailure', errorCode: '0x80070643' })
    await simulator.steer(ready.id, 'tpmFailure', null)
    expect(await steeringOf()).toMatchObject({ next: 'tpmFailure' })
    await simulator.steer(ready.id, 'random', null)
    expect(await steeringOf()).toBeNull()
  })

  it('answers not-found for a real tenant, and offline when the simulator is unreachable', async () => {
    const real = createSimulatorService({ kind: 'graph', graphBaseUrl: 'https://graph.microsoft.com/beta', getToken: async () => 't' })
    await expect(real.list('')).rejects.toBeInstanceOf(AppFailure)
    await expect(real.list('')).rejects.toMatchObject({ code: 'not-found' })
    const down = createSimulatorService({ kind: 'embedded-mock', graphBaseUrl: 'http://127.0.0.1:9/beta', getToken: async () => 't' })
    await expect(down.get('x')).rejects.toMatchObject({ code: 'offline' })
  })
})
