import { describe, expect, it } from 'vitest'
import { NOMINAL_DELAYS } from '@mock-intune/clock'
import { DEVICES, PROFILES, post, send, useClockedMock, type ErrorBody } from '../support'

interface SimView {
  device: { id: string; serialNumber: string; windows: string; manufacturer: string; virtualMachine: boolean; reenrollsAutomatically: boolean }
  power: string
  screen: string
  title: string
  actions: string[]
  organizationName: string | null
  profileName: string | null
  assignedUser: string | null
  qrPayload: string | null
  message: string | null
  attempt: null | {
    number: number
    elapsedSeconds: number
    phase: string
    steps: Array<{ phase: string; name: string; status: string }>
    error: null | { code: string; hresult: number; step: string; message: string; customErrorMessage: string | null }
  }
}

const MINUTE = 60_000
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** The device simulator under /_sim: the technician flow and every documented rule (docs/reference/autopilot.md §3, §6.3). */
describe('device simulator', () => {
  const { mock, clock } = useClockedMock({ devices: 3000, seed: 1 })
  const view = async (key: string) => {
    const res = await send(mock(), `/_sim/devices/${encodeURIComponent(key)}`)
    expect(res.status, res.text).toBe(200)
    return res.json as SimView
  }
  const press = async (key: string, action: string, expected = 200) => {
    const res = await send(mock(), `/_sim/devices/${encodeURIComponent(key)}/actions/${action}`, { method: 'POST' })
    expect(res.status, `${action}: ${res.text.slice(0, 300)}`).toBe(expected)
    return res.json as SimView
  }
  /** Power on, Win×5, choose pre-provisioning: the Win×5 screen. */
  const toPreprovision = async (key: string) => {
    await press(key, 'power-on')
    await press(key, 'win5')
    const choose = (await view(key)).actions[0]!
    return press(key, choose)
  }
  const provision = async (key: string) =>
    press(
      key,
      (await view(key)).actions.find((a) => a === 'next' || a === 'provision')!,
    )
  const identity = async (id: string) => (await send(mock(), `${DEVICES}/${id}`)).json as Record<string, string>
  const events = async (serial: string) =>
    (
      (await send(mock(), `/beta/deviceManagement/autopilotEvents?$filter=${encodeURIComponent(`deviceSerialNumber eq '${serial}'`)}`)).json as {
        value: Array<Record<string, string>>
      }
    ).value

  it('lists the bench: one device per scenario, with its screen', async () => {
    const res = await send(mock(), '/_sim/devices')
    const names = (res.json as { value: Array<{ scenario?: string; screen: string }> }).value.map((d) => d.scenario)
    for (const name of [
      'ready-win11',
      'ready-win10',
      'no-preprovisioning',
      'no-profile',
      'virtual-machine',
      'reenroll-blocked',
      'reenroll-automatic',
      'fix-pending',
      'hybrid',
      'self-deploying',
    ])
      expect(names).toContain(name)
    expect((await send(mock(), '/_sim/devices/NOT-A-DEVICE')).status).toBe(404)
    expect((await send(mock(), '/_sim/devices', { token: null })).status).toBe(401)
  })

  it('a device joins the bench when a button is pressed on it, not when it is only looked at (by id or serial)', async () => {
    const devices = ((await send(mock(), `${DEVICES}?$top=3000`)).json as { value: Array<{ id: string; serialNumber: string }> }).value
    const bench = async () => ((await send(mock(), '/_sim/devices')).json as { value: Array<{ id: string }> }).value.map((d) => d.id)
    const before = await bench()
    const candidate = devices.filter((d) => !before.includes(d.id)).at(-1)!
    expect((await view(candidate.serialNumber.toLowerCase())).device.id).toBe(candidate.id)
    expect(await bench()).not.toContain(candidate.id)
    await press(candidate.id, 'power-on')
    expect(await bench()).toContain(candidate.id)
    await press(candidate.id, 'wipe')
  })

  it('Windows 11 happy path: OOBE → Win×5 → Next → ESP → success → Reseal, visible in Intune as a real enrollment', async () => {
    const key = 'ready-win11'
    const off = await view(key)
    expect(off).toMatchObject({ screen: 'off', power: 'off', actions: ['power-on'] })
    expect(off.device.windows).toBe('Windows 11')
    expect((await press(key, 'power-on')).screen).toBe('oobe')
    expect((await press(key, 'win5')).actions).toEqual(['next', 'back'])
    const screen = await press(key, 'next')
    expect(screen).toMatchObject({
      screen: 'preprovision',
      title: 'Pre-provision with Windows Autopilot',
      organizationName: 'Contoso Ltd',
      actions: ['refresh', 'next'],
    })
    expect(screen.profileName).toBe('UD-AAD-PreProv')
    const before = await identity(screen.device.id)
    expect(screen.assignedUser).toBe(before.userPrincipalName)
    expect(before.enrollmentState).toBe('notContacted')

    // The QR text exactly as Windows builds it (docs/reference/graph-api.md §A1.4): these keys, in this order.
    const qr = JSON.parse(screen.qrPayload!) as Record<string, unknown>
    expect(Object.keys(qr)).toEqual(['Version', 'Id', 'ZtdId', 'PKID', 'SerialNumber', 'SequenceBlockNumber', 'TotalBlocks'])
    expect(qr).toMatchObject({
      Version: '1.0.0',
      ZtdId: screen.device.id,
      PKID: '',
      SerialNumber: screen.device.serialNumber,
      SequenceBlockNumber: 1,
      TotalBlocks: 1,
    })
    expect(qr.Id).toMatch(GUID)
    expect(qr.Id).not.toBe(qr.ZtdId)
    expect(screen.qrPayload).toBe(JSON.stringify(qr))
    // Reading the screen again shows the same render; Refresh renders it anew (a fresh random Id).
    expect((await view(key)).qrPayload).toBe(screen.qrPayload)
    const refreshed = await press(key, 'refresh')
    expect(JSON.parse(refreshed.qrPayload!).Id).not.toBe(qr.Id)

    const started = await press(key, 'next')
    expect(started.screen).toBe('provisioning')
    expect(started.attempt!.steps[0]).toMatchObject({ phase: 'devicePreparation', name: 'Securing your hardware', status: 'inProgress' })
    expect(started.attempt!.steps.filter((s) => s.phase === 'deviceSetup').map((s) => s.name)).toEqual([
      'Security policies',
      'Network connections',
      'Apps',
      'Certificates',
    ])
    clock.advance(3 * MINUTE)
    const midway = await view(key)
    expect(midway.screen).toBe('provisioning')
    // Enrolled once "Registering your device for mobile management" is done.
    const enrolled = await identity(screen.device.id)
    expect(enrolled.enrollmentState).toBe('enrolled')
    expect(enrolled.managedDeviceId).not.toBe('00000000-0000-0000-0000-000000000000')
    const managed = await send(mock(), `/v1.0/deviceManagement/managedDevices/${enrolled.managedDeviceId}`)
    expect(managed.status).toBe(200)
    expect(managed.json).toMatchObject({ serialNumber: screen.device.serialNumber, azureADDeviceId: enrolled.azureAdDeviceId, operatingSystem: 'Windows' })
    expect((managed.json as { deviceName: string }).deviceName).toMatch(/^AP-/)
    const bySerial = (
      await send(mock(), `/v1.0/deviceManagement/managedDevices?$filter=${encodeURIComponent(`serialNumber eq '${screen.device.serialNumber}'`)}`)
    ).json as { value: Array<{ id: string }> }
    expect(bySerial.value.map((m) => m.id)).toEqual([enrolled.managedDeviceId])

    clock.advance(10 * MINUTE)
    const done = await view(key)
    expect(done).toMatchObject({ screen: 'success', actions: ['reseal'], profileName: 'UD-AAD-PreProv' })
    expect(done.attempt!.steps.every((s) => s.status === 'complete')).toBe(true)
    expect(done.attempt!.elapsedSeconds).toBeGreaterThan(300)
    // Windows 11 result screens carry no QR code (docs/reference/autopilot.md §3.2, §10 item 4).
    expect(done.qrPayload).toBeNull()
    // The classic report is not real-time: the row appears only after the lag.
    const finishedAt = clock.now()
    expect(await events(screen.device.serialNumber)).toHaveLength(0)
    clock.advance(NOMINAL_DELAYS.autopilotEventLag)
    const rows = await events(screen.device.serialNumber)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      deploymentState: 'success',
      enrollmentType: 'azureADJoinedWithWhiteGlove',
      deviceId: enrolled.managedDeviceId,
      windowsAutopilotDeploymentProfileDisplayName: 'UD-AAD-PreProv',
    })
    expect(Date.parse(rows[0]!.deploymentEndDateTime!)).toBeLessThanOrEqual(finishedAt)
    const resealed = await press(key, 'reseal')
    expect(resealed).toMatchObject({ screen: 'resealed', power: 'off', actions: ['power-on'] })
  })

  it('Windows 10: Continue / Provision, and the QR code on the result screen too', async () => {
    const key = 'ready-win10'
    await press(key, 'power-on')
    expect((await press(key, 'win5')).actions).toEqual(['continue', 'back'])
    const screen = await press(key, 'continue')
    expect(screen).toMatchObject({ title: 'Windows Autopilot Configuration', actions: ['refresh', 'provision'] })
    await press(key, 'provision')
    clock.advance(20 * MINUTE)
    const done = await view(key)
    expect(done.screen).toBe('success')
    expect(JSON.parse(done.qrPayload!)).toMatchObject({ ZtdId: done.device.id, TotalBlocks: 1 })
  })

  it('a buttonless press is refused with 409 ActionNotAvailable', async () => {
    const res = await send(mock(), '/_sim/devices/hybrid/actions/reseal', { method: 'POST' })
    expect(res.status).toBe(409)
    expect((res.json as ErrorBody).error.code).toBe('ActionNotAvailable')
    expect((await send(mock(), '/_sim/devices/hybrid/actions/dance', { method: 'POST' })).status).toBe(404)
  })

  it('no assigned profile → the red screen without a QR code, and nothing to provision', async () => {
    const screen = await toPreprovision('no-profile')
    expect(screen).toMatchObject({ screen: 'preprovision', qrPayload: null, profileName: null, actions: ['refresh'] })
    expect(screen.message).toMatch(/No Windows Autopilot profile/)
    await press('no-profile', 'provision', 409)
  })

  it('profile without pre-provisioning → 0x80180005 at registration; after the admin allows it, Refresh, Retry… succeeds', async () => {
    const key = 'no-preprovisioning'
    const screen = await toPreprovision(key)
    expect(screen.qrPayload).not.toBeNull()
    await provision(key)
    clock.advance(20 * MINUTE)
    const failed = await view(key)
    expect(failed.screen).toBe('failed')
    expect(failed.actions).toEqual(['retry', 'reset'])
    expect(failed.attempt!.error).toMatchObject({ code: '0x80180005', step: 'Registering your device for mobile management', hresult: 0x80180005 | 0 })
    // Failures before enrollment never reach Intune: no managed device, no report row.
    expect((await identity(failed.device.id)).enrollmentState).toBe('notContacted')
    clock.advance(NOMINAL_DELAYS.autopilotEventLag * 2)
    expect(await events(failed.device.serialNumber)).toHaveLength(0)
    // The admin allows pre-provisioning; the device only sees it after Reset (new OOBE download).
    const profileId = ((await send(mock(), `${DEVICES}/${failed.device.id}?$expand=deploymentProfile`)).json as { deploymentProfile: { id: string } })
      .deploymentProfile.id
    expect((await post(mock(), `${PROFILES}/${profileId}`, { preprovisioningAllowed: true }, 'PATCH')).status).toBe(200)
    await press(key, 'retry')
    clock.advance(20 * MINUTE)
    expect((await view(key)).attempt!.error?.code).toBe('0x80180005')
    await press(key, 'reset')
    await press(key, 'win5')
    await press(key, (await view(key)).actions[0]!)
    await provision(key)
    clock.advance(20 * MINUTE)
    expect((await view(key)).screen).toBe('success')
    await send(mock(), `${PROFILES}/${profileId}`, { method: 'PATCH', body: { preprovisioningAllowed: false } })
  })

  it('later profile changes reach the device only with Refresh', async () => {
    const key = 'hybrid'
    const screen = await toPreprovision(key)
    const profileId = ((await send(mock(), `${DEVICES}/${screen.device.id}?$expand=deploymentProfile`)).json as { deploymentProfile: { id: string } })
      .deploymentProfile.id
    await post(mock(), `${PROFILES}/${profileId}`, { displayName: 'UD-Hybrid-PreProv v2' }, 'PATCH')
    expect((await view(key)).profileName).toBe('UD-Hybrid-PreProv')
    expect((await press(key, 'refresh')).profileName).toBe('UD-Hybrid-PreProv v2')
    await post(mock(), `${PROFILES}/${profileId}`, { displayName: 'UD-Hybrid-PreProv' }, 'PATCH')
  })

  it('a virtual machine → 0x800705B4 at "Securing your hardware" (needs a physical TPM 2.0)', async () => {
    const key = 'virtual-machine'
    const screen = await toPreprovision(key)
    expect(screen.device.virtualMachine).toBe(true)
    await provision(key)
    clock.advance(30 * MINUTE)
    const failed = await view(key)
    expect(failed.attempt!.error).toMatchObject({ code: '0x800705B4', step: 'Securing your hardware' })
    expect(failed.attempt!.steps).toHaveLength(1)
  })

  it('intermittent TPM attestation failure 0x81039001, forced for the next attempt; Retry then succeeds', async () => {
    const key = 'reenroll-automatic'
    await toPreprovision(key)
    const steering = await send(mock(), `/_sim/devices/${key}/steering`, { method: 'PUT', body: { nextAttempt: 'tpmFailure' } })
    expect(steering.status).toBe(200)
    await provision(key)
    clock.advance(5 * MINUTE)
    expect((await view(key)).attempt!.error).toMatchObject({ code: '0x81039001', step: 'Securing your hardware' })
    // The steering applied to one attempt only.
    await press(key, 'retry')
    clock.advance(20 * MINUTE)
    const done = await view(key)
    expect(done.screen).toBe('success')
    // Dell/HP/Lenovo/Dynabook/Surface re-enroll automatically: no 0x80180014 although it was enrolled before.
    expect(done.device.reenrollsAutomatically).toBe(true)
    expect(done.attempt!.number).toBe(2)
  })

  it('already enrolled through pre-provisioning, OEM without automatic re-enrollment → 0x80180014 until Unblock', async () => {
    const key = 'reenroll-blocked'
    const screen = await toPreprovision(key)
    expect(screen.device.reenrollsAutomatically).toBe(false)
    await provision(key)
    clock.advance(20 * MINUTE)
    const failed = await view(key)
    expect(failed.attempt!.error).toMatchObject({ code: '0x80180014', step: 'Registering your device for mobile management' })
    expect((await identity(failed.device.id)).userlessEnrollmentStatus).toBe('blocked')
    // Retry alone does not help…
    await press(key, 'retry')
    clock.advance(20 * MINUTE)
    expect((await view(key)).attempt!.error?.code).toBe('0x80180014')
    // …Unblock (allowNextEnrollment) does.
    expect((await post(mock(), `${DEVICES}/${failed.device.id}/allowNextEnrollment`)).status).toBe(204)
    await press(key, 'retry')
    clock.advance(20 * MINUTE)
    expect((await view(key)).screen).toBe('success')
    // Once used, the limit is back: wipe and redeploy → blocked again; deleting the Intune record lets it through.
    await press(key, 'wipe')
    await toPreprovision(key)
    await provision(key)
    clock.advance(20 * MINUTE)
    expect((await view(key)).attempt!.error?.code).toBe('0x80180014')
    const managedId = (await identity(failed.device.id)).managedDeviceId
    expect((await send(mock(), `/v1.0/deviceManagement/managedDevices/${managedId}`, { method: 'DELETE' })).status).toBe(204)
    expect((await identity(failed.device.id)).managedDeviceId).toBe('00000000-0000-0000-0000-000000000000')
    await press(key, 'retry')
    clock.advance(20 * MINUTE)
    expect((await view(key)).screen).toBe('success')
  })

  it('Entra device object deleted → 0x801C03F3 at "Joining your organization\'s network"', async () => {
    const key = 'self-deploying'
    const screen = await toPreprovision(key)
    expect((await send(mock(), `/_sim/devices/${key}/entra-device`, { method: 'DELETE' })).status).toBe(204)
    await provision(key)
    clock.advance(20 * MINUTE)
    expect((await view(key)).attempt!.error).toMatchObject({ code: '0x801C03F3', step: "Joining your organization's network" })
    const entraId = (await identity(screen.device.id)).azureAdDeviceId
    expect(((await send(mock(), `/v1.0/devices?$filter=${encodeURIComponent(`deviceId eq '${entraId}'`)}`)).json as { value: unknown[] }).value).toHaveLength(0)
  })

  it('deleting the Entra object through Graph (DELETE /v1.0/devices/{id}) has the same effect', async () => {
    const devices = ((await send(mock(), `${DEVICES}?$top=400&$expand=deploymentProfile`)).json as { value: Array<Record<string, unknown>> }).value
    const target = devices.find(
      (d) =>
        d.deploymentProfileAssignmentStatus === 'assignedInSync' &&
        d.enrollmentState === 'notContacted' &&
        d.model !== 'Virtual Machine' &&
        (d.deploymentProfile as { displayName: string }).displayName === 'UD-AAD-PreProv',
    )!
    const entra = (
      (await send(mock(), `/v1.0/devices?$filter=${encodeURIComponent(`deviceId eq '${target.azureAdDeviceId as string}'`)}`)).json as {
        value: Array<{ id: string }>
      }
    ).value[0]!
    expect((await send(mock(), `/v1.0/devices/${entra.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await send(mock(), `/v1.0/devices/${entra.id}`)).status).toBe(404)
    await toPreprovision(target.serialNumber as string)
    await provision(target.serialNumber as string)
    clock.advance(20 * MINUTE)
    expect((await view(target.serialNumber as string)).attempt!.error?.code).toBe('0x801C03F3')
  })

  it('a device-setup failure after enrollment shows in the report as a failure; Reset makes the next run a re-enrollment', async () => {
    const key = 'ready-win11'
    await press(key, 'wipe')
    await toPreprovision(key)
    expect((await send(mock(), `/_sim/devices/${key}/steering`, { method: 'PUT', body: { nextAttempt: 'deviceSetupFailure' } })).status).toBe(200)
    await provision(key)
    clock.advance(2 * 60 * MINUTE)
    const failed = await view(key)
    expect(failed.attempt!.error).toMatchObject({ code: '0x800705B4', step: 'Apps' })
    expect(failed.attempt!.error!.customErrorMessage).toMatch(/service desk/)
    clock.advance(NOMINAL_DELAYS.autopilotEventLag)
    const rows = await events(failed.device.serialNumber)
    expect(rows.map((r) => r.deploymentState)).toEqual(['failure', 'success'])
    // Retry keeps the first row (§6.2 "The first failure stays Failed after Try again").
    await press(key, 'retry')
    clock.advance(30 * MINUTE + NOMINAL_DELAYS.autopilotEventLag)
    expect((await view(key)).screen).toBe('success')
    expect(await events(failed.device.serialNumber)).toHaveLength(2)
  })

  it('hardware change: Fix pending (no profile, no Unblock) → resolved, or Attention required', async () => {
    const target = (await view('ready-win10')).device
    const res = await post(mock(), `/_sim/devices/${target.id}/hardware-change`, { outcome: 'fixed' })
    expect(res.status).toBe(200)
    expect((await identity(target.id)).remediationState).toBe('automaticRemediationRequired')
    await press(target.id, 'wipe')
    const red = await toPreprovision(target.id)
    expect(red.qrPayload).toBeNull()
    expect(red.message).toMatch(/Fix pending/)
    expect((await post(mock(), `${DEVICES}/${target.id}/allowNextEnrollment`)).status).toBe(400)
    clock.advance(NOMINAL_DELAYS.remediation)
    expect((await identity(target.id)).remediationState).toBe('noRemediationRequired')
    expect((await press(target.id, 'refresh')).qrPayload).not.toBeNull()
    await post(mock(), `/_sim/devices/${target.id}/hardware-change`, { outcome: 'attentionRequired' })
    clock.advance(NOMINAL_DELAYS.remediation)
    expect((await identity(target.id)).remediationState).toBe('manualRemediationRequired')
    expect((await press(target.id, 'refresh')).message).toMatch(/Attention required/)
  })

  it('steering and controls validate their input', async () => {
    expect((await send(mock(), '/_sim/devices/hybrid/steering', { method: 'PUT', body: { nextAttempt: 'explode' } })).status).toBe(400)
    expect((await send(mock(), '/_sim/devices/hybrid/steering', { method: 'PUT', body: { nextAttempt: 'tpmFailure', errorCode: '0x80070643' } })).status).toBe(
      400,
    )
    expect((await send(mock(), '/_sim/devices/hybrid/steering', { method: 'PUT', body: '{oops' })).status).toBe(400)
    expect((await send(mock(), '/_sim/devices/hybrid/steering', { method: 'DELETE' })).status).toBe(204)
    expect((await post(mock(), '/_sim/clock/advance', { seconds: -1 })).status).toBe(400)
  })
})

describe('device simulator: seeded TPM failures', () => {
  /** Runs one attempt on each of 24 fresh pre-provisioning devices; returns each outcome. */
  const outcomes = async (mock: () => { url: string }, clock: { advance(ms: number): void }): Promise<string[]> => {
    const list = ((await send(mock(), `${DEVICES}?$top=1000&$expand=deploymentProfile`)).json as { value: Array<Record<string, unknown>> }).value
    const fresh = list
      .filter(
        (d) =>
          d.deploymentProfileAssignmentStatus === 'assignedInSync' &&
          d.enrollmentState === 'notContacted' &&
          d.remediationState === 'noRemediationRequired' &&
          d.model !== 'Virtual Machine' &&
          (d.deploymentProfile as { displayName: string }).displayName === 'UD-AAD-PreProv',
      )
      .slice(0, 24)
    expect(fresh).toHaveLength(24)
    for (const d of fresh) {
      for (const action of ['power-on', 'win5', 'next', 'next']) await send(mock(), `/_sim/devices/${d.id as string}/actions/${action}`, { method: 'POST' })
    }
    clock.advance(30 * MINUTE)
    const result: string[] = []
    for (const d of fresh) {
      const view = (await send(mock(), `/_sim/devices/${d.id as string}`)).json as SimView
      result.push(view.attempt?.error?.code ?? view.screen)
    }
    return result
  }
  const a = useClockedMock({ devices: 1500, seed: 9, tpmFailureRate: 0.5 })
  const b = useClockedMock({ devices: 1500, seed: 9, tpmFailureRate: 0.5 })

  it('fails at about the configured rate, identically for the same seed', async () => {
    const first = await outcomes(a.mock, a.clock)
    const second = await outcomes(b.mock, b.clock)
    expect(first).toEqual(second)
    const failures = first.filter((o) => o === '0x81039001').length
    expect(failures).toBeGreaterThanOrEqual(6)
    expect(failures).toBeLessThanOrEqual(18)
    expect(first.filter((o) => o === 'success').length).toBe(24 - failures)
  })

  it('a rate of 1 fails every attempt; PATCH /_sim/settings changes the rate', async () => {
    expect((await send(a.mock(), '/_sim/settings', { method: 'PATCH', body: { tpmFailureRate: 1 } })).status).toBe(200)
    const key = 'ready-win10'
    for (const action of ['power-on', 'win5', 'continue', 'provision']) await send(a.mock(), `/_sim/devices/${key}/actions/${action}`, { method: 'POST' })
    for (let i = 0; i < 3; i++) {
      a.clock.advance(30 * MINUTE)
      expect(((await send(a.mock(), `/_sim/devices/${key}`)).json as SimView).attempt?.error?.code).toBe('0x81039001')
      await send(a.mock(), `/_sim/devices/${key}/actions/retry`, { method: 'POST' })
    }
  })
})
