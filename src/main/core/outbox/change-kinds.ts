import type { ChangeField, DeviceChange, FieldValues } from '@shared/change-schemas'

const devicesPath = '/deviceManagement/windowsAutopilotDeviceIdentities'

/** The device values a change sets, in Graph's property names. */
export function intendedValues(change: DeviceChange): FieldValues {
  switch (change.kind) {
    case 'group-tag':
      return { groupTag: change.groupTag }
    case 'device-name':
      return { displayName: change.displayName }
    case 'user-friendly-name':
      return { addressableUserName: change.addressableUserName }
    case 'assign-user':
      return { userPrincipalName: change.userPrincipalName, addressableUserName: change.addressableUserName }
    case 'unassign-user':
      // unassignUserFromDevice clears both (docs/reference/graph-api.md B13 #4).
      return { userPrincipalName: '', addressableUserName: '' }
  }
}

export const fieldsOf = (change: DeviceChange): ChangeField[] => Object.keys(intendedValues(change)) as ChangeField[]

/** Changes to the same property replace each other while still unsent (assign and unassign share one). */
export const slotOf = (change: DeviceChange): string => (change.kind === 'assign-user' || change.kind === 'unassign-user' ? 'user' : change.kind)

/** The Graph action that carries a change (docs/reference/graph-api.md B2): always a POST answered by 204. */
export function graphWrite(deviceId: string, change: DeviceChange): { path: string; body: Record<string, string> } {
  const device = `${devicesPath}/${encodeURIComponent(deviceId)}`
  switch (change.kind) {
    case 'assign-user':
      return { path: `${device}/assignUserToDevice`, body: { userPrincipalName: change.userPrincipalName, addressableUserName: change.addressableUserName } }
    case 'unassign-user':
      return { path: `${device}/unassignUserFromDevice`, body: {} }
    default:
      return { path: `${device}/updateDeviceProperties`, body: intendedValues(change) }
  }
}

/** UPNs are case-insensitive in Entra; every other value is compared as Intune stores it. */
const same = (field: string, a: string | undefined, b: string | undefined) =>
  field === 'userPrincipalName' ? (a ?? '').toLowerCase() === (b ?? '').toLowerCase() : (a ?? '') === (b ?? '')

const matches = (values: FieldValues, target: FieldValues) => Object.entries(target).every(([field, value]) => same(field, values[field as ChangeField], value))

/**
 * What Intune must show for a change to count as made. An assignment sent with a blank user friendly name
 * leaves that name to Intune ("whatever Intune gives"): the admin center's User friendly name "defaults from
 * the user and can be changed" (docs/reference/autopilot.md §1.4), and the mock fills the user's display
 * name. What Graph's assignUserToDevice does with a blank addressableUserName is not in the reference
 * (graph-api.md B2 only lists the two body fields), so only the UPN is held against Intune then. Comparing
 * the blank too made every such assignment a false "Conflict", and "Keep mine" a "Failed" read-back.
 * An unassignment's blanks are meant: both fields cleared.
 */
export function valuesToVerify(change: DeviceChange): FieldValues {
  const intended = intendedValues(change)
  if (change.kind === 'assign-user' && change.addressableUserName.trim() === '') delete intended.addressableUserName
  return intended
}

/** Whether these values already show the change (a UPN in any letter case; a blank friendly name in an assignment matches any). */
export const showsChange = (values: FieldValues, change: DeviceChange): boolean => matches(values, valuesToVerify(change))

/**
 * Where Intune stands relative to a change: already showing it, still showing what the change was
 * based on (safe to send), or showing something else — a conflict for the technician to decide.
 * Someone else assigning another user meanwhile is still "other": only the friendly name is left to Intune.
 */
export function compareWithServer(server: FieldValues, base: FieldValues, change: DeviceChange): 'intended' | 'base' | 'other' {
  if (showsChange(server, change)) return 'intended'
  if (matches(server, base)) return 'base'
  return 'other'
}

export function valuesOf(device: Partial<Record<ChangeField, unknown>>, fields: ChangeField[]): FieldValues {
  const out: FieldValues = {}
  for (const field of fields) out[field] = typeof device[field] === 'string' ? device[field] : ''
  return out
}
