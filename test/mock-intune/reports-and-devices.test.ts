import { describe, expect, it } from 'vitest'
import { DEVICES, collect, nestedMessage, send, useMock, type ErrorBody, type ListBody } from './support'

const EVENTS = '/beta/deviceManagement/autopilotEvents'
const MANAGED = '/v1.0/deviceManagement/managedDevices'
const ESP = '/beta/deviceManagement/deviceEnrollmentConfigurations'

/** §B7 autopilotEvents, §B8 managedDevices and Entra devices, §4 ESP configurations. */
describe('autopilotEvents (the classic report)', () => {
  const mock = useMock({ devices: 1500, throttle: 'off' })

  it('pages 50 rows at a time (also when $top asks for more), over ≥ 3 pages', async () => {
    const first = (await send(mock(), `${EVENTS}?$top=100`)).json as { value: Array<Record<string, string>>; '@odata.nextLink': string }
    expect(first.value).toHaveLength(50)
    expect(first['@odata.nextLink']).toMatch(/\$skiptoken=/)
    const all = await collect(mock(), EVENTS)
    expect(all.pages).toBeGreaterThanOrEqual(3)
    expect(new Set(all.items.map((e) => e.id)).size).toBe(all.items.length)
    expect(all.items.some((e) => e.deploymentState === 'failure')).toBe(true)
    expect(all.items.some((e) => e.enrollmentType === 'azureADJoinedWithWhiteGlove')).toBe(true)
  })

  it('filters by date with the cast prefix the report script uses, and by serial; unknown filters → Intune 400', async () => {
    const since = '2025-03-01T00:00:00Z'
    const filtered = await collect(
      mock(),
      `${EVENTS}?$top=100&$filter=${encodeURIComponent(`microsoft.graph.DeviceManagementAutopilotEvent/enrollmentStartDateTime ge ${since}`)}`,
    )
    expect(filtered.items.length).toBeGreaterThan(0)
    expect(filtered.items.every((e) => Date.parse(e.enrollmentStartDateTime as string) >= Date.parse(since))).toBe(true)
    const [one] = (await collect(mock(), EVENTS, 1)).items
    const bySerial = (await send(mock(), `${EVENTS}?$filter=${encodeURIComponent(`deviceSerialNumber eq '${one!.deviceSerialNumber as string}'`)}`)).json as {
      value: Array<{ id: string }>
    }
    expect(bySerial.value.map((e) => e.id)).toEqual([one!.id])
    expect(((await send(mock(), `${EVENTS}/${one!.id as string}`)).json as { id: string }).id).toBe(one!.id)
    expect((await send(mock(), `${EVENTS}/6f3c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11`)).status).toBe(404)
    const bad = await send(mock(), `${EVENTS}?$filter=${encodeURIComponent("colour eq 'red'")}`)
    expect(bad.status).toBe(400)
    expect(nestedMessage(bad.json)).toHaveProperty('_version', 3)
  })
})

describe('managedDevices and Entra devices', () => {
  const mock = useMock({ devices: 1500, throttle: 'off' })

  it('managedDevices: pages (here with $top=100 over ≥ 3 pages), filter by serial, get, 404, unsupported filter → 400', async () => {
    const all = await collect(mock(), `${MANAGED}?$top=100`)
    expect(all.pages).toBeGreaterThanOrEqual(3)
    const devices = (await collect(mock(), DEVICES)).items
    const enrolled = devices.filter((d) => d.managedDeviceId !== '00000000-0000-0000-0000-000000000000')
    expect(all.items.map((m) => m.id).sort()).toEqual(enrolled.map((d) => d.managedDeviceId).sort())
    const target = enrolled[0]!
    const bySerial = (await send(mock(), `${MANAGED}?$filter=${encodeURIComponent(`serialNumber eq '${target.serialNumber as string}'`)}`)).json as {
      value: Array<Record<string, unknown>>
    }
    expect(bySerial.value).toHaveLength(1)
    expect(bySerial.value[0]).toMatchObject({ id: target.managedDeviceId, serialNumber: target.serialNumber, azureADDeviceId: target.azureAdDeviceId })
    const one = await send(mock(), `${MANAGED}/${target.managedDeviceId as string}?$select=id,deviceName`)
    expect(Object.keys(one.json as object).sort()).toEqual(['@odata.context', '@odata.type', 'deviceName', 'id'])
    expect((await send(mock(), `${MANAGED}/00000000-0000-0000-0000-000000000000`)).status).toBe(404)
    expect((await send(mock(), `${MANAGED}?$filter=${encodeURIComponent("notes eq 'x'")}`)).status).toBe(400)
    expect((await send(mock(), `/beta/deviceManagement/managedDevices/${target.managedDeviceId as string}`)).json).toMatchObject({ autopilotEnrolled: true })
  })

  it('deleting the managed device clears the identity’s managedDeviceId', async () => {
    const [target] = (await collect(mock(), `${MANAGED}?$top=5`, 1)).items
    expect((await send(mock(), `${MANAGED}/${target!.id as string}`, { method: 'DELETE' })).status).toBe(204)
    expect((await send(mock(), `${MANAGED}/${target!.id as string}`)).status).toBe(404)
    const identity = (
      (await send(mock(), `${DEVICES}?$filter=${encodeURIComponent(`contains(serialNumber,'${target!.serialNumber as string}')`)}`)).json as ListBody
    ).value[0]!
    expect(identity).toMatchObject({ managedDeviceId: '00000000-0000-0000-0000-000000000000', enrollmentState: 'notContacted' })
  })

  it('Entra devices: 100 a page, $top ≤ 999, no $skip, deviceId eq and physicalIds/any lookups', async () => {
    const first = (await send(mock(), '/v1.0/devices')).json as { value: Array<Record<string, unknown>>; '@odata.nextLink': string }
    expect(first.value).toHaveLength(100)
    expect(first['@odata.nextLink'].startsWith(`${mock().url}/v1.0/devices?`)).toBe(true)
    const skip = await send(mock(), '/v1.0/devices?$skip=10')
    expect(skip.status).toBe(400)
    expect((skip.json as ErrorBody).error.message).toBe("'$skip' is not supported by the service.")
    expect((await send(mock(), '/v1.0/devices?$top=1000')).status).toBe(400)
    const [identity] = ((await send(mock(), DEVICES)).json as ListBody).value
    const byDeviceId = (await send(mock(), `/v1.0/devices?$filter=${encodeURIComponent(`deviceId eq '${identity!.azureAdDeviceId as string}'`)}`)).json as {
      value: Array<Record<string, unknown>>
    }
    expect(byDeviceId.value).toHaveLength(1)
    expect(byDeviceId.value[0]).toMatchObject({ deviceId: identity!.azureAdDeviceId, operatingSystem: 'Windows' })
    const ztd = await collect(
      mock(),
      `/v1.0/devices?$top=999&$filter=${encodeURIComponent("physicalIds/any(p: startswith(p, '[ZTDID]'))")}&$select=id,deviceId,displayName,physicalIds,createdDateTime`,
    )
    expect(ztd.items.length).toBe(1500)
    expect(Object.keys(ztd.items[0]!).sort()).toEqual(['@odata.type', 'createdDateTime', 'deviceId', 'displayName', 'id', 'physicalIds'])
    const one = await send(mock(), `/v1.0/devices/${byDeviceId.value[0]!.id as string}`)
    expect(one.status).toBe(200)
    expect((await send(mock(), '/v1.0/devices/6f3c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11')).status).toBe(404)
  })
})

