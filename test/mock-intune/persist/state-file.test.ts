import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startMockIntune } from '@mock-intune'
import { ManualClock } from '@mock-intune/clock'
import { StateFileError } from '@mock-intune/persist/state-file'
import { DEVICES, PROFILES, post, send, type ListBody } from '../support'

/** --state FILE: every change survives a restart; the file is replaced atomically. */
describe('state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mock-intune-state-'))
  const file = join(dir, 'tenant.json')
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const clock = new ManualClock()
  const options = { port: 0, devices: 300, seed: 4, stateFile: file, clock, throttle: 'off' as const, speed: 1, tpmFailureRate: 0 }

  it('keeps device edits, new profiles, groups, imports, sync, simulator and fault settings across a restart', async () => {
    const first = await startMockIntune(options)
    const [a, b] = ((await send(first, DEVICES)).json as ListBody).value
    expect((await post(first, `${DEVICES}/${a!.id}/updateDeviceProperties`, { groupTag: 'KIOSK-X', displayName: 'KEEP-ME' })).status).toBe(204)
    expect((await send(first, `${DEVICES}/${b!.id}`, { method: 'DELETE' })).status).toBe(204)
    const profile = (await post(first, PROFILES, { '@odata.type': '#microsoft.graph.azureADWindowsAutopilotDeploymentProfile', displayName: 'Persisted' }))
      .json as { id: string }
    const group = (
      await post(first, '/v1.0/groups', { displayName: 'Persisted group', groupTypes: [], mailEnabled: false, securityEnabled: true, mailNickname: 'p' })
    ).json as { id: string }
    await post(first, `${PROFILES}/${profile.id}/assignments`, { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: group.id } })
    const imported = (
      await post(first, '/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities', { serialNumber: 'PF9STATE', hardwareIdentifier: 'QUFBQQ==' })
    ).json as { id: string }
    expect((await post(first, '/beta/deviceManagement/windowsAutopilotSettings/sync')).status).toBe(204)
    await send(first, '/_sim/devices/ready-win11/actions/power-on', { method: 'POST' })
    await send(first, '/_sim/faults', { method: 'PUT', body: { spec: '500=#1000' } })
    await first.close()
    expect(readdirSync(dir)).toEqual(['tenant.json'])
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'mock-intune-state', seed: 4, deviceCount: 300 })

    const second = await startMockIntune(options)
    expect((await send(second, `${DEVICES}/${a!.id}`)).json).toMatchObject({ groupTag: 'KIOSK-X', displayName: 'KEEP-ME' })
    expect((await send(second, `${DEVICES}/${b!.id}`)).status).toBe(404)
    expect((await send(second, `${PROFILES}/${profile.id}/assignments`)).json).toMatchObject({ value: [{ target: { groupId: group.id } }] })
    expect((await send(second, `/v1.0/groups/${group.id}`)).status).toBe(200)
    expect((await send(second, `/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities/${imported.id}`)).status).toBe(200)
    expect((await post(second, '/beta/deviceManagement/windowsAutopilotSettings/sync')).status).toBe(409)
    expect(((await send(second, '/_sim/devices/ready-win11')).json as { screen: string }).screen).toBe('oobe')
    expect((await send(second, '/_sim/faults')).json).toMatchObject({ spec: '500=#1000' })
    // The import keeps processing after the restart: the queued job was persisted too.
    clock.advance(20 * 60_000)
    const state = (
      (await send(second, `/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities/${imported.id}`)).json as { state: { deviceRegistrationId: string } }
    ).state
    expect((await send(second, `${DEVICES}/${state.deviceRegistrationId}`)).status).toBe(200)
    await second.close()
  })

  it('keeps each scenario name on the same PC across a restart, once the PC it named has changed', async () => {
    const scenarios = join(dir, 'scenarios.json')
    const idOf = async (mock: Parameters<typeof send>[0], name: string) =>
      ((await send(mock, `/_sim/devices/${name}`)).json as { device: { id: string } }).device.id
    const first = await startMockIntune({ ...options, stateFile: scenarios })
    const ready = await idOf(first, 'ready-win11')
    const blocked = await idOf(first, 'reenroll-blocked')
    // The scenario's PC no longer fits it (ready-win11 needs an assigned user)...
    expect((await post(first, `${DEVICES}/${ready}/unassignUserFromDevice`)).status).toBe(204)
    await first.close()
    // ...and the restarted mock, which loads the changed devices, still names the same PCs: the
    // simulator and the app's cache must not disagree about which PC "ready-win11" is.
    const second = await startMockIntune({ ...options, stateFile: scenarios })
    expect(await idOf(second, 'ready-win11')).toBe(ready)
    expect(await idOf(second, 'reenroll-blocked')).toBe(blocked)
    await second.close()
    // A file written before the names were kept: they are found on the generated tenant, before its changes come back.
    const older = JSON.parse(readFileSync(scenarios, 'utf8')) as Record<string, unknown>
    delete older.scenarios
    writeFileSync(scenarios, JSON.stringify(older))
    const third = await startMockIntune({ ...options, stateFile: scenarios })
    expect(await idOf(third, 'ready-win11')).toBe(ready)
    await third.close()
  })

  it('refuses a file written for another tenant, or one that is not a state file', async () => {
    await expect(startMockIntune({ ...options, seed: 5 })).rejects.toThrow(StateFileError)
    const broken = join(dir, 'broken.json')
    writeFileSync(broken, '{"format":')
    await expect(startMockIntune({ ...options, stateFile: broken })).rejects.toThrow(StateFileError)
  })

  it('creates the file (and its folder) on the first change', async () => {
    const fresh = join(dir, 'new', 'nested', 'state.json')
    const mock = await startMockIntune({ ...options, stateFile: fresh })
    const [d] = ((await send(mock, DEVICES)).json as ListBody).value
    await post(mock, `${DEVICES}/${d!.id}/updateDeviceProperties`, { displayName: 'FIRST' })
    await mock.close()
    expect(JSON.parse(readFileSync(fresh, 'utf8')).devices.changed).toHaveLength(1)
  })
})
