import { GraphError } from '../graph-errors'
import type { DeviceRecord } from '../model/device-record'
import { applyNameTemplate, isHybrid, isSelfDeploying } from '../model/profile'
import type { MockState } from '../mock-state'
import { entraDeleted, reenrollsAutomatically } from '../domain/device-actions'
import { deviceNameOf, isEnrolled, windowsOf, type WindowsVersion } from '../domain/device-facts'
import { isoDuration } from '../routes/autopilot-events'
import { factsOf, isVirtualMachine } from '../store/device-view'
import { randomGuid } from '../tenant/guid'
import { hash32, randomStream } from '../tenant/prng'
import { isoSeconds } from '../tenant/device-status'
import { ERRORS, hresultOf, type SimError } from './error-codes'
import type { Attempt, EspPhase, PlannedStep, ProfileSnapshot, Screen, SimDevice, Steering } from './sim-types'

/**
 * The PC on the bench, driven like the real one (docs/reference/autopilot.md §3.2 technician flow):
 *
 *   power-on → OOBE (the profile is downloaded now; later changes arrive only with Refresh, §2.2)
 *   → Win×5 → "What would you like to do?" → pre-provisioning screen (organization, profile, assigned
 *   user, QR code — none on the red "no profile" screen) → Provision (Win10) / Next (Win11)
 *   → ESP: Device preparation + Device setup (§4.1) → success (Reseal → powered off) or failure with an
 *   error code (Retry / Reset).
 *
 * The documented rules apply by themselves, in the order the ESP meets them (see planAttempt). Time
 * comes from the mock clock, scaled by --speed; effects on Intune (managed device, enrollment state,
 * report row) are scheduler jobs, so they appear when they would.
 */
export type SimAction = 'power-on' | 'win5' | 'back' | 'continue' | 'next' | 'provision' | 'refresh' | 'reseal' | 'retry' | 'reset' | 'power-off' | 'wipe'
export const SIM_ACTIONS: readonly SimAction[] = [
  'power-on',
  'win5',
  'back',
  'continue',
  'next',
  'provision',
  'refresh',
  'reseal',
  'retry',
  'reset',
  'power-off',
  'wipe',
]
const PRIMARY: ReadonlySet<SimAction> = new Set(['continue', 'next', 'provision'])

const SECOND = 1000
/** Nominal step durations at speed 1 (mock choice; a real technician flow takes 10–30 minutes). */
const DEVICE_PREPARATION: ReadonlyArray<readonly [string, number]> = [
  ['Securing your hardware', 45 * SECOND],
  ["Joining your organization's network", 30 * SECOND],
  ['Registering your device for mobile management', 30 * SECOND],
  ['Preparing your device for mobile management', 60 * SECOND],
]
const RENAME_STEP: readonly [string, number] = ['Restarting to apply the device name', 45 * SECOND]
const DEVICE_SETUP: ReadonlyArray<readonly [string, number]> = [
  ['Security policies', 60 * SECOND],
  ['Network connections', 20 * SECOND],
  ['Apps', 240 * SECOND],
  ['Certificates', 20 * SECOND],
]
/** How long "Securing your hardware" spins on a VM before timing out (mock choice). */
const VM_ATTESTATION_TIMEOUT = 5 * 60 * SECOND
const STEP = { hardware: 0, join: 1, mdm: 2 } as const

/** A PC that has never been switched on. */
export const freshSimDevice = (id: string, now: number): SimDevice => ({
  id: id.toLowerCase(),
  screen: 'off',
  profile: null,
  qrId: null,
  attempt: null,
  installEnrolled: false,
  installReported: false,
  attemptsMade: 0,
  steering: null,
  resealedAt: null,
  updatedAt: now,
})

/** The simulated PC for a device, created (and remembered on the bench) on first use. */
export function simDevice(state: MockState, id: string): SimDevice {
  const key = id.toLowerCase()
  let device = state.sim.get(key)
  if (!device) {
    device = freshSimDevice(key, state.now())
    state.sim.set(key, device)
  }
  return device
}

const idHash = (id: string): number => hash32(...(id.replace(/-/g, '').match(/.{8}/g) ?? ['0']).map((part) => Number.parseInt(part, 16) || 0))

