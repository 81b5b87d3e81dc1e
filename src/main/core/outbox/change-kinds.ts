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
 * Where Intune stands relative to a change: already showing it, still showing what the change was
 * based on (safe to send), or showing something else — a conflict for the technician to decide.
 */
export function compareWithServer(server: FieldValues, base: FieldValues, intended: FieldValues): 'intended' | 'base' | 'other' {
  if (matches(server, intended)) return 'intended'
  if (matches(server, base)) return 'base'
  return 'other'
}

export function valuesOf(device: Partial<Record<ChangeField, unknown>>, fields: ChangeField[]): FieldValues {
  const out: FieldValues = {}
  for (const field of fields) out[field] = typeof device[field] === 'string' ? device[field] : ''
  return out
}
