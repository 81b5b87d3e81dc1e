import { describe, expect, it } from 'vitest'
import { NOMINAL_DELAYS } from '@mock-intune/clock'
import { DEVICES, PROFILES, collect, nestedMessage, post, send, useClockedMock, type ListBody } from './support'

interface Profile {
  '@odata.type': string
  id: string
  displayName: string
  createdDateTime: string
  preprovisioningAllowed: boolean
  enableWhiteGlove: boolean
  outOfBoxExperienceSettings: Record<string, unknown>
  outOfBoxExperienceSetting: Record<string, unknown>
  hybridAzureADJoinSkipConnectivityCheck?: boolean
}
interface Group {
  id: string
  displayName: string
  membershipRule: string | null
  groupTypes: string[]
}

/** docs/reference/graph-api.md §B5 / §B13 #6 and docs/reference/autopilot.md §1.1, §2.2: profiles, groups and how they assign devices. */
describe('deployment profiles', () => {
  const { mock } = useClockedMock({ devices: 400 })

  it('lists 6–10 profiles of both subtypes, with old and new OOBE fields in step', async () => {
    const res = await send(mock(), PROFILES)
    expect(res.status).toBe(200)
    const profiles = (res.json as { value: Profile[] }).value
    expect(profiles.length).toBeGreaterThanOrEqual(6)
    expect(profiles.length).toBeLessThanOrEqual(10)
    expect(new Set(profiles.map((p) => p['@odata.type']))).toEqual(
      new Set(['#microsoft.graph.azureADWindowsAutopilotDeploymentProfile', '#microsoft.graph.activeDirectoryWindowsAutopilotDeploymentProfile']),
    )
    for (const p of profiles) {
      expect(p.enableWhiteGlove).toBe(p.preprovisioningAllowed)
      expect(p.outOfBoxExperienceSettings.hideEULA).toBe(p.outOfBoxExperienceSetting.eulaHidden)
      expect(p.outOfBoxExperienceSettings.deviceUsageType).toBe(p.outOfBoxExperienceSetting.deviceUsageType)
      expect('hybridAzureADJoinSkipConnectivityCheck' in p).toBe(p['@odata.type'].includes('activeDirectory'))
    }
    // User-driven with and without pre-provisioning, hybrid, self-deploying (shared).
    expect(profiles.some((p) => p.preprovisioningAllowed && p.outOfBoxExperienceSetting.deviceUsageType === 'singleUser')).toBe(true)
    expect(profiles.some((p) => !p.preprovisioningAllowed && p.outOfBoxExperienceSetting.deviceUsageType === 'singleUser')).toBe(true)
    expect(profiles.some((p) => p.outOfBoxExperienceSetting.deviceUsageType === 'shared')).toBe(true)
  })

  it('supports $select, $top/$skip and $orderby, refuses $filter and $search with the Intune 400', async () => {
    const selected = (await send(mock(), `${PROFILES}?$select=id,displayName&$orderby=createdDateTime desc&$top=2&$skip=1`)).json as { value: Profile[] }
    expect(selected.value).toHaveLength(2)
    expect(Object.keys(selected.value[0]!).sort()).toEqual(['@odata.type', 'displayName', 'id'])
    const all = (await send(mock(), `${PROFILES}?$orderby=createdDateTime desc`)).json as { value: Profile[] }
    expect(selected.value.map((p) => p.id)).toEqual(all.value.slice(1, 3).map((p) => p.id))
    for (const query of ["$filter=displayName eq 'x'", '$search=x']) {
      const res = await send(mock(), `${PROFILES}?${encodeURI(query)}`)
      expect(res.status).toBe(400)
      expect(nestedMessage(res.json)).toHaveProperty('_version', 3)
    }
  })

  it('gets one profile (with $expand=assignments) and answers 404 for an unknown one', async () => {
    const [first] = ((await send(mock(), PROFILES)).json as { value: Profile[] }).value
    const res = await send(mock(), `${PROFILES}/${first!.id}?$expand=assignments`)
    expect(res.status).toBe(200)
    expect(res.json).toHaveProperty('assignments')
    expect((await send(mock(), `${PROFILES}/00000000-1111-4222-8333-444444444444`)).status).toBe(404)
  })

  it('creates, updates (either OOBE shape) and deletes a profile', async () => {
    const created = await post(mock(), PROFILES, {
      '@odata.type': '#microsoft.graph.azureADWindowsAutopilotDeploymentProfile',
      displayName: 'Test-Profile',
      outOfBoxExperienceSettings: {
        hideEULA: true,
        userType: 'standard',
        deviceUsageType: 'singleUser',
        hidePrivacySettings: true,
        skipKeyboardSelectionPage: false,
        hideEscapeLink: true,
      },
      enableWhiteGlove: true,
      deviceNameTemplate: 'TST-%RAND:5%',
    })
    expect(created.status).toBe(201)
    const profile = created.json as Profile
    expect(profile).toMatchObject({ preprovisioningAllowed: true, outOfBoxExperienceSetting: { eulaHidden: true, userType: 'standard' } })
    const patched = await post(
      mock(),
      `${PROFILES}/${profile.id}`,
      { outOfBoxExperienceSetting: { eulaHidden: false }, preprovisioningAllowed: false },
      'PATCH',
    )
    expect(patched.status).toBe(200)
    expect(patched.json).toMatchObject({ enableWhiteGlove: false, outOfBoxExperienceSettings: { hideEULA: false, userType: 'standard' } })
    expect((await post(mock(), PROFILES, { '@odata.type': '#microsoft.graph.windowsAutopilotDeploymentProfile', displayName: 'abstract' })).status).toBe(400)
    expect(
      (
        await post(mock(), PROFILES, {
          '@odata.type': '#microsoft.graph.azureADWindowsAutopilotDeploymentProfile',
          displayName: 'x',
          deviceNameTemplate: 'FAR-TOO-LONG-NAME-%SERIAL%',
        })
      ).status,
    ).toBe(400)
    expect((await send(mock(), `${PROFILES}/${profile.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await send(mock(), `${PROFILES}/${profile.id}`)).status).toBe(404)
  })

  it('assignments list group targets ({profileId}_{groupId}_0) and a profile refuses deletion while assigned', async () => {
    const profiles = ((await send(mock(), PROFILES)).json as { value: Profile[] }).value
    const bench = profiles.find((p) => p.displayName === 'UD-AAD-PreProv')!
    const assignments = (
      (await send(mock(), `${PROFILES}/${bench.id}/assignments`)).json as { value: Array<{ id: string; target: { '@odata.type': string; groupId: string } }> }
    ).value
    expect(assignments.length).toBeGreaterThan(0)
    for (const a of assignments) {
      expect(a.target['@odata.type']).toBe('#microsoft.graph.groupAssignmentTarget')
      expect(a.id).toBe(`${bench.id}_${a.target.groupId}_0`)
      const group = (await send(mock(), `/v1.0/groups/${a.target.groupId}`)).json as Group
      expect(group.membershipRule).toMatch(/\[OrderID\]:BENCH-/)
    }
    expect((await send(mock(), `${PROFILES}/${bench.id}`, { method: 'DELETE' })).status).toBe(400)
  })

  it('assignedDevices lists exactly the devices whose deploymentProfile is this profile', async () => {
    const profiles = ((await send(mock(), PROFILES)).json as { value: Profile[] }).value
    const bench = profiles.find((p) => p.displayName === 'UD-AAD-PreProv')!
    const assigned = await collect(mock(), `${PROFILES}/${bench.id}/assignedDevices`)
    const all = (await collect(mock(), `${DEVICES}?$expand=deploymentProfile`)).items
    const expected = all.filter((d) => (d.deploymentProfile as { id?: string } | null)?.id === bench.id).map((d) => d.id)
    expect(assigned.items.map((d) => d.id)).toEqual(expected)
    expect(expected.length).toBeGreaterThan(50)
  })
})

describe('groups drive assignment', () => {
  const { mock, clock } = useClockedMock({ devices: 400 })
  const settle = () => clock.advance(NOMINAL_DELAYS.assignmentPending + NOMINAL_DELAYS.assignmentConfirm)
  const profiles = async () => ((await send(mock(), PROFILES)).json as { value: Profile[] }).value
  const devices = async () => ((await send(mock(), `${DEVICES}?$expand=deploymentProfile,intendedDeploymentProfile`)).json as ListBody).value

  it('exposes dynamic groups per group tag, on [PurchaseOrderId], on [ZTDId], and a static pilot group', async () => {
    const groups = (await collect(mock(), '/v1.0/groups')).items as unknown as Group[]
    expect(groups.some((g) => g.membershipRule?.includes('-startsWith "[ZTDid]"'))).toBe(true)
    expect(groups.some((g) => g.membershipRule?.includes('[PurchaseOrderId]:PO-'))).toBe(true)
    expect(groups.filter((g) => g.membershipRule?.includes('[OrderID]:')).length).toBeGreaterThan(5)
    expect(groups.some((g) => g.groupTypes.length === 0 && g.membershipRule === null)).toBe(true)
    const dynamic = await send(
      mock(),
      `/v1.0/groups?$filter=${encodeURIComponent("groupTypes/any(c:c eq 'DynamicMembership') and startswith(displayName,'Autopilot - BENCH')")}`,
    )
    expect((dynamic.json as { value: Group[] }).value.every((g) => g.displayName.startsWith('Autopilot - BENCH'))).toBe(true)
    expect((await send(mock(), `/v1.0/groups?$filter=${encodeURIComponent('description eq 1')}`)).status).toBe(400)
  })

  it("a device's Entra object is a member of its tag's group; memberOf and members agree", async () => {
    const [d] = (await devices()).filter((x) => (x.groupTag as string).startsWith('BENCH-'))
    const entra = (
      (await send(mock(), `/v1.0/devices?$filter=deviceId eq '${d!.azureAdDeviceId as string}'`)).json as {
        value: Array<{ id: string; physicalIds: string[] }>
      }
    ).value[0]!
    expect(entra.physicalIds).toContain(`[OrderID]:${d!.groupTag as string}`)
    expect(entra.physicalIds).toContain(`[ZTDId]:${d!.id}`)
    const memberOf = ((await send(mock(), `/v1.0/devices/${entra.id}/memberOf`)).json as { value: Group[] }).value.map((g) => g.displayName)
    expect(memberOf).toContain(`Autopilot - ${d!.groupTag as string}`)
    expect(memberOf).toContain('Autopilot - All devices')
    const groups = (await collect(mock(), '/v1.0/groups')).items as unknown as Group[]
    const tagGroup = groups.find((g) => g.displayName === `Autopilot - ${d!.groupTag as string}`)!
    const members = (await collect(mock(), `/v1.0/groups/${tagGroup.id}/members`)).items
    expect(members.map((m) => m.id)).toContain(entra.id)
    expect(members.every((m) => (m.physicalIds as string[]).some((p) => p.toLowerCase() === `[orderid]:${(d!.groupTag as string).toLowerCase()}`))).toBe(true)
  })

  it('assigning a profile to All devices makes it the default for untargeted devices only', async () => {
    const untargeted = (await devices()).filter((d) => d.intendedDeploymentProfile === null)
    const targeted = (await devices()).filter((d) => d.intendedDeploymentProfile !== null)
    expect(untargeted.length).toBeGreaterThan(0)
    const legacy = (await profiles()).find((p) => p.displayName === 'Legacy-WhiteGlove-2019')!
    const res = await post(mock(), `${PROFILES}/${legacy.id}/assignments`, { target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } })
    expect(res.status).toBe(201)
    const after = new Map((await devices()).map((d) => [d.id, d]))
    for (const d of untargeted) {
      expect((after.get(d.id)?.intendedDeploymentProfile as { displayName: string }).displayName).toBe('Legacy-WhiteGlove-2019')
      expect(after.get(d.id)?.deploymentProfileAssignmentStatus).toBe('pending')
    }
    // A group-targeted profile beats the All devices default even though Legacy is older.
    for (const d of targeted) expect(after.get(d.id)?.intendedDeploymentProfile).toEqual(d.intendedDeploymentProfile)
    settle()
    const settled = new Map((await devices()).map((d) => [d.id, d]))
    for (const d of untargeted.filter((x) => x.model !== 'Virtual Machine')) {
      expect(settled.get(d.id)?.deploymentProfileAssignmentStatus).toBe('assignedInSync')
      expect((settled.get(d.id)?.deploymentProfile as { displayName: string }).displayName).toBe('Legacy-WhiteGlove-2019')
    }
    await send(mock(), `${PROFILES}/${legacy.id}/assignments/${(res.json as { id: string }).id}`, { method: 'DELETE' })
  })

  it('on a conflict the oldest created profile wins; an exclusion removes it', async () => {
    const all = await profiles()
    const pilot = all.find((p) => p.displayName === 'UD-AAD-Pilot')!
    const legacy = all.find((p) => p.displayName === 'Legacy-WhiteGlove-2019')!
    const [device] = (await devices()).filter((d) => (d.intendedDeploymentProfile as { displayName?: string } | null)?.displayName === 'UD-AAD-PreProv')
    // A new assigned group with this device in it.
    const group = (
      await post(mock(), '/v1.0/groups', { displayName: 'Conflict test', mailEnabled: false, mailNickname: 'conflict', securityEnabled: true, groupTypes: [] })
    ).json as Group
    const entra = ((await send(mock(), `/v1.0/devices?$filter=deviceId eq '${device!.azureAdDeviceId as string}'`)).json as { value: Array<{ id: string }> })
      .value[0]!
    expect(
      (await post(mock(), `/v1.0/groups/${group.id}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${entra.id}` })).status,
    ).toBe(204)
    const again = await post(mock(), `/v1.0/groups/${group.id}/members/$ref`, { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${entra.id}` })
    expect(again.status).toBe(400)
    expect((again.json as { error: { message: string } }).error.message).toMatch(/One or more added object references already exist/)
    // The pilot profile is newer than UD-AAD-PreProv: no change.
    await post(mock(), `${PROFILES}/${pilot.id}/assignments`, { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: group.id } })
    const intended = async () =>
      ((await send(mock(), `${DEVICES}/${device!.id}?$expand=intendedDeploymentProfile`)).json as { intendedDeploymentProfile: { displayName: string } })
        .intendedDeploymentProfile.displayName
    expect(await intended()).toBe('UD-AAD-PreProv')
    // The 2019 profile is older: it wins.
    const legacyAssignment = (
      await post(mock(), `${PROFILES}/${legacy.id}/assignments`, { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: group.id } })
    ).json as { id: string }
    expect(await intended()).toBe('Legacy-WhiteGlove-2019')
    // …unless that group is excluded from it: then the tag's profile again.
    await send(mock(), `${PROFILES}/${legacy.id}/assignments/${legacyAssignment.id}`, { method: 'DELETE' })
    await post(mock(), `${PROFILES}/${legacy.id}/assignments`, { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: group.id } })
    const tagGroup = ((await collect(mock(), '/v1.0/groups')).items as unknown as Group[]).find(
      (g) => g.displayName === `Autopilot - ${device!.groupTag as string}`,
    )!
    await post(mock(), `${PROFILES}/${legacy.id}/assignments`, {
      target: { '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget', groupId: tagGroup.id },
    })
    expect(await intended()).toBe('UD-AAD-PreProv')
    // Removing the member takes the pilot out of play entirely.
    expect((await send(mock(), `/v1.0/groups/${group.id}/members/${entra.id}/$ref`, { method: 'DELETE' })).status).toBe(204)
    expect(await intended()).toBe('UD-AAD-PreProv')
  })

  it('a new dynamic group on [OrderID] with an older profile re-targets the tagged devices; a bad rule is a 400', async () => {
    const bad = await post(mock(), '/v1.0/groups', {
      displayName: 'Bad',
      groupTypes: ['DynamicMembership'],
      membershipRule: '(device.displayName -eq "x")',
      membershipRuleProcessingState: 'On',
      mailEnabled: false,
      securityEnabled: true,
      mailNickname: 'bad',
    })
    expect(bad.status).toBe(400)
    const target = (await devices()).find((d) => (d.groupTag as string).startsWith('STD-'))!
    const group = (
      await post(mock(), '/v1.0/groups', {
        displayName: 'Dynamic STD',
        groupTypes: ['DynamicMembership'],
        membershipRule: `(device.devicePhysicalIds -any (_ -eq "[OrderID]:${(target.groupTag as string).toLowerCase()}"))`,
        membershipRuleProcessingState: 'On',
        mailEnabled: false,
        securityEnabled: true,
        mailNickname: 'std',
      })
    ).json as Group
    const legacy = (await profiles()).find((p) => p.displayName === 'Legacy-WhiteGlove-2019')!
    await post(mock(), `${PROFILES}/${legacy.id}/assignments`, { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: group.id } })
    const now = (await send(mock(), `${DEVICES}/${target.id}?$expand=intendedDeploymentProfile`)).json as {
      deploymentProfileAssignmentStatus: string
      intendedDeploymentProfile: { displayName: string }
    }
    expect(now.intendedDeploymentProfile.displayName).toBe('Legacy-WhiteGlove-2019')
    expect(now.deploymentProfileAssignmentStatus).toBe('pending')
    expect((await send(mock(), `/v1.0/groups/${group.id}`, { method: 'DELETE' })).status).toBe(204)
  })
})