/** Downloads the profile the way the device would now (only assigned, usable profiles reach it). */
export function downloadProfile(state: MockState, record: DeviceRecord | undefined): ProfileSnapshot {
  const { catalog } = state.tenant
  const base: ProfileSnapshot = {
    downloadedAt: state.now(),
    organizationName: catalog.displayName,
    tenantDomain: catalog.defaultDomain,
    profileId: null,
    profileName: null,
    preprovisioningAllowed: false,
    selfDeploying: false,
    hybrid: false,
    deviceNameTemplate: '',
    deviceName: '',
    assignedUser: null,
    addressableUserName: null,
    noProfileReason: null,
  }
  if (!record) return { ...base, organizationName: '', tenantDomain: '', noProfileReason: 'notRegistered' }
  const presented = state.present(record)
  const remediation = presented.identity.remediationState
  // Fix pending / Attention required: no profile is delivered (docs/reference/autopilot.md §1.3, §5.6).
  if (remediation === 'automaticRemediationRequired') return { ...base, noProfileReason: 'fixPending' }
  if (remediation === 'manualRemediationRequired') return { ...base, noProfileReason: 'attentionRequired' }
  const profile = presented.assignedProfileId === null ? undefined : state.config.profiles.get(presented.assignedProfileId)
  if (!profile) return { ...base, noProfileReason: presented.identity.deploymentProfileAssignmentStatus === 'pending' ? 'assigning' : 'notAssigned' }
  const selfDeploying = isSelfDeploying(profile)
  return {
    ...base,
    profileId: profile.id,
    profileName: profile.displayName,
    preprovisioningAllowed: profile.preprovisioningAllowed,
    selfDeploying,
    hybrid: isHybrid(profile),
    deviceNameTemplate: profile.deviceNameTemplate,
    deviceName: presented.identity.displayName,
    // Self-deploying ignores the assigned user (§1.4).
    assignedUser: selfDeploying || presented.identity.userPrincipalName === '' ? null : presented.identity.userPrincipalName,
    addressableUserName: selfDeploying || presented.identity.addressableUserName === '' ? null : presented.identity.addressableUserName,
  }
}

/** The QR text exactly as Windows builds it (docs/reference/graph-api.md §A1.4): key order and values as documented. */
export function qrPayload(qrId: string, ztdId: string, serialNumber: string): string {
  return JSON.stringify({ Version: '1.0.0', Id: qrId, ZtdId: ztdId, PKID: '', SerialNumber: serialNumber, SequenceBlockNumber: 1, TotalBlocks: 1 })
}

/** Which screen the device shows now (an attempt ends by itself). */
export function screenOf(device: SimDevice, now: number): Screen {
  if (device.screen !== 'provisioning' || !device.attempt) return device.screen
  if (now < device.attempt.endsAt) return 'provisioning'
  return device.attempt.failure ? 'failed' : 'success'
}

export function availableActions(screen: Screen, windows: WindowsVersion, device: SimDevice): SimAction[] {
  const win11 = windows.name === 'Windows 11'
  switch (screen) {
    case 'off':
    case 'resealed':
      return ['power-on']
    case 'oobe':
      return ['win5', 'power-off']
    case 'whatToDo':
      return [win11 ? 'next' : 'continue', 'back']
    case 'preprovision':
      return device.profile?.profileId ? ['refresh', win11 ? 'next' : 'provision'] : ['refresh']
    case 'provisioning':
      return ['power-off']
    case 'success':
      return ['reseal']
    case 'failed':
      return ['retry', 'reset']
    case 'userOobe':
      return ['power-off']
  }
}

const unavailable = (action: string, screen: Screen, available: readonly string[]): GraphError =>
  new GraphError(409, 'ActionNotAvailable', `'${action}' is not available on the '${screen}' screen (available: ${available.join(', ') || 'none'}).`)

/** The one-time limit applies (docs/reference/autopilot.md §3.1, §6.3). */
function oneTimeLimit(record: DeviceRecord): boolean {
  return (
    (record.enrolledVia === 'preProvisioning' || record.enrolledVia === 'selfDeploying') &&
    isEnrolled(record) &&
    !record.unblocked &&
    !reenrollsAutomatically(record)
  )
}

/**
 * Plans one attempt: its steps and, if a rule applies, the step where it fails. Rules, in the order
 * the ESP reaches them:
 * 1. "Securing your hardware" (TPM attestation): a virtual machine → 0x800705B4 [§3.1,
 *    §6.3]; else the intermittent 0x81039001 [§6.3] when steered or at the seeded rate.
 * 2. "Joining your organization's network": Entra device object deleted → 0x801C03F3 [§6.3].
 * 3. "Registering your device for mobile management" (skipped when this installation already
 *    enrolled, e.g. on Retry): profile without pre-provisioning → 0x80180005 [§2.1]; enrolled before
 *    through pre-provisioning/self-deploying and not unblocked, not an auto-re-enrolling OEM →
 *    0x80180014 [§3.1, §6.3] (all § in docs/reference/autopilot.md).
 * 4. Device setup "Apps": steered failure → the ESP's timeout (0x800705B4 by default) after
 *    installProgressTimeoutInMinutes.
 */
