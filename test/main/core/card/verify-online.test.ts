import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '@core/db/migrations'
import { verifyOnline } from '@core/card/verify-online.worker'
import { readCardFacts } from '@core/card/card-queries.worker'
import { buildCard } from '@core/card/build-card'
import type { GraphClient } from '@core/graph/graph-client'

const intuneId = '4f2d9c1e-7a3b-4c8d-9e0f-1a2b3c4d5e6f'
const entraId = '9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'
const zero = '00000000-0000-0000-0000-000000000000'
const now = Date.parse('2026-12-07T10:00:00Z')

function dbWith(managedDeviceId: string, entraDeviceId: string) {
  const db = new Database(':memory:')
  migrate(db)
  db.prepare(
    "INSERT INTO devices (id, serial_number, managed_device_id, entra_device_id, synced_at) VALUES ('d0', 'PF3ABC', ?, ?, '2026-12-07T09:00:00Z')",
  ).run(managedDeviceId, entraDeviceId)
  return db
}

/** A v1.0 client answering by path; every path asked is kept. */
function graph(answer: (path: string) => unknown) {
  const asked: string[] = []
  const client = {
    getJson: async (path: string) => {
      asked.push(decodeURIComponent(path))
      return answer(path)
    },
  } as unknown as GraphClient
  return { client, asked }
}
const failure = (code: string) => Object.assign(new Error(code), { code })

