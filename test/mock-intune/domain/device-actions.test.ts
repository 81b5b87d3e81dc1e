import { describe, expect, it } from 'vitest'
import { NOMINAL_DELAYS } from '@mock-intune/clock'
import { DEVICES, nestedMessage, post, send, useClockedMock, type ErrorBody, type ListBody } from '../support'

/** docs/reference/graph-api.md §B2/§B13 #3, #4, #7, #8: the device identity actions and their side effects. */
describe('device identity actions', () => {
  const { mock, clock } = useClockedMock({ devices: 600, seed: 1 })
  const page = async (query = '') => ((await send(mock(), `${DEVICES}?$expand=deploymentProfile,intendedDeploymentProfile${query}`)).json as ListBody).value
  const device = async (id: string) =>
    (await send(mock(), `${DEVICES}/${id}?$expand=deploymentProfile,intendedDeploymentProfile`)).json as Record<string, unknown> & {
      deploymentProfile: { id: string; displayName: string } | null
      intendedDeploymentProfile: { id: string; displayName: string } | null
    }

  it('updateDeviceProperties: 204, a partial update, PascalCase path accepted (WAC/AST post it that way)', async () => {
    const [target] = await page()
    const before = await device(target!.id)
    const res = await post(mock(), `/beta/devicemanagement/windowsAutopilotDeviceIdentities/${target!.id}/UpdateDeviceProperties`, {
      displayName: 'LDN-BENCH-0001',
    })
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    const after = await device(target!.id)
    expect(after.displayName).toBe('LDN-BENCH-0001')
    expect(after.groupTag).toBe(before.groupTag)
    expect(after.userPrincipalName).toBe(before.userPrincipalName)
  })

  it('updateDeviceProperties with a user: UPN and friendly name (from the directory when omitted)', async () => {
    const [, target] = await page()
    expect((await post(mock(), `${DEVICES}/${target!.id}/updateDeviceProperties`, { userPrincipalName: 'grace.hansen@contoso.com' })).status).toBe(204)
    const after = await device(target!.id)
    expect(after).toMatchObject({ userPrincipalName: 'grace.hansen@contoso.com', addressableUserName: 'Grace Hansen' })
    expect((await post(mock(), `${DEVICES}/${target!.id}/updateDeviceProperties`, { userPrincipalName: 'x@elsewhere.example' })).status).toBe(400)
  })

  it('validates the device name (mock choice: ≤ 15 letters, digits, hyphens; not all digits)', async () => {
    const [target] = await page()
    for (const name of ['THIS-NAME-IS-16C', 'bad name', '123456']) {
      const res = await post(mock(), `${DEVICES}/${target!.id}/updateDeviceProperties`, { displayName: name })
      expect(res.status, name).toBe(400)
      expect(nestedMessage(res.json).Message).toMatch(/^Invalid device name/)
    }
    expect((await post(mock(), `${DEVICES}/${target!.id}/updateDeviceProperties`, { displayName: '' })).status).toBe(204)
  })

  it('an unknown action parameter is the Intune "Invalid ODataActionParameter" 400; a wrong type too', async () => {
    const [target] = await page()
    const res = await post(mock(), `${DEVICES}/${target!.id}/updateDeviceProperties`, { groupTag: 'X', colour: 'red' })
    expect(res.status).toBe(400)
    expect(nestedMessage(res.json).Message).toMatch(/^Invalid ODataActionParameter 'colour'/)
    expect((await post(mock(), `${DEVICES}/${target!.id}/updateDeviceProperties`, { groupTag: 42 })).status).toBe(400)
    expect((await device(target!.id)).groupTag).not.toBe('X')
  })

  it('a group tag change: pending (Assigning) → assignedUnkownSyncState → assignedInSync with the new group profile', async () => {
    const devices = await page()
    const target = devices.find((d) => d.groupTag !== 'KIOSK-LDN' && d.model !== 'Virtual Machine' && d.deploymentProfileAssignmentStatus === 'assignedInSync')!
    const oldProfile = (target.deploymentProfile as { displayName: string }).displayName
    const kiosk = devices.find((d) => typeof d.groupTag === 'string' && d.groupTag.startsWith('KIOSK-'))!
    expect((await post(mock(), `${DEVICES}/${target.id}/updateDeviceProperties`, { groupTag: kiosk.groupTag })).status).toBe(204)
    let now = await device(target.id)
    expect(now.deploymentProfileAssignmentStatus).toBe('pending')
    // While Assigning, the old profile is still the assigned one; the intended one is already the new group's.
    expect(now.deploymentProfile?.displayName).toBe(oldProfile)
    expect(now.intendedDeploymentProfile?.displayName).toBe('SD-Kiosk-SelfDeploy')
    clock.advance(NOMINAL_DELAYS.assignmentPending)
    now = await device(target.id)
    expect(now.deploymentProfileAssignmentStatus).toBe('assignedUnkownSyncState')
    expect(now.deploymentProfile?.displayName).toBe('SD-Kiosk-SelfDeploy')
    clock.advance(NOMINAL_DELAYS.assignmentConfirm)
    now = await device(target.id)
    expect(now.deploymentProfileAssignmentStatus).toBe('assignedInSync')
    expect(Date.parse(now.deploymentProfileAssignedDateTime as string)).toBeGreaterThan(Date.UTC(2025, 5, 30))
  })

  it('an untagged device gets notAssigned once its tag leads nowhere', async () => {
    const devices = await page()
    const target = devices.find((d) => d.groupTag !== '' && d.deploymentProfileAssignmentStatus === 'assignedInSync' && d.model !== 'Virtual Machine')!
    await post(mock(), `${DEVICES}/${target.id}/updateDeviceProperties`, { groupTag: 'NO-SUCH-TAG' })
    clock.advance(NOMINAL_DELAYS.assignmentPending)
    const now = await device(target.id)
    // Unless the device sits in the pilot group or on the targeted purchase order, nothing targets it now.
    if (now.intendedDeploymentProfile === null) {
      expect(now.deploymentProfileAssignmentStatus).toBe('notAssigned')
      expect(now.deploymentProfile).toBeNull()
    } else {
      expect(['UD-AAD-Pilot', 'UD-Hybrid-Standard']).toContain(now.intendedDeploymentProfile.displayName)
    }
  })

  it('assignUserToDevice / unassignUserFromDevice: 204, set and clear the user (beta and v1.0)', async () => {
    const [, , target] = await page()
    const res = await post(mock(), `${DEVICES}/${target!.id}/assignUserToDevice`, {
      userPrincipalName: 'anna.anderson@contoso.com',
      addressableUserName: 'Anna A.',
    })
    expect(res.status).toBe(204)
    expect(await device(target!.id)).toMatchObject({ userPrincipalName: 'anna.anderson@contoso.com', addressableUserName: 'Anna A.' })
    expect((await post(mock(), `/v1.0/deviceManagement/windowsAutopilotDeviceIdentities/${target!.id}/unassignUserFromDevice`)).status).toBe(204)
    expect(await device(target!.id)).toMatchObject({ userPrincipalName: '', addressableUserName: '' })
    // WAC posts the two-character body "" to body-less actions.
    expect((await post(mock(), `${DEVICES}/${target!.id}/unassignUserFromDevice`, '""')).status).toBe(204)
  })

  it('assignUserToDevice refuses unknown users and a missing UPN', async () => {
    const [target] = await page()
    expect(
      (await post(mock(), `${DEVICES}/${target!.id}/assignUserToDevice`, { userPrincipalName: 'nobody.here@contoso.com', addressableUserName: 'N' })).status,
    ).toBe(400)
    expect((await post(mock(), `${DEVICES}/${target!.id}/assignUserToDevice`, { addressableUserName: 'N' })).status).toBe(400)
  })

  it('allowNextEnrollment: 204 and userlessEnrollmentStatus → allowed; refused in Fix pending; beta only', async () => {
    const all = await page('&$top=600')
    const blocked = all.find((d) => d.userlessEnrollmentStatus === 'blocked' && d.remediationState !== 'automaticRemediationRequired')!
    expect((await post(mock(), `${DEVICES}/${blocked.id}/allowNextEnrollment`)).status).toBe(204)
    expect((await device(blocked.id)).userlessEnrollmentStatus).toBe('allowed')
    const fixPending = all.find((d) => d.remediationState === 'automaticRemediationRequired')!
    const refused = await post(mock(), `${DEVICES}/${fixPending.id}/allowNextEnrollment`)
    expect(refused.status).toBe(400)
    expect(nestedMessage(refused.json).Message).toMatch(/Fix pending/)
    expect((await post(mock(), `/v1.0/deviceManagement/windowsAutopilotDeviceIdentities/${blocked.id}/allowNextEnrollment`)).status).toBe(404)
  })

  it('actions on an unknown id are the Intune 404', async () => {
    for (const action of ['updateDeviceProperties', 'assignUserToDevice', 'unassignUserFromDevice', 'allowNextEnrollment']) {
      const res = await post(mock(), `${DEVICES}/65df8e77-c9e4-437a-a28e-1516072bb878/${action}`, {})
      expect(res.status, action).toBe(404)
      expect((res.json as ErrorBody).error.code).toBe('ResourceNotFound')
    }
  })

  it('the same actions work under …/windowsAutopilotDeploymentProfiles/{id}/assignedDevices/{id}/…', async () => {
    const [target] = await page()
    const res = await post(mock(), `/beta/deviceManagement/windowsAutopilotDeploymentProfiles/any/assignedDevices/${target!.id}/updateDeviceProperties`, {
      displayName: 'ALIAS-1',
    })
    expect(res.status).toBe(204)
    expect((await device(target!.id)).displayName).toBe('ALIAS-1')
  })

  it('DELETE → 204 and then 404; deleteDevices → per-serial accepted/failed', async () => {
    const devices = await page()
    const [a, b, c] = devices.slice(-3)
    expect((await send(mock(), `${DEVICES}/${a!.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await send(mock(), `${DEVICES}/${a!.id}`)).status).toBe(404)
    expect((await send(mock(), `${DEVICES}/${a!.id}`, { method: 'DELETE' })).status).toBe(404)
    const res = await post(mock(), `${DEVICES}/deleteDevices`, { serialNumbers: [b!.serialNumber, c!.serialNumber, 'NOT-A-SERIAL'] })
    expect(res.status).toBe(200)
    const value = (res.json as { value: Array<Record<string, unknown>> }).value
    expect(value.map((v) => [v.serialNumber, v.deletionState])).toEqual([
      [b!.serialNumber, 'accepted'],
      [c!.serialNumber, 'accepted'],
      ['NOT-A-SERIAL', 'failed'],
    ])
    expect(value[0]).toMatchObject({ '@odata.type': '#microsoft.graph.deletedWindowsAutopilotDeviceState', deviceRegistrationId: b!.id, errorMessage: null })
    expect((await send(mock(), `${DEVICES}/${b!.id}`)).status).toBe(404)
    const remaining = (await page('&$top=1000')).map((d) => d.id)
    expect(remaining).not.toContain(c!.id)
    expect((await post(mock(), `${DEVICES}/deleteDevices`, { serialNumbers: 'x' })).status).toBe(400)
  })
})