function planAttempt(state: MockState, device: SimDevice, record: DeviceRecord, now: number): Attempt {
  const profile = device.profile
  const number = ++device.attemptsMade
  const steering = device.steering
  device.steering = null
  const esp = state.config.espFor(factsOf(record))
  const scale = (ms: number) => state.timing.scale(ms)
  let failure: { step: number; error: SimError; code?: string } | null = null
  const roll = state.roll(0x79a, idHash(record.identity.id), number)
  if (isVirtualMachine(record.identity)) failure = { step: STEP.hardware, error: ERRORS.virtualMachine }
  else if (steering?.next === 'tpmFailure' || (steering?.next !== 'success' && roll < state.tpmFailureRate))
    failure = { step: STEP.hardware, error: ERRORS.tpmAttestation }
  else if (entraDeleted(state, record)) failure = { step: STEP.join, error: ERRORS.entraObjectDeleted }
  else if (!device.installEnrolled && !profile?.preprovisioningAllowed) failure = { step: STEP.mdm, error: ERRORS.preprovisioningNotAllowed }
  else if (!device.installEnrolled && oneTimeLimit(record)) failure = { step: STEP.mdm, error: ERRORS.oneTimeLimit }

  const rename = profile !== null && !profile.hybrid && (profile.deviceName !== '' || profile.deviceNameTemplate !== '')
  const plan: Array<readonly [EspPhase, string, number]> = [
    ...DEVICE_PREPARATION.map(([name, ms]) => ['devicePreparation', name, ms] as const),
    ...(rename ? [['devicePreparation', RENAME_STEP[0], RENAME_STEP[1]] as const] : []),
    ...DEVICE_SETUP.map(([name, ms]) => ['deviceSetup', name, ms] as const),
  ]
  if (!failure && steering?.next === 'deviceSetupFailure') {
    const apps = plan.findIndex(([, name]) => name === 'Apps')
    const timeout = (esp?.installProgressTimeoutInMinutes ?? 60) * 60 * SECOND
    plan[apps] = ['deviceSetup', 'Apps', timeout]
    failure = { step: apps, error: ERRORS.espTimeout, ...(steering.errorCode ? { code: steering.errorCode } : {}) }
  }
  if (failure?.error === ERRORS.virtualMachine) plan[STEP.hardware] = ['devicePreparation', DEVICE_PREPARATION[0]?.[0] ?? '', VM_ATTESTATION_TIMEOUT]
  const steps: PlannedStep[] = []
  let at = now
  for (const [i, [phase, name, ms]] of plan.entries()) {
    if (failure && i > failure.step) break
    // A retried attempt on an installation that already enrolled skips registration (it is done).
    const duration = device.installEnrolled && i === STEP.mdm ? 0 : scale(ms)
    steps.push({ phase, name, startsAt: at, endsAt: at + duration })
    at += duration
  }
  const enrolls = !device.installEnrolled && (!failure || failure.step > STEP.mdm)
  const error = failure
    ? {
        step: failure.step,
        code: failure.code ?? failure.error.code,
        name: failure.code ? '' : failure.error.name,
        message: failure.code ? ERRORS.espTimeout.message : failure.error.message,
      }
    : null
  return {
    number,
    startedAt: now,
    steps,
    failure: error,
    endsAt: at,
    enrollAt: enrolls ? (steps[STEP.mdm]?.endsAt ?? null) : null,
    espId: esp?.id ?? null,
    espName: esp?.displayName ?? null,
    customErrorMessage: esp?.customErrorMessage || null,
    steered: steering?.next ?? null,
  }
}

function cancelAttemptJobs(state: MockState, device: SimDevice): void {
  const mine = (data: Record<string, unknown>) => data.id === device.id
  state.scheduler.cancel('sim.enroll', mine)
  state.scheduler.cancel('sim.finish', mine)
}

function wipeInstall(device: SimDevice): void {
  device.installEnrolled = false
  device.installReported = false
  device.attempt = null
  device.profile = null
  device.qrId = null
}

