import { describe, expect, it } from 'vitest'
import { NOMINAL_DELAYS } from '@mock-intune/clock'
import { GRAPH_FIXTURES, QR_PAYLOAD_FIXTURE, shapeMismatches, type GraphFixture } from '@mock-intune/fixtures'
import { DEVICES, PROFILES, nestedMessage, send, useClockedMock, type ListBody, type RawResponse } from './support'

/**
 * Every golden fixture of src/mock-intune/fixtures replayed against the mock (synthetic ids replaced
 * by real ones): same status, same keys, same kinds of values; for Intune errors the nested message
 * too. The app's Graph client tests parse the same files.
 */
describe('contract: every golden fixture', () => {
  const { mock, clock } = useClockedMock({ devices: 800, seed: 1 })
  const replay = async (fixture: GraphFixture, path: string, body: unknown = fixture.request.body): Promise<RawResponse> => send(mock(), path, { method: fixture.request.method, ...(body === undefined ? {} : { body }) })
  const expectShape = (fixture: GraphFixture, res: RawResponse) => {
    expect(res.status, res.text.slice(0, 400)).toBe(fixture.response.status)
    if (fixture.response.body === null) {
      expect(res.text).toBe('')
      return
    }
    expect(shapeMismatches(fixture.response.body, res.json)).toEqual([])
    const message = (fixture.response.body as { error?: { message?: string } }).error?.message
    if (message?.startsWith('{')) expect(shapeMismatches(JSON.parse(message), nestedMessage(res.json))).toEqual([])
    for (const [header, value] of Object.entries(fixture.response.headers)) {
      if (header === 'content-type') expect(res.headers['content-type']).toMatch(/^application\/json/)
      else expect(res.headers[header], header).toBeDefined()
      if (header === 'retry-after') expect(Number(res.headers[header])).toBeGreaterThan(0)
      void value
    }
  }
  const devices = async () => ((await send(mock(), `${DEVICES}?$expand=deploymentProfile`)).json as ListBody).value
  const profiles = async () => ((await send(mock(), PROFILES)).json as { value: Array<{ id: string; displayName: string; '@odata.type': string }> }).value

  it('profiles: Entra join and hybrid subtypes, and their assignments', async () => {
    const all = await profiles()
    const aad = all.find((p) => p.displayName === 'UD-AAD-PreProv')!
    const hybrid = all.find((p) => p['@odata.type'].includes('activeDirectory'))!
    expectShape(GRAPH_FIXTURES.profileAad, await replay(GRAPH_FIXTURES.profileAad, `${PROFILES}/${aad.id}`))
    expectShape(GRAPH_FIXTURES.profileHybrid, await replay(GRAPH_FIXTURES.profileHybrid, `${PROFILES}/${hybrid.id}`))
    expectShape(GRAPH_FIXTURES.profileAssignments, await replay(GRAPH_FIXTURES.profileAssignments, `${PROFILES}/${aad.id}/assignments`))
  })

  it('settings, sync 204 / 409 / 429', async () => {
    expectShape(GRAPH_FIXTURES.syncAccepted, await replay(GRAPH_FIXTURES.syncAccepted, GRAPH_FIXTURES.syncAccepted.request.path))
    expectShape(GRAPH_FIXTURES.syncInProgress, await replay(GRAPH_FIXTURES.syncInProgress, GRAPH_FIXTURES.syncInProgress.request.path))
    clock.advance(NOMINAL_DELAYS.syncDuration)
    expectShape(GRAPH_FIXTURES.autopilotSettings, await replay(GRAPH_FIXTURES.autopilotSettings, GRAPH_FIXTURES.autopilotSettings.request.path))
    expectShape(GRAPH_FIXTURES.syncTooSoon, await replay(GRAPH_FIXTURES.syncTooSoon, GRAPH_FIXTURES.syncTooSoon.request.path))
  })

  it('device actions: UpdateDeviceProperties as WAC posts it, assignUserToDevice, deleteDevices', async () => {
    const [a, b] = await devices()
    const update = GRAPH_FIXTURES.updateDeviceProperties
    expectShape(update, await replay(update, update.request.path.replace('e13be37b-1913-4983-9bc4-0d6ccfe0153b', a!.id), { ...update.request.body, userPrincipalName: 'anna.anderson@contoso.com' }))
    const assign = GRAPH_FIXTURES.assignUser
    expectShape(assign, await replay(assign, assign.request.path.replace('e13be37b-1913-4983-9bc4-0d6ccfe0153b', a!.id), { ...assign.request.body, userPrincipalName: 'anna.anderson@contoso.com' }))
    const del = GRAPH_FIXTURES.deleteDevices
    expectShape(del, await replay(del, del.request.path, { serialNumbers: [b!.serialNumber] }))
  })

  it('imported identities: create, import, terminal GET', async () => {
    const create = GRAPH_FIXTURES.importedIdentityCreate
    const created = await replay(create, create.request.path, { ...create.request.body, assignedUserPrincipalName: 'anna.anderson@contoso.com' })
    expectShape(create, created)
    const importFixture = GRAPH_FIXTURES.importedIdentityImport
    expectShape(importFixture, await replay(importFixture, importFixture.request.path, { importedWindowsAutopilotDeviceIdentities: [{ ...create.request.body, serialNumber: 'FOREIGN-77', assignedUserPrincipalName: '' }] }))
    clock.advance(NOMINAL_DELAYS.importProcessing)
    const rows = (await send(mock(), `/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities?$filter=${encodeURIComponent("contains(serialNumber,'FOREIGN-77')")}`)).json as { value: Array<{ id: string }> }
    const get = GRAPH_FIXTURES.importedIdentityGet
    const terminal = await replay(get, `/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities/${rows.value[0]!.id}`)
    expectShape(get, terminal)
    expect((terminal.json as { state: { deviceErrorCode: number } }).state.deviceErrorCode).toBe(808)
  })

  it('autopilotEvents, users, managed device, Entra device, dynamic group, ESP', async () => {
    expectShape(GRAPH_FIXTURES.autopilotEventsPage, await replay(GRAPH_FIXTURES.autopilotEventsPage, GRAPH_FIXTURES.autopilotEventsPage.request.path))
    expectShape(GRAPH_FIXTURES.usersPage, await replay(GRAPH_FIXTURES.usersPage, GRAPH_FIXTURES.usersPage.request.path))
    const enrolled = (await devices()).find((d) => d.managedDeviceId !== '00000000-0000-0000-0000-000000000000' && d.userPrincipalName !== '')!
    const managed = GRAPH_FIXTURES.managedDevice
    expectShape(managed, await replay(managed, managed.request.path.replace('3efe047c-d002-4b78-92e6-62cff69d1db3', enrolled.managedDeviceId as string)))
    const entra = GRAPH_FIXTURES.entraDevices
    expectShape(entra, await replay(entra, entra.request.path.replace('5f1c0c8e-6d1b-4d8a-9c8e-2a1d7f3b9e21', enrolled.azureAdDeviceId as string)))
    const groups = ((await send(mock(), `/v1.0/groups?$filter=${encodeURIComponent("startswith(displayName,'Autopilot - BENCH-')")}`)).json as { value: Array<{ id: string }> }).value
    expectShape(GRAPH_FIXTURES.groupDynamic, await replay(GRAPH_FIXTURES.groupDynamic, `/v1.0/groups/${groups[0]!.id}`))
    const configs = ((await send(mock(), '/beta/deviceManagement/deviceEnrollmentConfigurations')).json as { value: Array<{ id: string; displayName: string }> }).value
    const esp = configs.find((c) => c.displayName === 'ESP - Autopilot devices')!
    expectShape(GRAPH_FIXTURES.espConfiguration, await replay(GRAPH_FIXTURES.espConfiguration, `/beta/deviceManagement/deviceEnrollmentConfigurations/${esp.id}`))
  })

  it('the simulator’s QR text has exactly the keys, order and constant values of the §A1.4 payload', async () => {
    for (const action of ['power-on', 'win5', 'next']) await send(mock(), `/_sim/devices/ready-win11/actions/${action}`, { method: 'POST' })
    const payload = ((await send(mock(), '/_sim/devices/ready-win11')).json as { qrPayload: string }).qrPayload
    const expected = JSON.parse(QR_PAYLOAD_FIXTURE.payload) as Record<string, unknown>
    const actual = JSON.parse(payload) as Record<string, unknown>
    expect(Object.keys(actual)).toEqual(Object.keys(expected))
    expect(shapeMismatches(expected, actual)).toEqual([])
    for (const key of ['Version', 'PKID', 'SequenceBlockNumber', 'TotalBlocks']) expect(actual[key]).toEqual(expected[key])
    // Compact, as JsonObject.Stringify writes it: no whitespace between tokens.
    expect(payload).toBe(JSON.stringify(actual))
  })
})
