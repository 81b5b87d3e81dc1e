import type { DeviceRecord } from '../model/device-record'
import type { MockState } from '../mock-state'
import { reenrollsAutomatically } from '../domain/device-actions'
import { windowsOf } from '../domain/device-facts'
import { isVirtualMachine } from '../store/device-view'
import { isoSeconds } from '../tenant/device-status'
import { hresultOf } from './error-codes'
import { availableActions, qrPayload, resultQrId, screenOf } from './simulator'
import type { NoProfileReason, Screen, SimDevice } from './sim-types'

/**
 * What the simulated PC shows, as JSON for the app's "OOBE simulator" screen: the Win×5 screen's
 * organization, profile, assigned user and QR text, the ESP steps with their status, the error code
 * and elapsed time, and the buttons available now.
 */
const NO_PROFILE: Record<NoProfileReason, string> = {
  notRegistered: 'This device is not registered with Windows Autopilot, so no profile was downloaded.',
  notAssigned: 'No Windows Autopilot profile is assigned to this device.',
  assigning: 'The Windows Autopilot profile is still being assigned (Assigning). Press Refresh later.',
  fixPending: 'A hardware change was detected (Fix pending); no profile is delivered until Intune re-registers the hardware.',
  attentionRequired: 'Re-registration after a hardware change failed (Attention required); deregister and register the device again.',
}

function title(screen: Screen, win11: boolean, org: string): string {
  switch (screen) {
    case 'off':
      return 'Powered off'
    case 'oobe':
      return "Let's start with region. Is this right?"
    case 'whatToDo':
      return 'What would you like to do?'
    case 'preprovision':
      return win11 ? 'Pre-provision with Windows Autopilot' : 'Windows Autopilot Configuration'
    case 'provisioning':
      return 'Setting up your device for work'
    case 'success':
      return win11 ? 'Pre-provisioning complete' : 'Windows Autopilot Configuration: success'
    case 'failed':
      return win11 ? 'Pre-provisioning failed' : 'Windows Autopilot Configuration: failed'
    case 'resealed':
      return 'Resealed and powered off: ready to ship'
    case 'userOobe':
      return `Welcome to ${org || 'your organization'}: the user flow starts here (not simulated)`
  }
}

export interface SimView {
  device: Record<string, unknown>
  power: 'on' | 'off'
  screen: Screen
  title: string
  actions: string[]
  organizationName: string | null
  profileName: string | null
  assignedUser: string | null
  addressableUserName: string | null
  /** The QR text exactly as Windows encodes it (§A1.4), or null (no profile; Windows 11 result screens). */
  qrPayload: string | null
  message: string | null
  profileDownloadedAt: string | null
  attempt: Record<string, unknown> | null
}

export function deviceSummary(state: MockState, record: DeviceRecord, scenario?: string): Record<string, unknown> {
  const windows = windowsOf(state, record)
  return {
    id: record.identity.id,
    serialNumber: record.identity.serialNumber,
    manufacturer: record.identity.manufacturer,
    model: record.identity.model,
    windows: windows.name,
    osVersion: windows.version,
    virtualMachine: isVirtualMachine(record.identity),
    reenrollsAutomatically: reenrollsAutomatically(record),
    ...(scenario === undefined ? {} : { scenario }),
  }
}

export function viewOf(state: MockState, device: SimDevice, record: DeviceRecord | undefined, scenario?: string): SimView {
  const now = state.now()
  const screen = screenOf(device, now)
  const windows = record ? windowsOf(state, record) : ({ name: 'Windows 11', version: '' } as const)
  const win11 = windows.name === 'Windows 11'
  const profile = device.profile
  const showsDetails = screen === 'preprovision' || screen === 'success' || screen === 'failed' || screen === 'provisioning'
  const hasProfile = profile?.profileId != null
  const serial = record?.identity.serialNumber ?? ''
  let qr: string | null = null
  if (hasProfile && screen === 'preprovision' && device.qrId) qr = qrPayload(device.qrId, device.id, serial)
  // The result screens carry the QR code on Windows 10 only (docs/reference/autopilot.md §3.2 step 7, §10 item 4).
  if (hasProfile && !win11 && device.attempt && (screen === 'success' || screen === 'failed'))
    qr = qrPayload(resultQrId(device, device.attempt), device.id, serial)
  const attempt = device.attempt
  const failure = attempt?.failure ?? null
  const attemptView =
    attempt && (screen === 'provisioning' || screen === 'success' || screen === 'failed')
      ? {
          number: attempt.number,
          startedAt: isoSeconds(attempt.startedAt),
          /** When the attempt ends (with success or its failure), for a progress bar. */
          endsAt: isoSeconds(attempt.endsAt),
          elapsedSeconds: Math.round((Math.min(now, attempt.endsAt) - attempt.startedAt) / 1000),
          phase: attempt.steps.find((s) => now < s.endsAt)?.phase ?? attempt.steps[attempt.steps.length - 1]?.phase ?? null,
          steps: attempt.steps.map((step, i) => ({
            phase: step.phase,
            name: step.name,
            startsAt: isoSeconds(step.startsAt),
            endsAt: isoSeconds(step.endsAt),
            status:
              failure && i === failure.step && now >= step.endsAt
                ? 'failed'
                : now >= step.endsAt
                  ? 'complete'
                  : now >= step.startsAt
                    ? 'inProgress'
                    : 'notStarted',
          })),
          esp: attempt.espName,
          steered: attempt.steered,
          error:
            screen === 'failed' && failure
              ? {
                  code: failure.code,
                  hresult: hresultOf(failure.code),
                  name: failure.name,
                  message: failure.message,
                  step: attempt.steps[failure.step]?.name ?? '',
                  customErrorMessage: attempt.steps[failure.step]?.phase === 'deviceSetup' ? attempt.customErrorMessage : null,
                }
              : null,
        }
      : null
  let message: string | null = null
  if (screen === 'preprovision' && !hasProfile) message = NO_PROFILE[profile?.noProfileReason ?? 'notAssigned']
  return {
    device: record ? deviceSummary(state, record, scenario) : { id: device.id, registered: false },
    power: screen === 'off' || screen === 'resealed' ? 'off' : 'on',
    screen,
    title: title(screen, win11, profile?.organizationName ?? ''),
    actions: availableActions(screen, windows, device),
    organizationName: showsDetails ? profile?.organizationName || null : null,
    profileName: showsDetails ? (profile?.profileName ?? null) : null,
    assignedUser: showsDetails ? (profile?.assignedUser ?? null) : null,
    addressableUserName: showsDetails ? (profile?.addressableUserName ?? null) : null,
    qrPayload: qr,
    message,
    profileDownloadedAt: profile ? isoSeconds(profile.downloadedAt) : null,
    attempt: attemptView,
  }
}