/** Performs a button press or control; throws ActionNotAvailable (409) when the screen has no such button. */
export function act(state: MockState, device: SimDevice, record: DeviceRecord | undefined, action: SimAction): void {
  const now = state.now()
  const screen = screenOf(device, now)
  const windows = record ? windowsOf(state, record) : ({ name: 'Windows 11', version: '' } as const)
  const available = availableActions(screen, windows, device)
  const allowed = action === 'wipe' || available.includes(action) || (PRIMARY.has(action) && available.some((a) => PRIMARY.has(a)))
  if (!allowed) throw unavailable(action, screen, available)
  device.updatedAt = now
  state.markDirty()
  switch (action) {
    case 'wipe':
      cancelAttemptJobs(state, device)
      wipeInstall(device)
      device.screen = 'off'
      device.resealedAt = null
      return
    case 'power-on':
      if (screen === 'resealed') {
        device.screen = 'userOobe'
        return
      }
      device.profile = downloadProfile(state, record)
      device.screen = 'oobe'
      return
    case 'power-off':
      cancelAttemptJobs(state, device)
      if (screen === 'provisioning') device.attempt = null
      device.screen = 'off'
      return
    case 'win5':
      device.screen = 'whatToDo'
      return
    case 'back':
      device.screen = 'oobe'
      return
    case 'continue':
    case 'next':
    case 'provision':
      if (screen === 'whatToDo') {
        device.screen = 'preprovision'
        device.qrId = state.newGuid()
        return
      }
      return startAttempt(state, device, record)
    case 'refresh':
      // "After changing anything, press Refresh to re-download the profile details" (docs/reference/autopilot.md §3.2).
      device.profile = downloadProfile(state, record)
      device.qrId = state.newGuid()
      return
    case 'retry':
      return startAttempt(state, device, record)
    case 'reset':
      // Reset wipes the installation and starts OOBE again; the next enrollment is a re-enrollment.
      cancelAttemptJobs(state, device)
      wipeInstall(device)
      device.profile = downloadProfile(state, record)
      device.screen = 'oobe'
      return
    case 'reseal':
      device.screen = 'resealed'
      device.resealedAt = now
      return
  }
}

function startAttempt(state: MockState, device: SimDevice, record: DeviceRecord | undefined): void {
  if (!record) throw new GraphError(409, 'ActionNotAvailable', 'The device is no longer registered with Windows Autopilot.')
  const attempt = planAttempt(state, device, record, state.now())
  device.attempt = attempt
  device.screen = 'provisioning'
  if (attempt.enrollAt !== null) state.scheduler.schedule(attempt.enrollAt, 'sim.enroll', { id: device.id, attempt: attempt.number })
  state.scheduler.schedule(attempt.endsAt, 'sim.finish', { id: device.id, attempt: attempt.number })
}

export function steer(device: SimDevice, next: Steering | null, errorCode: string | null): void {
  device.steering = next === null ? null : { next, errorCode }
}

/** Enrollment completes: Intune creates the managed device and updates the Autopilot record (§B8). */
function enroll(state: MockState, device: SimDevice, attempt: Attempt, at: number): void {
  const record = state.devices.get(device.id)
  if (!record) return
  const profile = device.profile
  const managedId = state.newGuid()
  const random = randomStream(hash32(idHash(device.id), attempt.number, 0x4a3e))
  const name =
    profile?.deviceName ||
    (profile && !profile.hybrid && profile.deviceNameTemplate ? applyNameTemplate(profile.deviceNameTemplate, record.identity.serialNumber, random) : '') ||
    deviceNameOf(state, record)
  if (isEnrolled(record)) state.managedExtras.delete(record.identity.managedDeviceId)
  state.managedExtras.set(managedId, {
    deviceName: name,
    enrolledAt: at,
    profileName: profile?.profileName ?? '',
    via: profile?.selfDeploying ? 'selfDeploying' : 'preProvisioning',
  })
  state.updateDevice(record, (draft) => {
    draft.identity.enrollmentState = 'enrolled'
    draft.identity.managedDeviceId = managedId
    draft.identity.lastContactedDateTime = isoSeconds(at)
    draft.identity.userlessEnrollmentStatus = 'allowed'
    draft.enrolledVia = 'preProvisioning'
    draft.unblocked = false
  })
  device.installEnrolled = true
}

