import { describe, expect, it } from 'vitest'
import { ManualClock } from '@mock-intune/clock'
import { allRoutes } from '@mock-intune/routes'
import { simRoutes } from '@mock-intune/routes/sim'
import { createState } from '@mock-intune/server'
import { DEVICES, PROFILES, send, useMock, type ListBody, type RawResponse } from '../support'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const UNKNOWN = '6f3c6f5e-9d1a-4c55-8a51-0b7f3c2d9e11'
const CLIENT_REQUEST_ID = '0b5e9d2c-7a41-4f8e-9c3d-2e1f0a9b8c7d'

/** Graph conventions every response must keep (docs/reference/graph-api.md §B0, §B9, §B13 cross-cutting). */
function checkConventions(res: RawResponse, label: string, mockUrl: string, graph: boolean): void {
  expect(res.headers['request-id'], label).toMatch(GUID)
  expect(res.headers['client-request-id'], label).toBe(CLIENT_REQUEST_ID)
  if (res.status === 204) {
    expect(res.text, label).toBe('')
    return
  }
  expect(res.headers['content-type'], label).toMatch(/^application\/json/)
  expect(res.json, label).toBeDefined()
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`))
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const allowed =
          /^@odata\.[a-zA-Z]+$/.test(key) || /^[a-z][A-Za-z0-9]*$/.test(key) || (path.endsWith('innerError') && /^(request-id|client-request-id)$/.test(key))
        expect(allowed, `${label}: key ${path}.${key} is not camelCase`).toBe(true)
        walk(child, `${path}.${key}`)
      }
    }
  }
  walk(res.json, '$')
  if (res.status >= 400) {
    const error = (res.json as { error: { code: string; message: string; innerError: Record<string, string> } }).error
    expect(typeof error.code, label).toBe('string')
    expect(typeof error.message, label).toBe('string')
    expect(error.innerError['request-id'], label).toBe(res.headers['request-id'])
    expect(error.innerError['client-request-id'], label).toBe(CLIENT_REQUEST_ID)
  } else if (graph) {
    expect(String((res.json as Record<string, unknown>)['@odata.context']), label).toMatch(
      new RegExp(`^${mockUrl.replace(/[.]/g, '\\.')}/(beta|v1\\.0)/\\$metadata#`),
    )
  }
}

interface Case {
  method: string
  path: string
  body?: unknown
  status: number
}

/**
 * Every endpoint of the mock (docs/reference/graph-api.md §B13 #1–#13 and more, plus /_sim), success and
 * error paths, each checked for Graph's conventions; the route table itself proves nothing was missed.
 */
