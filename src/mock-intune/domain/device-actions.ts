import { IntuneError } from '../graph-errors'
import type { DeviceRecord } from '../model/device-record'
import type { MockState } from '../mock-state'
import { factsOf } from '../store/device-view'
import { ZERO_GUID } from '../tenant/guid'

/**
 * The device identity actions of docs/reference/graph-api.md §B2/§B13 (#3, #4, #7, #8), applied to the store.
 * Routes validate the request; these functions carry Intune's side effects.
 */
export const FEF_DEVICES = 'deviceManagement/windowsAutopilotDeviceIdentities'
export const fefDevice = (id: string, action?: string): string =>
  `${FEF_DEVICES}('${id.slice(0, 200)}')${action ? `/microsoft.management.services.api.${action}` : ''}`

/** OEMs whose pre-provisioned devices re-enroll automatically (docs/reference/autopilot.md §3.1). */
export function reenrollsAutomatically(record: Pick<DeviceRecord, 'identity'>): boolean {
  const { manufacturer, model, systemFamily } = record.identity
  if (/virtual machine/i.test(model)) return false
  if (/^microsoft/i.test(manufacturer)) return /surface/i.test(`${model} ${systemFamily}`)
  return /^(dell|dynabook|hp|hewlett|lenovo)/i.test(manufacturer)
}

export interface PropertyChanges {
  userPrincipalName?: string
  addressableUserName?: string
  groupTag?: string
  displayName?: string
  deviceAccountUpn?: string | null
  deviceAccountPassword?: string | null
  deviceFriendlyName?: string | null
}

/**
 * updateDeviceProperties: a partial update. A group tag change re-evaluates the device's dynamic
 * groups, so its profile assignment goes `pending` (Assigning) now and is Assigned after the delay,
 * even when the new tag leads to the same profile (docs/reference/graph-api.md §B13 #3).
 */
export function updateProperties(state: MockState, record: DeviceRecord, changes: PropertyChanges): DeviceRecord {
  return state.updateDevice(record, (draft) => {
    const identity = draft.identity
    const tagChanged = changes.groupTag !== undefined && changes.groupTag !== identity.groupTag
    if (changes.groupTag !== undefined) identity.groupTag = changes.groupTag
    if (changes.displayName !== undefined) identity.displayName = changes.displayName
    if (changes.userPrincipalName !== undefined) {
      identity.userPrincipalName = changes.userPrincipalName
      if (changes.addressableUserName === undefined)
        identity.addressableUserName = changes.userPrincipalName === '' ? '' : (state.users.find(changes.userPrincipalName)?.displayName ?? '')
    }
    if (changes.addressableUserName !== undefined) identity.addressableUserName = changes.addressableUserName
    if (changes.deviceAccountUpn !== undefined) identity.deviceAccountUpn = changes.deviceAccountUpn
    if (changes.deviceAccountPassword !== undefined) identity.deviceAccountPassword = changes.deviceAccountPassword
    if (changes.deviceFriendlyName !== undefined) identity.deviceFriendlyName = changes.deviceFriendlyName
    if (tagChanged) draft.assignment = { target: state.config.profileFor(factsOf(draft)), since: state.now(), previous: draft.deploymentProfileId }
  })
}

export function assignUser(state: MockState, record: DeviceRecord, upn: string, addressableUserName: string): void {
  state.updateDevice(record, (draft) => {
    draft.identity.userPrincipalName = upn
    draft.identity.addressableUserName = addressableUserName
  })
}

export function unassignUser(state: MockState, record: DeviceRecord): void {
  state.updateDevice(record, (draft) => {
    draft.identity.userPrincipalName = ''
    draft.identity.addressableUserName = ''
  })
}

/**
 * allowNextEnrollment ("Unblock device"): lets the next enrollment through the one-time
 * pre-provisioning/self-deploying limit (0x80180014) and sets userlessEnrollmentStatus to allowed.
 * Not while a hardware change is being processed (Fix pending; docs/reference/autopilot.md §3.1).
 * For Dell, Dynabook, HP, Lenovo and Surface it changes nothing that matters: they re-enroll
 * automatically (mock choice: still 204, as the contract says, never an error).
 */
export function allowNextEnrollment(state: MockState, record: DeviceRecord): void {
  if (record.identity.remediationState === 'automaticRemediationRequired') {
    throw new IntuneError(400, 'BadRequest', fefDevice(record.identity.id, 'allowNextEnrollment'), {
      detail: 'Unblock is not available while the device is in Fix pending (a hardware change is being processed)',
    })
  }
  state.updateDevice(record, (draft) => {
    draft.identity.userlessEnrollmentStatus = 'allowed'
    draft.unblocked = true
  })
}

/**
 * Deletes the Autopilot registration. Since 2307 this no longer needs the Intune record deleted first
 * (docs/reference/autopilot.md §5.5, one-step removal); the device stays managed. Mock choices: the deletion is immediate, and
 * the Entra device object goes too unless the device is enrolled (an enrolled device's object stays joined).
 */
export function deleteIdentity(state: MockState, record: DeviceRecord): void {
  state.devices.delete(record.identity.id)
  if (record.identity.managedDeviceId === ZERO_GUID) state.entraDeleted.add(record.entraObjectId.toLowerCase())
  state.markDirty()
}

/**
 * Deletes the Intune managedDevice ("delete the Intune device record"): the Autopilot identity loses
 * its managedDeviceId and reads notContacted again (mock choice), and the one-time enrollment limit
 * no longer applies (docs/reference/autopilot.md §3.1 "delete the device record").
 */
export function deleteManagedDevice(state: MockState, record: DeviceRecord): void {
  state.managedExtras.delete(record.identity.managedDeviceId)
  state.updateDevice(record, (draft) => {
    draft.identity.managedDeviceId = ZERO_GUID
    draft.identity.enrollmentState = 'notContacted'
    draft.identity.userlessEnrollmentStatus = 'allowed'
    draft.enrolledVia = null
  })
}

/** Deletes the Entra device object: pre-provisioning then fails with 0x801C03F3 (docs/reference/autopilot.md §6.3). */
export function deleteEntraDevice(state: MockState, record: DeviceRecord): void {
  state.entraDeleted.add(record.entraObjectId.toLowerCase())
  state.markDirty()
}

export const entraDeleted = (state: MockState, record: DeviceRecord): boolean => state.entraDeleted.has(record.entraObjectId.toLowerCase())