describe('the linked Intune and Entra devices by name (verify-online)', () => {
  it('reads the Entra device’s displayName and the Intune device’s deviceName, keeps them, and the card shows them', async () => {
    const db = dbWith(intuneId, entraId)
    const { client, asked } = graph((path) =>
      path.startsWith('/devices?')
        ? { value: [{ id: 'obj-1', deviceId: entraId, displayName: 'CTS-PF3ABC' }] }
        : { id: intuneId, deviceName: 'DESKTOP-7QK2M4' },
    )
    expect(await verifyOnline(db, client, 'd0', 'c1', now)).toEqual({ asked: ['entra', 'intune-device'], offline: false })
    expect(asked).toEqual([
      `/devices?$filter=deviceId eq '${entraId}'&$select=id,deviceId,displayName`,
      `/deviceManagement/managedDevices/${intuneId}?$select=id,deviceName`,
    ])
    const facts = readCardFacts(db, 'd0', null)!
    expect(facts.linked).toEqual({
      entra: { found: true, name: 'CTS-PF3ABC', checkedAt: '2026-12-07T10:00:00.000Z' },
      intune: { found: true, name: 'DESKTOP-7QK2M4', checkedAt: '2026-12-07T10:00:00.000Z' },
    })
    expect(facts.entraDeviceObjectExists).toBe(true)
    const { device } = buildCard(facts)
    expect(device.intuneDevice?.name).toBe('DESKTOP-7QK2M4')
    expect(device.entraDevice?.name).toBe('CTS-PF3ABC')
    // Fresh for 2 minutes: nothing is asked again.
    const again = graph(() => ({ value: [] }))
    expect((await verifyOnline(db, again.client, 'd0', 'c2', now + 60_000)).asked).toEqual([])
  })

  it('an Intune device Intune no longer has (404) is kept as not found; none linked (the zero GUID) is never asked', async () => {
    const db = dbWith(intuneId, zero)
    const { client, asked } = graph(() => {
      throw failure('not-found')
    })
    expect((await verifyOnline(db, client, 'd0', 'c1', now)).asked).toEqual(['intune-device'])
    expect(asked).toEqual([`/deviceManagement/managedDevices/${intuneId}?$select=id,deviceName`])
    expect(readCardFacts(db, 'd0', null)!.linked).toEqual({ entra: null, intune: { found: false, name: null, checkedAt: '2026-12-07T10:00:00.000Z' } })

    const none = dbWith(zero, '')
    const nothing = graph(() => ({}))
    expect((await verifyOnline(none, nothing.client, 'd0', 'c1', now)).asked).toEqual([])
    expect(nothing.asked).toEqual([])
    expect(buildCard(readCardFacts(none, 'd0', null)!).device).toMatchObject({ intuneDevice: null, entraDevice: null })
  })

  it('a look-up Graph refuses (403) is kept as what is missing, never as "not read yet" or "deleted": the name, the Entra object, the licence', async () => {
    const db = dbWith(intuneId, entraId)
    db.prepare("UPDATE devices SET user_principal_name = 'ann@contoso.com' WHERE id = 'd0'").run()
    const forbidden = (scopes: string) =>
      Object.assign(new Error(`Intune answered 403 Forbidden: Application must have one of the following scopes: ${scopes}`), {
        code: 'unauthorized',
        status: 403,
      })
    const { client } = graph((path) => {
      if (path.startsWith('/devices?')) throw forbidden('Device.Read.All, Directory.Read.All')
      if (path.startsWith('/users/')) throw forbidden('User.Read.All, Directory.Read.All')
      // A 403 naming another permission still reads as the one documented for this call.
      throw forbidden('DeviceManagementServiceConfig.Read.All')
    })
    expect(await verifyOnline(db, client, 'd0', 'c1', now)).toEqual({ asked: ['entra', 'intune-device', 'user'], offline: false })
    const facts = readCardFacts(db, 'd0', null)!
    const missing = (permission: string) => ({ problem: 'missing-permission', permission })
    expect(facts.linked.intune).toMatchObject({ refused: missing('DeviceManagementManagedDevices.Read.All') })
    expect(facts.linked.entra).toMatchObject({ refused: missing('Device.Read.All') })
    // Refused is not "deleted": whether the Entra object exists stays unknown, and the readiness says why.
    expect(facts.entraDeviceObjectExists).toBeNull()
    expect(facts.refused).toEqual({ entraObject: missing('Device.Read.All'), userLicence: missing('User.ReadBasic.All') })
    const card = buildCard(facts)
    expect(card.device.intuneDevice?.refused).toEqual(missing('DeviceManagementManagedDevices.Read.All'))
    const entra = card.readiness.items.find((item) => item.id === 'entra-object')!
    expect(entra).toMatchObject({ status: 'unknown', reason: expect.stringContaining('refused the look-up (403)') })
    expect(entra.fix).toBe(
      "This account can't read Microsoft Entra device objects: the app registration needs the Microsoft Graph permission Device.Read.All (or Directory.Read.All, Directory.ReadWrite.All), with admin consent.",
    )
    const user = card.readiness.items.find((item) => item.id === 'user')!
    expect(user.reason).toContain('could not be read: Microsoft Graph refused the look-up (403)')
    expect(user.fix).toBe(
      "This account can't read users' licences in Microsoft Entra ID: the app registration needs the Microsoft Graph permission User.ReadBasic.All (or User.Read.All, User.ReadWrite.All, Directory.Read.All, Directory.ReadWrite.All), with admin consent. The permissions reference does not say which of these also returns licences.",
    )
    expect(user.fix).not.toContain("Check the user's licences")
    // Kept for 2 minutes like an answer: opening the card again does not ask again at once.
    const again = graph(() => ({ value: [] }))
    expect((await verifyOnline(db, again.client, 'd0', 'c2', now + 60_000)).asked).toEqual([])
  })

  it('offline: nothing is kept and the names stay unknown; an answer about an id the record no longer links to does not count', async () => {
    const db = dbWith(intuneId, entraId)
    const { client, asked } = graph(() => {
      throw failure('offline')
    })
    expect(await verifyOnline(db, client, 'd0', 'c1', now)).toEqual({ asked: [], offline: true })
    // The Intune device is not tried once Intune proved unreachable.
    expect(asked).toHaveLength(1)
    expect(readCardFacts(db, 'd0', null)!.linked).toEqual({ entra: null, intune: null })

    const online = graph((path) => (path.startsWith('/devices?') ? { value: [{ displayName: 'CTS-PF3ABC' }] } : { deviceName: 'DESKTOP-7QK2M4' }))
    await verifyOnline(db, online.client, 'd0', 'c2', now)
    db.prepare("UPDATE devices SET managed_device_id = 'another-record' WHERE id = 'd0'").run()
    expect(readCardFacts(db, 'd0', null)!.linked.intune).toBeNull()
  })

  it('an Entra answer kept before names were asked (no displayName) is asked again for the name', async () => {
    const db = dbWith(zero, entraId)
    db.prepare("INSERT INTO tenant_settings (key, value, synced_at) VALUES ('entraDevice:d0', ?, 'x')").run(
      JSON.stringify({ entraDeviceId: entraId, exists: true, checkedAt: new Date(now - 10_000).toISOString() }),
    )
    expect(readCardFacts(db, 'd0', null)!.linked.entra).toEqual({ found: true, name: null, checkedAt: new Date(now - 10_000).toISOString() })
    const { client } = graph(() => ({ value: [{ displayName: 'CTS-PF3ABC' }] }))
    expect((await verifyOnline(db, client, 'd0', 'c1', now)).asked).toEqual(['entra'])
    expect(readCardFacts(db, 'd0', null)!.linked.entra?.name).toBe('CTS-PF3ABC')
  })
})