describe('contract: every endpoint', () => {
  const mock = useMock({ devices: 700, seed: 1, throttle: 'off', clock: new ManualClock(), tpmFailureRate: 0 })

  it('answers every route with the documented status and Graph conventions; missing token → 401 everywhere', async () => {
    const list = ((await send(mock(), `${DEVICES}?$expand=deploymentProfile`)).json as ListBody).value
    const [d1, d2, d3, d4] = list
    const withProfile = list.find((d) => d.deploymentProfile !== null)!
    const enrolled = list.find((d) => d.managedDeviceId !== '00000000-0000-0000-0000-000000000000')!
    const profiles = ((await send(mock(), PROFILES)).json as { value: Array<{ id: string; displayName: string }> }).value
    const bench = profiles.find((p) => p.displayName === 'UD-AAD-PreProv')!
    const legacy = profiles.find((p) => p.displayName === 'Legacy-WhiteGlove-2019')!
    const groups = ((await send(mock(), '/v1.0/groups')).json as { value: Array<{ id: string; membershipRule: string | null }> }).value
    const staticGroup = groups.find((g) => g.membershipRule === null)!
    const entra = ((await send(mock(), `/v1.0/devices?$filter=deviceId eq '${d4!.azureAdDeviceId as string}'`)).json as { value: Array<{ id: string }> })
      .value[0]!
    const user = ((await send(mock(), '/v1.0/users?$top=1')).json as { value: Array<{ id: string }> }).value[0]!
    const event = ((await send(mock(), '/beta/deviceManagement/autopilotEvents?$top=1')).json as { value: Array<{ id: string }> }).value[0]!
    const esp = (
      (await send(mock(), '/beta/deviceManagement/deviceEnrollmentConfigurations')).json as {
        value: Array<{ id: string; priority: number; displayName: string }>
      }
    ).value.find((c) => c.displayName === 'ESP - Kiosk')!
    const imported = (
      await send(mock(), '/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities', {
        method: 'POST',
        body: { serialNumber: 'CONTRACT-1', hardwareIdentifier: 'QUFBQQ==' },
      })
    ).json as { id: string }
    const exportJob = (await send(mock(), '/beta/deviceManagement/reports/exportJobs', { method: 'POST', body: { reportName: 'AutopilotV2DeploymentStatus' } }))
      .json as { id: string }
    await send(mock(), '/_sim/clock/advance', { method: 'POST', body: { seconds: 60 } })
    const exportUrl = ((await send(mock(), `/beta/deviceManagement/reports/exportJobs/${exportJob.id}`)).json as { url: string }).url.slice(mock().url.length)
    const newGroup = (
      await send(mock(), '/v1.0/groups', {
        method: 'POST',
        body: { displayName: 'Contract', groupTypes: [], mailEnabled: false, securityEnabled: true, mailNickname: 'c' },
      })
    ).json as { id: string }
    const newProfile = (
      await send(mock(), PROFILES, {
        method: 'POST',
        body: { '@odata.type': '#microsoft.graph.azureADWindowsAutopilotDeploymentProfile', displayName: 'Contract' },
      })
    ).json as { id: string }
    const assignment = (
      await send(mock(), `${PROFILES}/${legacy.id}/assignments`, {
        method: 'POST',
        body: { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: newGroup.id } },
      })
    ).json as { id: string }
    const A = '/beta/deviceManagement/windowsAutopilotDeviceIdentities'
    const V1 = '/v1.0/deviceManagement/windowsAutopilotDeviceIdentities'
    const I = '/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities'
    const E = '/beta/deviceManagement/deviceEnrollmentConfigurations'
    const cases: Case[] = [
      // #1–#2 identities
      { method: 'GET', path: A, status: 200 },
      { method: 'GET', path: V1, status: 200 },
      { method: 'GET', path: `${A}?$filter=serialNumber eq 'x'`, status: 400 },
      { method: 'GET', path: `${A}?$filter=contains(serialNumber,'${d1!.serialNumber.slice(2, 6)}')`, status: 200 },
      { method: 'GET', path: `${A}/${d1!.id}?$expand=deploymentProfile,intendedDeploymentProfile`, status: 200 },
      { method: 'GET', path: `${A}/${UNKNOWN}`, status: 404 },
      { method: 'GET', path: `${A}/${withProfile.id}/deploymentProfile`, status: 200 },
      { method: 'GET', path: `${A}/${withProfile.id}/intendedDeploymentProfile`, status: 200 },
      { method: 'POST', path: A, body: { serialNumber: 'CONTRACT-NEW' }, status: 201 },
      // #3, #4, #7 actions (and their profile aliases)
      { method: 'POST', path: `${A}/${d1!.id}/UpdateDeviceProperties`, body: { groupTag: 'BENCH-LDN' }, status: 204 },
      { method: 'POST', path: `${V1}/${d1!.id}/updateDeviceProperties`, body: { displayName: 'V1-NAME' }, status: 204 },
      {
        method: 'POST',
        path: `${A}/${d1!.id}/assignUserToDevice`,
        body: { userPrincipalName: 'anna.anderson@contoso.com', addressableUserName: 'Anna' },
        status: 204,
      },
      { method: 'POST', path: `${A}/${d1!.id}/unassignUserFromDevice`, status: 204 },
      { method: 'POST', path: `${A}/${d2!.id}/allowNextEnrollment`, status: d2!.remediationState === 'automaticRemediationRequired' ? 400 : 204 },
      { method: 'POST', path: `${A}/${UNKNOWN}/allowNextEnrollment`, status: 404 },
      { method: 'POST', path: `${PROFILES}/${bench.id}/assignedDevices/${d1!.id}/updateDeviceProperties`, body: { displayName: 'ALIAS' }, status: 204 },
      {
        method: 'POST',
        path: `${PROFILES}/${bench.id}/assignedDevices/${d1!.id}/assignUserToDevice`,
        body: { userPrincipalName: 'anna.anderson@contoso.com', addressableUserName: 'Anna' },
        status: 204,
      },
      { method: 'POST', path: `${PROFILES}/${bench.id}/assignedDevices/${d1!.id}/unassignUserFromDevice`, status: 204 },
      { method: 'POST', path: `${PROFILES}/${bench.id}/assignedDevices/${d1!.id}/allowNextEnrollment`, status: 204 },
      // #8 delete
      { method: 'DELETE', path: `${A}/${d3!.id}`, status: 204 },
      { method: 'POST', path: `${A}/deleteDevices`, body: { serialNumbers: ['NOPE'] }, status: 200 },
      // #5 settings + sync
      { method: 'GET', path: '/beta/deviceManagement/windowsAutopilotSettings', status: 200 },
      { method: 'POST', path: '/beta/deviceManagement/windowsAutopilotSettings/sync', status: 204 },
      { method: 'POST', path: '/beta/deviceManagement/windowsAutopilotSettings/sync', status: 409 },
      // #6 profiles
      { method: 'GET', path: PROFILES, status: 200 },
      { method: 'GET', path: `${PROFILES}?$filter=displayName eq 'x'`, status: 400 },
      { method: 'GET', path: `${PROFILES}/${bench.id}`, status: 200 },
      { method: 'GET', path: `${PROFILES}/${UNKNOWN}`, status: 404 },
      {
        method: 'POST',
        path: PROFILES,
        body: { '@odata.type': '#microsoft.graph.activeDirectoryWindowsAutopilotDeploymentProfile', displayName: 'Contract hybrid' },
        status: 201,
      },
      { method: 'PATCH', path: `${PROFILES}/${newProfile.id}`, body: { description: 'patched' }, status: 200 },
      { method: 'DELETE', path: `${PROFILES}/${newProfile.id}`, status: 204 },
      { method: 'GET', path: `${PROFILES}/${bench.id}/assignments`, status: 200 },
      {
        method: 'POST',
        path: `${PROFILES}/${legacy.id}/assignments`,
        body: { target: { '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget', groupId: newGroup.id } },
        status: 201,
      },
      { method: 'GET', path: `${PROFILES}/${legacy.id}/assignments/${assignment.id}`, status: 200 },
      { method: 'DELETE', path: `${PROFILES}/${legacy.id}/assignments/${assignment.id}`, status: 204 },
      { method: 'GET', path: `${PROFILES}/${legacy.id}/assignments/${assignment.id}`, status: 404 },
      { method: 'POST', path: `${PROFILES}/${bench.id}/assign`, body: { deviceIds: [d1!.id] }, status: 204 },
      { method: 'GET', path: `${PROFILES}/${bench.id}/assignedDevices?$top=5`, status: 200 },
      // #9 imports
      { method: 'GET', path: I, status: 200 },
      { method: 'POST', path: I, body: { serialNumber: 'CONTRACT-2', hardwareIdentifier: 'QUFBQQ==' }, status: 201 },
      {
        method: 'POST',
        path: `${I}/import`,
        body: { importedWindowsAutopilotDeviceIdentities: [{ serialNumber: 'CONTRACT-3', hardwareIdentifier: 'QUFBQg==' }] },
        status: 200,
      },
      { method: 'GET', path: `${I}/${imported.id}`, status: 200 },
      { method: 'DELETE', path: `${I}/${imported.id}`, status: 204 },
      { method: 'GET', path: `${I}/${imported.id}`, status: 404 },
      // #10 events
      { method: 'GET', path: '/beta/deviceManagement/autopilotEvents', status: 200 },
      { method: 'GET', path: `/beta/deviceManagement/autopilotEvents/${event.id}`, status: 200 },
      { method: 'GET', path: `/beta/deviceManagement/autopilotEvents/${UNKNOWN}`, status: 404 },
      { method: 'POST', path: '/beta/deviceManagement/reports/exportJobs', body: { reportName: 'AutopilotV1DeploymentStatus', format: 'csv' }, status: 201 },
      { method: 'GET', path: '/v1.0/deviceManagement/reports/exportJobs', status: 200 },
      { method: 'GET', path: `/beta/deviceManagement/reports/exportJobs/${exportJob.id}`, status: 200 },
      { method: 'GET', path: `/beta/deviceManagement/reports/exportJobs/${UNKNOWN}`, status: 404 },
      // #11 users
      { method: 'GET', path: "/v1.0/users?$filter=startswith(displayName,'a') or startswith(userPrincipalName,'a')&$top=25", status: 200 },
      { method: 'GET', path: `/v1.0/users/${user.id}`, status: 200 },
      { method: 'GET', path: `/v1.0/users/${UNKNOWN}`, status: 404 },
      // #12 managed devices and Entra devices, groups
      { method: 'GET', path: `/v1.0/deviceManagement/managedDevices?$filter=serialNumber eq '${enrolled.serialNumber}'`, status: 200 },
      { method: 'GET', path: `/v1.0/deviceManagement/managedDevices/${enrolled.managedDeviceId as string}`, status: 200 },
      { method: 'GET', path: `/v1.0/deviceManagement/managedDevices/${UNKNOWN}`, status: 404 },
      { method: 'DELETE', path: `/v1.0/deviceManagement/managedDevices/${enrolled.managedDeviceId as string}`, status: 204 },
      { method: 'GET', path: `/v1.0/devices?$filter=deviceId eq '${d4!.azureAdDeviceId as string}'`, status: 200 },
      { method: 'GET', path: `/v1.0/devices/${entra.id}`, status: 200 },
      { method: 'GET', path: `/v1.0/devices/${entra.id}/memberOf`, status: 200 },
      { method: 'GET', path: `/v1.0/devices/${UNKNOWN}`, status: 404 },
      { method: 'GET', path: '/v1.0/groups', status: 200 },
      { method: 'GET', path: `/v1.0/groups/${staticGroup.id}`, status: 200 },
      { method: 'GET', path: `/v1.0/groups/${staticGroup.id}/members`, status: 200 },
      {
        method: 'POST',
        path: `/v1.0/groups/${newGroup.id}/members/$ref`,
        body: { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${entra.id}` },
        status: 204,
      },
      { method: 'DELETE', path: `/v1.0/groups/${newGroup.id}/members/${entra.id}/$ref`, status: 204 },
      { method: 'PATCH', path: `/v1.0/groups/${newGroup.id}`, body: { description: 'x' }, status: 204 },
      {
        method: 'POST',
        path: '/v1.0/groups',
        body: {
          displayName: 'Contract 2',
          groupTypes: ['DynamicMembership'],
          membershipRule: '(device.devicePhysicalIds -any (_ -eq "[OrderID]:X"))',
          membershipRuleProcessingState: 'On',
          mailEnabled: false,
          securityEnabled: true,
          mailNickname: 'c2',
        },
        status: 201,
      },
      { method: 'DELETE', path: `/v1.0/groups/${newGroup.id}`, status: 204 },
      { method: 'GET', path: `/v1.0/groups/${UNKNOWN}`, status: 404 },
      { method: 'DELETE', path: `/v1.0/devices/${entra.id}`, status: 204 },
      // ESP
      { method: 'GET', path: E, status: 200 },
      { method: 'GET', path: `${E}/${esp.id}?$expand=assignments`, status: 200 },
      { method: 'GET', path: `${E}/${esp.id}/assignments`, status: 200 },
      { method: 'PATCH', path: `${E}/${esp.id}`, body: { installProgressTimeoutInMinutes: 50 }, status: 200 },
      {
        method: 'POST',
        path: `${E}/${esp.id}/assign`,
        body: { enrollmentConfigurationAssignments: [{ target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: staticGroup.id } }] },
        status: 204,
      },
      { method: 'GET', path: `${E}/${UNKNOWN}`, status: 404 },
      // #13
      { method: 'GET', path: '/v1.0/organization', status: 200 },
      // App names for the ESP's app ids
      { method: 'GET', path: '/beta/deviceAppManagement/mobileApps?$select=id,displayName', status: 200 },
      { method: 'GET', path: '/v1.0/deviceAppManagement/mobileApps/bbbbbbbb-0000-4000-8000-000000000002', status: 200 },
      // The simulator and controls
      { method: 'GET', path: '/_sim', status: 200 },
      { method: 'GET', path: '/_sim/devices', status: 200 },
      { method: 'GET', path: '/_sim/devices/ready-win11', status: 200 },
      { method: 'POST', path: '/_sim/devices/ready-win11/actions/power-on', status: 200 },
      { method: 'PUT', path: '/_sim/devices/ready-win11/steering', body: { nextAttempt: 'success' }, status: 200 },
      { method: 'DELETE', path: '/_sim/devices/ready-win11/steering', status: 204 },
      { method: 'POST', path: '/_sim/devices/ready-win10/hardware-change', body: { outcome: 'fixed' }, status: 200 },
      { method: 'DELETE', path: '/_sim/devices/hybrid/entra-device', status: 204 },
      { method: 'GET', path: '/_sim/scenarios', status: 200 },
      { method: 'GET', path: '/_sim/clock', status: 200 },
      { method: 'POST', path: '/_sim/clock/advance', body: { seconds: 1 }, status: 200 },
      { method: 'GET', path: '/_sim/faults', status: 200 },
      { method: 'PUT', path: '/_sim/faults', body: { spec: '' }, status: 200 },
      { method: 'DELETE', path: '/_sim/faults', status: 204 },
      { method: 'GET', path: '/_sim/settings', status: 200 },
      { method: 'PATCH', path: '/_sim/settings', body: { tpmFailureRate: 0 }, status: 200 },
    ]
    for (const c of cases) {
      const res = await send(mock(), c.path, { method: c.method, body: c.body, headers: { 'client-request-id': CLIENT_REQUEST_ID } })
      const label = `${c.method} ${c.path}`
      expect(res.status, `${label}: ${res.text.slice(0, 300)}`).toBe(c.status)
      checkConventions(res, label, mock().url, !c.path.startsWith('/_sim'))
    }
    for (const c of cases) {
      const res = await send(mock(), c.path, { method: c.method, body: c.body, token: null })
      expect(res.status, `${c.method} ${c.path} without a token`).toBe(401)
      expect((res.json as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken')
    }

    // The export download is a signed .zip, not JSON: no token needed, the signature is.
    const download = await send(mock(), exportUrl, { token: null })
    expect(download.status).toBe(200)
    expect(download.headers['content-type']).toBe('application/zip')

    // Nothing was missed: every route in the mock's route tables was requested (with a token, on some version).
    const state = createState({ devices: 1 })
    const escape = (path: string) => path.replace(/[.$]/g, (c) => `\\${c}`).replace(/\{[^}]+\}/g, '[^/]+')
    const routes = [
      ...allRoutes(state).map((r) => ({
        label: `${r.method} /${r.versions.join('|')}${r.path}`,
        method: r.method,
        pattern: new RegExp(`^/(${r.versions.map(escape).join('|')})${escape(r.path)}$`, 'i'),
      })),
      ...simRoutes(state).map((r) => ({
        label: `${r.method} /_sim${r.path}`,
        method: r.method,
        pattern: new RegExp(`^/_sim${r.path === '/' ? '' : escape(r.path)}$`, 'i'),
      })),
    ]
    const requested = mock()
      .requestLog.filter((e) => e.status !== 401)
      .map((e) => ({ method: e.method, path: decodeURIComponent(e.path.split('?')[0] ?? '') }))
    const missed = routes.filter((route) => !requested.some((r) => r.method === route.method && route.pattern.test(r.path)))
    expect(missed.map((r) => r.label)).toEqual([])
  })
})
