import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { dispatch } from '@core/dispatch'
import type { Core } from '@core/create-core'
import type { Handlers } from '@core/handlers'
import type { Channel, RequestOf } from '@shared/channels'
import { useCoreOnMock } from '@support/core-on-mock'

const send = <C extends Channel>(handlers: Handlers, core: Core, channel: C, request: RequestOf<C>) => dispatch(handlers, channel, request, { log: core.log })

describe('recycle: leave the tenant in the documented order', () => {
  const start = useCoreOnMock()

  it('refuses destructive steps without the serial, then deletes the Intune record, unassigns, deletes the registration and sees it gone; every step audited', async () => {
    const { mock, core, handlers, ctx, dataDir } = await start({ seed: 8, devices: 200, throttle: 'off' })
    const devices = (await handlers['devices:list-devices']({ search: '', limit: 200, after: null, position: null }, ctx)).items
    const device = devices.find((d) => d.enrollmentState === 'enrolled' && d.userPrincipalName !== '') ?? devices.find((d) => d.enrollmentState === 'enrolled')!

    const refused = await send(handlers, core, 'recycle:run-step', { deviceId: device.id, action: 'delete-autopilot-record', confirmSerial: 'WRONG' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(mock.requestLog.some((r) => r.method === 'DELETE')).toBe(false)

    const steps = [
      { action: 'delete-intune-record', confirmSerial: ` ${device.serialNumber.toLowerCase()} ` },
      { action: 'unassign-user', confirmSerial: '' },
      { action: 'delete-autopilot-record', confirmSerial: device.serialNumber },
      { action: 'check-gone', confirmSerial: '' },
    ] as const
    const results = []
    for (const step of steps) {
      const result = await send(handlers, core, 'recycle:run-step', { deviceId: device.id, ...step })
      expect(result.ok, JSON.stringify(result)).toBe(true)
      results.push((result as { value: { done: boolean; gone: boolean } }).value)
    }
    expect(results.map((r) => r.done)).toEqual([true, true, true, true])
    expect(results[3]!.gone).toBe(true)
    expect(mock.requestLog.filter((r) => r.method === 'DELETE').map((r) => r.path.replace(/[0-9a-f-]{36}/gi, 'ID'))).toEqual([
      '/v1.0/deviceManagement/managedDevices/ID',
      '/beta/deviceManagement/windowsAutopilotDeviceIdentities/ID',
    ])
    // Gone from the cache too, and each step is in the audit log with the serial.
    expect((await handlers['devices:find-by-serial']({ serialNumber: device.serialNumber }, ctx)).length).toBe(0)
    // A scan of it finds no device, and the scan screen asks when this app deleted it: by serial (any case) or by the QR's device id.
    const deleted = await handlers['devices:deleted-here']({ serialNumber: ` ${device.serialNumber.toLowerCase()} `, ztdId: null }, ctx)
    expect(deleted.deletedAt).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/))
    expect(await handlers['devices:deleted-here']({ serialNumber: null, ztdId: device.id.toUpperCase() }, ctx)).toEqual(deleted)
    const other = devices.find((d) => d.id !== device.id)!
    expect(await handlers['devices:deleted-here']({ serialNumber: other.serialNumber, ztdId: other.id }, ctx)).toEqual({ deletedAt: null })
    const db = new Database(join(dataDir, 'cache-demo.db'), { readonly: true })
    const audit = db
      .prepare("SELECT action, details FROM audit_log WHERE action LIKE 'recycle-%' OR action = 'delete-intune-record' ORDER BY id")
      .all() as Array<{
      action: string
      details: string
    }>
    db.close()
    expect(audit.map((a) => a.action)).toEqual(['delete-intune-record', 'recycle-unassign-user', 'recycle-delete-autopilot-record', 'recycle-check-gone'])
    expect(audit.slice(1).every((a) => (JSON.parse(a.details) as { serialNumber: string }).serialNumber === device.serialNumber)).toBe(true)
  })
})
