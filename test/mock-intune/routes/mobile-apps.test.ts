import { describe, expect, it } from 'vitest'
import { collect, send, useMock } from '../support'

const APPS = '/beta/deviceAppManagement/mobileApps'

describe('mock: deviceAppManagement/mobileApps', () => {
  const mock = useMock({ devices: 5, throttle: 'off', pageSize: 5 })

  it('pages the catalogue with skiptokens and honours $select', async () => {
    const { items, pages } = await collect(mock(), `${APPS}?$select=id,displayName`)
    expect(pages).toBe(3)
    expect(items).toHaveLength(12)
    expect(new Set(items.map((a) => a.id)).size).toBe(12)
    const vpn = items.find((a) => a.id === 'aaaaaaaa-0000-4000-8000-000000000001')
    expect(vpn).toEqual({ '@odata.type': '#microsoft.graph.win32LobApp', id: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'Contoso VPN Client' })
  })

  it('names every app the demo ESP blocks on', async () => {
    const configs = (await send(mock(), '/beta/deviceManagement/deviceEnrollmentConfigurations')).json as {
      value: Array<{ displayName: string; selectedMobileAppIds?: string[] }>
    }
    const selected = configs.value.flatMap((c) => c.selectedMobileAppIds ?? [])
    expect(selected.length).toBeGreaterThan(0)
    const names = new Map((await collect(mock(), APPS)).items.map((a) => [a.id, a.displayName]))
    for (const id of selected) expect(names.get(id), id).toEqual(expect.any(String))
  })

  it('gets one app and answers 404 / 400 like Intune', async () => {
    const one = await send(mock(), '/v1.0/deviceAppManagement/mobileApps/BBBBBBBB-0000-4000-8000-000000000002')
    expect(one.status).toBe(200)
    expect((one.json as { displayName: string }).displayName).toBe('Company Portal')
    expect((await send(mock(), `${APPS}/6f3c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11`)).status).toBe(404)
    expect((await send(mock(), `${APPS}?$select=nope`)).status).toBe(400)
    expect((await send(mock(), `${APPS}?$filter=isAssigned eq true`)).status).toBe(400)
    expect((await send(mock(), `${APPS}?$skiptoken=forged`)).status).toBe(400)
  })
})

describe('mock: the 403 fault', () => {
  const mock = useMock({ devices: 5, throttle: 'off', faults: '403=always:path=mobileApps' })

  it('refuses the app catalogue naming the missing permission, and nothing else', async () => {
    const res = await send(mock(), APPS)
    expect(res.status).toBe(403)
    const error = (res.json as { error: { code: string; message: string } }).error
    expect(error.code).toBe('Forbidden')
    expect(error.message).toContain('DeviceManagementApps.Read.All')
    expect((await send(mock(), '/beta/deviceManagement/windowsAutopilotDeviceIdentities')).status).toBe(200)
  })
})
