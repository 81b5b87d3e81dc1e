import { describe, expect, it } from 'vitest'
import { dispatch } from '@core/dispatch'
import { useCoreOnMock } from '@support/core-on-mock'

/** A scan whose record is gone asks Intune by serial before "register it again" (scan-store.ts, registrationNow). */
describe('devices:find-by-serial-in-intune', () => {
  const start = useCoreOnMock()

  it("finds Intune's records of exactly this serial (any case) and caches them; none for another serial", async () => {
    const { core, handlers, ctx } = await start({ seed: 3, devices: 20, throttle: 'off' })
    const device = (await handlers['devices:list-devices']({ search: '', limit: 5, after: null, position: null }, ctx)).items[0]!
    const found = await dispatch(handlers, 'devices:find-by-serial-in-intune', { serialNumber: ` ${device.serialNumber.toLowerCase()} ` }, { log: core.log })
    expect(found).toMatchObject({ ok: true, value: { checked: true, notice: null, devices: [{ id: device.id, serialNumber: device.serialNumber }] } })
    // A part of a serial is not the serial: contains() is only how Graph is asked.
    const part = await dispatch(handlers, 'devices:find-by-serial-in-intune', { serialNumber: device.serialNumber.slice(0, -1) }, { log: core.log })
    expect(part).toMatchObject({ ok: true, value: { checked: true, devices: [] } })
  })
})