describe('Enrollment Status Page configurations', () => {
  const mock = useMock({ devices: 100, throttle: 'off' })

  it('lists the default and custom ESPs with their assignments; filters by type', async () => {
    const res = await send(mock(), `${ESP}?$expand=assignments`)
    expect(res.status).toBe(200)
    const configs = (res.json as { value: Array<Record<string, unknown> & { assignments: Array<{ target: Record<string, string> }> }> }).value
    const esps = configs.filter((c) => c['@odata.type'] === '#microsoft.graph.windows10EnrollmentCompletionPageConfiguration')
    expect(esps.length).toBeGreaterThanOrEqual(3)
    const fallback = esps.find((c) => c.priority === 0)!
    expect(fallback.id as string).toMatch(/_DefaultWindows10EnrollmentCompletionPageConfiguration$/)
    expect(fallback.showInstallationProgress).toBe(false)
    expect(fallback.assignments.map((a) => a.target['@odata.type'])).toContain('#microsoft.graph.allDevicesAssignmentTarget')
    expect(esps.some((c) => c.priority !== 0 && c.assignments.some((a) => a.target['@odata.type'] === '#microsoft.graph.groupAssignmentTarget'))).toBe(true)
    const onlyEsp = (
      await send(mock(), `${ESP}?$filter=${encodeURIComponent("deviceEnrollmentConfigurationType eq 'windows10EnrollmentCompletionPageConfiguration'")}`)
    ).json as { value: unknown[] }
    expect(onlyEsp.value).toHaveLength(esps.length)
    expect((await send(mock(), `/v1.0/deviceManagement/deviceEnrollmentConfigurations/${fallback.id as string}/assignments`)).status).toBe(200)
  })

  it('updates an ESP and replaces its assignments with assign; the default cannot be reassigned', async () => {
    const configs = ((await send(mock(), ESP)).json as { value: Array<Record<string, unknown>> }).value
    const custom = configs.find((c) => c.displayName === 'ESP - Autopilot devices')!
    const patched = await send(mock(), `${ESP}/${custom.id as string}`, {
      method: 'PATCH',
      body: { installProgressTimeoutInMinutes: 90, customErrorMessage: 'Call 555' },
    })
    expect(patched.status).toBe(200)
    expect(patched.json).toMatchObject({ installProgressTimeoutInMinutes: 90, customErrorMessage: 'Call 555', version: 2 })
    expect((await send(mock(), `${ESP}/${custom.id as string}`, { method: 'PATCH', body: { installProgressTimeoutInMinutes: 0 } })).status).toBe(400)
    const assigned = await send(mock(), `${ESP}/${custom.id as string}/assign`, {
      method: 'POST',
      body: { enrollmentConfigurationAssignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }] },
    })
    expect(assigned.status).toBe(204)
    const list = (await send(mock(), `${ESP}/${custom.id as string}/assignments`)).json as { value: Array<{ target: Record<string, string> }> }
    expect(list.value.map((a) => a.target['@odata.type'])).toEqual(['#microsoft.graph.allDevicesAssignmentTarget'])
    const fallback = configs.find((c) => c.priority === 0 && c['@odata.type'] === '#microsoft.graph.windows10EnrollmentCompletionPageConfiguration')!
    expect((await send(mock(), `${ESP}/${fallback.id as string}/assign`, { method: 'POST', body: { enrollmentConfigurationAssignments: [] } })).status).toBe(
      400,
    )
    expect((await send(mock(), `${ESP}/nope`)).status).toBe(404)
  })
})
