import { describe, expect, it } from 'vitest'
import { NOMINAL_DELAYS } from '@mock-intune/clock'
import { DEVICES, SETTINGS, post, send, useClockedMock, type ErrorBody, type ListBody } from '../support'

const IMPORTS = '/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities'
const HASH = Buffer.from(JSON.stringify({ manufacturer: 'Dell Inc.', model: 'Latitude 7440', serial: 'x' })).toString('base64')

interface Imported {
  id: string
  serialNumber: string
  groupTag: string
  state: { deviceImportStatus: string; deviceRegistrationId: string; deviceErrorCode: number; deviceErrorName: string }
}

/** docs/reference/graph-api.md §B3 / §B13 #9: registration by hardware hash and its state machine. */
describe('imported Autopilot device identities', () => {
  const { mock, clock } = useClockedMock({ devices: 200 })
  const imported = async (id: string) => (await send(mock(), `${IMPORTS}/${id}`)).json as Imported
  const create = async (serialNumber: string, extra: Record<string, unknown> = {}) => {
    const res = await post(mock(), IMPORTS, {
      '@odata.type': '#microsoft.graph.importedWindowsAutopilotDeviceIdentity',
      serialNumber,
      groupTag: 'BENCH-LDN',
      productKey: '',
      hardwareIdentifier: HASH,
      assignedUserPrincipalName: '',
      state: { deviceImportStatus: 'pending', deviceRegistrationId: '', deviceErrorCode: 0, deviceErrorName: '' },
      ...extra,
    })
    expect(res.status, res.text).toBe(201)
    return res.json as Imported
  }

  it('unknown while processing, complete with deviceRegistrationId, and the identity appears after a further delay, Assigning first', async () => {
    const record = await create('7QK2X4F', { assignedUserPrincipalName: 'emma.fischer@contoso.com' })
    expect(record.state).toEqual({ deviceImportStatus: 'unknown', deviceRegistrationId: '', deviceErrorCode: 0, deviceErrorName: '' })
    clock.advance(NOMINAL_DELAYS.importProcessing - 1000)
    expect((await imported(record.id)).state.deviceImportStatus).toBe('unknown')
    clock.advance(1000)
    const done = await imported(record.id)
    expect(done.state.deviceImportStatus).toBe('complete')
    const id = done.state.deviceRegistrationId
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect((await send(mock(), `${DEVICES}/${id}`)).status).toBe(404)
    // Clients delete the import record once it is done; the device still arrives.
    expect((await send(mock(), `${IMPORTS}/${record.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await send(mock(), `${IMPORTS}/${record.id}`)).status).toBe(404)
    clock.advance(NOMINAL_DELAYS.importToIdentity)
    const device = await send(mock(), `${DEVICES}/${id}?$expand=intendedDeploymentProfile`)
    expect(device.status).toBe(200)
    expect(device.json).toMatchObject({
      serialNumber: '7QK2X4F',
      groupTag: 'BENCH-LDN',
      manufacturer: 'Dell Inc.',
      model: 'Latitude 7440',
      enrollmentState: 'notContacted',
      deploymentProfileAssignmentStatus: 'pending',
      userPrincipalName: 'emma.fischer@contoso.com',
      addressableUserName: 'Emma Fischer',
      intendedDeploymentProfile: { displayName: 'UD-AAD-PreProv' },
    })
    clock.advance(NOMINAL_DELAYS.assignmentPending + NOMINAL_DELAYS.assignmentConfirm)
    expect(((await send(mock(), `${DEVICES}/${id}`)).json as { deploymentProfileAssignmentStatus: string }).deploymentProfileAssignmentStatus).toBe(
      'assignedInSync',
    )
    // It is in the serial-ordered list and findable by contains().
    const found = (await send(mock(), `${DEVICES}?$filter=${encodeURIComponent("contains(serialNumber,'7qk2x4f')")}`)).json as ListBody
    expect(found.value.map((d) => d.id)).toEqual([id])
  })

  it('a sync brings a processed import in before the delay (Import → Sync → Refresh)', async () => {
    const record = await create('PF0SYNC1')
    clock.advance(NOMINAL_DELAYS.importProcessing)
    const id = (await imported(record.id)).state.deviceRegistrationId
    expect((await post(mock(), `${SETTINGS}/sync`)).status).toBe(204)
    expect((await send(mock(), `${DEVICES}/${id}`)).status).toBe(404)
    clock.advance(NOMINAL_DELAYS.syncDuration)
    expect((await send(mock(), `${DEVICES}/${id}`)).status).toBe(200)
  })

  it('806 for a serial already registered in this tenant', async () => {
    const existing = ((await send(mock(), `${DEVICES}?$top=1`)).json as ListBody).value[0]!
    const record = await create(existing.serialNumber)
    clock.advance(NOMINAL_DELAYS.importProcessing)
    expect((await imported(record.id)).state).toEqual({
      deviceImportStatus: 'error',
      deviceRegistrationId: '',
      deviceErrorCode: 806,
      deviceErrorName: 'ZtdDeviceAlreadyAssigned',
    })
  })

  it('808 in both spellings for a device registered to another tenant; 819 for duplicates in one import', async () => {
    const res = await post(mock(), `${IMPORTS}/import`, {
      importedWindowsAutopilotDeviceIdentities: [
        { serialNumber: 'FOREIGN-1', hardwareIdentifier: 'RjE=' },
        { serialNumber: 'FOREIGN-12', hardwareIdentifier: 'RjEy' },
        { serialNumber: 'DUPL-1', hardwareIdentifier: 'QUFBQQ==' },
        { serialNumber: 'DUPL-1', hardwareIdentifier: 'QUFBQQ==' },
        { serialNumber: 'NOHASH-1' },
      ],
    })
    expect(res.status).toBe(200)
    const rows = (res.json as { value: Imported[] }).value
    expect(rows.map((r) => r.state.deviceImportStatus)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown'])
    clock.advance(NOMINAL_DELAYS.importProcessing)
    const states = await Promise.all(rows.map(async (r) => (await imported(r.id)).state))
    expect(states.map((s) => [s.deviceImportStatus, s.deviceErrorCode, s.deviceErrorName])).toEqual([
      ['error', 808, 'ZtdDeviceAssignedToAnotherTenant'],
      ['error', 808, 'ZtdDeviceAssignedToOtherTenant'],
      ['complete', 0, ''],
      ['error', 819, 'ZtdDeviceDuplicated'],
      ['error', 0, 'InvalidZtdHardwareHash'],
    ])
  })

  it('lists with contains(serialNumber,…), works on v1.0, and validates input', async () => {
    const list = (await send(mock(), `${IMPORTS}?$filter=${encodeURIComponent("contains(serialNumber,'foreign')")}`)).json as { value: Imported[] }
    expect(list.value.map((r) => r.serialNumber).sort()).toEqual(['FOREIGN-1', 'FOREIGN-12'])
    expect((await send(mock(), `${IMPORTS}?$filter=${encodeURIComponent("serialNumber eq 'FOREIGN-1'")}`)).status).toBe(400)
    expect(
      (
        await post(mock(), '/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities/import', {
          importedWindowsAutopilotDeviceIdentities: [{ serialNumber: 'V1-IMPORT', hardwareIdentifier: HASH }],
        })
      ).status,
    ).toBe(200)
    expect((await post(mock(), IMPORTS, { serialNumber: 'BAD-HASH', hardwareIdentifier: 'not base64!' })).status).toBe(400)
    expect((await post(mock(), IMPORTS, { hardwareIdentifier: HASH })).status).toBe(400)
    const tooMany = await post(mock(), `${IMPORTS}/import`, {
      importedWindowsAutopilotDeviceIdentities: Array.from({ length: 501 }, (_, i) => ({ serialNumber: `BULK-${i}`, hardwareIdentifier: HASH })),
    })
    expect(tooMany.status).toBe(400)
    expect((await post(mock(), `${IMPORTS}/import`, { wrong: [] })).status).toBe(400)
    const missing = await send(mock(), `${IMPORTS}/6f3c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11`)
    expect(missing.status).toBe(404)
    expect((missing.json as ErrorBody).error.code).toBe('ResourceNotFound')
  })
})
