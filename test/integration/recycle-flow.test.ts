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

describe('recycle: only the steps that apply', () => {
  const start = useCoreOnMock()

  it('reads from Intune whether the device has an Intune record, an Entra device and a user; offline it says the cache’s word', async () => {
    const { mock, core, handlers, ctx } = await start({ seed: 8, devices: 200, throttle: 'off' })
    const devices = (await handlers['devices:list-devices']({ search: '', limit: 200, after: null, position: null }, ctx)).items
    const enrolled = devices.find((d) => d.enrollmentState === 'enrolled')!
    const never = devices.find((d) => d.enrollmentState === 'notContacted')!
    const plan = async (deviceId: string) => {
      const result = await send(handlers, core, 'recycle:get-plan', { deviceId })
      if (!result.ok) throw new Error(result.error.message)
      return result.value
    }
    expect(await plan(enrolled.id)).toMatchObject({ autopilotRecord: true, intuneRecord: true, source: 'online', notice: null })
    const fresh = await plan(never.id)
    expect(fresh).toMatchObject({ autopilotRecord: true, intuneRecord: false, source: 'online', userPrincipalName: never.userPrincipalName })
    // Asked of Intune, by the Autopilot record and then by serial among the managed devices (the link is not always set).
    expect(mock.requestLog.some((r) => r.method === 'GET' && /\/v1\.0\/deviceManagement\/managedDevices/i.test(r.path))).toBe(true)

    // Offline: the cache's word, and "not known" where the cache cannot tell.
    await fetch(`${mock.url}/_sim/faults`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${mock.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ spec: '503=always:retry-after=0' }),
    })
    expect(await plan(never.id)).toMatchObject({ autopilotRecord: true, intuneRecord: null, source: 'cache', notice: { code: expect.any(String) } })
    expect(await plan(enrolled.id)).toMatchObject({ intuneRecord: true, source: 'cache' })
  })
})

describe('recycle: a queued change of the same device', () => {
  const start = useCoreOnMock()

  it('Unassign the user names an "assign user" still waiting in Changes and unassigns nothing, and the queued change is kept', async () => {
    // The assignment cannot reach Intune, so it waits in the outbox.
    const { mock, core, handlers, ctx } = await start({ seed: 8, devices: 50, throttle: 'off', faults: '500=always:path=assignUserToDevice' })
    const devices = (await handlers['devices:list-devices']({ search: '', limit: 50, after: null, position: null }, ctx)).items
    const device = devices.find((d) => d.userPrincipalName !== '') ?? devices[0]!
    const queued = await send(handlers, core, 'changes:queue-change', {
      deviceId: device.id,
      change: { kind: 'assign-user', userPrincipalName: 'megan@contoso.com', addressableUserName: 'Megan' },
    })
    expect(queued.ok).toBe(true)
    const result = await send(handlers, core, 'recycle:run-step', { deviceId: device.id, action: 'unassign-user', confirmSerial: '' })
    expect(result).toMatchObject({ ok: true, value: { done: false } })
    expect((result as { value: { message: string } }).value.message).toMatch(
      /assigns megan@contoso\.com to this device.*Discard that change in Changes first.*Nothing was unassigned\./,
    )
    expect(mock.requestLog.some((r) => r.path.endsWith('/unassignUserFromDevice'))).toBe(false)
    const waiting = await handlers['changes:list-changes']({ deviceId: device.id, includeFinished: false }, ctx)
    expect(waiting.map((item) => item.change.kind)).toEqual(['assign-user'])
  })
})