/** The attempt ends: a report row (once per installation, after the report's lag), and the blocked status for 0x80180014. */
function finish(state: MockState, device: SimDevice, attempt: Attempt, at: number): void {
  const record = state.devices.get(device.id)
  if (!record) return
  if (attempt.failure?.code === ERRORS.oneTimeLimit.code) state.updateDevice(record, (draft) => void (draft.identity.userlessEnrollmentStatus = 'blocked'))
  if (!device.installEnrolled || device.installReported) return
  device.installReported = true
  const current = state.devices.get(device.id) ?? record
  const windows = windowsOf(state, current)
  const firstStart = attempt.startedAt
  const setupSteps = attempt.steps.filter((s) => s.phase === 'deviceSetup')
  const setupSeconds = setupSteps.reduce((sum, s) => sum + (s.endsAt - s.startsAt), 0) / 1000
  const totalSeconds = (at - firstStart) / 1000
  const failed = attempt.failure !== null
  state.events.push({
    id: state.newGuid(),
    publishAt: at + state.timing.delay('autopilotEventLag'),
    deviceId: current.identity.managedDeviceId,
    eventDateTime: isoSeconds(at),
    deviceRegisteredDateTime: isoSeconds(current.registeredAt),
    enrollmentStartDateTime: isoSeconds(firstStart),
    enrollmentType: device.profile?.hybrid ? 'offlineDomainJoinedWithWhiteGlove' : 'azureADJoinedWithWhiteGlove',
    deviceSerialNumber: current.identity.serialNumber,
    managedDeviceName: deviceNameOf(state, current),
    userPrincipalName: '',
    windowsAutopilotDeploymentProfileDisplayName: device.profile?.profileName ?? '',
    enrollmentState: 'enrolled',
    windows10EnrollmentCompletionPageConfigurationDisplayName: attempt.espName ?? '',
    windows10EnrollmentCompletionPageConfigurationId: attempt.espId ?? '',
    deploymentState: failed ? 'failure' : 'success',
    deviceSetupStatus: failed ? 'failure' : 'success',
    accountSetupStatus: 'notAttempted',
    osVersion: windows.version,
    deploymentDuration: isoDuration(totalSeconds),
    deploymentTotalDuration: isoDuration(totalSeconds),
    deviceSetupDuration: isoDuration(setupSeconds),
    accountSetupDuration: isoDuration(0),
    deploymentStartDateTime: isoSeconds(firstStart),
    deploymentEndDateTime: isoSeconds(at),
    enrollmentFailureDetails: failed ? `${attempt.failure?.code ?? ''} ${attempt.failure?.message ?? ''}`.trim() : '',
  })
}

export function registerSimJobs(state: MockState): void {
  const current = (data: Record<string, unknown>): { device: SimDevice; attempt: Attempt } | undefined => {
    const device = state.sim.get(String(data.id))
    const attempt = device?.attempt
    return device && attempt && attempt.number === data.attempt ? { device, attempt } : undefined
  }
  state.scheduler.on('sim.enroll', (job) => {
    const found = current(job.data)
    if (found) enroll(state, found.device, found.attempt, job.at)
  })
  state.scheduler.on('sim.finish', (job) => {
    const found = current(job.data)
    if (found) finish(state, found.device, found.attempt, job.at)
  })
  state.scheduler.on('remediation.resolve', (job) => {
    const record = state.devices.get(String(job.data.id))
    if (!record || record.identity.remediationState !== 'automaticRemediationRequired') return
    state.updateDevice(record, (draft) => {
      draft.identity.remediationState = job.data.outcome === 'attentionRequired' ? 'manualRemediationRequired' : 'noRemediationRequired'
      draft.identity.remediationStateLastModifiedDateTime = isoSeconds(job.at)
    })
  })
}

/**
 * A hardware change (e.g. a motherboard swap): Intune shows Fix pending while it tries to register the
 * new hardware, then either clears it or shows Attention required (docs/reference/autopilot.md §1.3, §5.6).
 * The outcome is seeded unless given.
 */
export function hardwareChange(state: MockState, record: DeviceRecord, outcome: 'fixed' | 'attentionRequired' | null): 'fixed' | 'attentionRequired' {
  const now = state.now()
  const decided = outcome ?? (state.roll(0x4c, idHash(record.identity.id), now % 0x7fffffff) < 0.5 ? 'fixed' : 'attentionRequired')
  state.updateDevice(record, (draft) => {
    draft.identity.remediationState = 'automaticRemediationRequired'
    draft.identity.remediationStateLastModifiedDateTime = isoSeconds(now)
  })
  state.scheduler.cancel('remediation.resolve', (data) => data.id === record.identity.id)
  state.scheduler.schedule(now + state.timing.delay('remediation'), 'remediation.resolve', { id: record.identity.id, outcome: decided })
  return decided
}

/** A deterministic QR `Id` for the result screens of one attempt (a new render, a new Id). */
export const resultQrId = (device: SimDevice, attempt: Attempt): string => randomGuid(randomStream(hash32(idHash(device.id), attempt.number, 0x51)))

export { hresultOf }
